#include "media/ImagePreview.h"

#include <QImageReader>

using namespace Qt::StringLiterals;

namespace {

// Beyond this a file is not decoded even for a thumbnail: inspection has already refused it.
constexpr qint64 kMaxThumbnailSourceBytes = ImageRules::kMaxSourceFileBytes;

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
    if (preview.inspection.isUsable() && preview.inspection.needsConversion()) {
        const EncodedImage encoded = encodeForUpload(path, role);
        preview.notice = encoded.ok() ? (encoded.note.isEmpty() ? preview.inspection.conversion : encoded.note)
                                      : encoded.error;
    }
    if (!preview.notice.isEmpty())
        preview.summary += u'\n' + preview.notice;
    return preview;
}

QString describeImage(const ImageInspection &inspection)
{
    if (!inspection.readable)
        return {};
    return u"%1 × %2 px · %3 · %4"_s.arg(QString::number(inspection.size.width()),
                                         QString::number(inspection.size.height()), inspection.format.toUpper(),
                                         formatImageBytes(inspection.fileBytes));
}
