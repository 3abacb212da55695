#pragma once

#include <QElapsedTimer>
#include <QTimer>

// What the benchmark programs measure the same way.
namespace BenchSupport {

// This process's resident memory now, and its peak so far, in KiB, from /proc (Linux; -1 elsewhere).
qint64 residentKiB();
qint64 peakResidentKiB();

// The longest time the thread was busy between two turns of a 1 ms timer: how long the event loop (the GUI, in
// the app) could not answer.
class StallMeter final
{
public:
    StallMeter();
    void reset();
    qint64 longestMs() const { return m_longestMs; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longestMs = 0;
};

} // namespace BenchSupport
