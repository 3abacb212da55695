#include "jobs/PollSchedule.h"

#include <algorithm>
#include <cmath>

PollPolicy PollPolicy::scaled(double factor) const
{
    PollPolicy p = *this;
    auto scale = [factor](qint64 ms) { return std::max<qint64>(1, qint64(std::llround(double(ms) * factor))); };
    p.firstPollMs = scale(firstPollMs);
    p.denseIntervalMs = scale(denseIntervalMs);
    p.sparseIntervalMs = scale(sparseIntervalMs);
    p.overdueIntervalMs = scale(overdueIntervalMs);
    return p;
}

namespace PollSchedule {

qint64 nextDelayMs(const PollPolicy &policy, qint64 elapsedMs, qint64 expectedMs, double random01)
{
    double delay = 0;
    if (elapsedMs < policy.firstPollMs) {
        delay = double(policy.firstPollMs - elapsedMs);
    } else {
        const qint64 remaining = expectedMs - elapsedMs;
        if (remaining > 0) {
            delay = std::clamp(double(remaining) * policy.remainingShare, double(policy.denseIntervalMs),
                               double(policy.sparseIntervalMs));
        } else if (elapsedMs < 2 * expectedMs) {
            delay = double(policy.denseIntervalMs);
        } else {
            delay = double(std::max(policy.denseIntervalMs, policy.overdueIntervalMs));
        }
    }
    // Jitter spreads many jobs' calls apart; it never pushes a dense poll beyond its bound.
    const double factor = 1.0 + policy.jitter * (2.0 * random01 - 1.0);
    delay *= factor;
    if (elapsedMs >= policy.firstPollMs)
        delay = std::min(delay, double(policy.sparseIntervalMs));
    return std::max<qint64>(1, qint64(std::llround(delay)));
}

qint64 retryDelayMs(int attempt, double random01, qint64 baseMs, qint64 capMs)
{
    const int exponent = std::clamp(attempt, 0, 30);
    const double raw = std::min(double(capMs), double(baseMs) * std::pow(2.0, exponent));
    const double factor = 0.8 + 0.4 * random01;
    return std::max<qint64>(1, qint64(std::llround(raw * factor)));
}

} // namespace PollSchedule

qint64 RunTimeEstimator::expectedMs(int durationSeconds, bool is1080) const
{
    const double factor = is1080 ? k1080Factor : 1.0;
    return qint64(std::llround(m_msPerSecond * std::max(1, durationSeconds) * factor));
}

void RunTimeEstimator::observe(int durationSeconds, bool is1080, qint64 actualMs)
{
    if (actualMs <= 0 || durationSeconds <= 0)
        return;
    const double perSecond = double(actualMs) / (double(durationSeconds) * (is1080 ? k1080Factor : 1.0));
    // A moving average: recent jobs count most, one odd job does not swing the schedule.
    m_msPerSecond = 0.6 * m_msPerSecond + 0.4 * perSecond;
}
