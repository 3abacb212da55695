#include "jobs/JobListModel.h"

#include "api/SafeText.h"
#include "jobs/JobQueue.h"
#include "media/PosterCache.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

// Thumbnails are painted at most about 120 px wide in the list; twice that keeps them sharp on HiDPI screens.
constexpr QSize kThumbnailSize(256, 256);
// The tooltip shows what the service reads; anything past its limit is cut by the service anyway.
constexpr int kMaxTooltipPrompt = GenerationRequest::kMaxPromptCharacters;

bool canStopWaiting(JobState state)
{
    return state == JobState::Queued || state == JobState::Submitting || state == JobState::Submitted ||
           state == JobState::Downloading;
}

// Mirrors JobQueue::stopWaiting(): only a job whose POST has not left yet can be stopped for free.
bool stopIsBilled(const Job &job)
{
    return canStopWaiting(job.state) && job.state != JobState::Queued &&
           !(job.state == JobState::Submitting && !job.submittedAt.isValid());
}

bool canDownloadAgain(const Job &job)
{
    return job.state == JobState::Failed && job.downloadFailed && job.outputUrl.isValid();
}

} // namespace

JobListModel::JobListModel(JobQueue *queue, QObject *parent)
    : QAbstractListModel(parent), m_queue(queue), m_posters(new PosterCache(kThumbnailSize, this))
{
    m_ticker = new QTimer(this);
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &JobListModel::tick);
    connect(m_posters, &PosterCache::imageReady, this, &JobListModel::onPosterReady);
    if (!m_queue)
        return;
    // Clips are opened for posters only from the queue's own folder.
    m_posters->setAllowedDirectory(m_queue->settings().downloadDirectory);

    const QList<qint64> ids = m_queue->jobIds();
    for (qint64 id : ids) {
        if (const Job *job = m_queue->job(id)) {
            m_rows.insert(id, int(m_ids.size()));
            m_ids.append(id);
            m_snapshots.append(snapshotOf(*job));
            if (m_snapshots.last().running)
                ++m_runningCount;
        }
    }
    connect(m_queue, &JobQueue::jobAdded, this, &JobListModel::onJobAdded);
    connect(m_queue, &JobQueue::jobChanged, this, &JobListModel::refresh);
    connect(m_queue, &JobQueue::jobStateChanged, this, [this](qint64 id, JobState) { refresh(id); });
    connect(m_queue, &JobQueue::downloadProgress, this, [this](qint64 id, qint64, qint64) { refresh(id); });
    connect(m_queue, &QObject::destroyed, this, [this] {
        beginResetModel();
        m_ids.clear();
        m_rows.clear();
        m_snapshots.clear();
        m_runningCount = 0;
        endResetModel();
        updateTicking();
    });
    updateTicking();
}

JobListModel::~JobListModel() = default;

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

JobQueue *JobListModel::queue() const
{
    return m_queue;
}

qint64 JobListModel::jobId(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : 0;
}

int JobListModel::rowOf(qint64 jobId) const
{
    return m_rows.value(jobId, -1);
}

QModelIndex JobListModel::indexOf(qint64 jobId) const
{
    const int row = rowOf(jobId);
    return row < 0 ? QModelIndex() : index(row);
}

void JobListModel::setTickInterval(int ms)
{
    m_ticker->setInterval(qMax(1, ms));
}

