#pragma once

#include "library/Library.h"
#include "media/Stitcher.h"
#include "storyboard/Storyboard.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// A storyboard's film: the chosen take of every shot, in order, joined into one MP4 that carries the storyboard's
// recipe (each shot's prompt and settings and its chosen take's recipe) as a metadata tag, so that the film alone
// says how it was made. Made in two steps: plan() on the GUI thread reads the library, make() off it reads and
// writes the media.
namespace StoryboardFilm {

// The film's tag: `ffprobe -show_format film.mp4` shows it as TAG:com.paddock.storyboard={...}.
inline constexpr char kMetadataKey[] = "com.paddock.storyboard";
inline constexpr int kVersion = 1;

// Where the library keeps a storyboard's film: <libraryDirectory>/films/storyboard-<id>.mp4.
QString filmPath(const QString &libraryDirectory, qint64 storyboardId);

// What make() joins, read from the library: every shot's chosen take, ready, with its clip in the library.
struct Plan
{
    Storyboard board;
    QStringList clips;         // one per shot, in order
    QList<qint64> takeIds;     // the chosen take of each shot
    QList<LibraryEntry> takes; // the same, as the library has them
    QString error;             // in plain words, naming the shot, when the film cannot be made

    bool ok() const { return error.isEmpty(); }
};

// Reads the library (on the thread that opened it) but no media file. Refuses a storyboard without shots and a
// shot whose chosen take is missing, not finished, failed, or whose clip is not a file in the library.
Plan plan(const Storyboard &board, const Library &library);

// The storyboard's recipe, as the film carries it and an export writes it beside the takes; names no path on this
// computer. chosenTakes holds each shot's chosen take in shot order (an entry without an id where a shot has none):
//   {"paddock_storyboard": 1, "name", "aspect_ratio", "resolution", "duration",
//    "shots": [{"position": 1, "prompt", "duration" (the shot's own, or null), "resolution" (own, or null),
//               "continues_from_previous", "chosen_take": <Recipe::recipeJson> or null, "takes": <count>}]}
// Hashes the takes' input images (Recipe::recipeJson): call it off the GUI thread.
QJsonObject storyboardJson(const Storyboard &board, const QList<LibraryEntry> &chosenTakes);

struct Made
{
    Stitcher::StitchResult stitch;
    QByteArray recipe; // storyboardJson as compact UTF-8, as stored in the film
};

// Joins plan's clips into target (its folder created when missing), with the storyboard's recipe as the film's
// kMetadataKey tag and, when crossfadeAudio, each cut's sound overlapped (a re-encode). Blocks: call it off the GUI
// thread. A plan that is not ok() is refused with its error.
Made make(const Plan &plan, const QString &target, bool crossfadeAudio);

} // namespace StoryboardFilm
