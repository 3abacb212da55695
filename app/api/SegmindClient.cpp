#include "api/SegmindClient.h"

#include "account/BackendChoice.h"
#include "api/ReplyLimits.h"
#include "api/SafeText.h"
#include "api/SinglePost.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSysInfo>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

int httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// The body of an answer; an aborted call (the user stopped waiting, or a limit was passed) has none to read.
QByteArray readAnswer(QNetworkReply *reply, qint64 maxBytes)
{
    return reply->isOpen() ? reply->read(maxBytes) : QByteArray();
}

QString sizeText(qint64 bytes)
{
    return bytes >= 1024 * 1024 ? u"%1 MB"_s.arg(bytes / (1024 * 1024)) : u"%1 KB"_s.arg(qMax<qint64>(1, bytes / 1024));
}

} // namespace

SegmindClient::SegmindClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network), m_baseUrl(BackendChoice::defaultEndpoint())
{
}

bool SegmindClient::setBaseUrl(const QUrl &baseUrl, QString *why)
{
    QString problem;
    m_baseUrl = baseUrl.adjusted(QUrl::StripTrailingSlash);
    m_baseUrlProblem.clear();
    if (!BackendChoice::isAcceptableEndpoint(m_baseUrl, &problem)) {
        m_baseUrlProblem = problem;
        if (why)
            *why = problem;
        return false;
    }
    return true;
}

void SegmindClient::setTimeouts(int submitMs, int getMs)
{
    m_submitTimeoutMs = submitMs;
    m_getTimeoutMs = getMs;
    setDeadlines(submitMs * 3, getMs * 3);
}

void SegmindClient::setDeadlines(int submitMs, int getMs)
{
    m_submitDeadlineMs = submitMs;
    m_getDeadlineMs = getMs;
}

QByteArray SegmindClient::userAgent()
{
    return "Paddock/" PADDOCK_VERSION " (Qt " QT_VERSION_STR "; " + QSysInfo::productType().toLatin1() + ")";
}

bool SegmindClient::isApiUrl(const QUrl &url) const
{
    return url.scheme().compare(m_baseUrl.scheme(), Qt::CaseInsensitive) == 0
           && url.host().compare(m_baseUrl.host(), Qt::CaseInsensitive) == 0
           && url.port(url.scheme() == u"https"_s ? 443 : 80)
                  == m_baseUrl.port(m_baseUrl.scheme() == u"https"_s ? 443 : 80);
}

QNetworkRequest SegmindClient::apiRequest(const QUrl &url, int timeoutMs) const
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(timeoutMs);
    // Redirects could carry the key elsewhere; the API never redirects.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (isApiUrl(url))
        request.setRawHeader("x-api-key", m_apiKey.toUtf8());
    return request;
}

QNetworkRequest SegmindClient::outputRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    // Each redirect is checked like the first address (ClipDownload asks isOutputUrlAllowed()).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    return request;
}

bool SegmindClient::isOutputUrlAllowed(const QUrl &url, QString *why) const
{
    const QString scheme = url.scheme().toLower();
    QString problem;
    const bool web = scheme == u"https"_s || scheme == u"http"_s;
    if (!scheme.isEmpty() && !web)
        problem = u"The service offered the clip as a “%1:” address; Paddock only downloads clips from https web "
                  u"addresses."_s.arg(SafeText::clean(url.scheme(), 20));
    else if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        problem = u"The service gave no usable web address for the clip (only https web addresses are used)."_s;
    else if (scheme == u"https"_s)
        return true;
    else if (m_baseUrl.scheme().compare(u"http"_s, Qt::CaseInsensitive) == 0)
        return true; // the API itself is on loopback (setBaseUrl allows plain http nowhere else)
    else
        problem = u"The service offered the clip over plain http, which Paddock does not use; only https."_s;
    if (why)
        *why = problem;
    return false;
}

QNetworkReply *SegmindClient::bounded(QNetworkReply *reply, int deadlineMs)
{
    reply->setParent(this);
    ReplyLimits::apply(reply, m_maxAnswerBytes, deadlineMs);
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    return reply;
}

ApiError SegmindClient::limitError(QNetworkReply *reply) const
{
    switch (ReplyLimits::breachOf(reply)) {
    case ReplyLimits::Breach::TooLarge:
        return ApiError::malformed(
            u"an answer larger than %1, which Paddock stopped reading"_s.arg(sizeText(m_maxAnswerBytes)));
    case ReplyLimits::Breach::Deadline: {
        ApiError error;
        error.kind = ApiError::Kind::Timeout;
        error.networkError = QNetworkReply::OperationCanceledError;
        error.message = u"The service did not finish answering in time, so Paddock stopped waiting for it."_s;
        return error;
    }
    case ReplyLimits::Breach::None:
        break;
    }
    return {};
}

