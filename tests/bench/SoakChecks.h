#pragma once

#include "jobs/Job.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <utility>

// The fault soak's invariants, each a function of what is on disk or what the simulator saw, so that every one
// can be read on its own. Failures are collected, not thrown: the soak prints all of them and exits non-zero.

// Every failed invariant, in plain words.
class SoakVerdict final
{
public:
    void check(bool holds, const QString &what)
    {
        if (!holds)
            m_failures << what;
    }
    bool passed() const { return m_failures.isEmpty(); }
    const QStringList &failures() const { return m_failures; }

private:
    QStringList m_failures;
};

// The library as a crash left it, read while no job runner runs.
struct LibrarySnapshot
{
    QHash<qint64, Job> jobs; // by local id
    int rows = -1;           // every generation row, hidden ones included
    QString integrity;       // PRAGMA integrity_check
    QString error;
};
LibrarySnapshot readLibrary(const QString &directory);

// The soak's job number of a job (its negative prompt is "job <n>"), or 0.
int soakNumber(const Job &job);

// After each run: the library is sound, holds every job once, and no job that had ended has changed since.
void checkSnapshot(const LibrarySnapshot &previous, const LibrarySnapshot &now, int jobs, SoakVerdict &verdict);

// At the end: every job in a final state, with an end time; a runner saw each end at most once, and as it is stored.
void checkEnds(const LibrarySnapshot &library, const QList<std::pair<qint64, QString>> &ended, int jobs,
               SoakVerdict &verdict);

// What the simulator saw against what the library says, from paddock-sim's statistics (SimServer::stats()).
struct PostFigures
{
    int posts = 0;               // POSTs to the model the simulator received
    int rateLimited = 0;         // answered 429: nothing created, and the client was told so (sending again is owed)
    int reached = 0;             // jobs whose POST reached the simulator (each at most once)
    int created = 0;             // jobs the simulator created (billed if they complete)
    int orphans = 0;             // created, but the answer never reached the library: shown "unknown — may be billed"
    QMap<QString, int> outcomes; // POSTs by outcome
};
PostFigures checkPosts(const QJsonObject &stats, const LibrarySnapshot &library, SoakVerdict &verdict);

// Every ready clip is a whole MP4 inside the clips folder, no two jobs share one, and no half-written file is left.
struct ClipFigures
{
    int clips = 0;
    int leftoverParts = 0;
    int unreferenced = 0; // whole clips on disk that no ready job shows (a kill between the rename and the save)
};
ClipFigures checkClips(const LibrarySnapshot &library, const QString &clipsDirectory, SoakVerdict &verdict);
