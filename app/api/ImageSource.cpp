#include "api/ImageSource.h"

#include <QBuffer>
#include <QColorSpace>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

// Fixed so that re-encoding the same file always gives the same bytes. A JPEG is tried at full size at these
// qualities, best first; when none fits it is scaled down at kScaledJpegQuality.
constexpr int kJpegQualities[] = {90, 85, 80};
constexpr int kScaledJpegQuality = 85;
// Bytes a JPEG of a photograph keeps at 85 and at 80 from its size at 90 (measured on photos: about 0.75 and 0.62),
// rounded up a little: a quality is only tried when the estimate says it may fit.
constexpr double kJpegBytesAt85 = 0.8;
constexpr double kJpegBytesAt80 = 0.7;
// The first bytes looked at to tell text and documents from images.
constexpr qint64 kHeadBytes = 512;
// Enough to find a PNG's IEND chunk or a JPEG's end marker in an ordinary file without reading it all.
constexpr qint64 kTailBytes = 64 * 1024;

bool isSupported(const QString &format)
{
    return format == u"jpeg"_s || format == u"png"_s || format == u"webp"_s;
}

// Formats the service does not take but Qt's image plugins read, so Paddock converts them.
bool isConvertible(const QString &format)
{
    return format == u"gif"_s || format == u"bmp"_s || format == u"tiff"_s;
}

bool isLossless(const QString &format)
{
    return format == u"png"_s || isConvertible(format);
}

// What a file that is no image seems to be, for the message; empty when it does not look like anything known.
QString nonImageKind(const QByteArray &head)
{
    if (head.startsWith("%PDF"))
        return u"a PDF document"_s;
    if (head.startsWith("PK\x03\x04"))
        return u"a ZIP archive or an office document"_s;
    const QByteArray start = head.trimmed().left(15).toLower();
    if (start.startsWith("<!doctype html") || start.startsWith("<html"))
        return u"a web page"_s;
    // Text: no control characters but tab, line feed, form feed and carriage return (UTF-8 passes: its bytes are
    // all 0x80 or above).
    const bool text = std::all_of(head.cbegin(), head.cend(), [](char c) {
        const auto b = quint8(c);
        return b >= 0x20 ? b != 0x7F : (b == '\t' || b == '\n' || b == '\f' || b == '\r');
    });
    return text && !head.isEmpty() ? u"text"_s : QString();
}

// Walks a JPEG's segments to its frame header and returns its number of components: 1 grey, 3 colour, 4 CMYK or
// YCCK; 0 when it cannot be found.
int jpegComponents(QIODevice &device)
{
    if (!device.seek(2))
        return 0;
    for (int segment = 0; segment < 1000; ++segment) {
        const QByteArray marker = device.read(2);
        if (marker.size() < 2 || quint8(marker.at(0)) != 0xFF)
            return 0;
        const auto code = quint8(marker.at(1));
        if (code == 0xFF) { // fill byte: the marker code follows
            device.seek(device.pos() - 1);
            continue;
        }
        if ((code >= 0xD0 && code <= 0xD8) || code == 0x01) // markers without a length
            continue;
        if (code == 0xD9 || code == 0xDA) // end of image, or a scan before any frame header
            return 0;
        const QByteArray lengthBytes = device.read(2);
        if (lengthBytes.size() < 2)
            return 0;
        const int length = (quint8(lengthBytes.at(0)) << 8) | quint8(lengthBytes.at(1));
        const bool frame = code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
        if (frame) {
            const QByteArray header = device.read(6); // precision, height, width, components
            return header.size() == 6 ? quint8(header.at(5)) : 0;
        }
        if (length < 2 || !device.seek(device.pos() + length - 2))
            return 0;
    }
    return 0;
}

} // namespace

// Formats are judged by their first bytes, never by the file name: a GIF renamed .png is still a GIF.
QString sniffImageFormat(const QByteArray &head)
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

