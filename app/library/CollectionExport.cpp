#include "library/CollectionExport.h"

#include "api/SafeText.h"
#include "jobs/JobListModel.h"
#include "library/LibraryModel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace CollectionExport {

namespace {

constexpr qint64 kCopyChunk = 1 << 20;

QString manifestPath(const QString &folder)
{
    return QDir(folder).filePath(QString::fromLatin1(kManifestName));
}

QJsonValue timeJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// The files an earlier export wrote, read from its manifest: plain names only, never a path.
QStringList earlierFiles(const QString &folder)
{
    QFile file(manifestPath(folder));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonArray takes = QJsonDocument::fromJson(file.read(4 << 20)).object().value(u"takes"_s).toArray();
    QStringList names;
    for (const QJsonValue &take : takes) {
        const QString name = take.toObject().value(u"file"_s).toString();
        if (!name.isEmpty() && name == safeTitle(name) && name.endsWith(u".mp4"_s))
            names << name;
    }
    return names;
}

bool copyClip(const QString &from, const QString &to, QString *error)
{
    QFile source(from);
    QSaveFile target(to);
    if (!source.open(QIODevice::ReadOnly) || !target.open(QIODevice::WriteOnly)) {
        *error = u"Could not copy %1 to %2."_s.arg(QDir::toNativeSeparators(from), QDir::toNativeSeparators(to));
        return false;
    }
    while (!source.atEnd()) {
        const QByteArray chunk = source.read(kCopyChunk);
        if (chunk.isEmpty() || target.write(chunk) != chunk.size()) {
            *error = u"Could not copy %1: %2"_s.arg(QDir::toNativeSeparators(from), target.errorString());
            return false;
        }
    }
    if (!target.commit()) {
        *error = u"Could not write %1: %2"_s.arg(QDir::toNativeSeparators(to), target.errorString());
        return false;
    }
    return true;
}

} // namespace

QString safeTitle(const QString &title)
{
    QString clean = SafeText::clean(title, 4 * kMaxTitleLength);
    static const QString kRefused = u"/\\:*?\"<>|"_s;
    for (QChar &c : clean) {
        if (kRefused.contains(c) || c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = u' ';
    }
    clean = clean.simplified();
    if (clean.size() > kMaxTitleLength) {
        clean.truncate(kMaxTitleLength);
        if (clean.at(clean.size() - 1).isLowSurrogate() || clean.at(clean.size() - 1).isHighSurrogate())
            clean.chop(1);
    }
    while (!clean.isEmpty() && (clean.front() == u'.' || clean.front() == u' '))
        clean.remove(0, 1);
    while (!clean.isEmpty() && (clean.back() == u'.' || clean.back() == u' '))
        clean.chop(1);
    return clean.isEmpty() ? u"Take"_s : clean;
}

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
    const QFileInfo info(folder);
    if (!info.exists())
        return true;
    if (!info.isDir()) {
        *why = u"%1 is a file, not a folder. Choose a folder."_s.arg(QDir::toNativeSeparators(folder));
        return false;
    }
    if (QDir(folder).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return true;
    QFile file(manifestPath(folder));
    if (file.open(QIODevice::ReadOnly) &&
        QJsonDocument::fromJson(file.read(4 << 20)).object().value(u"generator"_s).toString() == u"Paddock"_s)
        return true;
    *why = u"The folder %1 already holds other files. Choose an empty folder (or one Paddock exported to before)."_s
               .arg(QDir::toNativeSeparators(folder));
    return false;
}

bool exportTo(const QString &folder, const QString &collectionName, const QList<CollectionItem> &items,
              QString *error)
{
    if (!canWriteInto(folder, error))
        return false;
    if (!QDir().mkpath(folder)) {
        *error = u"Could not create the folder %1."_s.arg(QDir::toNativeSeparators(folder));
        return false;
    }
    const QStringList before = earlierFiles(folder);
    QStringList names;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Job &job = items.at(i).entry.job;
        const bool hasClip = job.state == JobState::Ready && QFileInfo(job.clipPath).isFile();
        names << (hasClip ? fileNameFor(int(i), int(items.size()), items.at(i)) : QString());
        if (hasClip && !copyClip(job.clipPath, QDir(folder).filePath(names.last()), error))
            return false;
    }
    QSaveFile out(manifestPath(folder));
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(QJsonDocument(manifest(collectionName, items, names, QDateTime::currentDateTimeUtc())).toJson()) < 0 ||
        !out.commit()) {
        *error = u"Could not write the manifest in %1: %2"_s.arg(QDir::toNativeSeparators(folder), out.errorString());
        return false;
    }
    // What an earlier export left that this one did not write again.
    for (const QString &name : before) {
        if (!names.contains(name))
            QFile::remove(QDir(folder).filePath(name));
    }
    return true;
}

} // namespace CollectionExport
