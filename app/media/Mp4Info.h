#pragma once

#include <QByteArray>
#include <QString>

class QIODevice;

// What an MP4 file really holds, read from its box structure without decoding any media: used to
// check downloads (is it an MP4 at all?) and to record a clip's real size, length and tracks.
struct Mp4Info
{
    bool valid = false;    // false: not an MP4, or too damaged to read; error says why
    bool complete = false; // every top-level box is whole within the file; false for a cut-off download
                           // whose header still reads (moov before mdat): check both before trusting a file
    QString error;         // plain words, for a person
    int width = 0;         // of the first video track, in pixels (display size from tkhd)
    int height = 0;
    double durationSeconds = 0; // of the whole movie (mvhd), or the longest track when mvhd has none
    double videoDurationSeconds = 0;
    double audioDurationSeconds = 0;
    double frameRate = 0; // frames per second of the first video track (from stts), 0 if unknown
    bool hasVideo = false;
    bool hasAudio = false;
    QString videoCodec; // sample entry fourcc, e.g. "avc1"
    QString audioCodec; // e.g. "mp4a"

    // One line for a person or a log, e.g. "1280×720 avc1 at 24 fps, mp4a audio, 5.0 s"; the error when invalid.
    QString summary() const;

    static Mp4Info fromFile(const QString &path);
    static Mp4Info fromDevice(QIODevice *device); // device must be open, random access; its position moves

    // True when these first bytes start with an ISO BMFF 'ftyp' box (an MP4 or a relative).
    static bool startsLikeMp4(const QByteArray &head);
};
