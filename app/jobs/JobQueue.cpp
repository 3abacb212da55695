#include "jobs/JobQueue.h"

#include "api/SafeText.h"
#include "api/SegmindClient.h"
#include "jobs/ClipDownload.h"
#include "jobs/JobStore.h"

#include <QDir>
#include <QFutureWatcher>
#include <QNetworkReply>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr int kSubmissionsPerTurn = 10;

struct PreparedBody
{
    QJsonObject body;
    QString error;
};

QString secondsText(qint64 ms)
{
    return ms < 1000 ? u"a moment"_s : u"%1 s"_s.arg((ms + 500) / 1000);
}

QDateTime now()
{
    return QDateTime::currentDateTimeUtc();
}

// Jobs that hold one of the concurrent submit slots: sent, or being sent, and not finished on the service.
bool isInFlight(JobState state)
{
    return state == JobState::Submitting || state == JobState::Submitted;
}

} // namespace

JobQueue::JobQueue(SegmindClient *client, JobStore *store, const JobQueueSettings &settings, QObject *parent)
    : QObject(parent), m_client(client), m_store(store), m_settings(settings),
      m_estimator(settings.msPerOutputSecond),
      m_random(settings.randomSeed ? settings.randomSeed : QRandomGenerator::global()->generate())
{
    m_pumpTimer = new QTimer(this);
    m_pumpTimer->setSingleShot(true);
    connect(m_pumpTimer, &QTimer::timeout, this, &JobQueue::pump);
    connect(m_client, &SegmindClient::rateLimited, this, [this](const QDateTime &resetAt) {
        // A reset time that is missing, unreadable or implausibly far away is not believed: waiting on it could
        // stop every job for good.
        const bool believable = resetAt.isValid() && resetAt <= now().addMSecs(m_settings.maxRateLimitWaitMs);
        const QDateTime until = believable ? resetAt : now().addMSecs(m_settings.rateLimitFallbackMs);
        pauseUntil(until, u"The service asked Paddock to slow down (rate limit)."_s);
    });
}

JobQueue::~JobQueue()
{
    // Stop callbacks from arriving into a half-destroyed queue.
    const auto ids = m_runtime.keys();
    for (qint64 id : ids)
        clearRuntime(id);
}

const Job *JobQueue::job(qint64 id) const
{
    const auto it = m_jobs.constFind(id);
    return it == m_jobs.constEnd() ? nullptr : &*it;
}

Job *JobQueue::find(qint64 id)
{
    const auto it = m_jobs.find(id);
    return it == m_jobs.end() ? nullptr : &*it;
}

int JobQueue::inFlightCount() const
{
    int count = 0;
    for (const Job &job : m_jobs) {
        if (isInFlight(job.state))
            ++count;
    }
    return count;
}

bool JobQueue::isPaused() const
{
    return m_blocked || (m_pausedUntil.isValid() && m_pausedUntil > now());
}

bool JobQueue::save(Job &job)
{
    QString error;
    if (m_store && !m_store->saveJob(job, &error)) {
        qWarning("Could not save job %lld: %s", job.id, qPrintable(error));
        return false;
    }
    return true;
}

void JobQueue::changed(const Job &job)
{
    Q_EMIT jobChanged(job.id);
}

void JobQueue::setState(Job &job, JobState state, const QString &error, ApiError::Kind errorKind)
{
    const bool stateChanged = job.state != state;
    const bool wasInFlight = isInFlight(job.state);
    job.state = state;
    if (!error.isEmpty() || errorKind != ApiError::Kind::None) {
        job.error = error;
        job.errorKind = errorKind;
    }
    if (isFinalState(state)) {
        job.finishedAt = now();
        job.note.clear();
    }
    save(job);
    if (stateChanged)
        Q_EMIT jobStateChanged(job.id, state);
    changed(job);
    // A submit slot came free: the next job in line may go.
    if (wasInFlight && !isInFlight(state))
        m_pumpTimer->start(0);
}

qint64 JobQueue::enqueue(const GenerationRequest &request)
{
    Job job;
    job.request = request;
    job.state = JobState::Queued;
    job.createdAt = now();
    job.estimatedCents = request.costCents();
    job.service = m_settings.service;
    if (!m_store) {
        static qint64 nextId = 1;
        job.id = nextId++;
    } else if (!save(job)) {
        return 0;
    }
    m_jobs.insert(job.id, job);
    m_order.append(job.id);
    Q_EMIT jobAdded(job.id);
    m_pumpTimer->start(0);
    return job.id;
}