QString formatImageBytes(qint64 bytes)
{
    if (bytes >= 1000LL * 1000 * 1000)
        return QString::number(double(bytes) / 1e9, 'f', 1) + u" GB"_s;
    if (bytes >= 1000LL * 1000)
        return QString::number(double(bytes) / 1e6, 'f', 1) + u" MB"_s;
    if (bytes >= 1000)
        return QString::number((bytes + 500) / 1000) + u" KB"_s;
    return QString::number(bytes) + u" bytes"_s;
}

namespace {

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
    // Decided from the size on disk alone, so a 2 GB file is refused without reading it. Between the service's
    // limit and Paddock's own, a file is re-encoded smaller.
    const bool tooLarge = result.fileBytes > ImageRules::kMaxSourceFileBytes;
    if (tooLarge)
        result.problems << u"This file is %1; Paddock can prepare images of at most %2 MB (the service takes at most "
                           "20 MB). Use a smaller or more compressed copy."_s.arg(formatImageBytes(result.fileBytes))
                               .arg(ImageRules::kMaxSourceFileBytes / 1'000'000);
    const bool overServiceLimit = result.fileBytes > ImageRules::kMaxFileBytes;

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.problems << u"Paddock can't open this file (%1). Check that your account may read it."_s.arg(
            file.errorString());
        return result;
    }
    const QByteArray head = file.peek(kHeadBytes);
    result.format = sniffImageFormat(head);
    const bool sniffed = !result.format.isEmpty();
    if (!sniffed)
        result.format = QString::fromLatin1(QImageReader::imageFormat(&file)).toLower();
    if (result.format == u"jpg"_s)
        result.format = u"jpeg"_s;
    const bool supported = isSupported(result.format);
    const bool convertible = isConvertible(result.format);

    QImageReader reader(&file);
    reader.setDecideFormatFromContent(true);
    if (!result.format.isEmpty())
        result.storedSize = reader.size();
    const bool headerRead = result.storedSize.isValid() && !result.storedSize.isEmpty();
    // A known signature names the format even when the rest is damaged; a plugin's guess counts only if it reads.
    if (!supported && !convertible && (sniffed || headerRead)) {
        result.problems << u"%1 images can't be used: use JPEG, PNG or WEBP."_s.arg(result.format.toUpper());
    } else if (!headerRead) {
        const QString kind = sniffed ? QString() : nonImageKind(head);
        if (!kind.isEmpty())
            result.problems << u"This file is not an image (it looks like %1). Choose an image file instead."_s.arg(
                kind);
        else
            result.problems << damagedMessage();
    }
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
        result.problems << u"This image file is damaged: it seems to have been cut off while copying or "
                           "downloading. Use a complete copy."_s;

    // What will be done before sending, most telling first.
    const QString name = result.format.toUpper();
    if (result.format == u"jpeg"_s && jpegComponents(file) == 4) {
        result.cmyk = true;
        result.conversion = u"CMYK — converted to RGB"_s;
    } else if (result.format == u"gif"_s) {
        result.conversion = reader.imageCount() > 1 ? u"GIF — the first frame will be sent as PNG"_s
                                                    : u"GIF — will be sent as PNG"_s;
    } else if (convertible) {
        result.conversion = u"%1 — will be converted to PNG or JPEG"_s.arg(name);
    } else if (overServiceLimit && !tooLarge) {
        result.conversion = u"Large %1 — will be made smaller than 20 MB"_s.arg(name);
    }

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

bool hasTransparentPixels(const QImage &image)
{
    if (!image.hasAlphaChannel())
        return false;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(argb.constScanLine(y));
        if (std::any_of(line, line + argb.width(), [](QRgb pixel) { return qAlpha(pixel) != 255; }))
            return true;
    }
    return false;
}

QByteArray encodeImageBytes(const QImage &image, const char *format, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (quality >= 0)
        writer.setQuality(quality);
    if (!writer.write(image))
        return {};
    return bytes;
}

