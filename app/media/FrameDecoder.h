#pragma once

#include <QImage>
#include <QSize>
#include <QString>
#include <QtGlobal>

#include <memory>

// One decoded picture of a clip: its presentation time and the pixels, already scaled to the size asked for.
struct DecodedFrame
{
    qint64 ptsUs = -1; // microseconds from the clip's start
    QImage image;      // RGB32; null at the end of the clip or on error
    bool isValid() const { return ptsUs >= 0 && !image.isNull(); }
};

// What a clip is, as its container says.
struct ClipStreamInfo
{
    QSize size;                 // coded picture size
    qint64 durationUs = 0;      // of the video stream
    qint64 frameDurationUs = 0; // one frame at the stream's average rate
    double framesPerSecond = 0;
    bool hasAudio = false;
};

// Decodes a clip's video frame by frame with libavformat and libavcodec, scaling each picture with libswscale to
// the size the screen needs (so a grid of nine clips moves a ninth of the pixels). Frame-exact seeking: after
// seekTo(t) the first frame returned is the one showing at t. Not thread-safe: one thread uses it at a time.
class FrameDecoder final
{
public:
    FrameDecoder();
    ~FrameDecoder();
    FrameDecoder(const FrameDecoder &) = delete;
    FrameDecoder &operator=(const FrameDecoder &) = delete;

    // False with a message in plain words when the file cannot be read as a video.
    bool open(const QString &path, QString *error);
    const ClipStreamInfo &info() const { return m_info; }

    // Pictures come out at this size (the clip's own size when empty), keeping nothing of the aspect: the caller
    // fits the size to the clip's shape.
    void setOutputSize(const QSize &size) { m_outputSize = size; }

    // The next frame in display order; invalid at the end of the clip (atEnd() then says so) or on a decoding error.
    DecodedFrame next();
    bool atEnd() const { return m_atEnd; }

    // Goes to the frame showing at timeUs (clamped to the clip): the next call to next() returns it.
    bool seekTo(qint64 timeUs);

private:
    struct Handles;
    DecodedFrame convert();
    DecodedFrame takeFrame(); // converts the decoder's frame and lets go of it
    bool decodeOne(); // one frame into the decoder's frame; false at the end

    std::unique_ptr<Handles> m_av;
    ClipStreamInfo m_info;
    QSize m_outputSize;
    qint64 m_skipBeforeUs = -1; // after a seek: frames ending before this are decoded but not returned
    bool m_atEnd = false;
    bool m_draining = false;
};