QHash<int, QByteArray> JobListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{JobIdRole, "jobId"},
                  {StateRole, "state"},
                  {StateTextRole, "stateText"},
                  {PromptRole, "prompt"},
                  {ModeTextRole, "modeText"},
                  {SettingsTextRole, "settingsText"},
                  {ElapsedTextRole, "elapsedText"},
                  {ProgressRole, "progress"},
                  {CostTextRole, "costText"},
                  {ErrorRole, "error"},
                  {ClipPathRole, "clipPath"},
                  {ThumbnailRole, "thumbnail"},
                  {CanStopWaitingRole, "canStopWaiting"},
                  {StopIsBilledRole, "stopIsBilled"},
                  {CanDownloadAgainRole, "canDownloadAgain"}});
    return names;
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_queue)
        return {};
    const Job *job = m_queue->job(m_ids.at(index.row()));
    if (!job)
        return {};

    switch (role) {
    case Qt::DisplayRole:
        return promptExcerpt(job->request.prompt);
    case Qt::ToolTipRole: {
        QString text = job->request.prompt.size() > kMaxTooltipPrompt
                           ? job->request.prompt.left(kMaxTooltipPrompt) + u'…'
                           : job->request.prompt;
        if (!job->error.isEmpty())
            text += u"\n\n"_s + SafeText::elide(job->error); // the whole of it under "Show error"
        return text;
    }
    case Qt::AccessibleTextRole:
        // What a screen reader says for the row: the painted text is not visible to it.
        return u"%1. %2. %3. %4"_s.arg(promptExcerpt(job->request.prompt), stateText(*job), costText(*job),
                                       elapsedTextOf(*job));
    case JobIdRole:
        return job->id;
    case StateRole:
        return QVariant::fromValue(job->state);
    case StateTextRole:
        return stateText(*job);
    case PromptRole:
        return job->request.prompt;
    case ModeTextRole: {
        const auto mode = job->request.mode();
        return mode ? GenerationRequest::modeName(*mode) : QString();
    }
    case SettingsTextRole:
        return settingsText(job->request);
    case ElapsedTextRole:
        return elapsedTextOf(*job);
    case ProgressRole:
        return progress(*job);
    case CostTextRole:
        return costText(*job);
    case ErrorRole:
        return job->error;
    case ClipPathRole:
        return job->state == JobState::Ready ? job->clipPath : QString();
    case ThumbnailRole:
        // Asked for lazily: only rows a view actually paints get a poster frame made.
        return job->state == JobState::Ready ? m_posters->image(job->clipPath) : QImage();
    case CanStopWaitingRole:
        return canStopWaiting(job->state);
    case StopIsBilledRole:
        return stopIsBilled(*job);
    case CanDownloadAgainRole:
        return canDownloadAgain(*job);
    default:
        return {};
    }
}

void JobListModel::onJobAdded(qint64 id)
{
    const Job *job = m_queue ? m_queue->job(id) : nullptr;
    if (!job || m_rows.contains(id))
        return;
    // The queue only ever appends (enqueue, reattach), so the list keeps its order by appending too.
    const int row = int(m_ids.size());
    beginInsertRows({}, row, row);
    m_ids.append(id);
    m_rows.insert(id, row);
    m_snapshots.append(snapshotOf(*job));
    if (m_snapshots.last().running)
        ++m_runningCount;
    endInsertRows();
    updateTicking();
}

JobListModel::Snapshot JobListModel::snapshotOf(const Job &job) const
{
    Snapshot s;
    s.state = job.state;
    s.stateText = stateText(job);
    s.costText = costText(job);
    s.error = job.error;
    s.clipPath = job.state == JobState::Ready ? job.clipPath : QString();
    const double p = progress(job);
    s.progressPermille = p < 0 ? -1 : int(p * 1000);
    s.running = job.isRunning();
    s.billedIfStopped = stopIsBilled(job);
    return s;
}

void JobListModel::refresh(qint64 id)
{
    const int row = rowOf(id);
    const Job *job = m_queue ? m_queue->job(id) : nullptr;
    if (row < 0 || !job)
        return;
    const Snapshot now = snapshotOf(*job);
    Snapshot &before = m_snapshots[row];

    QList<int> roles;
    if (now.state != before.state) {
        roles << StateRole << ElapsedTextRole << CanStopWaitingRole << CanDownloadAgainRole;
        if (now.state == JobState::Ready)
            m_posters->forget(job->clipPath); // a clip downloaded again may replace an older file at the same path
    }
    if (now.billedIfStopped != before.billedIfStopped)
        roles << StopIsBilledRole;
    if (now.stateText != before.stateText)
        roles << StateTextRole;
    if (now.costText != before.costText)
        roles << CostTextRole;
    if (now.error != before.error)
        roles << ErrorRole << Qt::ToolTipRole;
    if (!roles.isEmpty())
        roles << Qt::AccessibleTextRole;
    if (now.clipPath != before.clipPath)
        roles << ClipPathRole << ThumbnailRole;
    if (now.progressPermille != before.progressPermille)
        roles << ProgressRole;
    if (now.running != before.running)
        m_runningCount += now.running ? 1 : -1;
    before = now;

    if (!roles.isEmpty()) {
        const QModelIndex at = index(row);
        Q_EMIT dataChanged(at, at, roles);
    }
    updateTicking();
}

void JobListModel::onPosterReady(const QString &path)
{
    for (int row = 0; row < m_snapshots.size(); ++row) {
        if (m_snapshots.at(row).clipPath == path) {
            const QModelIndex at = index(row);
            Q_EMIT dataChanged(at, at, {ThumbnailRole});
        }
    }
}