QList<qint64> shareImageBudget(const QList<qint64> &needs, qint64 textBytes)
{
    constexpr qint64 kDataUriPrefix = 32; // "data:image/jpeg;base64," and a margin
    const auto toImageBytes = [](qint64 text) { return qMax<qint64>(0, text - kDataUriPrefix) / 4 * 3; };
    const auto toText = [](qint64 image) { return (image + 2) / 3 * 4 + kDataUriPrefix; };
    QList<qint64> budgets(needs.size(), 0);
    // Smallest needs first: each takes what it needs if that is within an equal share of what is left.
    QList<qsizetype> order(needs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&needs](qsizetype a, qsizetype b) {
        const qint64 x = needs.at(a) < 0 ? std::numeric_limits<qint64>::max() : needs.at(a);
        const qint64 y = needs.at(b) < 0 ? std::numeric_limits<qint64>::max() : needs.at(b);
        return x < y;
    });
    qint64 left = textBytes;
    for (qsizetype i = 0; i < order.size(); ++i) {
        const qint64 share = left / (order.size() - i);
        const qint64 need = needs.at(order.at(i));
        const qint64 taken = need >= 0 && toText(need) <= share ? toText(need) : share;
        budgets[order.at(i)] = qMin(ImageRules::kMaxFileBytes, toImageBytes(taken));
        left -= taken;
    }
    return budgets;
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

// One way of writing the image, and what it gave.
struct Encoding
{
    QByteArray bytes;
    QByteArray format;
    QSize size;
    int quality = 0; // JPEG only
};

// The largest scaled-down copy of image that fits maxBytes in format, in a few encodes, never below minSide.
// Encoded size is modelled as factor^k of the full size (k about 2 for sharp pictures; less for noisy ones, whose
// noise scaling smooths away); k is learnt from the sizes measured, and each step aims 3 % under the budget: first
// down until a copy fits, then up between the largest fitting and the smallest failing factor while the fitting one
// uses less than 90 % of the budget. fullBytes is the full image's size at these settings, measured or estimated,
// and over maxBytes. Returns the largest copy that fits, else the last one tried (over the budget), else nothing.
Encoding shrinkToFit(const QImage &image, const QByteArray &format, int quality, qint64 fullBytes, qint64 maxBytes,
                     int minSide)
{
    constexpr int kMaxEncodes = 5;
    constexpr double kAim = 0.97;
    constexpr double kCloseEnough = 0.9;
    Encoding fitting;
    Encoding last;
    double overFactor = 1.0; // the smallest factor known not to fit
    qint64 overBytes = fullBytes;
    double fitFactor = 0.0; // the largest factor known to fit
    qint64 fitBytes = 0;
    double exponent = 2.0;
    QSize lastSize = image.size();
    for (int attempt = 0; attempt < kMaxEncodes; ++attempt) {
        double factor;
        if (fitFactor == 0.0) {
            if (qMin(lastSize.width(), lastSize.height()) <= minSide)
                break;
            factor = overFactor * qMin(0.97, std::pow(kAim * double(maxBytes) / double(overBytes), 1.0 / exponent));
        } else {
            if (double(fitBytes) >= kCloseEnough * double(maxBytes) || overFactor - fitFactor < 0.01)
                break;
            factor = fitFactor * std::pow(kAim * double(maxBytes) / double(fitBytes), 1.0 / exponent);
            factor = qBound(fitFactor + 0.005, factor, overFactor - 0.005);
        }
        const QSize size = scaledSize(image.size(), factor, minSide);
        if (size == lastSize || size == fitting.size)
            break;
        const QImage scaled = image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        last = {encodeImageBytes(scaled, format, quality), format, size, quality};
        if (last.bytes.isEmpty())
            break;
        const qint64 bytes = last.bytes.size();
        // Learn the exponent from this size and the nearest other one measured.
        const double otherFactor = bytes <= maxBytes ? overFactor : (fitFactor > 0.0 ? fitFactor : overFactor);
        const qint64 otherBytes = otherFactor == overFactor ? overBytes : fitBytes;
        if (otherFactor != factor && otherBytes > 0 && bytes > 0)
            exponent = qBound(1.0, std::log(double(otherBytes) / double(bytes)) / std::log(otherFactor / factor), 3.0);
        lastSize = size;
        if (bytes <= maxBytes) {
            fitting = last;
            fitFactor = factor;
            fitBytes = bytes;
        } else {
            overFactor = factor;
            overBytes = bytes;
        }
    }
    return fitting.bytes.isEmpty() ? last : fitting;
}

