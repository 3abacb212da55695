#include "jobs/Job.h"

using namespace Qt::StringLiterals;

namespace {

struct StateInfo
{
    JobState state;
    const char *name;
    const char *text;
};

constexpr StateInfo kStates[] = {
    {JobState::Queued, "queued", "Waiting to be sent"},
    {JobState::Submitting, "submitting", "Sending"},
    {JobState::Submitted, "submitted", "Generating"},
    {JobState::Downloading, "downloading", "Downloading"},
    {JobState::Ready, "ready", "Ready"},
    {JobState::Failed, "failed", "Failed"},
    {JobState::Expired, "expired", "Expired"},
    {JobState::Unknown, "unknown", "Unknown — may have been billed"},
    {JobState::Stopped, "stopped", "Stopped waiting — still runs and is billed"},
};

} // namespace

QString jobStateName(JobState state)
{
    for (const StateInfo &info : kStates) {
        if (info.state == state)
            return QString::fromLatin1(info.name);
    }
    return {};
}

JobState jobStateFromName(const QString &name, bool *ok)
{
    for (const StateInfo &info : kStates) {
        if (name == QLatin1StringView(info.name)) {
            if (ok)
                *ok = true;
            return info.state;
        }
    }
    if (ok)
        *ok = false;
    return JobState::Unknown;
}

QString jobStateText(JobState state)
{
    for (const StateInfo &info : kStates) {
        if (info.state == state)
            return QString::fromUtf8(info.text);
    }
    return {};
}

bool isFinalState(JobState state)
{
    switch (state) {
    case JobState::Ready:
    case JobState::Failed:
    case JobState::Expired:
    case JobState::Unknown:
    case JobState::Stopped:
        return true;
    default:
        return false;
    }
}
