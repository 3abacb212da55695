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
    // "1920 × 1080 px · JPEG · 2.4 MB", and on a second line the notice when there is one; empty when the header
    // could not be read.
    QString summary;
    // What Paddock does to the file before sending it, e.g. "GIF — the first frame will be sent as PNG, 310 KB",
    // "CMYK — converted to RGB, 1.2 MB", "Large PNG — will be sent as JPEG, 2.1 MB" (from a trial encode for a lone
    // image, at the service's 20 MB limit); empty when the file goes as it is.
    QString notice;

    bool isUsable() const { return inspection.isUsable(); }
    // Every problem, one per line, in plain words; empty when the service will take the image.
    QString problemText() const;
};

// Inspects the file for its role and decodes a thumbnail no larger than box (in device pixels). Safe and meant to be
// run off the GUI thread: decoding is scaled in the reader, so a large photo never lands in memory at full size. A
// file that needs converting is also encoded once, so that the notice can say what will be sent.
ImagePreview previewImage(const QString &path, ImageRole role, QSize box);

// "1920 × 1080 px · JPEG · 2.4 MB" from an inspection; empty when the header could not be read.
QString describeImage(const ImageInspection &inspection);
