#include "api/ImageSource.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// Fixed so that re-encoding the same file always gives the same bytes.
constexpr int kJpegQuality = 90;
// Enough to find a PNG's IEND chunk or a JPEG's end marker in an ordinary file without reading it all.
constexpr qint64 kTailBytes = 64 * 1024;

bool isSupported(const QString &format)
{
    return format == u"jpeg"_s || format == u"png"_s || format == u"webp"_s;
}

// Formats are judged by their first bytes, never by the file name: a GIF renamed .png is still a GIF.
QString sniffFormat(const QByteArray &head)
{
    if (head.startsWith("\xFF\xD8\xFF"))
        return u"jpeg"_s;
    if (head.startsWith("\x89PNG\r\n\x1A\n"))
        return u"png"_s;
    if (head.startsWith("RIFF") && head.mid(8, 4) == "WEBP")
        return u"webp"_s;
    if (head.startsWith("GIF87a") || head.startsWith("GIF89a"))
        return u"gif"_s;
    if (head.startsWith("BM"))
        return u"bmp"_s;
    if (head.startsWith(QByteArray("II*\0", 4)) || head.startsWith(QByteArray("MM\0*", 4)))
        return u"tiff"_s;
    if (head.mid(4, 4) == "ftyp") {
        const QByteArray brand = head.mid(8, 4);
        if (brand == "avif" || brand == "avis")
            return u"avif"_s;
        if (brand == "heic" || brand == "heix" || brand == "hevc" || brand == "heim" || brand == "heis" ||
            brand == "mif1" || brand == "msf1")
            return u"heic"_s;
    }
    if (head.startsWith("\xFF\x0A") || head.startsWith(QByteArray("\0\0\0\x0CJXL ", 8)))
        return u"jxl"_s;
    return {};
}

// "24.3 MB", "2.1 GB", in the decimal units the service's "20 MB" is read in.
QString formatBytes(qint64 bytes)
{
    if (bytes >= 1000LL * 1000 * 1000)
        return QString::number(double(bytes) / 1e9, 'f', 1) + u" GB"_s;
    return QString::number(double(bytes) / 1e6, 'f', 1) + u" MB"_s;
}

QString sizeText(QSize size)
{
    return u"%1 × %2 px"_s.arg(size.width()).arg(size.height());
}

quint32 littleEndian32(const QByteArray &bytes, int at)
{
    const auto b = [&bytes, at](int i) { return quint32(quint8(bytes.at(at + i))); };
    return b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24);
}

QByteArray readTail(QFile &file, qint64 bytes)
{
    const qint64 from = qMax<qint64>(0, file.size() - bytes);
    if (!file.seek(from))
        return {};
    return file.read(file.size() - from);
}

// Walks a JPEG's segments to its end marker (EOI). Data after EOI (motion photos append a video) is fine;
// a file that stops before EOI was cut off.
bool jpegHasEnd(const uchar *data, qint64 size)
{
    qint64 at = 2; // after SOI
    while (at + 1 < size) {
        if (data[at] != 0xFF) {
            // Entropy-coded data after a scan: skip to the next marker that is not a stuffed byte or a restart.
            ++at;
            continue;
        }
        const uchar marker = data[at + 1];
        if (marker == 0xFF) { // fill byte
            ++at;
            continue;
        }
        if (marker == 0xD9)
            return true;
        if (marker == 0x00 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            at += 2;
            continue;
        }
        if (at + 3 >= size)
            return false;
        const qint64 length = (qint64(data[at + 2]) << 8) | data[at + 3];
        if (length < 2)
            return false;
        at += 2 + length;
    }
    return false;
}

