#pragma once

#include "api/ImageSource.h"
#include "media/PastedPicture.h"

#include <QImage>
#include <QList>

class QMimeData;

// The images a drop or the clipboard offers: files and web addresses in their order, or a picture (an image file's
// bytes, or bare pixels such as a screenshot) when nothing names a file.
struct OfferedImages final
{
    QList<ImageSource> sources;
    PastedPicture picture; // only when sources is empty

    bool isEmpty() const { return sources.isEmpty() && picture.isNull(); }
};

// Reads file and web links (text/uri-list), then typed http(s) addresses or absolute file paths in plain text, then
// an image file's bytes or image data (PastedPictures::fromMimeData). Nothing is opened or checked here: each image is inspected for its role when it arrives in a slot.
OfferedImages offeredImages(const QMimeData *mime);

// Cheap enough for every drag-move event: whether the data could hold images at all.
bool mayOfferImages(const QMimeData *mime);
