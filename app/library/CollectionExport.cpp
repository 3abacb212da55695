#include "library/CollectionExport.h"

#include "jobs/JobListModel.h"
#include "library/ExportFolder.h"
#include "library/LibraryModel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace CollectionExport {

namespace {

QString markerName()
{
    return QString::fromLatin1(kManifestName);
}

QJsonValue timeJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// The files an earlier export wrote, as its manifest names them.
QStringList earlierFiles(const QString &folder)
{
    QStringList names;
    for (const QJsonValue &take : ExportFolder::earlierMarker(folder, markerName()).value(u"takes"_s).toArray())
        names << take.toObject().value(u"file"_s).toString();
    return names;
}

} // namespace

QString fileNameFor(int position, int count, const CollectionItem &item)
{
    const int width = qMax(2, int(QString::number(count).size()));
    const QString title = item.caption.isEmpty() ? JobListModel::promptExcerpt(item.entry.job.request.prompt)
                                                 : item.caption;
    return u"%1 - %2.mp4"_s.arg(position + 1, width, 10, QChar(u'0')).arg(safeTitle(title));
}

QJsonObject manifest(const QString &collectionName, const QList<CollectionItem> &items, const QStringList &fileNames,
                     const QDateTime &exportedAt)
{
    QJsonArray takes;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const LibraryEntry &e = items.at(i).entry;
        const GenerationRequest &r = e.job.request;
        QJsonArray images;
        for (const ImageSource &image : QList<ImageSource>{r.firstFrame} + r.references) {
            if (!image.isEmpty())
                images.append(image.isLocalFile() ? Library::safeImageName(image.displayName())
                                                  : Library::safeImageName(image.url.fileName()));
        }
        const auto mode = r.mode();
        const QString file = fileNames.value(i);
        takes.append(QJsonObject{
            {u"file"_s, file.isEmpty() ? QJsonValue() : QJsonValue(file)},
            {u"caption"_s, items.at(i).caption},
            {u"prompt"_s, r.prompt},
            {u"negativePrompt"_s, r.negativePrompt},
            {u"mode"_s, mode ? GenerationRequest::modeName(*mode) : QString()},
            {u"resolution"_s, Pricing::resolutionName(r.resolution)},
            {u"durationSeconds"_s, r.durationSeconds},
            {u"aspectRatio"_s, aspectRatioName(r.aspect)},
            {u"seed"_s, r.seed ? QJsonValue(*r.seed) : QJsonValue()},
            {u"images"_s, images},
            {u"costCents"_s, LibraryModel::costCents(e.job)},
            {u"cost"_s, LibraryModel::costText(e.job)},
            {u"created"_s, timeJson(e.job.createdAt)},
        });
    }
    return QJsonObject{{u"generator"_s, u"Paddock"_s},
                       {u"collection"_s, collectionName},
                       {u"exported"_s, timeJson(exportedAt)},
                       {u"takes"_s, takes}};
}

bool canWriteInto(const QString &folder, QString *why)
{
    return ExportFolder::canWriteInto(folder, markerName(), why);
}

bool exportTo(const QString &folder, const QString &collectionName, const QList<CollectionItem> &items,
              QString *error)
{
    if (!ExportFolder::prepare(folder, markerName(), error))
        return false;
    const QStringList before = earlierFiles(folder);
    QStringList names;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Job &job = items.at(i).entry.job;
        const bool hasClip = job.state == JobState::Ready && QFileInfo(job.clipPath).isFile();
        names << (hasClip ? fileNameFor(int(i), int(items.size()), items.at(i)) : QString());
        if (hasClip && !ExportFolder::copyFile(job.clipPath, QDir(folder).filePath(names.last()), error))
            return false;
    }
    if (!ExportFolder::writeJson(QDir(folder).filePath(markerName()),
                                 manifest(collectionName, items, names, QDateTime::currentDateTimeUtc()), error))
        return false;
    ExportFolder::removeLeftovers(folder, before, names);
    return true;
}

} // namespace CollectionExport
