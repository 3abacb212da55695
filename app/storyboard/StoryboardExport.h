#pragma once

#include "jobs/Job.h"
#include "library/Library.h"
#include "storyboard/Storyboard.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// A storyboard written out as a folder: its film (film.mp4), every take of every shot that has a clip
// ("Shot 01 - Take 2 - Dusk gallop.mp4"), and storyboard.json: the storyboard's recipe (StoryboardFilm::storyboardJson)
// with, for each shot, its take files and which one is chosen. Nothing in it names a place on this computer. Made in
// two steps: exportPlan() on the GUI thread reads the library, write() off it copies the files.
namespace StoryboardExport {

inline constexpr auto kJsonName = "storyboard.json";
inline constexpr auto kFilmName = "film.mp4";

// One take of a shot as the export writes it.
struct TakeFile
{
    qint64 generationId = 0;
    JobState state = JobState::Queued;
    bool chosen = false;
    QString source;   // its clip in the library; empty when it has none (the take is listed without a file)
    QString fileName; // in the folder; empty when it has no clip
};

struct ExportPlan
{
    Storyboard board;
    QList<LibraryEntry> chosenTakes; // per shot, in order; an entry without an id where none is chosen
    QList<QList<TakeFile>> takes;    // per shot, in the order its takes were made
    QString film;                    // the film to copy, empty when there is none
};

// "Shot 01 - Take 1 - <start of the prompt>.mp4" for take takeIndex (0-based) of shot shotIndex of shotCount.
QString fileNameFor(int shotIndex, int shotCount, int takeIndex, const QString &prompt);

// Reads the library (on the thread that opened it) but no media file: each take's state and clip, and the film at
// filmPath when it is a file in the library (see StoryboardFilm::filmPath).
ExportPlan exportPlan(const Storyboard &board, const Library &library, const QString &filmPath);

// storyboard.json for plan: StoryboardFilm::storyboardJson with "take_files" per shot ({"file", "chosen", "state"}),
// "film" ("film.mp4" or null) and "exported". Hashes the takes' input images: call it off the GUI thread.
QJsonObject storyboardJson(const ExportPlan &plan, const QDateTime &exportedAt);

// True when folder may be written: it does not exist, is empty, or holds an earlier storyboard export.
bool canWriteInto(const QString &folder, QString *why);

// Writes the folder, each file through a temporary name then renamed; an earlier export there is replaced (the
// files it had that this one does not write are removed). A clip that has gone missing since the plan is refused in
// plain words before anything is written. Blocks: call it off the GUI thread.
bool write(const ExportPlan &plan, const QString &folder, QString *error);

} // namespace StoryboardExport
