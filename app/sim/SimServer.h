#pragma once

#include "sim/SimJob.h"
#include "sim/SimRateLimiter.h"
#include "sim/SimSettings.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QRandomGenerator64>
#include <QUrl>

#include <memory>
#include <map>
#include <vector>

class ClipRenderer;
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QTemporaryDir;

// A faithful stand-in for Segmind's HappyHorse 1.1 API on loopback: submit, status, result, the older
// poll URL, the synchronous v1 route, credits, and a separate files host serving real MP4 clips. Used by
// paddock-sim, by demo mode, by the tests and by the benchmarks. Lives in one thread; rendering runs in ffmpeg
// processes.
class SimServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimServer)

public:
    // What the simulator has seen, for tests that must prove a job was never submitted twice.
    struct Counters
    {
        int submits = 0;           // POSTs to the model, whatever their answer
        int jobsCreated = 0;       // jobs that exist (and will be billed if they complete)
        int statusCalls = 0;
        int resultCalls = 0;
        int pollCalls = 0;
        int creditCalls = 0;
        int downloads = 0;         // output downloads started
        int rateLimited = 0;       // 429 answers
        int keysSentToFilesHost = 0; // requests to the files host that carried x-api-key: must stay 0
    };

    // One POST to the model as the simulator saw it, kept only when settings().statsFile is set: with these a test
    // that kills and restarts Paddock can prove that no job was sent twice and that no POST went unaccounted.
    struct SubmitRecord
    {
        qint64 atMs = 0;   // since the simulator started
        // "created" (200), "answer-lost" (the job was created, the connection dropped), "no-answer" (no job, the
        // connection left open), "rate-limited" (429), "server-error" (5xx, JSON or HTML: no job), "refused" (4xx)
        QString outcome;
        int httpStatus = 0; // 0 when nothing was answered
        QString requestId;  // the job created, if any
        QString prompt;     // from the body, as sent (empty if it was unreadable)
        QString negativePrompt;
    };

    explicit SimServer(const SimSettings &settings, QObject *parent = nullptr);
    ~SimServer() override;

    // Starts listening on the API and the files ports. False with a message a person can act on.
    bool start(QString *error);

    QUrl baseUrl() const;      // e.g. http://127.0.0.1:8080
    QUrl filesUrl() const;     // the files host
    const SimSettings &settings() const { return m_settings; }
    Counters counters() const { return m_counters; }
    QList<SubmitRecord> submitRecords() const { return m_submitRecords; }
    // The counters and the submit records as JSON, for settings().statsFile.
    QJsonObject stats() const;
    // Writes stats() to path (atomically). False with a message a person can act on.
    bool writeStats(const QString &path, QString *error) const;

    qint64 balanceCents() const { return m_balanceCents; }
    void setBalanceCents(qint64 cents) { m_balanceCents = cents; }
    int jobCount() const { return int(m_jobs.size()); }
    // The job's status name ("QUEUED", …), or an empty string for an unknown id.
    QString jobStatus(const QString &requestId) const;

    // Request ids are UUIDs in their usual 8-4-4-4-12 hex form.
    static bool looksLikeRequestId(const QString &text);

Q_SIGNALS:
    void requestLogged(const QString &line);
    void jobCreated(const QString &requestId);
    void jobFinished(const QString &requestId, const QString &status);

private:
    enum class Route { Submit, SyncSubmit, OtherModel, Status, Result, Poll, Credits };

    void installRoutes();
    void handleApi(Route route, const QString &argument, const QHttpServerRequest &request,
                   QHttpServerResponder &&responder);
    // sync: the v1 route, which holds the connection until the job ends and then answers with the clip itself.
    void handleSubmit(const QHttpServerRequest &request, const QString &key, QHttpServerResponder &&responder,
                      const QString &logPrefix, bool sync);
    void answerSync(const SimJob &job);
    void handleRequestLookup(Route route, const QString &id, QHttpServerResponder &&responder,
                             const QString &logPrefix);
    void handleFile(const QString &name, const QHttpServerRequest &request, QHttpServerResponder &&responder);

    // Every answer goes through here so that each request is logged once.
    void respondJson(QHttpServerResponder &responder, int status, const QJsonObject &body, const QString &logPrefix,
                     const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    void respondRaw(QHttpServerResponder &responder, int status, const QByteArray &body, const QByteArray &mime,
                    const QString &logPrefix, const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    void log(const QString &line);

    QString newRequestId();
    qint64 nowMs() const { return m_clock.elapsed(); }
    bool roll(double probability) { return probability > 0 && m_random.generateDouble() < probability; }
    QJsonObject statusBody(const SimJob &job) const;
    QJsonObject resultBody(const SimJob &job) const;
    QJsonObject metrics(const SimJob &job) const;
    QUrl requestUrl(const QString &path) const;

    void startProcessing(const QString &id);
    void timeUp(const QString &id);
    void renderFinished(quint64 ticket, const QString &clipPath);
    void renderFailed(quint64 ticket, const QString &message);
    void finishIfReady(SimJob &job);

    SimSettings m_settings;
    QElapsedTimer m_clock;
    QRandomGenerator64 m_random;
    QHttpServer *m_api = nullptr;
    QHttpServer *m_files = nullptr;
    quint16 m_apiPort = 0;
    quint16 m_filesPort = 0;
    std::unique_ptr<QTemporaryDir> m_ownCacheDir;
    ClipRenderer *m_renderer = nullptr;
    SimRateLimiter m_rateLimiter;
    qint64 m_balanceCents = 0;
    Counters m_counters;
    QHash<QString, SimJob> m_jobs;
    QHash<quint64, QStringList> m_jobsByTicket;
    QHash<QString, QString> m_jobByClipName;   // served file name -> request id
    std::vector<std::unique_ptr<QHttpServerResponder>> m_unanswered; // the no-answer fault keeps these open
    // Synchronous submits waiting for their job to end, by request id.
    struct SyncWaiter
    {
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        QString logPrefix;
    };
    std::map<QString, SyncWaiter> m_syncWaiters;
    QList<SubmitRecord> m_submitRecords;
    qsizetype m_currentSubmit = -1; // the record of the POST being answered, while it is
};
