#include "library/ExportFolder.h"

#include "api/SafeText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace ExportFolder {

namespace {

constexpr qint64 kCopyChunk = 1 << 20;
// Longest marker read back: a real one is a few hundred KB at most.
constexpr qint64 kMaxMarkerBytes = 4 << 20;

// A clip's name in the folder itself, never a path elsewhere.
bool isPlainClipName(const QString &name)
{
    return !name.isEmpty() && !name.startsWith(u'.') && !name.contains(u'/') && !name.contains(u'\\') &&
           name.endsWith(u".mp4"_s);
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
        // At the end of a word where there is one in the second half, not in the middle of one.
        const bool wordGoesOn = clean.at(kMaxTitleLength) != u' ';
        clean.truncate(kMaxTitleLength);
        if (const qsizetype space = clean.lastIndexOf(u' '); wordGoesOn && space > kMaxTitleLength / 2)
            clean.truncate(space);
        if (clean.at(clean.size() - 1).isLowSurrogate() || clean.at(clean.size() - 1).isHighSurrogate())
            clean.chop(1);
    }
    while (!clean.isEmpty() && (clean.front() == u'.' || clean.front() == u' '))
        clean.remove(0, 1);
    static const QString kTrailing = u". ,;:-"_s;
    while (!clean.isEmpty() && kTrailing.contains(clean.back()))
        clean.chop(1);
    return clean.isEmpty() ? u"Take"_s : clean;
}

QJsonObject earlierMarker(const QString &folder, const QString &markerName)
{
    QFile file(QDir(folder).filePath(markerName));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject marker = QJsonDocument::fromJson(file.read(kMaxMarkerBytes)).object();
    return marker.value(u"generator"_s).toString() == u"Paddock"_s ? marker : QJsonObject();
}

bool canWriteInto(const QString &folder, const QString &markerName, QString *why)
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
    if (!earlierMarker(folder, markerName).isEmpty())
        return true;
    *why =
        u"The folder %1 already holds other files. Choose an empty folder (or one Paddock exported to before)."_s.arg(
            QDir::toNativeSeparators(folder));
    return false;
}

bool prepare(const QString &folder, const QString &markerName, QString *error)
{
    if (!canWriteInto(folder, markerName, error))
        return false;
    if (!QDir().mkpath(folder)) {
        *error = u"Could not create the folder %1."_s.arg(QDir::toNativeSeparators(folder));
        return false;
    }
    return true;
}

bool copyFile(const QString &from, const QString &to, QString *error)
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

bool writeJson(const QString &path, const QJsonObject &json, QString *error)
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(json).toJson()) < 0 || !out.commit()) {
        *error = u"Could not write %1: %2"_s.arg(QDir::toNativeSeparators(path), out.errorString());
        return false;
    }
    return true;
}

void removeLeftovers(const QString &folder, const QStringList &earlier, const QStringList &written)
{
    for (const QString &name : earlier) {
        if (isPlainClipName(name) && !written.contains(name))
            QFile::remove(QDir(folder).filePath(name));
    }
}

} // namespace ExportFolder
