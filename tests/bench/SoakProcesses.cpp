#include "SoakProcesses.h"

#include "BenchSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

SoakSim::~SoakSim()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

bool SoakSim::start(const QString &program, const QStringList &arguments, QString *error)
{
    // Its own complaints (a render that failed) reach the person running the soak.
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_url = BenchSupport::startSimulator(m_process, program, arguments, error);
    return !m_url.isEmpty();
}

bool SoakSim::stop(const QString &statsFile, QJsonObject *stats, QString *error)
{
    m_peakKiB = BenchSupport::peakResidentKiB(m_process.processId());
    m_process.terminate();
    if (!m_process.waitForFinished(30000)) {
        *error = u"paddock-sim did not stop on SIGTERM"_s;
        return false;
    }
    if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() != 0) {
        *error = u"paddock-sim ended badly (exit code %1)"_s.arg(m_process.exitCode());
        return false;
    }
    QFile file(statsFile);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"paddock-sim wrote no statistics to %1"_s.arg(statsFile);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        *error = u"paddock-sim's statistics are unreadable: "_s + parseError.errorString();
        return false;
    }
    *stats = document.object();
    return true;
}

namespace {

void readLines(const QByteArray &text, RunnerOutcome *outcome)
{
    static const QRegularExpression ended(u"^ended (\\d+) (\\S+)$"_s);
    static const QRegularExpression final(u"^job (\\d+) (\\S+)$"_s);
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (const QRegularExpressionMatch end = ended.match(line); end.hasMatch())
            outcome->ended.append({end.captured(1).toLongLong(), end.captured(2)});
        else if (const QRegularExpressionMatch report = final.match(line); report.hasMatch())
            outcome->finalStates.insert(report.captured(1).toLongLong(), report.captured(2));
    }
}

} // namespace

RunnerOutcome runJobRunner(const QString &program, const QStringList &arguments, qint64 killAfterMs, qint64 giveUpMs)
{
    RunnerOutcome outcome;
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted(10000)) {
        outcome.describe = u"paddock_jobrunner did not start: "_s + process.errorString();
        return outcome;
    }
    const qint64 pid = process.processId();
    QByteArray out;
    QByteArray err;
    QElapsedTimer total;
    total.start();
    QElapsedTimer running; // started when the runner says its jobs are added and resumed
    bool killedBySoak = false;
    bool hung = false;
    while (process.state() != QProcess::NotRunning) {
        process.waitForFinished(20);
        out += process.readAllStandardOutput();
        err += process.readAllStandardError();
        if (process.state() == QProcess::NotRunning)
            break;
        // VmHWM is the process's own peak so far: the last reading before it ends is (nearly) its peak.
        outcome.peakKiB = std::max(outcome.peakKiB, BenchSupport::peakResidentKiB(pid));
        if (!running.isValid() && err.contains("paddock_jobrunner: running "))
            running.start();
        if (running.isValid() && killAfterMs >= 0 && running.elapsed() >= killAfterMs && !killedBySoak) {
            killedBySoak = true;
            process.kill(); // SIGKILL
        }
        if (total.elapsed() > giveUpMs && !hung) {
            hung = true;
            process.kill();
        }
    }
    out += process.readAllStandardOutput();
    err += process.readAllStandardError();
    outcome.runningMs = running.isValid() ? running.elapsed() : 0;
    readLines(out, &outcome);

    static const QRegularExpression selfKill(u"SIGKILL at (\\S+)"_s);
    const QRegularExpressionMatch died = selfKill.match(QString::fromUtf8(err));
    const bool crashed = process.exitStatus() == QProcess::CrashExit;
    if (hung) {
        outcome.end = RunnerOutcome::End::Failed;
    } else if (crashed && died.hasMatch()) {
        outcome.end = RunnerOutcome::End::SelfKilled;
        outcome.diedAt = died.captured(1);
    } else if (crashed && killedBySoak) {
        outcome.end = RunnerOutcome::End::Killed;
    } else if (!crashed && process.exitCode() == 0) {
        outcome.end = RunnerOutcome::End::Finished;
    } else {
        outcome.end = RunnerOutcome::End::Failed;
    }

    const QString errText = QString::fromUtf8(err);
    outcome.describe = u"%1, exit code %2%3; the end of its standard error:\n%4"_s.arg(
        crashed ? u"crashed"_s : u"exited"_s, QString::number(process.exitCode()),
        hung ? u", hung (killed after %1 s)"_s.arg(giveUpMs / 1000) : QString(), errText.right(3000));
    return outcome;
}