QList<qint64> JobQueue::enqueueAll(const QList<GenerationRequest> &requests)
{
    QList<qint64> ids;
    for (const GenerationRequest &request : requests) {
        const qint64 id = enqueue(request);
        if (id != 0)
            ids << id;
    }
    return ids;
}

void JobQueue::pump()
{
    if (m_blocked)
        return;
    if (m_pausedUntil.isValid() && m_pausedUntil > now()) {
        m_pumpTimer->start(int(qMax<qint64>(1, now().msecsTo(m_pausedUntil))));
        return;
    }
    if (m_pausedUntil.isValid()) {
        m_pausedUntil = {};
        m_pauseReason.clear();
        Q_EMIT resumed();
    }
    int freeSlots = m_settings.maxConcurrent - inFlightCount();
    // A few submissions a turn: each one's body is read on a worker and its POST started when that returns, and
    // hundreds of those landing in one turn of the event loop would hold the window up. The rest follow at once.
    int thisTurn = kSubmissionsPerTurn;
    for (qint64 id : std::as_const(m_order)) {
        if (freeSlots <= 0)
            break;
        Job *job = find(id);
        if (job && job->state == JobState::Queued) {
            if (thisTurn-- == 0) {
                m_pumpTimer->start(1);
                break;
            }
            prepareAndSubmit(id);
            --freeSlots;
        }
    }
}

void JobQueue::prepareAndSubmit(qint64 id)
{
    Job *job = find(id);
    job->note.clear();
    setState(*job, JobState::Submitting);
    Runtime &runtime = m_runtime[id];
    const int generation = runtime.generation;

    // Reading and encoding images can take a while: never on the GUI thread.
    auto *watcher = new QFutureWatcher<PreparedBody>(this);
    connect(watcher, &QFutureWatcher<PreparedBody>::finished, this, [this, watcher, id, generation] {
        watcher->deleteLater();
        const PreparedBody prepared = watcher->result();
        Job *current = find(id);
        if (!current || current->state != JobState::Submitting || m_runtime.value(id).generation != generation)
            return;
        if (!prepared.error.isEmpty()) {
            setState(*current, JobState::Failed, prepared.error + u" Nothing was sent or charged."_s,
                     ApiError::Kind::InvalidRequest);
            m_pumpTimer->start(0);
            return;
        }
        send(id, prepared.body);
    });
    const GenerationRequest request = job->request;
    watcher->setFuture(QtConcurrent::run([request] {
        PreparedBody prepared;
        prepared.body = request.toJson(&prepared.error);
        if (prepared.body.isEmpty() && prepared.error.isEmpty())
            prepared.error = u"The request could not be prepared."_s;
        return prepared;
    }));
}

void JobQueue::send(qint64 id, const QJsonObject &body)
{
    Job *job = find(id);
    if (isPaused()) {
        // A rate limit arrived while the body was prepared: wait in line again, nothing was sent.
        setState(*job, JobState::Queued);
        m_pumpTimer->start(0);
        return;
    }
    // Written before the POST leaves: if Paddock dies now, the restart knows a job may exist.
    job->submittedAt = now();
    if (!save(*job)) {
        setState(*job, JobState::Failed,
                 u"Paddock could not record the job in its library, so it was not sent. Nothing was charged."_s);
        m_pumpTimer->start(0);
        return;
    }
    Runtime &runtime = m_runtime[id];
    const int generation = runtime.generation;
    runtime.call = m_client->submit(body, this, [this, id, generation](const SubmitAccepted &accepted,
                                                                       const ApiError &error) {
        if (m_runtime.value(id).generation != generation)
            return;
        onSubmitted(id, accepted, error);
    });
}

