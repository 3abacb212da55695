#include "api/ApiResponses.h"

#include "api/Pricing.h"

#include <QJsonArray>
#include <QJsonDocument>

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

std::optional<double> number(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

// A URL from the body, resolved against the request's URL when relative; invalid when absent.
QUrl urlField(const QJsonObject &o, const QString &key, const QUrl &base)
{
    const QString text = o.value(key).toString().trimmed();
    if (text.isEmpty())
        return {};
    const QUrl url(text);
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
    if (output.isString()) {
        const QUrl url(output.toString().trimmed());
        return url.isValid() && !url.isRelative() ? url : QUrl();
    }
    if (output.isObject()) {
        const QJsonObject o = output.toObject();
        for (const QString &key : {u"video"_s, u"url"_s, u"output"_s}) {
            const QUrl url = outputUrl(o.value(key));
            if (url.isValid())
                return url;
        }
        return {};
    }
    if (output.isArray() && !output.toArray().isEmpty())
        return outputUrl(output.toArray().first());
    return {};
}

JobMetrics parseMetrics(const QJsonObject &m)
{
    JobMetrics metrics;
    metrics.raw = m;
    metrics.queueSeconds = number(m, u"queue_time"_s);
    metrics.inferenceSeconds = number(m, u"inference_time"_s);
    metrics.totalSeconds = number(m, u"total_time"_s);
    if (const auto cost = number(m, u"cost"_s))
        metrics.costCents = Pricing::dollarsToCents(*cost);
    if (const auto remaining = number(m, u"remaining_credits"_s))
        metrics.remainingCreditsCents = Pricing::dollarsToCents(*remaining);
    return metrics;
}

std::optional<SubmitAccepted> parseSubmit(const QByteArray &body, const QUrl &requestUrl, ApiError *error)
{
    const auto object = parseObject(body, error);
    if (!object)
        return std::nullopt;
    SubmitAccepted accepted;
    accepted.requestId = object->value(u"request_id"_s).toString().trimmed();
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
    report.rawStatus = object->value(u"status"_s).toString();
    if (report.rawStatus.isEmpty()) {
        *error = ApiError::malformed(u"the answer has no status"_s);
        return std::nullopt;
    }
    report.state = stateFromText(report.rawStatus);
    report.requestId = object->value(u"request_id"_s).toString();
    report.metrics = parseMetrics(object->value(u"metrics"_s).toObject());
    if (report.state == JobReport::State::Failed) {
        const QJsonValue e = object->value(u"error"_s);
        report.error = e.isObject() ? e.toObject().value(u"message"_s).toString() : e.toString();
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
    const auto credits = number(*object, u"credits"_s);
    if (!credits) {
        *error = ApiError::malformed(u"the balance answer has no credits"_s);
        return std::nullopt;
    }
    Credits result;
    result.creditsCents = Pricing::dollarsToCents(*credits);
    result.freeCreditsCents = Pricing::dollarsToCents(number(*object, u"free-credits"_s).value_or(0.0));
    return result;
}

} // namespace ApiResponses
