#include "TestImages.h"

#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace TestImages {

QByteArray encoded(QSize size, const char *format, int hue)
{
    QImage image(size, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient gradient(0, 0, size.width(), size.height());
    gradient.setColorAt(0, QColor::fromHsv(hue % 360, 200, 240));
    gradient.setColorAt(1, QColor::fromHsv((hue + 120) % 360, 220, 90));
    painter.fillRect(image.rect(), gradient);
    painter.setPen(QPen(Qt::white, qMax(1, size.width() / 100)));
    painter.drawRect(image.rect().adjusted(2, 2, -3, -3));
    painter.end();

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

QString dataUri(QSize size, const char *format, int hue)
{
    const QByteArray fmt = QByteArray(format).toLower();
    const QByteArray mime = fmt == "jpg" ? QByteArray("jpeg") : fmt;
    return u"data:image/"_s + QString::fromLatin1(mime) + u";base64,"_s
           + QString::fromLatin1(encoded(size, format, hue).toBase64());
}

QByteArray jpegWithExifOrientation6(QSize storedSize)
{
    const QByteArray jpeg = encoded(storedSize, "JPEG", 30);
    // A minimal big-endian EXIF APP1 segment with one IFD0 entry: Orientation (0x0112) = 6.
    QByteArray tiff;
    tiff += "MM";
    tiff += QByteArray::fromHex("002A00000008"); // magic 42, IFD0 at offset 8
    tiff += QByteArray::fromHex("0001");         // one entry
    tiff += QByteArray::fromHex("0112" "0003" "00000001" "00060000");
    tiff += QByteArray::fromHex("00000000");     // no next IFD
    QByteArray app1 = "Exif";
    app1 += QByteArray(2, '\0');
    app1 += tiff;
    const int length = int(app1.size()) + 2;
    QByteArray segment = QByteArray::fromHex("FFE1");
    segment += char((length >> 8) & 0xff);
    segment += char(length & 0xff);
    segment += app1;
    // Insert right after the SOI marker (FFD8).
    return jpeg.left(2) + segment + jpeg.mid(2);
}

QByteArray bytes(const QImage &image, const char *format, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format, quality);
    return bytes;
}

QImage photoLike(QSize size, quint32 seed)
{
    QImage image(size, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        QLinearGradient sky(0, 0, 0, size.height());
        sky.setColorAt(0, QColor::fromHsv(int(random.bounded(360)), 90, 230));
        sky.setColorAt(1, QColor::fromHsv(int(random.bounded(360)), 140, 70));
        painter.fillRect(image.rect(), sky);
        for (int i = 0; i < 40; ++i) {
            const int w = int(random.bounded(size.width() / 3)) + 8;
            const int h = int(random.bounded(size.height() / 3)) + 8;
            QRadialGradient blob(random.bounded(size.width()), random.bounded(size.height()), qMax(w, h));
            blob.setColorAt(0, QColor::fromHsv(int(random.bounded(360)), 160, 220, 200));
            blob.setColorAt(1, QColor::fromHsv(int(random.bounded(360)), 200, 60, 0));
            painter.setBrush(blob);
            painter.setPen(Qt::NoPen);
            painter.drawEllipse(QPointF(random.bounded(size.width()), random.bounded(size.height())), w, h);
        }
    }
    // Sensor noise, mostly in brightness and a little in colour, with fine texture: what makes a real photo's JPEG
    // large (a 24-megapixel one is about 8-12 MB at quality 92).
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x) {
            const quint32 r = random.generate();
            const int grain = int(r & 31) - 16;
            const auto jitter = [r, grain](int value, int shift) {
                return qBound(0, value + grain + int((r >> shift) & 7) - 4, 255);
            };
            const QRgb p = line[x];
            line[x] = qRgb(jitter(qRed(p), 5), jitter(qGreen(p), 8), jitter(qBlue(p), 11));
        }
    }
    return image;
}

QByteArray cmykJpeg()
{
    // Made once with ImageMagick (convert -size 640x480 xc:"cmyk(0%,100%,100%,0%)" -colorspace cmyk), qCompress'ed.
    return qUncompress(QByteArray::fromHex(
        "000013e578daedcdbb71c3301004d03d10303f202182063f8d58a946a3d4a91bf050b15b702daa44818bf02751056a018694d98c94"
        "29d8371bddecddc5cf7886dbce6faf7bcc4854fcc10e995297243ac514c6686daa3c7f28eaaaae6d656de3bab671de59db0ead7f0c"
        "7ddfd7ab711ac2d4853e5c8e489676b4298d2943639b70b3784428e4a4deb578282f9917ed113f304044f04751a67968ff4d716dcb"
        "a29d5fdb7ed9fe86d3927e655e031b1cc6f5cbd333888888888888888888ee96c4af5ff62c22b6"));
}

QByteArray gif(QSize screenSize, int frames)
{
    QByteArray bytes = "GIF89a";
    const auto le16 = [&bytes](int value) {
        bytes += char(value & 0xff);
        bytes += char((value >> 8) & 0xff);
    };
    le16(screenSize.width());
    le16(screenSize.height());
    bytes += QByteArray::fromHex("800000"); // a global table of two colours, background 0, square pixels
    bytes += QByteArray::fromHex("000000ffffff");
    for (int frame = 0; frame < frames; ++frame) {
        bytes += QByteArray::fromHex("21f904" "05" "0a00" "00" "00"); // kept, 100 ms, colour 0 transparent
        bytes += QByteArray::fromHex("2c" "00000000" "01000100" "00"); // a 1 x 1 frame at the top left
        bytes += QByteArray::fromHex("02024401" "00");                 // its LZW data: one pixel
    }
    bytes += ';';
    return bytes;
}

} // namespace TestImages