void JobQueue::onSubmitted(qint64 id, const SubmitAccepted &accepted, const ApiError &error)
{
    Job *job = find(id);
    if (!job)
        return;
    m_runtime[id].call = nullptr;

    if (!error.isError()) {
        job->requestId = accepted.requestId;
        job->statusUrl = accepted.statusUrl;
        job->responseUrl = accepted.responseUrl;
        job->pollUrl = accepted.pollUrl;
        job->acceptedAt = now();
        job->remoteStatus = u"QUEUED"_s;
        setState(*job, JobState::Submitted);
        schedule(id, Action::Poll, pollDelayMs(*job));
        return;
    }

    using Kind = ApiError::Kind;
    switch (error.kind) {
    case Kind::RateLimited:
        // Refused before it was processed: nothing exists and nothing is billed, so it waits its turn again.
        job->submittedAt = {};
        job->note = u"Waiting for the rate limit to reset."_s;
        setState(*job, JobState::Queued);
        break;
    case Kind::Network:
    case Kind::Timeout:
        if (error.requestNeverLeft()) {
            setState(*job, JobState::Failed, error.message + u" Nothing was sent or charged."_s, error.kind);
        } else {
            setState(*job, JobState::Unknown,
                     u"The answer to this request was lost (%1). The job may exist and be billed: check your "
                     u"Segmind dashboard before sending it again."_s.arg(error.message),
                     error.kind);
        }
        break;
    case Kind::ServerError:
    case Kind::MalformedResponse:
        // A gateway error or an unreadable answer may hide a job that was created.
        setState(*job, JobState::Unknown,
                 u"The service answered with an error (%1) and may still have started the job, which would be "
                 u"billed. Check your Segmind dashboard before sending it again."_s.arg(error.message),
                 error.kind);
        break;
    case Kind::Auth:
    case Kind::InsufficientCredits:
        setState(*job, JobState::Failed, error.message, error.kind);
        block(error.message);
        break;
    default:
        setState(*job, JobState::Failed, error.message, error.kind);
        break;
    }
    m_pumpTimer->start(0);
}

qint64 JobQueue::elapsedSinceSubmitMs(const Job &job) const
{
    const QDateTime start = job.submittedAt.isValid() ? job.submittedAt : job.acceptedAt;
    return start.isValid() ? qMax<qint64>(0, start.msecsTo(now())) : 0;
}

qint64 JobQueue::pollDelayMs(const Job &job)
{
    const RunTimeBelief belief =
        m_estimator.belief(job.request.durationSeconds, job.request.resolution == Pricing::Resolution::P1080);
    return PollSchedule::nextDelayMs(m_settings.poll, elapsedSinceSubmitMs(job), belief, random01());
}

qint64 JobQueue::runTimeMs(const Job &job, const JobMetrics &metrics) const
{
    // The service's own total time says when it really finished; the time seen here adds the polling delay,
    // which would teach the estimator that jobs run longer than they do.
    const qint64 seen = elapsedSinceSubmitMs(job);
    if (metrics.totalSeconds && std::isfinite(*metrics.totalSeconds) && *metrics.totalSeconds > 0) {
        const qint64 reported = qint64(*metrics.totalSeconds * 1000.0);
        if (reported <= seen)
            return reported;
    }
    return seen;
}

void JobQueue::schedule(qint64 id, Action action, qint64 delayMs)
{
    Runtime &runtime = m_runtime[id];
    if (!runtime.timer) {
        runtime.timer = new QTimer(this);
        runtime.timer->setSingleShot(true);
        connect(runtime.timer, &QTimer::timeout, this, [this, id] { run(id, m_runtime.value(id).next); });
    }
    runtime.next = action;
    runtime.timer->start(int(qBound<qint64>(0, delayMs, 24LL * 3600 * 1000)));
}

void JobQueue::run(qint64 id, Action action)
{
    Job *job = find(id);
    if (!job)
        return;
    if (m_blocked) {
        // resume() picks it up again; until then the job says why it waits, not a retry that is not coming.
        job->note = u"Paused: %1"_s.arg(m_pauseReason);
        changed(*job);
        return;
    }
    if (m_pausedUntil.isValid() && m_pausedUntil > now()) {
        job->note = u"Waiting for the rate limit to reset."_s;
        changed(*job);
        schedule(id, action, now().msecsTo(m_pausedUntil) + qint64(random01() * 500));
        return;
    }
    switch (action) {
    case Action::Submit:
        m_pumpTimer->start(0);
        break;
    case Action::Poll:
        if (job->state == JobState::Submitted)
            poll(id, false);
        break;
    case Action::FetchResult:
        if (job->state == JobState::Submitted)
            poll(id, true);
        break;
    case Action::Download:
        if (job->state == JobState::Downloading || job->state == JobState::Submitted)
            startDownload(id);
        break;
    }
}

