#include "api/ApiResponses.h"

#include "api/Pricing.h"
#include "api/SafeText.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

using namespace Qt::StringLiterals;

namespace ApiResponses {

namespace {

std::optional<QJsonObject> parseObject(const QByteArray &body, ApiError *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = ApiError::malformed(body.trimmed().startsWith('<') ? u"an HTML page instead of JSON"_s
                                                                     : u"not valid JSON"_s);
        return std::nullopt;
    }
    return document.object();
}

// Sane ranges for the numbers the service sends: anything outside is unreadable, not a value to use.
constexpr double kMaxSeconds = 7 * 24 * 3600.0; // a job's queue, run or total time
constexpr double kMaxJobCostDollars = 1000.0;   // one clip costs at most $2.70
constexpr double kMaxBalanceDollars = 1e9;      // far beyond any account, far below overflowing cents

std::optional<double> number(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    std::optional<double> value;
    if (v.isDouble()) {
        value = v.toDouble();
    } else if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().left(64).toDouble(&ok);
        if (ok)
            value = d;
    }
    return value && std::isfinite(*value) ? value : std::nullopt;
}

// A number from the body when it is finite and within [0, max]; none otherwise.
std::optional<double> numberInRange(const QJsonObject &o, const QString &key, double max)
{
    const auto value = number(o, key);
    return value && *value >= 0.0 && *value <= max ? value : std::nullopt;
}

std::optional<qint64> centsInRange(const QJsonObject &o, const QString &key, double maxDollars)
{
    const auto dollars = numberInRange(o, key, maxDollars);
    return dollars ? std::optional<qint64>(Pricing::dollarsToCents(*dollars)) : std::nullopt;
}

// Nested values the service might wrap the output in are followed this deep and no deeper.
constexpr int kMaxOutputDepth = 4;

QUrl outputUrlAt(const QJsonValue &output, int depth)
{
    if (depth > kMaxOutputDepth)
        return {};
    if (output.isString()) {
        const QString text = output.toString().trimmed();
        if (text.size() > 8192)
            return {};
        // Relative addresses (a bare path) are kept, so that the queue can refuse them in words.
        const QUrl url(text, QUrl::StrictMode);
        return url.isValid() ? url : QUrl();
    }
    if (output.isObject()) {
        const QJsonObject o = output.toObject();
        for (const QString &key : {u"video"_s, u"url"_s, u"output"_s}) {
            const QUrl url = outputUrlAt(o.value(key), depth + 1);
            if (url.isValid())
                return url;
        }
        return {};
    }
    if (output.isArray() && !output.toArray().isEmpty())
        return outputUrlAt(output.toArray().first(), depth + 1);
    return {};
}

// A URL from the body, resolved against the request's URL when relative; invalid when absent.
QUrl urlField(const QJsonObject &o, const QString &key, const QUrl &base)
{
    const QString text = o.value(key).toString().trimmed();
    if (text.isEmpty() || text.size() > 8192)
        return {};
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return {};
    return url.isRelative() ? base.resolved(url) : url;
}

} // namespace

JobReport::State stateFromText(const QString &status)
{
    const QString s = status.trimmed().toUpper();
    if (s == u"QUEUED"_s || s == u"IN_QUEUE"_s)
        return JobReport::State::Queued;
    if (s == u"PROCESSING"_s || s == u"IN_PROGRESS"_s || s == u"RUNNING"_s)
        return JobReport::State::Processing;
    if (s == u"COMPLETED"_s || s == u"SUCCEEDED"_s || s == u"SUCCESS"_s)
        return JobReport::State::Completed;
    if (s == u"FAILED"_s || s == u"ERROR"_s)
        return JobReport::State::Failed;
    return JobReport::State::Other;
}

QUrl outputUrl(const QJsonValue &output)
{
    return outputUrlAt(output, 0);
}

