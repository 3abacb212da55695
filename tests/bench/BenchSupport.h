#pragma once

#include <QElapsedTimer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class QProcess;

// What the benchmark programs measure the same way.
namespace BenchSupport {

// This process's resident memory now, and its peak so far, in KiB, from /proc (Linux; -1 elsewhere).
qint64 residentKiB();
qint64 peakResidentKiB();
// Another process's peak so far (while it runs), in KiB; -1 when it cannot be read.
qint64 peakResidentKiB(qint64 pid);

// Starts paddock-sim (program) in process and waits until it prints where it listens: the URL of its API, or an
// empty URL with error set.
QUrl startSimulator(QProcess &process, const QString &program, const QStringList &arguments, QString *error);

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