void JobQueue::poll(qint64 id, bool resultWanted)
{
    Job *job = find(id);
    QUrl url;
    if (resultWanted)
        url = job->responseUrl.isValid() ? job->responseUrl : job->pollUrl;
    else
        url = job->statusUrl.isValid() ? job->statusUrl : (job->pollUrl.isValid() ? job->pollUrl : job->responseUrl);
    if (!url.isValid() || !m_client->isApiUrl(url)) {
        // The key goes only to the API host: a job whose answers point elsewhere cannot be followed, but that
        // is this job's problem alone, and the rest of the queue goes on.
        endUnfollowable(*job, url.isValid()
                                  ? u"The service told Paddock to ask about this job at another host (%1); Paddock "
                                    u"only sends your key to %2, so it stopped following the job."_s.arg(
                                        SafeText::clean(url.host(), 100), m_client->baseUrl().host())
                                  : u"The service gave no address to ask about this job."_s);
        return;
    }
    ++job->statusCalls;
    Runtime &runtime = m_runtime[id];
    const int generation = runtime.generation;
    runtime.call = m_client->fetchJob(url, this, [this, id, generation, resultWanted](const JobReport &report,
                                                                                      const ApiError &error) {
        if (m_runtime.value(id).generation != generation)
            return;
        m_runtime[id].call = nullptr;
        onReport(id, report, error, resultWanted);
    });
}

void JobQueue::onReport(qint64 id, const JobReport &report, const ApiError &error, bool wasResult)
{
    Job *job = find(id);
    if (!job || job->state != JobState::Submitted)
        return;
    if (error.isError()) {
        onGetError(id, error, wasResult ? Action::FetchResult : Action::Poll);
        return;
    }
    if (report.state != JobReport::State::Completed || report.output.isValid()) {
        // A usable answer: the next problem starts its backoff from the beginning again.
        m_runtime[id].retryAttempt = 0;
        m_runtime[id].unusableAnswers = 0;
    }
    if (!job->note.isEmpty()) {
        job->note.clear();
        changed(*job);
    }

    switch (report.state) {
    case JobReport::State::Completed:
        onCompleted(id, report, wasResult);
        return;
    case JobReport::State::Failed:
        job->remoteStatus = report.rawStatus;
        job->metrics = report.metrics;
        job->chargedCents = 0;
        setState(*job, JobState::Failed, report.error + u" This generation was not charged."_s,
                 ApiError::Kind::JobFailed);
        m_pumpTimer->start(0);
        return;
    case JobReport::State::Other:
        qInfo("Job %s: unknown status '%s', still waiting", qPrintable(job->requestId),
              qPrintable(report.rawStatus));
        [[fallthrough]];
    case JobReport::State::Queued:
    case JobReport::State::Processing:
        if (job->remoteStatus != report.rawStatus) {
            job->remoteStatus = report.rawStatus;
            save(*job);
        }
        changed(*job);
        schedule(id, Action::Poll, pollDelayMs(*job));
        return;
    }
}

void JobQueue::onCompleted(qint64 id, const JobReport &report, bool wasResult)
{
    Job *job = find(id);
    if (!job->completedAt.isValid()) {
        job->completedAt = now();
        m_estimator.observe(job->request.durationSeconds, job->request.resolution == Pricing::Resolution::P1080,
                            runTimeMs(*job, report.metrics));
    }
    job->remoteStatus = report.rawStatus;
    if (report.metrics.costCents || report.metrics.totalSeconds)
        job->metrics = report.metrics;
    if (report.metrics.costCents)
        job->chargedCents = *report.metrics.costCents;
    if (report.output.isValid()) {
        QString why;
        if (!m_client->isOutputUrlAllowed(report.output, &why)) {
            // Asking again would get the same address: this job ends here, the others go on.
            job->outputUrl = {};
            setState(*job, JobState::Failed,
                     why + u" The generation finished on the service and may have been billed."_s,
                     ApiError::Kind::MalformedResponse);
            return;
        }
        job->outputUrl = report.output;
        setState(*job, JobState::Downloading);
        startDownload(id);
    } else if (!wasResult && (job->responseUrl.isValid() || job->pollUrl.isValid())) {
        save(*job);
        changed(*job);
        poll(id, true);
    } else {
        onGetError(id, ApiError::malformed(u"a finished job without an address for its clip"_s), Action::FetchResult);
    }
}

