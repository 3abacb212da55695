#include "storyboard/ChainRunner.h"

#include "jobs/JobQueue.h"
#include "library/Library.h"
#include "media/LastFrame.h"

#include <QFile>
#include <QFutureWatcher>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// What reading a take's last frame gave: the PNG kept in the library's images, or why there is none.
struct Extracted
{
    QString png;
    QString why;
};

// Runs off the GUI thread: decodes the clip's last frame, writes it losslessly and keeps it by its content.
Extracted extractLastFrame(const QString &clipPath, const QString &imagesDirectory)
{
    Extracted result;
    const std::optional<QImage> image = LastFrame::lastFrame(clipPath, &result.why);
    if (!image)
        return result;
    const QString temporary =
        imagesDirectory + u"/last-frame-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces) + u".png"_s;
    if (LastFrame::saveLossless(*image, temporary, &result.why))
        result.png = Library::storeImageFile(imagesDirectory, temporary, &result.why);
    QFile::remove(temporary);
    return result;
}

bool hasRunningTake(const Shot &shot)
{
    return std::any_of(shot.takes.cbegin(), shot.takes.cend(),
                       [](const StoryboardTake &t) { return !isFinalState(t.state); });
}

} // namespace

ChainRunner::ChainRunner(Library *library, JobQueue *queue, qint64 storyboardId, QObject *parent)
    : QObject(parent), m_library(library), m_queue(queue), m_storyboardId(storyboardId)
{
    // Any job that ends may be a take this chain waits for (after a restart, the queue re-attached them).
    connect(m_queue, &JobQueue::jobStateChanged, this, [this](qint64 id, JobState state) {
        if (!isFinalState(state))
            return;
        if (const auto sent = m_sent.constFind(id); sent != m_sent.cend() && state != JobState::Ready) {
            const Storyboard board = storyboard();
            const int index = board.indexOfShot(sent.value());
            const Job *job = m_queue->job(id);
            const QString reason = job && !job->error.isEmpty() ? job->error : jobStateText(state);
            Q_EMIT shotFailed(index, u"The take of shot %1 did not finish: %2"_s.arg(index + 1).arg(reason));
        }
        // Also a take this runner sent after it had nothing more to send: it is chosen once ready.
        if (isRunning() || m_sent.contains(id))
            scheduleAdvance();
    });
}

ChainRunner::~ChainRunner() = default;

Storyboard ChainRunner::storyboard() const
{
    return m_library->storyboard(m_storyboardId).value_or(Storyboard());
}

void ChainRunner::scheduleAdvance()
{
    // Later, from the event loop: enqueueing and choosing emit signals that would otherwise call back into advance().
    if (m_advanceScheduled)
        return;
    m_advanceScheduled = true;
    QMetaObject::invokeMethod(this, [this] {
        m_advanceScheduled = false;
        advance();
    }, Qt::QueuedConnection);
}

int ChainRunner::plan(bool includeStale)
{
    const Storyboard board = storyboard();
    int added = 0;
    for (int index : StoryboardRules::shotsToGenerate(board, includeStale)) {
        const qint64 shotId = board.shots.at(index).id;
        if (!isPending(shotId)) {
            addPending(shotId, false);
            ++added;
        }
    }
    scheduleAdvance();
    return added;
}

void ChainRunner::addPending(qint64 shotId, bool newTake)
{
    m_pending << Pending{shotId, newTake};
    m_busy = true;
    QString error;
    if (!m_library->setShotWaiting(shotId, newTake ? Shot::Waiting::NewTake : Shot::Waiting::Take, &error))
        Q_EMIT progress(error);
}

int ChainRunner::generateAll(bool includeStale)
{
    return plan(includeStale);
}

int ChainRunner::resume()
{
    int added = 0;
    for (const Shot &shot : storyboard().shots) {
        if (shot.waiting != Shot::Waiting::No && !isPending(shot.id)) {
            addPending(shot.id, shot.waiting == Shot::Waiting::NewTake);
            ++added;
        }
    }
    scheduleAdvance();
    return added;
}

bool ChainRunner::generateShot(int shotIndex, QString *error)
{
    const Storyboard board = storyboard();
    if (shotIndex < 0 || shotIndex >= board.shots.size()) {
        *error = u"There is no shot %1 in this storyboard."_s.arg(shotIndex + 1);
        return false;
    }
    const qint64 shotId = board.shots.at(shotIndex).id;
    if (isPending(shotId)) {
        *error = u"Shot %1 is already waiting to be sent."_s.arg(shotIndex + 1);
        return false;
    }
    addPending(shotId, true);
    scheduleAdvance();
    return true;
}