JobMetrics parseMetrics(const QJsonObject &m)
{
    JobMetrics metrics;
    // Only the known fields, each a number in range, are kept: the record stays small whatever was sent.
    for (const QString &key :
         {u"queue_time"_s, u"inference_time"_s, u"total_time"_s, u"cost"_s, u"remaining_credits"_s}) {
        if (const auto value = numberInRange(m, key,
                                             key == u"remaining_credits"_s ? kMaxBalanceDollars
                                             : key == u"cost"_s            ? kMaxJobCostDollars
                                                                           : kMaxSeconds))
            metrics.raw.insert(key, *value);
    }
    metrics.queueSeconds = numberInRange(m, u"queue_time"_s, kMaxSeconds);
    metrics.inferenceSeconds = numberInRange(m, u"inference_time"_s, kMaxSeconds);
    metrics.totalSeconds = numberInRange(m, u"total_time"_s, kMaxSeconds);
    metrics.costCents = centsInRange(m, u"cost"_s, kMaxJobCostDollars);
    metrics.remainingCreditsCents = centsInRange(m, u"remaining_credits"_s, kMaxBalanceDollars);
    return metrics;
}

namespace {
constexpr qsizetype kMaxIdLength = 200;
constexpr qsizetype kMaxStatusLength = 40;
} // namespace

std::optional<SubmitAccepted> parseSubmit(const QByteArray &body, const QUrl &requestUrl, ApiError *error)
{
    const auto object = parseObject(body, error);
    if (!object)
        return std::nullopt;
    SubmitAccepted accepted;
    // Kept to show and to match answers; it never names a file.
    accepted.requestId = SafeText::clean(object->value(u"request_id"_s).toString(), kMaxIdLength);
    if (accepted.requestId.isEmpty()) {
        *error = ApiError::malformed(u"the submit answer has no request_id"_s);
        return std::nullopt;
    }
    accepted.statusUrl = urlField(*object, u"status_url"_s, requestUrl);
    accepted.responseUrl = urlField(*object, u"response_url"_s, requestUrl);
    accepted.pollUrl = urlField(*object, u"poll_url"_s, requestUrl);
    if (!accepted.statusUrl.isValid() && !accepted.responseUrl.isValid() && !accepted.pollUrl.isValid()) {
        *error = ApiError::malformed(u"the submit answer says nowhere to ask about the job"_s);
        return std::nullopt;
    }
    return accepted;
}

std::optional<JobReport> parseJob(const QByteArray &body, ApiError *error)
{
    const auto object = parseObject(body, error);
    if (!object)
        return std::nullopt;
    JobReport report;
    report.rawStatus = SafeText::clean(object->value(u"status"_s).toString(), kMaxStatusLength);
    if (report.rawStatus.isEmpty()) {
        *error = ApiError::malformed(u"the answer has no status"_s);
        return std::nullopt;
    }
    report.state = stateFromText(report.rawStatus);
    report.requestId = SafeText::clean(object->value(u"request_id"_s).toString(), kMaxIdLength);
    report.metrics = parseMetrics(object->value(u"metrics"_s).toObject());
    if (report.state == JobReport::State::Failed) {
        const QJsonValue e = object->value(u"error"_s);
        report.error = SafeText::clean(e.isObject() ? e.toObject().value(u"message"_s).toString() : e.toString());
        if (report.error.isEmpty())
            report.error = u"The service gave no reason."_s;
    }
    if (object->contains(u"output"_s))
        report.output = outputUrl(object->value(u"output"_s));
    return report;
}

std::optional<Credits> parseCredits(const QByteArray &body, ApiError *error)
{
    const auto object = parseObject(body, error);
    if (!object)
        return std::nullopt;
    if (!object->contains(u"credits"_s)) {
        *error = ApiError::malformed(u"the balance answer has no credits"_s);
        return std::nullopt;
    }
    // A balance that is not a number, not finite, negative or absurdly large is unreadable: never shown as one.
    const auto credits = centsInRange(*object, u"credits"_s, kMaxBalanceDollars);
    const auto free = object->contains(u"free-credits"_s) ? centsInRange(*object, u"free-credits"_s, kMaxBalanceDollars)
                                                          : std::optional<qint64>(0);
    if (!credits || !free) {
        *error = ApiError::malformed(u"the balance is unreadable"_s);
        return std::nullopt;
    }
    Credits result;
    result.creditsCents = *credits;
    result.freeCreditsCents = *free;
    return result;
}

} // namespace ApiResponses
