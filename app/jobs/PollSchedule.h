#pragma once

#include <QtGlobal>

// When to ask about a running job again. The service gives no push, and the official SDK asks every
// 1-2 s, which costs 75-150 status calls for a typical 150 s job and eats into rate limits. Paddock
// instead asks rarely while the end is far away and often once it is near: about a third of the
// expected remaining time, never more than sparseIntervalMs apart, never less than denseIntervalMs, so
// a job that ends near its expected time is noticed within denseIntervalMs.
struct PollPolicy
{
    qint64 firstPollMs = 3000;          // catches early failures (content filter, bad input)
    qint64 denseIntervalMs = 4000;      // near and past the expected end: bounds the detection delay
    qint64 sparseIntervalMs = 45000;    // the longest gap while the end is still far away
    qint64 overdueIntervalMs = 15000;   // for jobs running far longer than expected
    double remainingShare = 1.0 / 3.0;
    double jitter = 0.1;                // ± share, so many jobs don't poll in lockstep

    // The same shape on another time scale (tests and demo mode run in milliseconds or seconds).
    PollPolicy scaled(double factor) const;
};

namespace PollSchedule {

// Delay before the next status call. elapsedMs: since submit; expectedMs: the job's expected run time;
// random01: a uniform number in [0, 1) for the jitter.
qint64 nextDelayMs(const PollPolicy &policy, qint64 elapsedMs, qint64 expectedMs, double random01);

// Delay before retrying a GET that failed transiently: 1, 2, 4 … times baseMs, capped, with ±20% jitter.
qint64 retryDelayMs(int attempt, double random01, qint64 baseMs = 1000, qint64 capMs = 60000);

} // namespace PollSchedule

// Learns how long jobs really take, so that polling grows dense at the right moment. Run time is modelled
// as proportional to the clip's length (and longer at 1080P) and updated from every job that completes.
class RunTimeEstimator final
{
public:
    explicit RunTimeEstimator(double msPerOutputSecond = 30000.0) : m_msPerSecond(msPerOutputSecond) {}

    qint64 expectedMs(int durationSeconds, bool is1080) const;
    void observe(int durationSeconds, bool is1080, qint64 actualMs);
    double msPerOutputSecond() const { return m_msPerSecond; }

    static constexpr double k1080Factor = 1.3;

private:
    double m_msPerSecond;
};
