#include "sim/SimJob.h"

using namespace Qt::StringLiterals;

QString SimJob::statusName(Status status)
{
    switch (status) {
    case Status::Queued:
        return u"QUEUED"_s;
    case Status::Processing:
        return u"PROCESSING"_s;
    case Status::Completed:
        return u"COMPLETED"_s;
    case Status::Failed:
        return u"FAILED"_s;
    }
    return {};
}

double SimJob::queueSeconds(qint64 nowMs) const
{
    const qint64 end = processingAtMs >= 0 ? processingAtMs : nowMs;
    return double(end - submittedAtMs) / 1000.0;
}

double SimJob::inferenceSeconds(qint64 nowMs) const
{
    if (processingAtMs < 0)
        return 0;
    const qint64 end = finishedAtMs >= 0 ? finishedAtMs : nowMs;
    return double(end - processingAtMs) / 1000.0;
}

double SimJob::totalSeconds(qint64 nowMs) const
{
    const qint64 end = finishedAtMs >= 0 ? finishedAtMs : nowMs;
    return double(end - submittedAtMs) / 1000.0;
}
