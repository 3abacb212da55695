#pragma once

#include "media/Mp4Info.h"

#include <QString>

// What is found out about a clip before it is handed to a media player: it exists, it is a regular file inside the
// clips folder, it is readable and its boxes describe a whole MP4. Reads the disk: call it off the GUI thread.
struct ClipCheck
{
    QString error; // empty: playable as far as its boxes tell; otherwise plain words for a person
    Mp4Info info;

    // folder empty: any regular file will do.
    static ClipCheck run(const QString &path, const QString &folder);
};
