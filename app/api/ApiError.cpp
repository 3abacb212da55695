#include "api/ApiError.h"

#include "account/SpendGuard.h"

#include "api/Pricing.h"
#include "api/SafeText.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// The "error" text of a JSON body, or an empty string for anything else (HTML pages included).
QString jsonErrorText(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return {};
    const QJsonValue error = document.object().value(u"error"_s);
    if (error.isString())
        return SafeText::clean(error.toString());
    if (error.isObject())
        return SafeText::clean(error.toObject().value(u"message"_s).toString());
    return {};
}

// Pulls dollar amounts ("$0.50", "0.5 USD", "balance 12.5") out of the service's insufficient-credits text.
QList<qint64> dollarAmounts(const QString &text)
{
    // At most nine digits of dollars: a longer number is no balance and could overflow cents.
    static const QRegularExpression pattern(u"\\$\\s*([0-9]{1,9}(?:\\.[0-9]{1,6})?)(?![0-9])"_s);
    QList<qint64> amounts;
    auto it = pattern.globalMatch(text);
    while (it.hasNext())
        amounts << Pricing::dollarsToCents(it.next().captured(1).toDouble());
    return amounts;
}

QString withServerText(const QString &message, const QString &serverText)
{
    if (serverText.isEmpty())
        return message;
    return message + u" The service said: “%1”."_s.arg(serverText);
}

} // namespace

bool ApiError::isTransient() const
{
    switch (kind) {
    case Kind::RateLimited:
    case Kind::ServerError:
    case Kind::Network:
    case Kind::Timeout:
    case Kind::MalformedResponse:
        return true;
    default:
        return false;
    }
}

ApiError::Kind ApiError::kindFromName(const QString &name)
{
    for (int value = int(Kind::None); value <= int(Kind::Configuration); ++value) {
        if (kindName(Kind(value)) == name)
            return Kind(value);
    }
    return Kind::None;
}

bool ApiError::requestNeverLeft() const
{
    if (httpStatus != 0)
        return false;
    switch (networkError) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::NetworkSessionFailedError:
        return true;
    default:
        return false;
    }
}

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return u"none"_s;
    case Kind::Auth: return u"auth"_s;
    case Kind::Forbidden: return u"forbidden"_s;
    case Kind::InsufficientCredits: return u"insufficient-credits"_s;
    case Kind::InvalidRequest: return u"invalid-request"_s;
    case Kind::NotFound: return u"not-found"_s;
    case Kind::MethodNotAllowed: return u"method-not-allowed"_s;
    case Kind::Gone: return u"gone"_s;
    case Kind::JobFailed: return u"job-failed"_s;
    case Kind::RateLimited: return u"rate-limited"_s;
    case Kind::ServerError: return u"server-error"_s;
    case Kind::Network: return u"network"_s;
    case Kind::Timeout: return u"timeout"_s;
    case Kind::MalformedResponse: return u"malformed-response"_s;
    case Kind::Configuration: return u"configuration"_s;
    }
    return {};
}

QDateTime ApiError::parseResetAt(const QByteArray &header)
{
    const QString text = QString::fromLatin1(header).trimmed();
    if (text.isEmpty())
        return {};
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    // Seconds since the epoch, within this century's range; anything else cannot be a reset time.
    if (isNumber)
        return seconds > 0 && seconds < 4102444800.0 ? QDateTime::fromMSecsSinceEpoch(qint64(seconds * 1000.0), Qt::UTC)
                                                     : QDateTime();
    QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid())
        when = QDateTime::fromString(text, Qt::ISODate);
    if (!when.isValid())
        when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return {};
    // A time without a zone is UTC, as the header's name says.
    if (when.timeSpec() == Qt::LocalTime)
        when.setTimeSpec(Qt::UTC);
    return when.toUTC();
}

ApiError ApiError::malformed(const QString &what)
{
    ApiError error;
    error.kind = Kind::MalformedResponse;
    error.message = u"The service sent an answer Paddock could not understand (%1)."_s.arg(what);
    return error;
}

ApiError ApiError::configuration(const QString &message)
{
    ApiError error;
    error.kind = Kind::Configuration;
    error.message = message;
    return error;
}

ApiError ApiError::fromHttp(int httpStatus, const QByteArray &body, const QByteArray &rateLimitResetHeader,
                            QNetworkReply::NetworkError networkError, const QString &networkErrorText)
{
    ApiError error;
    error.httpStatus = httpStatus;
    if (httpStatus == 0) {
        error.networkError = networkError;
        if (networkError == QNetworkReply::OperationCanceledError || networkError == QNetworkReply::TimeoutError) {
            error.kind = Kind::Timeout;
            error.message = u"The service did not answer in time. Check your internet connection."_s;
        } else {
            error.kind = Kind::Network;
            error.message = u"Could not reach the service (%1). Check your internet connection."_s.arg(
                networkErrorText.isEmpty() ? u"no connection"_s : SafeText::clean(networkErrorText, 200));
        }
        return error;
    }
    if (httpStatus >= 200 && httpStatus < 300)
        return error;

    error.serverMessage = jsonErrorText(body);
    const QString server = error.serverMessage;
    switch (httpStatus) {
    case 400:
        error.kind = Kind::InvalidRequest;
        error.message = withServerText(u"The service rejected the request as malformed. Check the form."_s, server);
        break;
    case 401:
        error.kind = Kind::Auth;
        error.message = u"The service did not accept the API key. Check the key in Settings, or enter a new one."_s;
        break;
    case 402:
    case 406:
        if (server.contains(u"insufficient credit"_s, Qt::CaseInsensitive)) {
            error.kind = Kind::InsufficientCredits;
            const QList<qint64> amounts = dollarAmounts(server);
            if (amounts.size() >= 2) {
                error.balanceCents = amounts.at(0);
                error.requiredCents = amounts.at(1);
            }
            error.message = u"Not enough credits for this generation. "_s
                            + SpendGuard::insufficientCreditsText(error.balanceCents, error.requiredCents);
        } else {
            error.kind = Kind::InvalidRequest;
            error.message = withServerText(u"The service refused a setting of this request."_s, server);
        }
        break;
    case 403:
        error.kind = Kind::Forbidden;
        error.message = withServerText(u"Your Segmind account is not allowed to use HappyHorse 1.1."_s, server);
        break;
    case 404:
        error.kind = Kind::NotFound;
        error.message = withServerText(
            u"The service no longer knows this request: results are kept for one hour after submitting."_s, server);
        break;
    case 405:
        error.kind = Kind::MethodNotAllowed;
        error.message = u"The service refused the call (method not allowed). Please report this problem."_s;
        break;
    case 410:
        error.kind = Kind::Gone;
        error.message = u"HappyHorse 1.1 has been retired by the service and can no longer be used."_s;
        break;
    case 422:
        error.kind = Kind::JobFailed;
        error.message = withServerText(u"The generation failed. It was not charged."_s, server);
        break;
    case 429:
        error.kind = Kind::RateLimited;
        error.resetAt = parseResetAt(rateLimitResetHeader);
        error.message = u"Too many requests for this key; Paddock waits and goes on by itself."_s;
        break;
    default:
        if (httpStatus >= 500) {
            error.kind = Kind::ServerError;
            error.message = u"The service had a problem (HTTP %1)."_s.arg(httpStatus);
        } else {
            error.kind = Kind::MalformedResponse;
            error.message = u"The service answered with an unexpected HTTP %1."_s.arg(httpStatus);
        }
        break;
    }
    return error;
}