// The most faithful encoding of image that fits maxBytes, in a few encodes: PNG for transparency (scaled down if
// need be); PNG for a lossless source when it fits at full size; else JPEG at the best of kJpegQualities that fits
// at full size; else JPEG at kScaledJpegQuality at the largest size that fits. The result may still be over
// maxBytes when even the role's minimum size does not fit.
Encoding fitToBudget(const QImage &image, bool alpha, bool tryLossless, qint64 maxBytes, int minSide)
{
    if (alpha || tryLossless) {
        const Encoding png{encodeImageBytes(image, "png"), "png", image.size()};
        if (png.bytes.isEmpty() || png.bytes.size() <= maxBytes)
            return png;
        if (alpha) {
            const Encoding smaller = shrinkToFit(image, "png", -1, png.bytes.size(), maxBytes, minSide);
            return smaller.bytes.isEmpty() ? png : smaller;
        }
    }
    const Encoding best{encodeImageBytes(image, "jpeg", kJpegQualities[0]), "jpeg", image.size(), kJpegQualities[0]};
    if (best.bytes.isEmpty() || best.bytes.size() <= maxBytes)
        return best;
    const double atBest = double(best.bytes.size());
    qint64 at85 = qint64(atBest * kJpegBytesAt85);
    for (int quality : {kJpegQualities[1], kJpegQualities[2]}) {
        const double estimate = atBest * (quality == kJpegQualities[1] ? kJpegBytesAt85 : kJpegBytesAt80);
        if (estimate > double(maxBytes))
            continue;
        const Encoding lower{encodeImageBytes(image, "jpeg", quality), "jpeg", image.size(), quality};
        if (!lower.bytes.isEmpty() && lower.bytes.size() <= maxBytes)
            return lower;
        if (quality == kJpegQualities[1])
            at85 = qMax<qint64>(lower.bytes.size(), maxBytes + 1);
    }
    static_assert(kScaledJpegQuality == kJpegQualities[1]);
    const Encoding scaled = shrinkToFit(image, "jpeg", kScaledJpegQuality, qMax(at85, maxBytes + 1), maxBytes, minSide);
    return scaled.bytes.isEmpty() ? best : scaled;
}

QString damagedOrTooManyPixels(QSize storedSize)
{
    const qint64 pixelBytes = qint64(storedSize.width()) * storedSize.height() * 4;
    if (pixelBytes > qint64(QImageReader::allocationLimit()) * 1024 * 1024)
        return u"This image has too many pixels (%1) for Paddock to prepare. Scale it down to at most about 8,000 px "
               "on its longer side."_s.arg(sizeText(storedSize));
    return damagedMessage();
}

