#pragma once

#include <QMap>
#include <QString>

// What ffprobe says about a media file, so that tests can check the clips they get are real and right.
struct FfprobeInfo
{
    bool ok = false;
    QString error; // why probing failed, when ok is false
    int width = 0;
    int height = 0;
    double formatDuration = 0; // seconds, from the container
    double videoDuration = 0;  // seconds, from the first video stream
    double audioDuration = 0;  // seconds, from the first audio stream
    double frameRate = 0;      // frames per second of the first video stream (its avg_frame_rate)
    QString videoCodec;        // "h264", …
    QString audioCodec;        // "aac", …
    bool hasVideo = false;
    bool hasAudio = false;
    QMap<QString, QString> formatTags; // the container's tags, by name (TAG:name=value in ffprobe's words)

    // Runs "ffprobe -v error -show_format -show_streams -of json" synchronously (tests only).
    static FfprobeInfo probe(const QString &path);
};
