#pragma once

#include "jobs/Job.h"
#include "storyboard/Storyboard.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

class JobQueue;
class Library;

// Generates a storyboard's shots through the job queue, each linked shot from its predecessor's chosen take: it waits
// for that take to be Ready (a shot's first Ready take is chosen when none is), extracts its exact last frame off
// the GUI thread into the library's images, and sends the shot as image-to-video from it. Everything it knows is in
// the library (the takes of each shot, what each was made from), so a new runner after a crash carries on with
// resume(), and a shot that already has its take is never sent again. Nothing is sent but what was asked for:
// choosing another take marks the shots after it stale, and only generateAll(true) or generateShot() makes them again.
class ChainRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChainRunner)

public:
    // The library must be the queue's job store.
    ChainRunner(Library *library, JobQueue *queue, qint64 storyboardId, QObject *parent = nullptr);
    ~ChainRunner() override;

    // The storyboard as the library has it now (empty when it is gone).
    Storyboard storyboard() const;

    // Sends every shot without a take, in order (and the stale ones when includeStale), each linked one once its
    // predecessor's take is ready. Returns how many shots are to be sent; see StoryboardRules::priceOfGenerateAll.
    int generateAll(bool includeStale = false);
    // One more take of one shot (shot by shot), sent once its predecessor's take is ready.
    bool generateShot(int shotIndex, QString *error);
    // After a restart: goes on with the shots that were asked for and not yet sent (the library keeps them), and
    // nothing else. Returns how many.
    int resume();

    // Makes generationId the chosen take of shot shotIndex and marks the shots that depend on it stale. Nothing
    // is sent.
    bool chooseTake(int shotIndex, qint64 generationId, QString *error);

    // Marks the shots stale whose chosen take continues from a take no longer chosen before them (after shots were
    // moved, removed or unlinked). Nothing is sent.
    void updateStale();

    // Shots are still to be sent by this runner.
    bool isRunning() const { return !m_pending.isEmpty() || !m_extracting.isEmpty(); }

Q_SIGNALS:
    // What the chain is doing, in plain words: "Shot 2 waits for shot 1's take.".
    void progress(const QString &message);
    void shotSent(int shotIndex, qint64 generationId);
    // A shot that could not be sent, or whose take failed; the shots continuing from it are not sent either.
    void shotFailed(int shotIndex, const QString &message);
    // Nothing more to send.
    void finished();

private:
    struct Pending
    {
        qint64 shotId = 0;
        bool newTake = false; // send a take even though the shot has one made from the same basis
    };

    void scheduleAdvance();
    void advance();
    bool isPending(qint64 shotId) const;
    void addPending(qint64 shotId, bool newTake);
    void removePending(qint64 shotId);
    bool chooseReadyTakes(Storyboard &board);
    bool alreadySent(const Storyboard &board, int index, const Pending &pending) const;
    void startExtraction(const Storyboard &board, int index);
    void extracted(qint64 shotId, qint64 basis, const QString &png, const QString &why);
    bool send(const Storyboard &board, int index, qint64 basis, const QString &png);
    void dropWithFollowers(const Storyboard &board, int index, const QString &message);
    void markStale(Storyboard &board);
    int plan(bool includeStale);

    Library *m_library;
    JobQueue *m_queue;
    qint64 m_storyboardId;
    QList<Pending> m_pending;      // in shot order as asked
    QSet<qint64> m_extracting;     // shot ids whose predecessor's last frame is being read
    QHash<qint64, qint64> m_sent;  // generation id -> shot id, for the takes this runner follows
    bool m_advanceScheduled = false;
    bool m_busy = false;           // asked to send something and not yet told finished()
};