bool SegmindClient::refuse(const QUrl &url, QObject *context, const std::function<void(const ApiError &)> &fail)
{
    QString problem;
    if (!m_baseUrlProblem.isEmpty())
        problem = m_baseUrlProblem;
    else if (m_apiKey.isEmpty())
        problem = u"No API key is set. Enter your Segmind API key in Settings."_s;
    else if (!isApiUrl(url))
        problem = u"The service pointed at another host (%1); Paddock only sends your key to %2."_s.arg(
            url.host(), m_baseUrl.host());
    if (problem.isEmpty())
        return false;
    // Answer asynchronously, like every other outcome, so callers need no special case.
    QTimer::singleShot(0, context, [fail, problem] { fail(ApiError::configuration(problem)); });
    return true;
}

ApiError SegmindClient::errorFrom(QNetworkReply *reply, const QByteArray &body)
{
    const int status = httpStatus(reply);
    ApiError error = ApiError::fromHttp(status, body, reply->rawHeader("x-rate-limit-reset-at-utc"), reply->error(),
                                        reply->errorString());
    if (error.kind == ApiError::Kind::RateLimited)
        Q_EMIT rateLimited(error.resetAt);
    return error;
}

QNetworkReply *SegmindClient::submit(const QJsonObject &body, QObject *context, SubmitDone done)
{
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + u"/v2/happyhorse-1.1"_s);
    if (refuse(url, context, [done](const ApiError &e) { done({}, e); }))
        return nullptr;

    QNetworkRequest request = apiRequest(url, m_submitTimeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = bounded(
        SinglePost::post(m_network, request, QJsonDocument(body).toJson(QJsonDocument::Compact)), m_submitDeadlineMs);
    connect(reply, &QNetworkReply::finished, context, [this, reply, url, done] {
        if (const ApiError limit = limitError(reply); limit.isError()) {
            done({}, limit);
            return;
        }
        const QByteArray answer = readAnswer(reply, m_maxAnswerBytes);
        if (httpStatus(reply) == 200) {
            ApiError error;
            const auto accepted = ApiResponses::parseSubmit(answer, url, &error);
            done(accepted.value_or(SubmitAccepted{}), error);
            return;
        }
        done({}, errorFrom(reply, answer));
    });
    return reply;
}

QNetworkReply *SegmindClient::fetchJob(const QUrl &url, QObject *context, JobDone done)
{
    if (refuse(url, context, [done](const ApiError &e) { done({}, e); }))
        return nullptr;
    QNetworkReply *reply = bounded(m_network->get(apiRequest(url, m_getTimeoutMs)), m_getDeadlineMs);
    connect(reply, &QNetworkReply::finished, context, [this, reply, done] {
        if (const ApiError limit = limitError(reply); limit.isError()) {
            done({}, limit);
            return;
        }
        const QByteArray answer = readAnswer(reply, m_maxAnswerBytes);
        const int status = httpStatus(reply);
        ApiError parseError;
        const auto report = status > 0 ? ApiResponses::parseJob(answer, &parseError) : std::nullopt;
        // The body decides when it announces an end, whatever the HTTP code said.
        if (report && (report->isTerminal() || (status >= 200 && status < 300))) {
            done(*report, {});
            return;
        }
        if (status >= 200 && status < 300) {
            done({}, parseError);
            return;
        }
        done({}, errorFrom(reply, answer));
    });
    return reply;
}

QNetworkReply *SegmindClient::fetchCredits(QObject *context, CreditsDone done)
{
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + u"/v1/get-user-credits"_s);
    if (refuse(url, context, [done](const ApiError &e) { done({}, e); }))
        return nullptr;
    QNetworkReply *reply = bounded(m_network->get(apiRequest(url, m_getTimeoutMs)), m_getDeadlineMs);
    connect(reply, &QNetworkReply::finished, context, [this, reply, done] {
        if (const ApiError limit = limitError(reply); limit.isError()) {
            done({}, limit);
            return;
        }
        const QByteArray answer = readAnswer(reply, m_maxAnswerBytes);
        if (httpStatus(reply) == 200) {
            ApiError error;
            const auto credits = ApiResponses::parseCredits(answer, &error);
            done(credits.value_or(Credits{}), error);
            return;
        }
        ApiError error = errorFrom(reply, answer);
        if (error.kind == ApiError::Kind::NotFound) {
            // Here 404 is about the account, not an expired request: the key was accepted but the service keeps no
            // balance for it ("No credits found for the user"). The balance is then unknown, never $0.
            error.message = u"Segmind has no balance on record for this account, so the balance is unknown. "
                            u"Check your credits on the Segmind dashboard."_s;
        }
        done({}, error);
    });
    return reply;
}