// The job cannot be followed any further, though it was sent: it may still run and be billed on the service.
void JobQueue::endUnfollowable(Job &job, const QString &why)
{
    clearRuntime(job.id);
    setState(job, job.completedAt.isValid() ? JobState::Failed : JobState::Unknown,
             why + (job.completedAt.isValid()
                        ? u" The generation finished on the service and may have been billed."_s
                        : u" The job may still run on the service and be billed: check your Segmind dashboard."_s),
             ApiError::Kind::MalformedResponse);
    m_pumpTimer->start(0);
}

void JobQueue::onGetError(qint64 id, const ApiError &error, Action retryAction)
{
    Job *job = find(id);
    using Kind = ApiError::Kind;
    switch (error.kind) {
    case Kind::NotFound:
        setState(*job, JobState::Expired,
                 u"The service no longer knows this request (it keeps results for one hour). The record is kept."_s,
                 error.kind);
        m_pumpTimer->start(0);
        return;
    case Kind::JobFailed:
        job->chargedCents = 0;
        setState(*job, JobState::Failed, error.message, error.kind);
        m_pumpTimer->start(0);
        return;
    case Kind::Gone:
        setState(*job, JobState::Failed, error.message, error.kind);
        m_pumpTimer->start(0);
        return;
    case Kind::Auth:
    case Kind::Forbidden:
    case Kind::Configuration:
        job->note = u"Paused: %1"_s.arg(error.message);
        changed(*job);
        m_runtime[id].next = retryAction;
        block(error.message);
        return;
    case Kind::RateLimited:
        job->note = u"Waiting for the rate limit to reset."_s;
        changed(*job);
        schedule(id, retryAction, qMax<qint64>(0, now().msecsTo(m_pausedUntil)) + qint64(random01() * 500));
        return;
    default: {
        // Transient (network, timeout, 5xx, unreadable answer) or unexpected: asking again is always safe, with
        // a growing wait. Answers that arrive but cannot be used end the job after a bound: a service that
        // keeps sending them is not going to send anything else.
        Runtime &runtime = m_runtime[id];
        if (error.kind == Kind::MalformedResponse && ++runtime.unusableAnswers >= m_settings.maxUnusableAnswers) {
            endUnfollowable(
                *job, u"%1 Paddock asked %2 times and stopped."_s.arg(error.message).arg(runtime.unusableAnswers));
            return;
        }
        const qint64 delay = PollSchedule::retryDelayMs(runtime.retryAttempt++, random01(), m_settings.retryBaseMs,
                                                        m_settings.retryCapMs);
        job->note = u"%1 Retrying in %2."_s.arg(error.message, secondsText(delay));
        changed(*job);
        schedule(id, retryAction, delay);
        return;
    }
    }
}

