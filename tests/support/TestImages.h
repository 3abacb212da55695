#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

// Makes real encoded images for tests, in memory, so that no test depends on files in the tree.
namespace TestImages {

// An image of the given size and format ("PNG", "JPEG" or "WEBP"), a diagonal gradient in a colour
// picked from hue (0-359) with a contrasting frame, so that pictures of two takes can be told apart.
QByteArray encoded(QSize size, const char *format = "PNG", int hue = 200);

// The same as a data URI: "data:image/png;base64,...".
QString dataUri(QSize size, const char *format = "PNG", int hue = 200);

// A JPEG whose EXIF header says "rotate 90 degrees clockwise" (orientation 6); its pixels are stored
// as size, so an honest reader shows it as size.transposed().
QByteArray jpegWithExifOrientation6(QSize storedSize);

// image written in format ("PNG", "JPEG", "TIFF"…) at quality (-1: the writer's default).
QByteArray bytes(const QImage &image, const char *format, int quality = -1);

// Pixels that look and compress like a photograph: soft gradients and shapes under sensor-like noise, so that a
// 6000 × 4000 JPEG at quality 90 is megabytes, as a camera's is. The same seed gives the same picture.
QImage photoLike(QSize size, quint32 seed = 1);

// A 640 × 480 JPEG stored as Adobe CMYK (four components), all pure red (C 0, M 100 %, Y 100 %, K 0).
QByteArray cmykJpeg();

// A GIF whose logical screen is screenSize, with frames 1 × 1 px frames (Qt cannot write GIFs; the rest of the
// screen is transparent, which is all a size and conversion check needs).
QByteArray gif(QSize screenSize, int frames = 1);

} // namespace TestImages
