#include "library/ClipImport.h"

#include "api/SafeText.h"
#include "jobs/Job.h"
#include "library/Library.h"
#include "library/Recipe.h"
#include "media/ClipRecipe.h"
#include "media/Mp4Info.h"
#include "media/StoredFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace ClipImport {

namespace {

Result failure(const QString &message)
{
    Result result;
    result.error = message;
    return result;
}

// When the recipe says the clip was made, if that is a believable time (not in the future); else now.
QDateTime madeAt(const QJsonObject &recipe)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime made = QDateTime::fromString(recipe.value(u"created"_s).toString().left(40), Qt::ISODateWithMs);
    return made.isValid() && made <= now && made.date().year() >= 2020 ? made.toUTC() : now;
}

} // namespace

Result importClip(Library &library, const QString &path)
{
    const QString name = SafeText::elide(QFileInfo(path).fileName());
    QString why;
    if (!StoredFile::isRegularFile(path, &why))
        return failure(u"%1 cannot be imported. %2"_s.arg(name, why));
    const Mp4Info info = Mp4Info::fromFile(path);
    if (!info.valid || !info.complete || !info.hasVideo)
        return failure(u"%1 is not a whole MP4 video, so it cannot be imported. %2"_s.arg(name, info.summary()));
    const std::optional<QByteArray> recipe = ClipRecipe::readRecipe(path, &why);
    if (!recipe)
        return failure(u"%1 cannot be imported as a take: %2 Only clips made by Paddock carry one."_s.arg(name, why));
    const Recipe::Restored restored = Recipe::restore(*recipe, library.imagesDirectory());
    if (!restored.request)
        return failure(u"The recipe inside %1 cannot be used: %2"_s.arg(name, restored.problems.mid(0, 5).join(u' ')));
    const QJsonObject recipeObject = QJsonDocument::fromJson(*recipe).object();

    Job job;
    job.request = *restored.request;
    job.service = QString::fromLatin1(kService);
    job.state = JobState::Ready;
    job.requestId = SafeText::clean(recipeObject.value(u"request_id"_s).toString(), 200);
    job.createdAt = madeAt(recipeObject);
    job.finishedAt = QDateTime::currentDateTimeUtc();
    job.note = u"Imported from %1"_s.arg(name);
    QString error;
    if (!library.saveJob(job, &error))
        return failure(u"%1 could not be recorded in the library: %2"_s.arg(name, error));

    // Named by Paddock from the new id, like the library's own clips: nothing in the file's name becomes a path.
    const QString target = QDir(library.clipsDirectory()).filePath(u"%1.mp4"_s.arg(job.id));
    const QString partial = target + u".part"_s;
    QFile::remove(partial);
    if (!QFile::copy(path, partial) || !QFile::rename(partial, target)) {
        QFile::remove(partial);
        QString removeError;
        library.remove(job.id, &removeError);
        return failure(u"%1 could not be copied into the library. Check that the disk is not full."_s.arg(name));
    }
    job.clipPath = target;
    if (!library.saveJob(job, &error))
        return failure(u"%1 was copied, but the library could not record where: %2"_s.arg(name, error));
    library.setClipInfo(job.id, info);

    Result result;
    result.id = job.id;
    result.missingImages = restored.missingImages;
    return result;
}

} // namespace ClipImport