// A cheap check for files cut off while copying or downloading: the header still reads, the pixels don't.
// Only the tail is read unless the tail looks wrong.
bool looksComplete(QFile &file, const QString &format)
{
    if (format == u"webp"_s) {
        if (!file.seek(0))
            return false;
        const QByteArray head = file.read(12);
        if (head.size() < 12)
            return false;
        const qint64 riffSize = littleEndian32(head, 4);
        return file.size() >= riffSize + 8;
    }
    const QByteArray tail = readTail(file, kTailBytes);
    if (format == u"png"_s) {
        if (tail.contains(QByteArray("IEND\xAE\x42\x60\x82")))
            return true;
        // Extra data after IEND is rare but legal: look through the whole file before calling it damaged.
        uchar *mapped = file.map(0, file.size());
        if (!mapped)
            return false;
        const bool found = QByteArrayView(mapped, file.size()).indexOf(QByteArrayView("IEND\xAE\x42\x60\x82")) >= 0;
        file.unmap(mapped);
        return found;
    }
    if (format == u"jpeg"_s) {
        if (tail.endsWith("\xFF\xD9"))
            return true;
        uchar *mapped = file.map(0, file.size());
        if (!mapped)
            return false;
        const bool complete = jpegHasEnd(mapped, file.size());
        file.unmap(mapped);
        return complete;
    }
    return true;
}

QString damagedMessage()
{
    return u"This file could not be read as an image. It may be damaged; open it in an image editor and save it "
           "again as JPEG or PNG."_s;
}

} // namespace

ImageSource ImageSource::fromFile(const QString &filePath)
{
    ImageSource source;
    if (!filePath.isEmpty()) {
        source.kind = Kind::LocalFile;
        source.path = filePath;
    }
    return source;
}

ImageSource ImageSource::fromUrl(const QUrl &webUrl)
{
    ImageSource source;
    if (!webUrl.isEmpty()) {
        source.kind = Kind::Url;
        source.url = webUrl;
    }
    return source;
}

QString ImageSource::displayName() const
{
    switch (kind) {
    case Kind::LocalFile:
        return originalName.isEmpty() ? QFileInfo(path).fileName() : originalName;
    case Kind::Url:
        return url.toDisplayString();
    case Kind::None:
        break;
    }
    return {};
}

bool ImageInspection::isSupportedFormat() const
{
    return isSupported(format);
}