bool ChainRunner::chooseTake(int shotIndex, qint64 generationId, QString *error)
{
    const Storyboard board = storyboard();
    if (shotIndex < 0 || shotIndex >= board.shots.size()) {
        *error = u"There is no shot %1 in this storyboard."_s.arg(shotIndex + 1);
        return false;
    }
    if (!m_library->chooseTake(board.shots.at(shotIndex).id, generationId, error))
        return false;
    Storyboard chosen = storyboard();
    markStale(chosen);
    return true;
}

void ChainRunner::updateStale()
{
    Storyboard board = storyboard();
    markStale(board);
}

void ChainRunner::markStale(Storyboard &board)
{
    const QList<int> stale = StoryboardRules::staleShots(board);
    QList<qint64> ids;
    bool changed = false;
    for (int i = 0; i < board.shots.size(); ++i) {
        Shot &shot = board.shots[i];
        const bool isStale = stale.contains(i);
        if (isStale)
            ids << shot.id;
        changed = changed || shot.stale != isStale;
        shot.stale = isStale;
    }
    QString error;
    if (changed && !m_library->setStaleShots(board.id, ids, &error))
        Q_EMIT progress(error);
}

bool ChainRunner::chooseReadyTakes(Storyboard &board)
{
    bool changed = false;
    for (int i = 0; i < board.shots.size(); ++i) {
        Shot &shot = board.shots[i];
        const qint64 basis = StoryboardRules::basisFor(board, i);
        const StoryboardTake *chosen = shot.chosen();
        const bool chosenReady = chosen && chosen->state == JobState::Ready;
        // The first Ready take of a shot without one; and for a shot made again because it was stale, the new take
        // made from what it continues from now.
        const bool outdated = chosenReady && StoryboardRules::continuesFromPrevious(board, i)
                              && chosen->basedOn != basis;
        if (chosen && !outdated)
            continue; // a chosen take, ready or on its way, stays chosen
        const auto ready = std::find_if(shot.takes.cbegin(), shot.takes.cend(), [&](const StoryboardTake &t) {
            return t.state == JobState::Ready && (!outdated || t.basedOn == basis);
        });
        if (ready == shot.takes.cend())
            continue;
        QString error;
        if (!m_library->chooseTake(shot.id, ready->generationId, &error)) {
            Q_EMIT progress(error);
            continue;
        }
        shot.chosenTake = ready->generationId;
        shot.basedOn = ready->basedOn;
        changed = true;
        Q_EMIT progress(u"Shot %1: its take is ready."_s.arg(i + 1));
    }
    return changed;
}

bool ChainRunner::alreadySent(const Storyboard &board, int index, const Pending &pending) const
{
    if (pending.newTake)
        return false;
    // A take already on its way (or done) from the same starting point: sending again would bill twice.
    const qint64 basis = StoryboardRules::basisFor(board, index);
    const bool linked = StoryboardRules::continuesFromPrevious(board, index);
    const Shot &shot = board.shots.at(index);
    return std::any_of(shot.takes.cbegin(), shot.takes.cend(), [&](const StoryboardTake &t) {
        return t.isLive() && (!linked || t.basedOn == basis);
    });
}

bool ChainRunner::isPending(qint64 shotId) const
{
    return std::any_of(m_pending.cbegin(), m_pending.cend(), [shotId](const Pending &p) { return p.shotId == shotId; });
}

void ChainRunner::removePending(qint64 shotId)
{
    if (m_pending.removeIf([shotId](const Pending &p) { return p.shotId == shotId; }) == 0)
        return;
    QString error;
    if (!m_library->setShotWaiting(shotId, Shot::Waiting::No, &error))
        Q_EMIT progress(error);
}

