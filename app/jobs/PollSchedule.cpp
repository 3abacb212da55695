#include "jobs/PollSchedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

PollPolicy PollPolicy::scaled(double factor) const
{
    PollPolicy p = *this;
    auto scale = [factor](qint64 ms) { return std::max<qint64>(1, qint64(std::llround(double(ms) * factor))); };
    p.boundMs = scale(boundMs);
    p.budgetMs = scale(budgetMs);
    p.minGapMs = scale(minGapMs);
    p.sparseGapMs = scale(sparseGapMs);
    return p;
}

namespace PollSchedule {

namespace {

double expectedOf(const RunTimeBelief &belief)
{
    return double(std::max<qint64>(1, belief.expectedMs));
}

double spreadOf(const RunTimeBelief &belief)
{
    return std::isfinite(belief.spread) ? std::clamp(belief.spread, 0.01, 10.0) : 10.0;
}

// How many calls this job may spend beyond one per bound: what the budget leaves over, plus part of what
// sparse gaps before the plausible start saved.
double extraCalls(const PollPolicy &policy, const RunTimeBelief &belief)
{
    const double expected = expectedOf(belief);
    const double meanBound = double(policy.boundMs) * (1.0 - policy.jitter / 2.0);
    const double spare = std::max(0.0, expected / double(policy.budgetMs) - expected / meanBound);
    const double start = double(plausibleStartMs(policy, belief));
    const double saved =
        start > 0 ? std::max(0.0, start / meanBound - std::ceil(start / double(policy.sparseGapMs))) : 0.0;
    return spare + policy.reinvestShare * saved;
}

} // namespace

qint64 plausibleStartMs(const PollPolicy &policy, const RunTimeBelief &belief)
{
    const double start = expectedOf(belief) * std::exp(-policy.plausibleZ * spreadOf(belief));
    return start > double(policy.boundMs) ? qint64(start) : 0;
}

qint64 nextDelayMs(const PollPolicy &policy, qint64 elapsedMs, const RunTimeBelief &belief, double random01)
{
    const double shorten = 1.0 - policy.jitter * std::clamp(random01, 0.0, 1.0);
    const double t = double(std::max<qint64>(0, elapsedMs));
    const double start = double(plausibleStartMs(policy, belief));
    double gap = 0;
    if (t + double(policy.boundMs) < start) {
        // The end is not plausible yet: sparse, but landing no later than the plausible start.
        gap = std::min(double(policy.sparseGapMs), start - t);
    } else {
        // One call per bound everywhere, plus the extra calls at a rate proportional to the square root of
        // the end's probability density: for a given number of calls that spacing minimises the expected
        // delay. Under a log-normal belief that root is itself log-normal, with a spread √2 times wider.
        const double width = spreadOf(belief) * std::numbers::sqrt2;
        const double at = std::max(t, 1.0);
        const double x = std::log(at / expectedOf(belief)) / width;
        const double density = std::exp(-x * x / 2.0) / (std::sqrt(2.0 * std::numbers::pi) * width * at);
        const double rate = 1.0 / double(policy.boundMs) + extraCalls(policy, belief) * density;
        gap = std::clamp(1.0 / rate, double(std::min(policy.minGapMs, policy.boundMs)), double(policy.boundMs));
    }
    return std::max<qint64>(1, qint64(std::llround(gap * shorten)));
}

qint64 retryDelayMs(int attempt, double random01, qint64 baseMs, qint64 capMs)
{
    const int exponent = std::clamp(attempt, 0, 30);
    const double raw = std::min(double(capMs), double(baseMs) * std::pow(2.0, exponent));
    const double factor = 0.8 + 0.4 * random01;
    return std::max<qint64>(1, qint64(std::llround(raw * factor)));
}

} // namespace PollSchedule

RunTimeBelief RunTimeEstimator::belief(int durationSeconds, bool is1080) const
{
    return RunTimeBelief{expectedMs(durationSeconds, is1080), spread()};
}

qint64 RunTimeEstimator::expectedMs(int durationSeconds, bool is1080) const
{
    const double factor = is1080 ? k1080Factor : 1.0;
    return qint64(std::llround(m_msPerSecond * std::max(1, durationSeconds) * factor));
}

double RunTimeEstimator::spread() const
{
    return std::max(kMinSpread, std::sqrt(m_spreadSquared));
}

void RunTimeEstimator::observe(int durationSeconds, bool is1080, qint64 actualMs)
{
    if (actualMs <= 0 || durationSeconds <= 0)
        return;
    const double expected = double(std::max<qint64>(1, expectedMs(durationSeconds, is1080)));
    const double error = std::log(double(actualMs) / expected);
    // The first few jobs are averaged plainly (the first guess counts for nothing once a real job is seen);
    // later ones in a moving average, so that recent jobs count most and one odd job does not swing it.
    const double gain = std::max(0.3, 1.0 / double(m_observations + 1));
    m_msPerSecond *= std::exp(gain * error);
    // The first error measures the first guess, not how jobs vary: the spread learns from the second on. A
    // surprise widens it at once; confidence comes back more slowly, as alike jobs keep coming. (Jobs that run
    // together finish shortest first, so a run of alike errors may be only the tail of a wide spread.)
    if (m_observations > 0) {
        const double squared = error * error;
        const double spreadGain =
            std::max(squared > m_spreadSquared ? 0.5 : 0.25, 1.0 / double(m_observations + 1));
        m_spreadSquared = (1.0 - spreadGain) * m_spreadSquared + spreadGain * squared;
    }
    ++m_observations;
}
