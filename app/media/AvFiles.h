#pragma once

#include <QByteArray>
#include <QString>

struct AVFormatContext;
struct AVOutputFormat;
struct AVPacket;
struct AVStream;

// What the code that reads and writes MP4s with libavformat shares (ClipRecipe, LastFrame, Stitcher): opening a clip
// as hostile, copying a stream's description, error text, and the temporary name a file is written under.
namespace AvFiles {

// An opened input; closed when it goes.
struct Input
{
    AVFormatContext *format = nullptr;
    Input() = default;
    Input(const Input &) = delete;
    Input &operator=(const Input &) = delete;
    ~Input();
};

// An output being written; its file closed and the context freed when it goes.
struct Output
{
    AVFormatContext *format = nullptr;
    Output() = default;
    Output(const Output &) = delete;
    Output &operator=(const Output &) = delete;
    ~Output();
};

struct Packet
{
    AVPacket *packet;
    Packet();
    Packet(const Packet &) = delete;
    Packet &operator=(const Packet &) = delete;
    ~Packet();
};

// "file:" and the absolute path, so that a name with a colon in it is never taken for another protocol.
QByteArray fileUrl(const QString &path);

// libav's words for an error code.
QString errorText(int code);

// Opens path with the MP4/QuickTime demuxer named, never guessed from the content (a hostile "clip" that is really a
// playlist or an image sequence is not opened by another demuxer), and only as a local file. libav's error code.
int openMp4(const QString &path, AVFormatContext **format);

// Adds to out a stream described as in is (codec, timing, disposition, tags, side data such as a rotation), for
// copying in's packets unchanged. False when out of memory.
bool addCopyOf(AVFormatContext *out, const AVStream *in);

// Clockwise degrees (0, 90, 180 or 270) a stream's pictures are turned by to show them upright, as its display
// matrix says (ffmpeg's autorotate turns them the same way); 0 without one.
int clockwiseTurn(const AVStream *stream);

// The name target is written under until it is whole: beside it, a dot file so a file manager does not show it.
// Always the same for one target (one writer at a time per file), so a write cut short by a crash leaves a file the
// next write of that target replaces, not a new stray file each time. Remove it before writing: never write through
// whatever is there.
QString temporaryPathFor(const QString &target);

} // namespace AvFiles
