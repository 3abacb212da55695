#pragma once

#include "library/ExportFolder.h"
#include "library/Library.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// A collection written out as a folder for a client review: its clips, numbered in the collection's order
// ("01 - Dusk gallop.mp4"), and manifest.json saying what each take is (caption, prompt, settings, seed, image
// names, cost, time). Nothing in the manifest names a place on this computer.
namespace CollectionExport {

inline constexpr auto kManifestName = "manifest.json";
using ExportFolder::kMaxTitleLength;
using ExportFolder::safeTitle;
// "01 - <title>.mp4" for the take at position (0-based) of count: the caption, else the start of the prompt.
QString fileNameFor(int position, int count, const CollectionItem &item);
// The manifest for items written as fileNames (empty where a take has no clip).
QJsonObject manifest(const QString &collectionName, const QList<CollectionItem> &items, const QStringList &fileNames,
                     const QDateTime &exportedAt);
// True when folder may be written: it does not exist, is empty, or holds an earlier export (its manifest).
bool canWriteInto(const QString &folder, QString *why);
// Writes the folder (each file through a temporary file, then renamed); an earlier export there is replaced.
// Takes without a clip on disk are listed in the manifest without a file.
bool exportTo(const QString &folder, const QString &collectionName, const QList<CollectionItem> &items,
              QString *error);

} // namespace CollectionExport
