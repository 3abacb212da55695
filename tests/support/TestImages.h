#pragma once

#include <QByteArray>
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

} // namespace TestImages