ImageInspection inspectImage(const QString &path, ImageRole role)
{
    ImageInspection result;
    if (path.isEmpty()) {
        result.problems << u"No image file was chosen."_s;
        return result;
    }
    const QFileInfo info(path);
    if (!info.exists()) {
        result.problems << u"The file “%1” can't be found. It may have been moved, renamed or deleted; choose it "
                           "again."_s.arg(info.fileName());
        return result;
    }
    result.exists = true;
    if (info.isDir()) {
        result.problems << u"“%1” is a folder, not an image. Choose an image file."_s.arg(info.fileName());
        return result;
    }
    result.fileBytes = info.size();
    if (result.fileBytes == 0) {
        result.problems << u"This file is empty. It may not have finished copying or downloading; choose a "
                           "complete image."_s;
        return result;
    }
    // Decided from the size on disk alone, so a 2 GB file is refused without reading it.
    const bool tooLarge = result.fileBytes > ImageRules::kMaxFileBytes;
    if (tooLarge)
        result.problems << u"This file is %1; images can be at most 20 MB. Use a smaller or more compressed "
                           "copy."_s.arg(formatBytes(result.fileBytes));

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.problems << u"Paddock can't open this file (%1). Check that your account may read it."_s.arg(
            file.errorString());
        return result;
    }
    result.format = sniffFormat(file.peek(32));
    const bool sniffed = !result.format.isEmpty();
    if (!sniffed)
        result.format = QString::fromLatin1(QImageReader::imageFormat(&file)).toLower();
    if (result.format == u"jpg"_s)
        result.format = u"jpeg"_s;
    const bool supported = isSupported(result.format);

    QImageReader reader(&file);
    reader.setDecideFormatFromContent(true);
    if (!result.format.isEmpty())
        result.storedSize = reader.size();
    const bool headerRead = result.storedSize.isValid() && !result.storedSize.isEmpty();
    // A known signature names the format even when the rest is damaged; a plugin's guess counts only if it reads.
    if (!supported && (sniffed || headerRead))
        result.problems << u"%1 images can't be used: use JPEG, PNG or WEBP."_s.arg(result.format.toUpper());
    else if (!headerRead)
        result.problems << damagedMessage();
    if (!headerRead) {
        if (!sniffed)
            result.format.clear();
        result.storedSize = {};
        return result;
    }
    const QImageIOHandler::Transformations transformation = reader.transformation();
    result.needsTransform = transformation != QImageIOHandler::TransformationNone;
    result.size = transformation.testFlag(QImageIOHandler::TransformationRotate90) ? result.storedSize.transposed()
                                                                                   : result.storedSize;
    result.readable = true;

    if (supported && !tooLarge && !looksComplete(file, result.format))
        result.problems << u"This image file is incomplete: it seems to have been cut off while copying or "
                           "downloading. Use a complete copy."_s;

    const int width = result.size.width();
    const int height = result.size.height();
    const int shortSide = qMin(width, height);
    const int longSide = qMax(width, height);
    if (role == ImageRole::FirstFrame) {
        if (shortSide < ImageRules::kMinFirstFrameSide)
            result.problems << u"This image is %1; a first frame needs at least %2 px on each side. Choose a "
                               "larger image."_s.arg(sizeText(result.size))
                                   .arg(ImageRules::kMinFirstFrameSide);
        // Compared in integers so that exactly 2.5:1 passes.
        if (qint64(longSide) * ImageRules::kMaxAspectDenominator >
            qint64(shortSide) * ImageRules::kMaxAspectNumerator) {
            const QString ratio = QString::number(double(longSide) / double(shortSide), 'g', 3);
            const QString shape = width >= height ? ratio + u":1"_s : u"1:"_s + ratio;
            result.problems << u"This image is %1, about %2; a first frame must be between 1:2.5 and 2.5:1. Crop "
                               "it closer to the shape of the video."_s.arg(sizeText(result.size), shape);
        }
    } else if (shortSide < ImageRules::kMinReferenceShortSide) {
        result.problems << u"This image is %1; a reference image needs at least %2 px on its shorter side. Choose "
                           "a larger image."_s.arg(sizeText(result.size))
                               .arg(ImageRules::kMinReferenceShortSide);
    }
    return result;
}

QString urlProblem(const QUrl &url)
{
    if (url.isEmpty() || !url.isValid())
        return u"This web address is not valid. Copy the image's full address, starting with https://."_s;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"file"_s)
        return u"This is the address of a file on this computer: choose the file itself instead."_s;
    if (scheme != u"http"_s && scheme != u"https"_s) {
        const QString shown = scheme.isEmpty() ? url.toDisplayString() : scheme + u"://"_s;
        return u"Only web addresses starting with http:// or https:// can be used, not “%1”. Upload the image as a "
               "file instead."_s.arg(shown);
    }
    if (url.host().isEmpty())
        return u"This web address has no host name. Copy the image's full address, starting with https://."_s;
    return {};
}

namespace {

QByteArray encodeImage(const QImage &image, const QByteArray &format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (format == "jpeg")
        writer.setQuality(kJpegQuality);
    if (!writer.write(image))
        return {};
    return bytes;
}

// The size for scale factor `factor` of `original`, with the short side held at or above minShortSide.
QSize scaledSize(QSize original, double factor, int minShortSide)
{
    const int shortSide = qMin(original.width(), original.height());
    factor = qMax(factor, double(minShortSide) / double(shortSide));
    QSize size(qMax(1, int(std::lround(original.width() * factor))),
               qMax(1, int(std::lround(original.height() * factor))));
    if (size.width() <= size.height())
        size.setWidth(qMax(size.width(), minShortSide));
    else
        size.setHeight(qMax(size.height(), minShortSide));
    return size.boundedTo(original);
}

} // namespace

