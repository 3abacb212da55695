#pragma once

#include <QString>

// The one check made before Paddock opens a file because a stored record names it (a clip, a poster, a
// download's partial file): it must be a regular file inside a folder Paddock owns. A FIFO or a device would
// block or misbehave when opened, a symbolic link could lead anywhere, and a path from an old or damaged
// record could name any file of the user's. Only metadata is read (lstat), so the check never blocks.
namespace StoredFile {

// True when path is an existing regular file (not a link, FIFO, socket or device) whose real location is inside
// root, and no folder on the way is a link leading out of it. Otherwise false, with *why in plain words.
bool isRegularFileInside(const QString &path, const QString &root, QString *why = nullptr);

// True when path is an existing regular file (not a link, FIFO, socket or device), wherever it is.
bool isRegularFile(const QString &path, QString *why = nullptr);

// True when path is inside root by name alone (no "..", no other folder), whether or not it exists.
bool isInside(const QString &path, const QString &root);

} // namespace StoredFile
