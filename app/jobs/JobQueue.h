#pragma once

#include "jobs/Job.h"
#include "jobs/PollSchedule.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>

#include <functional>

class ClipDownload;
class JobStore;
class QNetworkReply;
class QTimer;
class SegmindClient;

struct JobQueueSettings
{
    int maxConcurrent = 4;                     // jobs sent and not yet finished on the service
    QString downloadDirectory;                 // where clips are written, named by the job's own id (<id>.mp4)
    QString service;                           // which service the jobs go to (Job::service), e.g. "demo"
    qint64 maxDownloadBytes = 2'000'000'000;
    PollPolicy poll;
    qint64 retryBaseMs = 1000;                 // GET retries: 1, 2, 4 … s
    qint64 retryCapMs = 60 * 1000;
    int maxDownloadAttempts = 5;
    int maxUnusableAnswers = 8;                 // answers Paddock cannot use, in a row, before the job ends
    qint64 downloadIdleTimeoutMs = 60 * 1000;   // a download that receives nothing for this long is retried
    qint64 downloadDeadlineMs = 30 * 60 * 1000; // and one that has not finished by then
    qint64 maxRateLimitWaitMs = 3600 * 1000;    // a rate-limit reset further away than this is not believed
    qint64 requestRetentionMs = 3600 * 1000;   // the service forgets requests after an hour
    qint64 outputRetentionMs = 7LL * 24 * 3600 * 1000; // and deletes outputs after 7 days
    qint64 rateLimitFallbackMs = 60 * 1000;    // a 429 without a readable reset time waits this long
    double msPerOutputSecond = 30000;          // first guess of run time: 150 s for a 5 s clip
    quint32 randomSeed = 0;                    // 0: a random seed (jitter); tests may fix it
    // Runs off the GUI thread on each clip once it is downloaded whole, before the job is Ready (the app writes the
    // recipe into it). It must leave a whole clip at clipPath whatever happens; unset: nothing is done.
    std::function<void(const Job &job, const QString &clipPath)> finishClip;
};

// The asynchronous job queue: sends generations (a few at a time), polls them adaptively, downloads
// each finished clip at once, and writes every change to the job store. It never sends a POST twice on
// its own: a lost answer makes the job Unknown, and only the user can send it again, as a new job.
class JobQueue final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobQueue)

public:
    JobQueue(SegmindClient *client, JobStore *store, const JobQueueSettings &settings, QObject *parent = nullptr);
    ~JobQueue() override;

    // Adds a job (saved first, in state Queued) and returns its id, or 0 if it could not be saved.
    qint64 enqueue(const GenerationRequest &request);
    // "Run these N": several jobs at once, in order.
    QList<qint64> enqueueAll(const QList<GenerationRequest> &requests);

    // Stop waiting: a job already sent keeps running on the service and is billed; one not yet sent is
    // simply cancelled and costs nothing.
    void stopWaiting(qint64 id);
    // Starts waiting again for a stopped job (polls, or downloads if it had finished).
    void resumeWaiting(qint64 id);
    // Sends the same request again as a new, separately billed job. Returns the new id.
    qint64 retryAsNew(qint64 id);
    // Fetches a finished job's clip again (after a failed download, within the 7 days).
    void retryDownload(qint64 id);
    // Takes over a job read back from the store after a restart, and carries it on.
    qint64 reattach(const Job &stored);
    // Goes on after a key or credit problem that paused sending and polling.
    void resume();

    const Job *job(qint64 id) const;
    QList<qint64> jobIds() const { return m_order; }
    int inFlightCount() const;
    bool isPaused() const;
    QString pauseReason() const { return m_pauseReason; }
    RunTimeEstimator &estimator() { return m_estimator; }
    const JobQueueSettings &settings() const { return m_settings; }

Q_SIGNALS:
    void jobAdded(qint64 id);
    void jobChanged(qint64 id);
    void jobStateChanged(qint64 id, JobState state);
    void downloadProgress(qint64 id, qint64 received, qint64 total);
    // The queue holds back (rate limit until a time, or a key or credit problem until resume()).
    void paused(const QString &reason, const QDateTime &until);
    void resumed();

private:
    enum class Action { Submit, Poll, FetchResult, Download };

    // What is in flight for one job; replaced or cleared when the job moves on.
    struct Runtime
    {
        QTimer *timer = nullptr;
        Action next = Action::Poll;
        int generation = 0;        // bumped on stop/restart so that late answers are ignored
        int retryAttempt = 0;
        int unusableAnswers = 0; // in a row; reset by a usable one
        QPointer<QNetworkReply> call;
        QPointer<ClipDownload> download;
    };

    Job *find(qint64 id);
    bool save(Job &job);
    void setState(Job &job, JobState state, const QString &error = {},
                  ApiError::Kind errorKind = ApiError::Kind::None);
    void changed(const Job &job);

    void pump();
    void prepareAndSubmit(qint64 id);
    void send(qint64 id, const QJsonObject &body);
    void onSubmitted(qint64 id, const SubmitAccepted &accepted, const ApiError &error);
    void poll(qint64 id, bool resultWanted);
    void onReport(qint64 id, const JobReport &report, const ApiError &error, bool wasResult);
    void onGetError(qint64 id, const ApiError &error, Action retryAction);
    void onCompleted(qint64 id, const JobReport &report, bool wasResult);
    void endUnfollowable(Job &job, const QString &why);
    QString clipPathFor(const Job &job) const;
    void finishClip(qint64 id); // runs settings' finishClip off the GUI thread, then makes the job Ready
    void startDownload(qint64 id);
    void schedule(qint64 id, Action action, qint64 delayMs);
    void run(qint64 id, Action action);
    void pauseUntil(const QDateTime &until, const QString &reason);
    void block(const QString &reason);
    void clearRuntime(qint64 id);
    qint64 elapsedSinceSubmitMs(const Job &job) const;
    qint64 pollDelayMs(const Job &job);
    qint64 runTimeMs(const Job &job, const JobMetrics &metrics) const;
    double random01() { return m_random.generateDouble(); }

    SegmindClient *m_client;
    JobStore *m_store;
    JobQueueSettings m_settings;
    RunTimeEstimator m_estimator;
    QRandomGenerator m_random;
    QHash<qint64, Job> m_jobs;
    QList<qint64> m_order;
    QHash<qint64, Runtime> m_runtime;
    QDateTime m_pausedUntil;        // rate limit
    bool m_blocked = false;         // key or credit problem: wait for resume()
    QString m_pauseReason;
    QTimer *m_pumpTimer = nullptr;
};
