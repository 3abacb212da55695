#include "BenchSupport.h"

#include <QFile>

#include <algorithm>

namespace BenchSupport {

namespace {

qint64 statusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray name(field);
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(name))
            return line.mid(name.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

qint64 residentKiB()
{
    return statusKiB("VmRSS:");
}

qint64 peakResidentKiB()
{
    return statusKiB("VmHWM:");
}

StallMeter::StallMeter()
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer,
                     [this] { m_longestMs = std::max(m_longestMs, m_clock.restart()); });
    m_clock.start();
    m_timer.start();
}

void StallMeter::reset()
{
    m_longestMs = 0;
    m_clock.restart();
}

} // namespace BenchSupport
