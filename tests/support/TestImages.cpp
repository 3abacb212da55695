#include "TestImages.h"

#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>

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

} // namespace TestImages