void JobQueue::startDownload(qint64 id)
{
    Job *job = find(id);
    if (job->completedAt.isValid() && job->completedAt.msecsTo(now()) > m_settings.outputRetentionMs) {
        setState(*job, JobState::Expired, u"The service deleted this clip: outputs are kept for 7 days."_s);
        return;
    }
    if (job->state != JobState::Downloading)
        setState(*job, JobState::Downloading);
    ++job->downloadAttempts;
    job->bytesReceived = 0;
    QString why;
    if (!m_client->isOutputUrlAllowed(job->outputUrl, &why)) {
        // A record from an older Paddock, or a changed endpoint: never fetch what would be refused today.
        setState(*job, JobState::Failed, why + u" The generation finished on the service and may have been billed."_s,
                 ApiError::Kind::MalformedResponse);
        return;
    }
    const QString target = clipPathFor(*job);
    QNetworkRequest request = m_client->outputRequest(job->outputUrl);
    request.setTransferTimeout(int(m_settings.downloadIdleTimeoutMs));
    auto *download = new ClipDownload(m_client->network(), request, target, m_settings.maxDownloadBytes, this);
    download->setDeadline(int(m_settings.downloadDeadlineMs));
    download->setRedirectCheck([client = QPointer<SegmindClient>(m_client)](const QUrl &url, QString *problem) {
        return client && client->isOutputUrlAllowed(url, problem);
    });
    Runtime &runtime = m_runtime[id];
    runtime.download = download;
    const int generation = runtime.generation;
    connect(download, &ClipDownload::progress, this, [this, id](qint64 received, qint64 total) {
        if (Job *j = find(id)) {
            j->bytesReceived = received;
            j->bytesTotal = total;
            Q_EMIT downloadProgress(id, received, total);
        }
    });
    connect(download, &ClipDownload::finished, this,
            [this, id, generation, download, target](ClipDownload::Outcome outcome, const QString &message,
                                                     bool retryable) {
                download->deleteLater();
                Job *j = find(id);
                if (!j || m_runtime.value(id).generation != generation || j->state != JobState::Downloading)
                    return;
                m_runtime[id].download = nullptr;
                if (outcome == ClipDownload::Outcome::Done) {
                    j->clipPath = target;
                    j->downloadFailed = false;
                    finishClip(id);
                    return;
                }
                if (outcome == ClipDownload::Outcome::Gone) {
                    setState(*j, JobState::Expired, message);
                    return;
                }
                if (retryable && j->downloadAttempts < m_settings.maxDownloadAttempts) {
                    const qint64 delay = PollSchedule::retryDelayMs(j->downloadAttempts - 1, random01(),
                                                                    m_settings.retryBaseMs, m_settings.retryCapMs);
                    j->note = u"%1 Paddock tries again in %2."_s.arg(message, secondsText(delay));
                    changed(*j);
                    schedule(id, Action::Download, delay);
                    return;
                }
                j->downloadFailed = true;
                setState(*j, JobState::Failed,
                         message + u" The clip was paid for; use “Download again” within 7 days."_s);
            });
    changed(*job);
    download->start();
}

void JobQueue::finishClip(qint64 id)
{
    Job *job = find(id);
    if (!job)
        return;
    if (!m_settings.finishClip) {
        setState(*job, JobState::Ready);
        return;
    }
    // Ready only once the finishing is done, so nobody opens the clip while it is being rewritten. A restart in
    // between finds the job Downloading and fetches the clip again; a stop in between leaves it Stopped.
    const int generation = m_runtime[id].generation;
    auto *watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, id, generation] {
        watcher->deleteLater();
        Job *j = find(id);
        if (!j || m_runtime.value(id).generation != generation || j->state != JobState::Downloading)
            return;
        setState(*j, JobState::Ready);
    });
    watcher->setFuture(QtConcurrent::run([finish = m_settings.finishClip, snapshot = *job] {
        finish(snapshot, snapshot.clipPath);
    }));
}

QString JobQueue::clipPathFor(const Job &job) const
{
    // Named by Paddock, from the job's own id: nothing the service sends becomes part of a path, and two jobs
    // that were given the same request id still have a clip each.
    return QDir(m_settings.downloadDirectory).filePath(u"%1.mp4"_s.arg(job.id));
}

void JobQueue::stopWaiting(qint64 id)
{
    Job *job = find(id);
    if (!job)
        return;
    if (job->state == JobState::Queued || (job->state == JobState::Submitting && !job->submittedAt.isValid())) {
        clearRuntime(id);
        setState(*job, JobState::Failed, u"Cancelled before it was sent. Nothing was charged."_s);
        m_pumpTimer->start(0);
        return;
    }
    if (job->state != JobState::Submitted && job->state != JobState::Downloading
        && job->state != JobState::Submitting)
        return;
    clearRuntime(id);
    setState(*job, JobState::Stopped,
             u"Paddock stopped waiting. The job still runs on the service and will be billed."_s);
    m_pumpTimer->start(0);
}

void JobQueue::resumeWaiting(qint64 id)
{
    Job *job = find(id);
    if (!job || job->state != JobState::Stopped || job->requestId.isEmpty())
        return;
    job->error.clear();
    job->errorKind = ApiError::Kind::None;
    if (job->outputUrl.isValid()) {
        setState(*job, JobState::Downloading);
        startDownload(id);
        return;
    }
    setState(*job, JobState::Submitted);
    poll(id, false);
}

qint64 JobQueue::retryAsNew(qint64 id)
{
    const Job *job = this->job(id);
    return job ? enqueue(job->request) : 0;
}

