#include "session/Session.h"

#include "api/SegmindClient.h"
#include "jobs/JobStore.h"
#include "library/Library.h"
#include "library/Recipe.h"
#include "media/ClipRecipe.h"

#include <QNetworkAccessManager>
#include <QTimer>

using namespace Qt::StringLiterals;

Session::Session(const BackendChoice &backend, const QString &apiKey, const JobQueueSettings &queueSettings,
                 JobStore *store, QObject *parent)
    : QObject(parent), m_backend(backend), m_network(new QNetworkAccessManager(this)),
      m_client(new SegmindClient(m_network, this))
{
    m_client->setBaseUrl(backend.endpoint, &m_endpointProblem);
    m_client->setApiKey(apiKey);
    if (!store) {
        m_ownStore = std::make_unique<MemoryJobStore>();
        store = m_ownStore.get();
    }
    m_store = store;
    m_queue = new JobQueue(m_client, store, queueSettings, this);
    connect(m_queue, &JobQueue::jobStateChanged, this, &Session::summaryChanged);
    connect(m_queue, &JobQueue::jobAdded, this, &Session::summaryChanged);
    connect(m_queue, &JobQueue::paused, this, &Session::summaryChanged);
    connect(m_queue, &JobQueue::resumed, this, &Session::summaryChanged);

    // A finished job changes the balance; several finishing together are one refresh.
    m_balanceTimer = new QTimer(this);
    m_balanceTimer->setSingleShot(true);
    m_balanceTimer->setInterval(1000);
    connect(m_balanceTimer, &QTimer::timeout, this, &Session::refreshBalance);
    connect(m_queue, &JobQueue::jobStateChanged, this, [this](qint64, JobState state) {
        if (state == JobState::Ready || state == JobState::Failed)
            m_balanceTimer->start();
    });
}

void Session::refreshBalance()
{
    m_client->fetchCredits(this, [this](const Credits &credits, const ApiError &error) {
        if (error.isError()) {
            // The balance once known is no longer current: never shown as if it were.
            m_balanceCents.reset();
            m_balanceUnreadable = error.kind == ApiError::Kind::MalformedResponse;
            m_balanceProblem = error.message;
        } else {
            m_balanceUnreadable = false;
            m_balanceCents = credits.totalCents();
            m_balanceProblem.clear();
        }
        Q_EMIT balanceChanged();
    });
}

qint64 Session::committedCents() const
{
    qint64 cents = 0;
    for (qint64 id : m_queue->jobIds()) {
        const Job *job = m_queue->job(id);
        if (!job)
            continue;
        const qint64 price = job->chargedCents >= 0 ? job->chargedCents : job->estimatedCents;
        const bool finishedOnTheService = job->completedAt.isValid();
        switch (job->state) {
        case JobState::Failed:
        case JobState::Expired:
            cents += finishedOnTheService ? price : 0; // a paid clip whose download failed or expired
            break;
        default:
            cents += price;
            break;
        }
    }
    return cents;
}

Session::~Session()
{
    // The queue's callbacks refer to the client and the store: it goes first.
    delete m_queue;
    m_queue = nullptr;
}

QString Session::serviceName(const BackendChoice &backend)
{
    return backend.kind == BackendChoice::Kind::Demo ? u"demo"_s
                                                     : backend.endpoint.adjusted(QUrl::StripTrailingSlash).toString();
}

JobQueueSettings Session::queueSettingsFor(const BackendChoice &backend, const QString &downloadDirectory)
{
    JobQueueSettings settings;
    settings.downloadDirectory = downloadDirectory;
    settings.service = serviceName(backend);
    // Every clip kept carries how it was made, so that it still says so once it leaves Paddock. A clip that cannot
    // be rewritten (the remux refused it) is kept as it came.
    settings.finishClip = [](const Job &job, const QString &clipPath) {
        LibraryEntry entry;
        entry.job = job;
        QString error;
        if (!ClipRecipe::writeRecipe(clipPath, clipPath, Recipe::recipeBytes(entry), &error))
            qWarning("paddock: job %lld: the recipe was not written into its clip: %s", job.id, qPrintable(error));
    };
    if (backend.kind == BackendChoice::Kind::Demo) {
        // The embedded simulator finishes a job in about 8 s: the same polling shape, 150/8 times faster.
        constexpr double kDemoJobSeconds = 8.0;
        settings.poll = PollPolicy().scaled(kDemoJobSeconds / 150.0);
        settings.msPerOutputSecond = kDemoJobSeconds * 1000.0 / 5.0;
        settings.retryBaseMs = 250;
        settings.retryCapMs = 5000;
    }
    return settings;
}

int Session::resumeUnfinished(const QList<Job> &jobs)
{
    const QString service = m_queue->settings().service;
    int resumed = 0;
    for (Job job : jobs) {
        // Sent means the POST may have left: a job saved as Submitting before that moment never did.
        const bool sent = job.submittedAt.isValid() || !job.requestId.isEmpty();
        if (job.service == u"demo"_s && sent) {
            job.state = JobState::Expired;
            job.finishedAt = QDateTime::currentDateTimeUtc();
            job.error = u"This demo job was still running when Paddock closed, and the simulator that ran it "
                        u"stopped with it. Nothing was charged; the record is kept."_s;
            QString error;
            if (!m_store->saveJob(job, &error))
                qWarning("Could not record an ended demo job: %s", qPrintable(error));
            continue;
        }
        if (job.service != service)
            continue; // another service's job: it waits for a run that uses that service
        if (m_queue->reattach(job) != 0)
            ++resumed;
    }
    Q_EMIT summaryChanged();
    return resumed;
}

int Session::runningCount() const
{
    int count = 0;
    for (qint64 id : m_queue->jobIds()) {
        if (const Job *job = m_queue->job(id); job && job->isRunning())
            ++count;
    }
    return count;
}

int Session::sentAndUnfinishedCount() const
{
    int count = 0;
    for (qint64 id : m_queue->jobIds()) {
        const Job *job = m_queue->job(id);
        if (job && job->isRunning() && job->state != JobState::Queued)
            ++count;
    }
    return count;
}

qint64 Session::spentCents() const
{
    qint64 cents = 0;
    for (qint64 id : m_queue->jobIds()) {
        const Job *job = m_queue->job(id);
        if (!job || !job->completedAt.isValid())
            continue; // only jobs the service finished are billed
        cents += job->chargedCents >= 0 ? job->chargedCents : job->estimatedCents;
    }
    return cents;
}
