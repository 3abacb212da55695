#pragma once

#include "jobs/Job.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>

class JobQueue;
class PosterCache;
class QTimer;

// The job queue as a list for views: one row per job in queue order, kept current from the queue's signals
// with dataChanged for just the roles that changed, and elapsed times that tick while jobs run.
class JobListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobListModel)

public:
    enum Role
    {
        JobIdRole = Qt::UserRole + 1, // qint64
        StateRole,                    // JobState
        StateTextRole,                // "Generating — Retrying in 8 s."
        PromptRole,                   // the whole prompt
        ModeTextRole,                 // "Text → video"
        SettingsTextRole,             // "5 s · 720P · 16:9"
        ElapsedTextRole,              // "1:23", from when the job was added until it finished
        ProgressRole,                 // double 0..1 while downloading with a known size, -1 otherwise
        CostTextRole,                 // "est. $0.70", "$0.70", "not charged"
        ErrorRole,                    // the full error, empty when there is none
        ClipPathRole,                 // the clip on disk once Ready, empty otherwise
        ThumbnailRole,                // QImage poster frame once Ready (null until it has been made)
        CanStopWaitingRole,           // bool: stopWaiting() would do something
        StopIsBilledRole,             // bool: the job has been sent, so stopping still leaves it billed
        CanDownloadAgainRole,         // bool: a paid job whose download failed
    };
    Q_ENUM(Role)

    explicit JobListModel(JobQueue *queue, QObject *parent = nullptr);
    ~JobListModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    JobQueue *queue() const;
    qint64 jobId(int row) const;
    int rowOf(qint64 jobId) const; // -1 when the job is not in the list
    QModelIndex indexOf(qint64 jobId) const;
    PosterCache *posters() const { return m_posters; }

    // How often elapsed times of running jobs refresh (1 s; tests may go faster).
    void setTickInterval(int ms);

    // Pure text rules, public so that they can be checked on their own.
    static QString elapsedText(qint64 ms); // "0:07", "1:23", "1:02:03"
    static QString promptExcerpt(const QString &prompt, int maxChars = 80);
    static QString settingsText(const GenerationRequest &request);
    static QString costText(const Job &job);
    static QString stateText(const Job &job);
    static double progress(const Job &job);

private:
    // The values of the roles that move, as last announced: a change is signalled only for what differs.
    struct Snapshot
    {
        JobState state = JobState::Queued;
        QString stateText;
        QString costText;
        QString error;
        QString clipPath;
        int progressPermille = -1;
        bool running = false;
        bool billedIfStopped = false;
    };

    void onJobAdded(qint64 id);
    void refresh(qint64 id);
    void onPosterReady(const QString &path);
    void tick();
    void updateTicking();
    Snapshot snapshotOf(const Job &job) const;
    QString elapsedTextOf(const Job &job) const;

    QPointer<JobQueue> m_queue;
    QList<qint64> m_ids;
    QHash<qint64, int> m_rows;
    QList<Snapshot> m_snapshots;
    int m_runningCount = 0;
    QTimer *m_ticker = nullptr;
    PosterCache *m_posters = nullptr;
};
