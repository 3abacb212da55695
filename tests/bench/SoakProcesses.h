#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <utility>

// paddock-sim as a child process for the fault soak: started on free loopback ports, and stopped with SIGTERM so
// that it writes the statistics file (--stats-file) the soak reads its POSTs from.
class SoakSim final
{
public:
    SoakSim() = default;
    Q_DISABLE_COPY_MOVE(SoakSim)
    ~SoakSim();

    bool start(const QString &program, const QStringList &arguments, QString *error);
    QUrl url() const { return m_url; }
    // Ends it as Ctrl+C would, then reads the file it wrote on the way out.
    bool stop(const QString &statsFile, QJsonObject *stats, QString *error);
    // Its peak resident memory, as last seen while it ran (KiB).
    qint64 peakKiB() const { return m_peakKiB; }

private:
    QProcess m_process;
    QUrl m_url;
    qint64 m_peakKiB = -1;
};

// How one run of paddock_jobrunner ended, and what it printed.
struct RunnerOutcome
{
    enum class End
    {
        Finished,   // every job final, exit code 0
        SelfKilled, // SIGKILLed itself at its --die-at moment
        Killed,     // SIGKILLed by the soak at its deadline
        Failed,     // anything else: an error exit, a crash, or it hung
    };
    End end = End::Failed;
    QString diedAt;                          // the moment named by a runner that killed itself
    QList<std::pair<qint64, QString>> ended; // "ended <id> <state>", in order
    QHash<qint64, QString> finalStates;      // "job <id> <state>", printed by a runner that finished
    qint64 runningMs = 0;                    // from "running" (jobs added, resume done) to the end
    qint64 peakKiB = -1;
    QString describe; // exit status and the tail of its standard error, for a failure
};

// Runs paddock_jobrunner until it ends by itself, kills itself on cue, or killAfterMs after it said it was running
// (-1: never), when the soak SIGKILLs it. A run longer than giveUpMs is a hang: killed and Failed.
RunnerOutcome runJobRunner(const QString &program, const QStringList &arguments, qint64 killAfterMs, qint64 giveUpMs);
