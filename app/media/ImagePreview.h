#pragma once

#include "api/ImageSource.h"

#include <QImage>
#include <QSize>
#include <QString>

// What an image slot shows for a local file: the service's verdict on it, a small upright thumbnail and a summary.
struct ImagePreview final
{
    ImageInspection inspection;
    QImage thumbnail; // EXIF orientation applied, fitting the requested box; null when it could not be decoded
    QString summary;  // "1920 × 1080 px · JPEG · 2.4 MB"; empty when the header could not be read

    bool isUsable() const { return inspection.isUsable(); }
    // Every problem, one per line, in plain words; empty when the service will take the image.
    QString problemText() const;
};

// Inspects the file for its role and decodes a thumbnail no larger than box (in device pixels). Safe and meant to be
// run off the GUI thread: decoding is scaled in the reader, so a large photo never lands in memory at full size.
ImagePreview previewImage(const QString &path, ImageRole role, QSize box);

// "1920 × 1080 px · JPEG · 2.4 MB" from an inspection; empty when the header could not be read.
QString describeImage(const ImageInspection &inspection);

// Where pasted pixels (a screenshot on the clipboard) are kept as files, so that a request can name them later.
QString pastedImagesDirectory();

// Saves pasted pixels as a PNG named after its content in directory (the same picture always gets the same file).
// Returns the file's path, or an empty string with *error set. Safe off the GUI thread.
QString storePastedImage(const QImage &image, const QString &directory, QString *error = nullptr);
