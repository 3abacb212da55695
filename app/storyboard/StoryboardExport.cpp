#include "storyboard/StoryboardExport.h"

#include "jobs/JobListModel.h"
#include "library/ExportFolder.h"
#include "media/StoredFile.h"
#include "storyboard/StoryboardFilm.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace StoryboardExport {

namespace {

QString jsonName()
{
    return QString::fromLatin1(kJsonName);
}

QString filmName()
{
    return QString::fromLatin1(kFilmName);
}

// The files an earlier export wrote, as its storyboard.json names them.
QStringList earlierFiles(const QString &folder)
{
    const QJsonObject earlier = ExportFolder::earlierMarker(folder, jsonName());
    QStringList names = {earlier.value(u"film"_s).toString()};
    for (const QJsonValue &shot : earlier.value(u"shots"_s).toArray()) {
        for (const QJsonValue &take : shot.toObject().value(u"take_files"_s).toArray())
            names << take.toObject().value(u"file"_s).toString();
    }
    return names;
}

// Every clip the plan copies, source and name in the folder, film first.
QList<QPair<QString, QString>> copies(const ExportPlan &plan)
{
    QList<QPair<QString, QString>> all;
    if (!plan.film.isEmpty())
        all.append({plan.film, filmName()});
    for (int shot = 0; shot < plan.takes.size(); ++shot) {
        for (const TakeFile &take : plan.takes.at(shot)) {
            if (!take.fileName.isEmpty())
                all.append({take.source, take.fileName});
        }
    }
    return all;
}

// Which clip source is, in words: "the film" or "shot 2's take 3".
QString describe(const ExportPlan &plan, const QString &fileName)
{
    for (int shot = 0; shot < plan.takes.size(); ++shot) {
        for (int take = 0; take < plan.takes.at(shot).size(); ++take) {
            if (plan.takes.at(shot).at(take).fileName == fileName)
                return u"shot %1's take %2"_s.arg(shot + 1).arg(take + 1);
        }
    }
    return u"the film"_s;
}

} // namespace

QString fileNameFor(int shotIndex, int shotCount, int takeIndex, const QString &prompt)
{
    const int width = qMax(2, int(QString::number(shotCount).size()));
    return u"Shot %1 - Take %2 - %3.mp4"_s.arg(shotIndex + 1, width, 10, QChar(u'0'))
        .arg(takeIndex + 1)
        .arg(ExportFolder::safeTitle(JobListModel::promptExcerpt(prompt)));
}

ExportPlan exportPlan(const Storyboard &board, const Library &library, const QString &filmPath)
{
    ExportPlan plan;
    plan.board = board;
    if (!filmPath.isEmpty() && library.isOwnFile(filmPath))
        plan.film = filmPath;
    for (int s = 0; s < board.shots.size(); ++s) {
        const Shot &shot = board.shots.at(s);
        LibraryEntry chosen;
        QList<TakeFile> files;
        for (int t = 0; t < shot.takes.size(); ++t) {
            const StoryboardTake &take = shot.takes.at(t);
            TakeFile file;
            file.generationId = take.generationId;
            file.state = take.state;
            file.chosen = take.generationId == shot.chosenTake;
            if (const std::optional<LibraryEntry> entry = library.entry(take.generationId)) {
                file.state = entry->job.state;
                if (file.chosen)
                    chosen = *entry;
                if (file.state == JobState::Ready && library.isOwnFile(entry->job.clipPath)) {
                    file.source = entry->job.clipPath;
                    file.fileName = fileNameFor(s, int(board.shots.size()), t, shot.prompt);
                }
            }
            files << file;
        }
        plan.chosenTakes << chosen;
        plan.takes << files;
    }
    return plan;
}

QJsonObject storyboardJson(const ExportPlan &plan, const QDateTime &exportedAt)
{
    QJsonObject json = StoryboardFilm::storyboardJson(plan.board, plan.chosenTakes);
    QJsonArray shots = json.value(u"shots"_s).toArray();
    for (int s = 0; s < shots.size(); ++s) {
        QJsonArray files;
        for (const TakeFile &take : plan.takes.value(s)) {
            files.append(QJsonObject{
                {u"file"_s, take.fileName.isEmpty() ? QJsonValue() : QJsonValue(take.fileName)},
                {u"chosen"_s, take.chosen},
                {u"state"_s, jobStateName(take.state)},
            });
        }
        QJsonObject shot = shots.at(s).toObject();
        shot.insert(u"take_files"_s, files);
        shots[s] = shot;
    }
    json.insert(u"shots"_s, shots);
    json.insert(u"generator"_s, u"Paddock"_s);
    json.insert(u"film"_s, plan.film.isEmpty() ? QJsonValue() : QJsonValue(filmName()));
    json.insert(u"exported"_s, exportedAt.toUTC().toString(Qt::ISODateWithMs));
    return json;
}

bool canWriteInto(const QString &folder, QString *why)
{
    return ExportFolder::canWriteInto(folder, jsonName(), why);
}

bool write(const ExportPlan &plan, const QString &folder, QString *error)
{
    const QList<QPair<QString, QString>> files = copies(plan);
    // Checked first, so that a clip moved away since the plan leaves the folder as it was.
    for (const auto &[source, name] : files) {
        QString why;
        if (!StoredFile::isRegularFile(source, &why)) {
            *error = u"Could not export %1: %2"_s.arg(describe(plan, name), why);
            return false;
        }
    }
    if (!ExportFolder::prepare(folder, jsonName(), error))
        return false;
    const QStringList before = earlierFiles(folder);
    QStringList written;
    for (const auto &[source, name] : files) {
        if (!ExportFolder::copyFile(source, QDir(folder).filePath(name), error)) {
            // What this export added goes again, so that a folder it found empty is left empty (and may be used).
            ExportFolder::removeLeftovers(folder, written, before);
            return false;
        }
        written << name;
    }
    if (!ExportFolder::writeJson(QDir(folder).filePath(jsonName()),
                                 storyboardJson(plan, QDateTime::currentDateTimeUtc()), error)) {
        ExportFolder::removeLeftovers(folder, written, before);
        return false;
    }
    ExportFolder::removeLeftovers(folder, before, written);
    return true;
}

} // namespace StoryboardExport
