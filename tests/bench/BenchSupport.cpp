#include "BenchSupport.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>

#include <algorithm>

namespace BenchSupport {

namespace {

qint64 statusKiB(const char *field, const QString &process = QStringLiteral("self"))
{
    QFile status(QStringLiteral("/proc/%1/status").arg(process));
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

qint64 peakResidentKiB(qint64 pid)
{
    return statusKiB("VmHWM:", QString::number(pid));
}

QUrl startSimulator(QProcess &process, const QString &program, const QStringList &arguments, QString *error)
{
    process.setProgram(program);
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted(10000)) {
        *error = QStringLiteral("paddock-sim did not start: ") + process.errorString();
        return {};
    }
    static const QRegularExpression listening(QStringLiteral("listening on (\\S+)"));
    QByteArray out;
    const QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired() && process.state() == QProcess::Running) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(out));
        if (match.hasMatch())
            return QUrl(match.captured(1));
    }
    *error = QStringLiteral("paddock-sim did not say where it listens: ") + QString::fromUtf8(out);
    return {};
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
