#pragma once

#include "api/ApiError.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

// What a submit answer promises: the request id and where to ask about it.
struct SubmitAccepted
{
    QString requestId;
    QUrl statusUrl;     // preferred for polling
    QUrl responseUrl;   // preferred for the result
    QUrl pollUrl;       // the older path, used when the others are missing
};

// Timing and money reported with a job, all optional.
struct JobMetrics
{
    std::optional<double> queueSeconds;
    std::optional<double> inferenceSeconds;
    std::optional<double> totalSeconds;
    std::optional<qint64> costCents;
    std::optional<qint64> remainingCreditsCents;
    QJsonObject raw;
};

// One look at a job, from the status, result or poll URL.
struct JobReport
{
    enum class State { Queued, Processing, Completed, Failed, Other };

    State state = State::Other;
    QString rawStatus;   // as sent; an unknown one counts as still running
    QString requestId;
    QString error;       // FAILED: the service's message
    QUrl output;         // COMPLETED on the result or poll URL: the MP4
    JobMetrics metrics;

    bool isTerminal() const { return state == State::Completed || state == State::Failed; }
    bool isRunning() const { return !isTerminal(); }
};

struct Credits
{
    qint64 creditsCents = 0;
    qint64 freeCreditsCents = 0;
    qint64 totalCents() const { return creditsCents + freeCreditsCents; }
};

// Tolerant readers of the service's JSON: extra fields are ignored, known alternatives accepted.
// Each returns the value, or sets *error to a MalformedResponse.
namespace ApiResponses {

std::optional<SubmitAccepted> parseSubmit(const QByteArray &body, const QUrl &requestUrl, ApiError *error);
std::optional<JobReport> parseJob(const QByteArray &body, ApiError *error);
std::optional<Credits> parseCredits(const QByteArray &body, ApiError *error);

// The MP4 URL from "output": a string, an object with "video" or "url", or an array whose first element
// is either. Invalid when none is found; it may be relative or of any scheme: the caller decides what it fetches.
QUrl outputUrl(const QJsonValue &output);
JobMetrics parseMetrics(const QJsonObject &metrics);
JobReport::State stateFromText(const QString &status);

} // namespace ApiResponses
