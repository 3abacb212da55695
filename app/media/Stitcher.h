#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// Joins a storyboard's shots, in order, into one MP4 with sound.
namespace Stitcher {

struct StitchOptions
{
    // Overlap each cut's sound by crossfadeMs (the pictures are cut as they are): needs a re-encode.
    bool crossfadeAudio = false;
    int crossfadeMs = 80;
    // One format-level tag for the film (empty key: none), stored under its own name (movflags use_metadata_tags),
    // as ClipRecipe stores a recipe: `ffprobe -show_format` shows it as TAG:<key>=<value>.
    QByteArray metadataKey;
    QByteArray metadataValue;
    // The ffmpeg program for the re-encode: a name looked up on PATH, or a path.
    QString ffmpegProgram = QStringLiteral("ffmpeg");
    // How long the re-encode may take, per second of film, before ffmpeg is stopped (plus a minute to start).
    int reencodeMsPerSecond = 10000;
};

struct StitchResult
{
    bool ok = false;
    bool reencoded = false;  // false: every packet was copied as it is
    QString error;           // in plain words when !ok
    double videoSeconds = 0; // of the film written, as its packets' times say
    double audioSeconds = 0;
};

// Writes clips, one after the other, to target. When every clip's streams match (the same video codec, size, pixel
// format, profile, frame rate, time base and codec setup; the same audio codec, sample rate, channels and setup) and
// no crossfade is asked for, the packets are copied unchanged with libavformat, each clip's times moved on by the
// length of the clips before it (the same amount for picture and sound, so they stay in step). Otherwise the ffmpeg
// program re-encodes once (H.264 + AAC), scaling and padding every clip to the first one's size and frame rate. A
// clip without sound gets silence. Written to a temporary file in target's folder and renamed over target at the
// end: target is the old file or the whole film. Blocks until done: call it off the GUI thread.
StitchResult stitch(const QStringList &clips, const QString &target, const StitchOptions &options = {});

} // namespace Stitcher