void JobListModel::tick()
{
    // One signal per run of consecutive running rows: with many jobs, finished ones are never repainted.
    int first = -1;
    for (int row = 0; row <= m_snapshots.size(); ++row) {
        const bool running = row < m_snapshots.size() && m_snapshots.at(row).running;
        if (running && first < 0) {
            first = row;
        } else if (!running && first >= 0) {
            Q_EMIT dataChanged(index(first), index(row - 1), {ElapsedTextRole});
            first = -1;
        }
    }
}

void JobListModel::updateTicking()
{
    if (m_runningCount > 0 && !m_ticker->isActive())
        m_ticker->start();
    else if (m_runningCount == 0 && m_ticker->isActive())
        m_ticker->stop();
}

QString JobListModel::elapsedTextOf(const Job &job) const
{
    const QDateTime start = job.createdAt.isValid() ? job.createdAt : job.submittedAt;
    if (!start.isValid())
        return {};
    QDateTime end;
    if (job.isRunning())
        end = QDateTime::currentDateTimeUtc();
    else if (job.finishedAt.isValid())
        end = job.finishedAt;
    else
        return {};
    return elapsedText(start.msecsTo(end));
}

QString JobListModel::elapsedText(qint64 ms)
{
    const qint64 total = qMax<qint64>(0, ms) / 1000;
    const qint64 hours = total / 3600;
    const qint64 minutes = (total / 60) % 60;
    const qint64 seconds = total % 60;
    if (hours > 0)
        return u"%1:%2:%3"_s.arg(hours).arg(minutes, 2, 10, QChar(u'0')).arg(seconds, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(minutes).arg(seconds, 2, 10, QChar(u'0'));
}

QString JobListModel::promptExcerpt(const QString &prompt, int maxChars)
{
    // Only the head is looked at, so a prompt of 100,000 characters costs the same as a short one.
    const QString head = prompt.left(maxChars * 2).simplified();
    if (head.isEmpty())
        return u"(no prompt)"_s;
    if (head.size() <= maxChars && prompt.size() <= maxChars * 2)
        return head;
    QString cut = head.left(maxChars);
    const qsizetype space = cut.lastIndexOf(u' ');
    if (space > maxChars / 2)
        cut.truncate(space);
    return cut + u'…';
}

QString JobListModel::settingsText(const GenerationRequest &request)
{
    QStringList parts{u"%1 s"_s.arg(request.durationSeconds), Pricing::resolutionName(request.resolution)};
    // In image-to-video the first frame sets the shape and the aspect setting is not sent.
    if (request.mode() != GenerationRequest::Mode::ImageToVideo)
        parts << aspectRatioName(request.aspect);
    return parts.join(u" · "_s);
}

QString JobListModel::costText(const Job &job)
{
    const qint64 billed = job.chargedCents >= 0 ? job.chargedCents : job.estimatedCents;
    switch (job.state) {
    case JobState::Downloading:
    case JobState::Ready:
        return Pricing::formatCents(billed);
    case JobState::Failed:
        // Only a failed download follows a completed, billed job; every other failure costs nothing.
        return job.downloadFailed ? Pricing::formatCents(billed) : u"not charged"_s;
    case JobState::Expired:
        return job.completedAt.isValid() ? Pricing::formatCents(billed)
                                         : u"est. %1"_s.arg(Pricing::formatCents(job.estimatedCents));
    case JobState::Unknown:
        return u"maybe %1"_s.arg(Pricing::formatCents(job.estimatedCents));
    case JobState::Queued:
    case JobState::Submitting:
    case JobState::Submitted:
    case JobState::Stopped:
        break;
    }
    return job.chargedCents >= 0 ? Pricing::formatCents(job.chargedCents)
                                 : u"est. %1"_s.arg(Pricing::formatCents(job.estimatedCents));
}

QString JobListModel::stateText(const Job &job)
{
    QString text = jobStateText(job.state);
    if (job.state == JobState::Submitted && job.remoteStatus == u"QUEUED")
        text = u"In the service's queue"_s;
    const double p = progress(job);
    if (p >= 0)
        text += u" %1%"_s.arg(int(p * 100));
    if (job.state == JobState::Failed && job.downloadFailed)
        text = u"Download failed — paid for; choose Download again"_s;
    if (!job.note.isEmpty())
        text += u" — "_s + job.note;
    return text;
}

double JobListModel::progress(const Job &job)
{
    if (job.state != JobState::Downloading || job.bytesTotal <= 0)
        return -1;
    return qBound(0.0, double(job.bytesReceived) / double(job.bytesTotal), 1.0);
}
