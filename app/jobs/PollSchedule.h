#pragma once

#include <QtGlobal>

// What Paddock believes about one job's run time: the end is modelled as log-normal around expectedMs,
// spread being the standard deviation of ln(actual / expected) seen so far. A large spread says "we do not
// know", and the schedule then leans on its bound alone.
struct RunTimeBelief
{
    qint64 expectedMs = 150000;
    double spread = 2.0;
};

// When to ask about a running job again. The service gives no push, and the official SDK asks every
// 1-2 s, which costs 75-150 status calls for a typical 150 s job and eats into rate limits. Paddock polls
// a running job at least every boundMs wherever it may plausibly end, so its end is noticed within
// boundMs whatever the run time and however wrong the estimate. The budget (one call per budgetMs of run
// time) leaves a few calls over; they go where the estimate says the end is likely, which cuts the
// typical delay. Only while a confident estimate says the end cannot be near yet may gaps be sparse.
struct PollPolicy
{
    qint64 boundMs = 10000;        // the longest gap where the job may end: the detection delay's bound
    qint64 budgetMs = 9000;        // aim at one call per this much expected run time (the rule is 8 s)
    qint64 minGapMs = 2000;        // the densest polling, at the expected end of a well-known job
    qint64 sparseGapMs = 45000;    // the longest gap while a confident estimate puts the end far away
    double plausibleZ = 3.0;       // an end before expected × exp(-z × spread) is implausible (1 in 700)
    double reinvestShare = 0.75;   // of the calls saved by sparse gaps, the share spent near the end
    double jitter = 0.1;           // gaps are shortened by up to this share, so jobs don't poll in lockstep

    // The same shape on another time scale (tests and demo mode run in milliseconds or seconds).
    PollPolicy scaled(double factor) const;
};

namespace PollSchedule {

// Delay before the next status call. elapsedMs: since submit; random01: uniform in [0, 1) for the jitter.
// Jitter only shortens a gap, so no gap is ever longer than its bound.
qint64 nextDelayMs(const PollPolicy &policy, qint64 elapsedMs, const RunTimeBelief &belief, double random01);

// The moment before which a job under this belief is not expected to end; 0 when the belief is too vague
// to rule anything out. Until then (less one bound) gaps may be sparse.
qint64 plausibleStartMs(const PollPolicy &policy, const RunTimeBelief &belief);

// Delay before retrying a GET that failed transiently: 1, 2, 4 … times baseMs, capped, with ±20% jitter.
qint64 retryDelayMs(int attempt, double random01, qint64 baseMs = 1000, qint64 capMs = 60000);

} // namespace PollSchedule

// Learns how long jobs really take, and how far they stray from what it expected, so that polling is
// dense at the right moment and sparse only when jobs have proved predictable. Run time is modelled as
// proportional to the clip's length (and longer at 1080P); both the scale and the spread are averaged in
// log space, where a job twice as long and one half as long are equally far off.
class RunTimeEstimator final
{
public:
    explicit RunTimeEstimator(double msPerOutputSecond = 30000.0) : m_msPerSecond(msPerOutputSecond) {}

    RunTimeBelief belief(int durationSeconds, bool is1080) const;
    qint64 expectedMs(int durationSeconds, bool is1080) const;
    void observe(int durationSeconds, bool is1080, qint64 actualMs);
    double msPerOutputSecond() const { return m_msPerSecond; }
    double spread() const;
    int observations() const { return m_observations; }

    static constexpr double k1080Factor = 1.3;
    // Before any job has finished the first guess may be off by a factor of e² ≈ 7 either way.
    static constexpr double kPriorSpread = 2.0;
    // Even identical jobs vary with the service's load: never trust an estimate more than this.
    static constexpr double kMinSpread = 0.1;

private:
    double m_msPerSecond;
    double m_spreadSquared = kPriorSpread * kPriorSpread;
    int m_observations = 0;
};
