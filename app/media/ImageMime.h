#pragma once

#include "api/ImageSource.h"

#include <QImage>
#include <QList>

class QMimeData;

// The images a drop or the clipboard offers: files and web addresses in their order, or bare pixels (a screenshot)
// when nothing names a file.
struct OfferedImages final
{
    QList<ImageSource> sources;
    QImage pixels; // only when sources is empty

    bool isEmpty() const { return sources.isEmpty() && pixels.isNull(); }
};

// Reads file and web links (text/uri-list), then typed http(s) addresses or absolute file paths in plain text, then
// image data. Nothing is opened or checked here: each image is inspected for its role when it arrives in a slot.
OfferedImages offeredImages(const QMimeData *mime);

// Cheap enough for every drag-move event: whether the data could hold images at all.
bool mayOfferImages(const QMimeData *mime);
