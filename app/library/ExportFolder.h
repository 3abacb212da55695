#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// The rules every folder export follows (a collection for a client review, a storyboard with its takes): files
// named by Paddock alone, a folder written only when it is empty or holds an earlier export of the same kind (told
// by its JSON file, the marker), each file written through a temporary name and renamed, and the files an earlier
// export left that the new one did not write again removed.
namespace ExportFolder {

// Longest title part of a clip's file name.
constexpr qsizetype kMaxTitleLength = 60;

// title made a file name every file system accepts: no separators, no characters Windows refuses, no control or
// direction characters, no leading or trailing dots or spaces, cut to kMaxTitleLength; "Take" when nothing is left.
QString safeTitle(const QString &title);
// The marker JSON an earlier export left in folder under markerName: an object whose "generator" is "Paddock",
// else empty.
QJsonObject earlierMarker(const QString &folder, const QString &markerName);
// True when folder may be written: it does not exist, is empty, or holds an earlier export (its marker).
bool canWriteInto(const QString &folder, const QString &markerName, QString *why);
// canWriteInto, then the folder is created.
bool prepare(const QString &folder, const QString &markerName, QString *error);
// Copies from to to through a temporary file in to's folder, renamed at the end.
bool copyFile(const QString &from, const QString &to, QString *error);
// Writes json (indented) as the file path, through a temporary file.
bool writeJson(const QString &path, const QJsonObject &json, QString *error);
// Removes from folder the files an earlier export named (earlier, read from its marker: hostile) that this one did not
// write again. Only plain clip names are removed, never a path.
void removeLeftovers(const QString &folder, const QStringList &earlier, const QStringList &written);

} // namespace ExportFolder