// The slot's words for what was done: "Large PNG — will be sent as JPEG, 4000 × 2667 px, 2.1 MB".
QString describeConversion(const ImageInspection &inspection, const Encoding &sent, const QString &profile)
{
    const QString to = QString::fromLatin1(sent.format).toUpper();
    QString what;
    if (inspection.cmyk)
        what = u"CMYK — converted to RGB"_s;
    else if (inspection.format == u"gif"_s)
        what = inspection.conversion.contains(u"first frame"_s) ? u"GIF — the first frame will be sent as %1"_s.arg(to)
                                                                : u"GIF — will be sent as %1"_s.arg(to);
    else if (!inspection.isSupportedFormat())
        what = u"%1 — will be sent as %2"_s.arg(inspection.format.toUpper(), to);
    else if (inspection.fileBytes > ImageRules::kMaxFileBytes)
        what = u"Large %1 — will be sent as %2"_s.arg(inspection.format.toUpper(), to);
    else
        what = u"Sent as %1"_s.arg(to);
    if (sent.size != inspection.size)
        what += u", "_s + sizeText(sent.size);
    what += u", "_s + formatImageBytes(sent.bytes.size());
    if (!profile.isEmpty())
        what += u"; colours converted from %1 to sRGB"_s.arg(profile);
    return what;
}

// A colour profile's name from the file, fit to show: printable, short.
QString profileName(const QColorSpace &space)
{
    QString name = space.description().simplified();
    name.removeIf([](QChar c) { return !c.isPrint(); });
    if (name.isEmpty() || name.size() > 40)
        return u"its colour profile"_s;
    return name;
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

    if (inspection.canBeSentAsItIs(maxBytes)) {
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

    // Pixels are decoded only within Qt's allocation limit (QImageReader::allocationLimit(), 128 MB by default):
    // a decompression bomb fails here instead of filling memory.
    QImageReader reader(path);
    reader.setDecideFormatFromContent(true);
    reader.setAutoTransform(true); // the service ignores EXIF orientation: the pixels must be upright
    QImage image = reader.read();  // a GIF's first frame
    if (image.isNull()) {
        result.error = damagedOrTooManyPixels(inspection.storedSize);
        return result;
    }

    // Re-encoding drops or misreads a wide-gamut profile: the pixels are converted to sRGB first, so the colours
    // look the same wherever the image is shown. Untagged pixels are taken as sRGB already.
    QString profile;
    if (const QColorSpace space = image.colorSpace(); space.isValid() && space != QColorSpace(QColorSpace::SRgb)) {
        profile = profileName(space);
        image.convertToColorSpace(QColorSpace::SRgb);
    }
    const bool alpha = hasTransparentPixels(image);
    // A fixed pixel format makes the encoder's input, and so its output, the same on every run.
    image = image.convertToFormat(alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);

    // A lossless source stays lossless when that fits; a PNG already over the budget would not, nor would a
    // picture whose raw pixels are many times the budget.
    const qint64 rawBytes = qint64(image.width()) * image.height() * 3;
    const bool tryLossless = isLossless(inspection.format) &&
                             !(inspection.format == u"png"_s && inspection.fileBytes > maxBytes) &&
                             rawBytes <= 4 * maxBytes;
    const int minSide = ImageRules::minShortSide(role);
    const Encoding sent = fitToBudget(image, alpha, tryLossless, maxBytes, minSide);
    if (sent.bytes.isEmpty()) {
        result.error = u"Paddock could not prepare this image for sending. Save it again as JPEG and retry."_s;
        return result;
    }
    if (sent.bytes.size() > maxBytes) {
        result.error = u"This image can't be made smaller than %1 without going below %2 px on its shorter "
                       "side. Use a simpler or smaller image, or fewer images."_s.arg(formatImageBytes(maxBytes))
                           .arg(minSide);
        return result;
    }
    result.mimeType = u"image/"_s + QString::fromLatin1(sent.format);
    result.size = sent.size;
    result.bytes = sent.bytes.size();
    result.reencoded = true;
    result.jpegQuality = sent.format == "jpeg" ? sent.quality : 0;
    // Only turning a photo upright changes nothing a person would notice: no note then.
    if (inspection.needsConversion() || !profile.isEmpty() || sent.size != inspection.size)
        result.note = describeConversion(inspection, sent, profile);
    result.dataUri = u"data:"_s + result.mimeType + u";base64,"_s + QString::fromLatin1(sent.bytes.toBase64());
    return result;
}
