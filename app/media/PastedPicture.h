#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

class QMimeData;

// A picture from the clipboard or a drop that names no file: the image file's own bytes when the source offers them
// (browsers and image viewers put image/jpeg, image/png or image/webp beside the pixels), else the bare pixels (a
// screenshot). The bytes keep what pixels lose: the EXIF orientation, the colour profile, the compression.
struct PastedPicture final
{
    QByteArray encoded; // a JPEG, WEBP or PNG file, checked by its content; empty when only pixels were usable
    QString format;     // of encoded: "jpeg", "webp" or "png"
    QImage pixels;      // only when encoded is empty

    bool isNull() const { return encoded.isEmpty() && pixels.isNull(); }
};

namespace PastedPictures {

// The most a pasted image file may be; larger offers are ignored for the pixels.
constexpr qsizetype kMaxEncodedBytes = 100 * 1000 * 1000;

// Takes image/jpeg, then image/webp, then image/png, each only if its bytes really are an image of that family with
// a readable header and at most kMaxEncodedBytes (the MIME label is never trusted); else the pixels. Cheap: nothing
// is decoded here. Must run where mime lives (the GUI thread for the clipboard).
PastedPicture fromMimeData(const QMimeData *mime);

// How bare pixels are written: PNG when they have transparency, or when PNG is at most 1.5 times the size of the
// JPEG (screenshots, diagrams, flat colours: lossless is worth it); otherwise JPEG at quality 90 (photographs).
// Colours in another profile are converted to sRGB first. Returns the bytes and sets *format ("png" or "jpeg").
QByteArray encodePixels(const QImage &pixels, QString *format);

// Where pasted pictures are kept as files, so that a request can name them later.
QString directory();

// Saves the picture in folder, named after its content (the same picture always gets the same file) with the
// extension of its format, written atomically. Returns the file's path, or an empty string with *error set. Safe
// off the GUI thread.
QString store(const PastedPicture &picture, const QString &folder, QString *error = nullptr);

} // namespace PastedPictures
