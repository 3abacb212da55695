#pragma once

#include "account/BackendChoice.h"
#include "jobs/JobQueue.h"

#include <QObject>

#include <memory>
#include <optional>

class JobStore;
class QNetworkAccessManager;
class QTimer;
class SegmindClient;

// Everything one run of Paddock talks to: the client for the chosen service, the job queue, and where jobs
// are kept. The window observes it; tests build one against the simulator.
class Session final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    // backend.endpoint must be set (for demo mode: the embedded simulator's address). store may be null, in
    // which case jobs are kept in memory for this run only.
    Session(const BackendChoice &backend, const QString &apiKey, const JobQueueSettings &queueSettings,
            JobStore *store = nullptr, QObject *parent = nullptr);
    ~Session() override;

    // Queue timings that fit the service: the real one (minutes a job) or the demo simulator (seconds).
    static JobQueueSettings queueSettingsFor(const BackendChoice &backend, const QString &downloadDirectory);
    // The name jobs are filed under for this service (Job::service).
    static QString serviceName(const BackendChoice &backend);

    const BackendChoice &backend() const { return m_backend; }
    bool isDemo() const { return m_backend.kind == BackendChoice::Kind::Demo; }
    QString endpointProblem() const { return m_endpointProblem; }
    SegmindClient *client() const { return m_client; }
    JobQueue *queue() const { return m_queue; }

    // Carries on the jobs a previous run left unfinished (from the library): those of this service are
    // re-attached; a demo job already sent cannot be, because the simulator that had it is gone, so it ends as
    // expired with its record kept; jobs of another service are left for when Paddock uses it again.
    // Returns how many were re-attached.
    int resumeUnfinished(const QList<Job> &jobs);

    // Jobs not in a final state.
    int runningCount() const;
    // What this session's finished jobs cost: charged where the service said so, else the estimate.
    qint64 spentCents() const;
    // Jobs sent to the service whose outcome Paddock would stop watching if it quit now.
    int sentAndUnfinishedCount() const;
    // What this session has spent or is committed to: finished jobs, and the estimate of every job that is
    // waiting, running, or may have been billed (unknown, stopped). Failed and never-sent jobs cost nothing.
    qint64 committedCents() const;

    // The account's balance (credits + free credits), once known; refreshed at start, after each finished job
    // and on demand. None when the last answer failed or was unreadable: an older balance is never kept as current.
    std::optional<qint64> balanceCents() const { return m_balanceCents; }
    QString balanceProblem() const { return m_balanceProblem; }
    // The service answered, but with a balance that is not a number in a sane range.
    bool isBalanceUnreadable() const { return m_balanceUnreadable; }
    void refreshBalance();

Q_SIGNALS:
    // Something the status bar shows changed (jobs running, money spent, the queue paused or resumed).
    void summaryChanged();
    void balanceChanged();

private:
    BackendChoice m_backend;
    QString m_endpointProblem;
    QNetworkAccessManager *m_network;
    SegmindClient *m_client;
    std::unique_ptr<JobStore> m_ownStore;
    JobStore *m_store;
    JobQueue *m_queue;
    std::optional<qint64> m_balanceCents;
    QString m_balanceProblem;
    bool m_balanceUnreadable = false;
    QTimer *m_balanceTimer;
};
