#include "media/PastedPicture.h"

#include "api/ImageSource.h"

#include <QBuffer>
#include <QColorSpace>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QMimeData>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace PastedPictures {

namespace {

constexpr int kPhotoQuality = 90;

// The format of bytes when they are an image file with a readable header in the family the label claims.
QString checkedFormat(const QByteArray &bytes, const QString &claimed)
{
    if (bytes.isEmpty() || bytes.size() > kMaxEncodedBytes)
        return {};
    const QString format = sniffImageFormat(bytes.left(32));
    if (format != claimed)
        return {};
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    return size.isValid() && !size.isEmpty() ? format : QString();
}

} // namespace

PastedPicture fromMimeData(const QMimeData *mime)
{
    PastedPicture picture;
    if (!mime)
        return picture;
    // The encoded file first: it carries the orientation and the profile, and is the size the user expects.
    static const std::pair<QString, QString> kOffers[] = {
        {u"image/jpeg"_s, u"jpeg"_s}, {u"image/jpg"_s, u"jpeg"_s}, {u"image/webp"_s, u"webp"_s}, {u"image/png"_s, u"png"_s}};
    const QStringList formats = mime->formats();
    for (const auto &[type, family] : kOffers) {
        if (!formats.contains(type))
            continue;
        const QByteArray bytes = mime->data(type);
        if (const QString format = checkedFormat(bytes, family); !format.isEmpty()) {
            picture.encoded = bytes;
            picture.format = format;
            return picture;
        }
    }
    if (mime->hasImage())
        picture.pixels = qvariant_cast<QImage>(mime->imageData());
    return picture;
}

QByteArray encodePixels(const QImage &pixels, QString *format)
{
    QImage image = pixels;
    if (const QColorSpace space = image.colorSpace(); space.isValid() && space != QColorSpace(QColorSpace::SRgb))
        image.convertToColorSpace(QColorSpace::SRgb);
    const bool alpha = hasTransparentPixels(image);
    image = image.convertToFormat(alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    const QByteArray png = encodeImageBytes(image, "png");
    if (!alpha) {
        const QByteArray jpeg = encodeImageBytes(image, "jpeg", kPhotoQuality);
        if (!jpeg.isEmpty() && (png.isEmpty() || double(png.size()) > 1.5 * double(jpeg.size()))) {
            *format = u"jpeg"_s;
            return jpeg;
        }
    }
    *format = u"png"_s;
    return png;
}

QString directory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + u"/pasted"_s;
}

QString store(const PastedPicture &picture, const QString &folder, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return QString();
    };
    if (picture.isNull())
        return fail(u"The clipboard's picture is empty. Copy the image again."_s);

    QString format = picture.format;
    const QByteArray bytes = picture.encoded.isEmpty() ? encodePixels(picture.pixels, &format) : picture.encoded;
    if (bytes.isEmpty())
        return fail(u"Paddock could not turn the pasted picture into an image file. Save it as a file and choose "
                    "that."_s);

    if (!QDir().mkpath(folder))
        return fail(u"Paddock can't create the folder %1 to keep pasted images. Check that it may be written."_s.arg(
            QDir::toNativeSeparators(folder)));
    const QString name =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(16));
    const QString extension = format == u"jpeg"_s ? u"jpg"_s : format;
    const QString path = QDir(folder).filePath(u"pasted-%1.%2"_s.arg(name, extension));
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

} // namespace PastedPictures