void JobQueue::retryDownload(qint64 id)
{
    Job *job = find(id);
    if (!job || !job->outputUrl.isValid() || job->state == JobState::Downloading || job->state == JobState::Ready)
        return;
    job->downloadAttempts = 0;
    job->error.clear();
    job->errorKind = ApiError::Kind::None;
    setState(*job, JobState::Downloading);
    startDownload(id);
}

qint64 JobQueue::reattach(const Job &stored)
{
    if (stored.id == 0 || m_jobs.contains(stored.id))
        return 0;
    m_jobs.insert(stored.id, stored);
    m_order.append(stored.id);
    Job &job = m_jobs[stored.id];
    Q_EMIT jobAdded(job.id);

    switch (job.state) {
    case JobState::Queued:
        m_pumpTimer->start(0); // never sent: safe to send now
        break;
    case JobState::Submitting:
        if (job.requestId.isEmpty() && !job.submittedAt.isValid()) {
            // send() records submittedAt before the POST leaves: without it the body was still being prepared,
            // nothing was sent and nothing can exist on the service, so it is safe (and owed) to send it now.
            setState(job, JobState::Queued);
            m_pumpTimer->start(0);
            break;
        }
        if (job.requestId.isEmpty()) {
            setState(job, JobState::Unknown,
                     u"Paddock stopped while sending this job, so it may exist and be billed. Check your Segmind "
                     u"dashboard before sending it again."_s);
            break;
        }
        [[fallthrough]];
    case JobState::Submitted:
    case JobState::Downloading:
        if (job.outputUrl.isValid()) {
            if (job.state != JobState::Downloading)
                setState(job, JobState::Downloading);
            startDownload(job.id);
        } else if (elapsedSinceSubmitMs(job) > m_settings.requestRetentionMs) {
            setState(job, JobState::Expired,
                     u"Paddock was closed for longer than the service keeps results (one hour). The record is "
                     u"kept."_s);
        } else {
            if (job.state != JobState::Submitted)
                setState(job, JobState::Submitted);
            schedule(job.id, Action::Poll, 0);
        }
        break;
    default:
        break; // final states stay as they are
    }
    return job.id;
}

void JobQueue::pauseUntil(const QDateTime &until, const QString &reason)
{
    if (m_pausedUntil.isValid() && m_pausedUntil >= until)
        return;
    m_pausedUntil = until;
    m_pauseReason = reason;
    Q_EMIT paused(reason, until);
    m_pumpTimer->start(int(qMax<qint64>(1, now().msecsTo(until))));
}

void JobQueue::block(const QString &reason)
{
    if (m_blocked)
        return;
    m_blocked = true;
    m_pauseReason = reason;
    // Jobs waiting for their next call say why they wait now, instead of an earlier "Retrying in 2 s".
    for (qint64 id : std::as_const(m_order)) {
        Job *job = find(id);
        const Runtime runtime = m_runtime.value(id);
        if (job->state == JobState::Submitted && !runtime.call && !job->note.isEmpty()) {
            job->note = u"Paused: %1"_s.arg(reason);
            changed(*job);
        }
    }
    Q_EMIT paused(reason, {});
}

void JobQueue::resume()
{
    if (!m_blocked)
        return;
    m_blocked = false;
    m_pauseReason.clear();
    Q_EMIT resumed();
    for (qint64 id : std::as_const(m_order)) {
        Job *job = find(id);
        if (job->state != JobState::Submitted && job->state != JobState::Downloading)
            continue;
        // Only jobs whose next step was dropped while blocked need a new start; one with a call, a download
        // or a timer under way carries on by itself (starting it again would download the clip twice).
        const Runtime runtime = m_runtime.value(id);
        if (runtime.call || runtime.download || (runtime.timer && runtime.timer->isActive()))
            continue;
        job->note.clear();
        schedule(id, runtime.next, 0);
    }
    m_pumpTimer->start(0);
}

void JobQueue::clearRuntime(qint64 id)
{
    auto it = m_runtime.find(id);
    if (it == m_runtime.end())
        return;
    ++it->generation;
    if (it->timer)
        it->timer->stop();
    if (it->call)
        it->call->abort();
    if (it->download) {
        it->download->abort();
        it->download->deleteLater();
    }
    it->call = nullptr;
    it->download = nullptr;
    it->retryAttempt = 0;
}