void ChainRunner::advance()
{
    std::optional<Storyboard> found = m_library->storyboard(m_storyboardId);
    if (!found) {
        m_pending.clear();
        if (std::exchange(m_busy, false)) {
            Q_EMIT progress(u"The storyboard was deleted; nothing more is sent."_s);
            Q_EMIT finished();
        }
        return;
    }
    Storyboard &board = *found;
    chooseReadyTakes(board);
    markStale(board);

    const QList<Pending> pending = m_pending;
    for (const Pending &p : pending) {
        if (!isPending(p.shotId))
            continue; // dropped on the way, with the shot it continues from
        const int index = board.indexOfShot(p.shotId);
        if (index < 0) {
            removePending(p.shotId);
            continue;
        }
        if (m_extracting.contains(p.shotId))
            continue;
        if (!StoryboardRules::continuesFromPrevious(board, index)) {
            removePending(p.shotId);
            if (!alreadySent(board, index, p) && send(board, index, 0, QString()))
                board = m_library->storyboard(m_storyboardId).value_or(board); // the shots after it see its take
            continue;
        }
        const Shot &previous = board.shots.at(index - 1);
        const bool previousComing =
            m_extracting.contains(previous.id) || hasRunningTake(previous) || isPending(previous.id);
        if (previous.hasChosenReadyTake() && !(previous.stale && previousComing)) {
            if (alreadySent(board, index, p)) {
                removePending(p.shotId);
                continue;
            }
            startExtraction(board, index);
        } else if (previousComing) {
            Q_EMIT progress(u"Shot %1 waits for the take of shot %2."_s.arg(index + 1).arg(index));
        } else {
            dropWithFollowers(board, index,
                              u"Shot %1 continues from shot %2, which has no finished take. Generate shot %2 "
                              u"first, or choose one of its takes."_s.arg(index + 1).arg(index));
        }
    }
    if (m_busy && !isRunning()) {
        m_busy = false;
        Q_EMIT progress(u"Every shot asked for has been sent."_s);
        Q_EMIT finished();
    }
}

void ChainRunner::startExtraction(const Storyboard &board, int index)
{
    const Shot &shot = board.shots.at(index);
    const qint64 basis = StoryboardRules::basisFor(board, index);
    const std::optional<Job> previousTake = m_library->job(basis);
    if (!previousTake || previousTake->clipPath.isEmpty()) {
        dropWithFollowers(board, index, u"The clip of shot %1's take is missing, so shot %2 cannot continue from "
                                        u"it."_s.arg(index).arg(index + 1));
        return;
    }
    m_extracting.insert(shot.id);
    Q_EMIT progress(u"Shot %1: reading the last frame of shot %2."_s.arg(index + 1).arg(index));
    auto *watcher = new QFutureWatcher<Extracted>(this);
    const qint64 shotId = shot.id;
    connect(watcher, &QFutureWatcher<Extracted>::finished, this, [this, watcher, shotId, basis] {
        const Extracted result = watcher->result();
        watcher->deleteLater();
        extracted(shotId, basis, result.png, result.why);
    });
    watcher->setFuture(QtConcurrent::run(extractLastFrame, previousTake->clipPath, m_library->imagesDirectory()));
}

void ChainRunner::extracted(qint64 shotId, qint64 basis, const QString &png, const QString &why)
{
    m_extracting.remove(shotId);
    const Storyboard board = storyboard();
    const int index = board.indexOfShot(shotId);
    const auto pending = std::find_if(m_pending.cbegin(), m_pending.cend(),
                                      [shotId](const Pending &p) { return p.shotId == shotId; });
    if (index < 0 || pending == m_pending.cend()) {
        removePending(shotId);
    } else if (png.isEmpty()) {
        dropWithFollowers(board, index, u"The last frame of shot %1 could not be read, so shot %2 was not sent: %3"_s
                                            .arg(index).arg(index + 1).arg(why));
    } else if (StoryboardRules::basisFor(board, index) == basis) {
        if (!alreadySent(board, index, *pending))
            send(board, index, basis, png);
        removePending(shotId);
    }
    // Otherwise another take was chosen meanwhile: the next pass reads that one's last frame.
    scheduleAdvance();
}

bool ChainRunner::send(const Storyboard &board, int index, qint64 basis, const QString &png)
{
    const Shot &shot = board.shots.at(index);
    const qint64 id = m_queue->enqueue(StoryboardRules::requestFor(board, index, png));
    if (id == 0) {
        dropWithFollowers(board, index, u"Shot %1 could not be written to the library, so it was not sent. Check "
                                        u"the free disk space."_s.arg(index + 1));
        return false;
    }
    // Recorded at once, before the queue can send it: a runner started after a crash sees the take and does not
    // send the shot again.
    QString error;
    if (!m_library->addTake(shot.id, id, basis, &error))
        Q_EMIT shotFailed(index, error);
    m_sent.insert(id, shot.id);
    Q_EMIT progress(u"Shot %1 sent."_s.arg(index + 1));
    Q_EMIT shotSent(index, id);
    return true;
}

void ChainRunner::dropWithFollowers(const Storyboard &board, int index, const QString &message)
{
    removePending(board.shots.at(index).id);
    Q_EMIT shotFailed(index, message);
    for (int next = index + 1; StoryboardRules::continuesFromPrevious(board, next); ++next) {
        const qint64 shotId = board.shots.at(next).id;
        if (!isPending(shotId))
            break;
        removePending(shotId);
        Q_EMIT shotFailed(next, u"Shot %1 was not sent: it continues from shot %2."_s.arg(next + 1).arg(next));
    }
}
