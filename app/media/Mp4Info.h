#pragma once

#include <QByteArray>
#include <QString>

class QIODevice;

// What an MP4 file really holds, read from its box structure without decoding any media: used to
// check downloads (is it an MP4 at all?) and to record a clip's real size, length and tracks.
struct Mp4Info
{
    bool valid = false;        // false: not an MP4, or too damaged to read; error says why
    QString error;             // plain words, for a person
    int width = 0;             // of the first video track, in pixels (display size from tkhd)
    int height = 0;
    double durationSeconds = 0; // of the whole movie (mvhd), or the longest track when mvhd has none
    double videoDurationSeconds = 0;
    double audioDurationSeconds = 0;
    double frameRate = 0;      // frames per second of the first video track (from stts), 0 if unknown
    bool hasVideo = false;
    bool hasAudio = false;
    QString videoCodec;        // sample entry fourcc, e.g. "avc1"
    QString audioCodec;        // e.g. "mp4a"

    static Mp4Info fromFile(const QString &path);
    static Mp4Info fromDevice(QIODevice *device); // device must be open, random access

    // True when these first bytes start with an ISO BMFF 'ftyp' box (an MP4 or a relative).
    static bool startsLikeMp4(const QByteArray &head);
};
