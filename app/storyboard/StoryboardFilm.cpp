#include "storyboard/StoryboardFilm.h"

#include "library/Recipe.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace StoryboardFilm {

namespace {

// Why shot position (1-based) cannot be in the film, or an empty string when its chosen take can.
QString problemWith(const Shot &shot, int position, const Library &library, LibraryEntry *chosen)
{
    if (shot.chosenTake == 0) {
        return u"Shot %1 has no chosen finished take. Generate it or choose one of its takes."_s.arg(position);
    }
    const std::optional<LibraryEntry> entry = library.entry(shot.chosenTake);
    if (!entry) {
        return u"Shot %1's chosen take is no longer in the library. Generate the shot again or choose another of its "
               u"takes."_s.arg(position);
    }
    switch (entry->job.state) {
    case JobState::Ready:
        break;
    case JobState::Failed:
    case JobState::Expired:
    case JobState::Stopped:
        return u"Shot %1's chosen take failed. Generate the shot again or choose another of its takes."_s.arg(position);
    default:
        return u"Shot %1's chosen take is not finished yet. Wait for it or choose another of its takes."_s.arg(
            position);
    }
    QString why;
    if (!library.isOwnFile(entry->job.clipPath, &why)) {
        return u"Shot %1's chosen take has no clip Paddock can use: %2 Generate the shot again or choose another of "
               u"its takes."_s.arg(position)
                   .arg(why);
    }
    *chosen = *entry;
    return {};
}

QJsonValue orNull(bool present, const QJsonValue &value)
{
    return present ? value : QJsonValue();
}

} // namespace

QString filmPath(const QString &libraryDirectory, qint64 storyboardId)
{
    return QDir(libraryDirectory).filePath(u"films/storyboard-%1.mp4"_s.arg(storyboardId));
}

Plan plan(const Storyboard &board, const Library &library)
{
    Plan p;
    p.board = board;
    if (board.shots.isEmpty()) {
        p.error = u"The storyboard \u201c%1\u201d has no shots yet. Add a shot and generate it."_s.arg(board.name);
        return p;
    }
    for (int i = 0; i < board.shots.size(); ++i) {
        LibraryEntry chosen;
        p.error = problemWith(board.shots.at(i), i + 1, library, &chosen);
        if (!p.ok()) {
            p.clips.clear();
            p.takeIds.clear();
            p.takes.clear();
            return p;
        }
        p.clips << chosen.job.clipPath;
        p.takeIds << chosen.job.id;
        p.takes << chosen;
    }
    return p;
}

QJsonObject storyboardJson(const Storyboard &board, const QList<LibraryEntry> &chosenTakes)
{
    QJsonArray shots;
    for (int i = 0; i < board.shots.size(); ++i) {
        const Shot &shot = board.shots.at(i);
        const LibraryEntry chosen = chosenTakes.value(i);
        shots.append(QJsonObject{
            {u"position"_s, i + 1},
            {u"prompt"_s, shot.prompt},
            {u"duration"_s, orNull(shot.durationSeconds.has_value(), shot.durationSeconds.value_or(0))},
            {u"resolution"_s,
             orNull(shot.resolution.has_value(), Pricing::resolutionName(shot.resolution.value_or(board.resolution)))},
            {u"continues_from_previous"_s, StoryboardRules::continuesFromPrevious(board, i)},
            {u"chosen_take"_s, orNull(chosen.job.id != 0, Recipe::recipeJson(chosen))},
            {u"takes"_s, int(shot.takes.size())},
        });
    }
    return QJsonObject{{u"paddock_storyboard"_s, kVersion},
                       {u"name"_s, board.name},
                       {u"aspect_ratio"_s, aspectRatioName(board.aspect)},
                       {u"resolution"_s, Pricing::resolutionName(board.resolution)},
                       {u"duration"_s, board.durationSeconds},
                       {u"shots"_s, shots}};
}

Made make(const Plan &plan, const QString &target, bool crossfadeAudio)
{
    Made made;
    if (!plan.ok()) {
        made.stitch.error = plan.error;
        return made;
    }
    made.recipe = QJsonDocument(storyboardJson(plan.board, plan.takes)).toJson(QJsonDocument::Compact);
    const QString folder = QFileInfo(target).absolutePath();
    if (!QDir().mkpath(folder)) {
        made.stitch.error = u"Could not create the folder %1 for the film."_s.arg(QDir::toNativeSeparators(folder));
        return made;
    }
    Stitcher::StitchOptions options;
    options.crossfadeAudio = crossfadeAudio;
    options.metadataKey = kMetadataKey;
    options.metadataValue = made.recipe;
    made.stitch = Stitcher::stitch(plan.clips, target, options);
    return made;
}

} // namespace StoryboardFilm
