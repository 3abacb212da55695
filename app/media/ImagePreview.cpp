#include "media/ImagePreview.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {

// Beyond this a file is not decoded even for a thumbnail: inspection has already said it is too large to send.
constexpr qint64 kMaxThumbnailSourceBytes = 4 * ImageRules::kMaxFileBytes;

QString formatBytes(qint64 bytes)
{
    if (bytes >= 1000LL * 1000)
        return QString::number(double(bytes) / 1e6, 'f', 1) + u" MB"_s;
    if (bytes >= 1000)
        return QString::number((bytes + 500) / 1000) + u" KB"_s;
    return QString::number(bytes) + u" bytes"_s;
}

QImage decodeThumbnail(const QString &path, const ImageInspection &inspection, QSize box)
{
    if (!inspection.readable || inspection.fileBytes > kMaxThumbnailSourceBytes || box.isEmpty())
        return {};
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    reader.setAutoTransform(true);
    // The reader scales the stored pixels before the transform, so fit the stored (not the shown) size. A long, thin
    // image fits in 0 px on its short side; keep 1 px, or the reader would not scale it and decode it whole.
    const QSize fitted =
        inspection.size.scaled(box, Qt::KeepAspectRatio).boundedTo(inspection.size).expandedTo(QSize(1, 1));
    const QSize stored = inspection.size == inspection.storedSize ? fitted : fitted.transposed();
    if (!stored.isEmpty())
        reader.setScaledSize(stored);
    return reader.read();
}

} // namespace

QString ImagePreview::problemText() const
{
    return inspection.problems.join(u'\n');
}

ImagePreview previewImage(const QString &path, ImageRole role, QSize box)
{
    ImagePreview preview;
    preview.inspection = inspectImage(path, role);
    preview.summary = describeImage(preview.inspection);
    preview.thumbnail = decodeThumbnail(path, preview.inspection, box);
    return preview;
}

QString describeImage(const ImageInspection &inspection)
{
    if (!inspection.readable)
        return {};
    return u"%1 × %2 px · %3 · %4"_s.arg(QString::number(inspection.size.width()),
                                         QString::number(inspection.size.height()), inspection.format.toUpper(),
                                         formatBytes(inspection.fileBytes));
}

QString pastedImagesDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + u"/pasted"_s;
}

QString storePastedImage(const QImage &image, const QString &directory, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QString();
    };
    if (image.isNull())
        return fail(u"The clipboard's picture is empty. Copy the image again."_s);

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return fail(u"Paddock could not turn the pasted picture into a PNG. Save it as a file and choose that."_s);

    if (!QDir().mkpath(directory))
        return fail(u"Paddock can't create the folder %1 to keep pasted images. Check that it may be written."_s.arg(
            QDir::toNativeSeparators(directory)));
    const QString name =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(16));
    const QString path = QDir(directory).filePath(u"pasted-%1.png"_s.arg(name));
    // The name is the content's hash: a file already there holds these very bytes.
    if (QFileInfo(path).size() == bytes.size())
        return path;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(u"Paddock could not save the pasted picture (%1). Free some disk space and paste again."_s.arg(
            file.errorString()));
    if (error)
        error->clear();
    return path;
}
