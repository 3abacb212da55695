#include "account/BackendChoice.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

bool BackendChoice::isAcceptableEndpoint(const QUrl &url, QString *why)
{
    auto fail = [why](const QString &message) {
        if (why)
            *why = message;
        return false;
    };
    if (!url.isValid() || url.host().isEmpty())
        return fail(u"“%1” is not a valid URL. Give a base URL such as https://api.segmind.com."_s.arg(
            url.toString()));
    const QString scheme = url.scheme().toLower();
    if (scheme == u"https"_s)
        return true;
    if (scheme == u"http"_s) {
        if (isLoopbackHost(url.host()))
            return true;
        return fail(u"Plain http is only allowed to this computer (127.0.0.1 or localhost); use https for %1 "
                    u"so that your API key is never sent unencrypted."_s.arg(url.host()));
    }
    return fail(u"“%1” is not an http or https URL."_s.arg(url.toString()));
}

BackendChoice BackendChoice::decide(bool forceDemo, const QString &endpointArgument, bool hasKey)
{
    BackendChoice choice;
    if (forceDemo) {
        choice.kind = Kind::Demo;
        choice.reason = u"Demo mode was asked for with --demo."_s;
        return choice;
    }

    QUrl endpoint = defaultEndpoint();
    if (!endpointArgument.isEmpty()) {
        endpoint = QUrl::fromUserInput(endpointArgument);
        QString why;
        if (!isAcceptableEndpoint(endpoint, &why)) {
            choice.kind = Kind::Demo;
            choice.error = why;
            choice.reason = u"The endpoint given with --endpoint cannot be used, so Paddock runs in demo mode."_s;
            return choice;
        }
    }

    if (!hasKey) {
        choice.kind = Kind::Demo;
        choice.reason = u"No Segmind API key is set, so Paddock runs in demo mode with a built-in simulator."_s;
        return choice;
    }

    choice.kind = Kind::Segmind;
    choice.endpoint = endpoint;
    choice.reason = endpointArgument.isEmpty() ? u"Using your Segmind API key."_s
                                               : u"Using your API key with the endpoint given by --endpoint."_s;
    return choice;
}

QString BackendChoice::describe() const
{
    if (kind == Kind::Demo)
        return u"Demo — simulated, nothing is charged"_s;
    if (endpoint.host() == defaultEndpoint().host())
        return u"Segmind (%1)"_s.arg(endpoint.host());
    return u"Segmind-compatible service at %1"_s.arg(endpoint.toString(QUrl::RemoveUserInfo));
}