EncodedImage encodeForUpload(const QString &path, ImageRole role, qint64 maxBytes)
{
    EncodedImage result;
    const ImageInspection inspection = inspectImage(path, role);
    if (!inspection.problems.isEmpty()) {
        result.error = inspection.problems.constFirst();
        return result;
    }
    if (maxBytes <= 0) {
        result.error = u"There is no room left in the request for this image. Use fewer images."_s;
        return result;
    }

    if (!inspection.needsTransform && inspection.fileBytes <= maxBytes) {
        // The service takes it as it is: the user's own bytes are sent, untouched.
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            result.error =
                u"Paddock can't open this file (%1). Check that your account may read it."_s.arg(file.errorString());
            return result;
        }
        const QByteArray bytes = file.readAll();
        if (bytes.size() != inspection.fileBytes) {
            result.error = u"This file changed or could not be read completely. Try again."_s;
            return result;
        }
        result.mimeType = u"image/"_s + inspection.format;
        result.size = inspection.size;
        result.bytes = bytes.size();
        result.dataUri = u"data:"_s + result.mimeType + u";base64,"_s + QString::fromLatin1(bytes.toBase64());
        return result;
    }

    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    reader.setAutoTransform(true); // the service ignores EXIF orientation: the pixels must be upright
    QImage image = reader.read();
    if (image.isNull()) {
        const qint64 pixelBytes = qint64(inspection.storedSize.width()) * inspection.storedSize.height() * 4;
        if (pixelBytes > qint64(QImageReader::allocationLimit()) * 1024 * 1024)
            result.error = u"This image has too many pixels (%1) for Paddock to prepare. Scale it down to at most "
                           "about 8,000 px on its longer side."_s.arg(sizeText(inspection.storedSize));
        else
            result.error = damagedMessage();
        return result;
    }

    const bool alpha = image.hasAlphaChannel();
    // A fixed pixel format makes the encoder's input, and so its output, the same on every run.
    image = image.convertToFormat(alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    // Transparency needs PNG; a PNG that only needed turning upright stays lossless if it fits; the rest is JPEG.
    QByteArray format = alpha || inspection.format == u"png"_s ? QByteArray("png") : QByteArray("jpeg");
    QImage sent = image;
    QByteArray bytes = encodeImage(sent, format);
    if (!alpha && format == "png" && bytes.size() > maxBytes) {
        format = "jpeg";
        bytes = encodeImage(sent, format);
    }

    const int minSide = ImageRules::minShortSide(role);
    double factor = 1.0;
    for (int attempt = 0; attempt < 16 && !bytes.isEmpty() && bytes.size() > maxBytes; ++attempt) {
        if (qMin(sent.width(), sent.height()) <= minSide)
            break;
        // Encoded size grows roughly with the pixel count: aim a little under the budget, shrink at least 10 %.
        factor *= qMin(0.9, std::sqrt(double(maxBytes) / double(bytes.size())) * 0.95);
        const QSize target = scaledSize(image.size(), factor, minSide);
        sent = image.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        bytes = encodeImage(sent, format);
    }
    if (bytes.isEmpty()) {
        result.error = u"Paddock could not prepare this image for sending. Save it again as JPEG and retry."_s;
        return result;
    }
    if (bytes.size() > maxBytes) {
        result.error = u"This image can't be made smaller than %1 without going below %2 px on its shorter "
                       "side. Use a simpler or smaller image, or fewer images."_s.arg(formatBytes(maxBytes))
                           .arg(minSide);
        return result;
    }
    result.mimeType = u"image/"_s + QString::fromLatin1(format);
    result.size = sent.size();
    result.bytes = bytes.size();
    result.reencoded = true;
    result.dataUri = u"data:"_s + result.mimeType + u";base64,"_s + QString::fromLatin1(bytes.toBase64());
    return result;
}
