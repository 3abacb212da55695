#include "media/LastFrame.h"

#include "media/AvFiles.h"
#include "media/StoredFile.h"

#include <QDir>
#include <QSaveFile>
#include <QTransform>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;

namespace LastFrame {

namespace {

// Pictures larger than this are refused: a hostile header could ask for gigabytes.
constexpr int kMaxSide = 8192;

// Owners that free libav's objects with the function each needs.
struct FreeFrame
{
    void operator()(AVFrame *frame) const { av_frame_free(&frame); }
};
struct FreeCodec
{
    void operator()(AVCodecContext *codec) const { avcodec_free_context(&codec); }
};
struct FreeScaler
{
    void operator()(SwsContext *scaler) const { sws_freeContext(scaler); }
};
using Frame = std::unique_ptr<AVFrame, FreeFrame>;

struct Decoder
{
    std::unique_ptr<AVCodecContext, FreeCodec> codec;
    Frame frame{av_frame_alloc()};
    Frame last{av_frame_alloc()};
};

std::optional<QImage> refuse(QString *why, const QString &reason)
{
    if (why)
        *why = reason;
    return std::nullopt;
}

// A file whose index points past its end was cut off (an interrupted download with the index written first): its
// last frames are not there, so whatever decodes last is not the clip's last frame.
bool isCutOff(const AVFormatContext *format)
{
    const int64_t size = avio_size(format->pb);
    if (size <= 0)
        return false;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        AVStream *stream = format->streams[i];
        const int count = avformat_index_get_entries_count(stream);
        for (int k = count - 1; k >= 0 && k >= count - 4; --k) {
            const AVIndexEntry *entry = avformat_index_get_entry(stream, k);
            if (entry && entry->pos + entry->size > size)
                return true;
        }
    }
    return false;
}

// Feeds the decoder every packet of stream from where the demuxer stands to the end, then drains it; the last frame
// it gives is kept in decoder.last. False, with *why, when the file cannot be read to its end.
bool decodeToEnd(AVFormatContext *format, int stream, Decoder &decoder, QString *why)
{
    AvFiles::Packet packet;
    if (!packet.packet)
        return false;
    auto keepFrames = [&decoder] {
        while (avcodec_receive_frame(decoder.codec.get(), decoder.frame.get()) == 0) {
            av_frame_unref(decoder.last.get());
            av_frame_move_ref(decoder.last.get(), decoder.frame.get());
        }
    };
    for (;;) {
        const int read = av_read_frame(format, packet.packet);
        if (read == AVERROR_EOF)
            break;
        if (read < 0) {
            if (why)
                *why = u"The clip is damaged: it could not be read to its end (%1)."_s.arg(AvFiles::errorText(read));
            return false;
        }
        if (packet.packet->stream_index == stream) {
            // A damaged packet is passed over: the decoder carries on with the next one.
            if (avcodec_send_packet(decoder.codec.get(), packet.packet) == AVERROR(EAGAIN)) {
                keepFrames();
                avcodec_send_packet(decoder.codec.get(), packet.packet);
            }
            keepFrames();
        }
        av_packet_unref(packet.packet);
    }
    avcodec_send_packet(decoder.codec.get(), nullptr);
    keepFrames();
    return true;
}

// The frame as RGB at its own size.
std::optional<QImage> toRgb(const AVFrame *frame, QString *why)
{
    const std::unique_ptr<SwsContext, FreeScaler> scaler(
        sws_getContext(frame->width, frame->height, AVPixelFormat(frame->format), frame->width, frame->height,
                       AV_PIX_FMT_RGB24, SWS_BICUBIC, nullptr, nullptr, nullptr));
    const Frame rgb(av_frame_alloc());
    if (!scaler || !rgb)
        return refuse(why, u"The clip's pictures are in a pixel format Paddock cannot convert."_s);
    // The frame's own colour matrix (BT.601 when it does not say) and range: a full-range clip's blacks stay black
    // and a BT.709 clip's colours are not shifted. RGB is always full range.
    const int *matrix =
        sws_getCoefficients(frame->colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : int(frame->colorspace));
    const int fullRange = frame->color_range == AVCOL_RANGE_JPEG ? 1 : 0;
    sws_setColorspaceDetails(scaler.get(), matrix, fullRange, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16,
                             1 << 16);
    // An AVFrame's buffer is padded for libswscale's vector code, which writes past the end of a row.
    rgb->format = AV_PIX_FMT_RGB24;
    rgb->width = frame->width;
    rgb->height = frame->height;
    if (av_frame_get_buffer(rgb.get(), 64) < 0)
        return refuse(why, u"Paddock ran out of memory while reading the clip."_s);
    if (sws_scale(scaler.get(), frame->data, frame->linesize, 0, frame->height, rgb->data, rgb->linesize) !=
        frame->height)
        return refuse(why, u"The clip's last frame could not be converted to RGB."_s);
    QImage image(frame->width, frame->height, QImage::Format_RGB888);
    if (image.isNull())
        return refuse(why, u"Paddock ran out of memory while reading the clip."_s);
    for (int y = 0; y < frame->height; ++y)
        std::memcpy(image.scanLine(y), rgb->data[0] + qsizetype(y) * rgb->linesize[0], size_t(frame->width) * 3);
    return image;
}

// One pass over the clip: from its last keyframe when fromLastKeyframe, else from its start.
std::optional<QImage> decodeLast(const QString &clipPath, bool fromLastKeyframe, int *turn, QString *why)
{
    AvFiles::Input in;
    if (AvFiles::openMp4(clipPath, &in.format) < 0)
        return refuse(why, u"This file is not an MP4 clip, or it is too damaged to read."_s);
    if (avformat_find_stream_info(in.format, nullptr) < 0)
        return refuse(why, u"The clip is damaged: its streams could not be read."_s);
    const AVCodec *codec = nullptr;
    const int index = av_find_best_stream(in.format, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (index < 0 || !codec)
        return refuse(why, u"This clip has no picture that Paddock can decode."_s);
    AVStream *stream = in.format->streams[index];
    // A fragmented MP4 may list no frames in its index until they are read: such a clip is decoded from its start.
    const int frames = avformat_index_get_entries_count(stream);
    if (isCutOff(in.format))
        return refuse(why, u"The clip is cut off, probably by an interrupted download: its last frames are missing. "
                           u"Download it again."_s);
    const int width = stream->codecpar->width;
    const int height = stream->codecpar->height;
    if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide)
        return refuse(why, u"The clip's picture size (%1×%2) is not one Paddock reads."_s.arg(width).arg(height));
    *turn = AvFiles::clockwiseTurn(stream);

    Decoder decoder;
    decoder.codec.reset(avcodec_alloc_context3(codec));
    if (!decoder.codec || !decoder.frame || !decoder.last ||
        avcodec_parameters_to_context(decoder.codec.get(), stream->codecpar) < 0)
        return refuse(why, u"Paddock ran out of memory while reading the clip."_s);
    decoder.codec->thread_count = 2;
    if (avcodec_open2(decoder.codec.get(), codec, nullptr) < 0)
        return refuse(why, u"The clip's picture cannot be decoded on this system."_s);

    if (fromLastKeyframe && frames > 0) {
        // Backward from the last frame's time lands on the last keyframe at or before it.
        const AVIndexEntry *last = avformat_index_get_entry(stream, frames - 1);
        if (!last || av_seek_frame(in.format, index, last->timestamp, AVSEEK_FLAG_BACKWARD) < 0)
            return refuse(why, u"The clip's end could not be found."_s);
    }
    if (!decodeToEnd(in.format, index, decoder, why))
        return std::nullopt;
    const AVFrame *frame = decoder.last.get();
    if (!frame->data[0] || frame->width <= 0 || frame->height <= 0 || frame->width > kMaxSide ||
        frame->height > kMaxSide)
        return refuse(why, u"The clip has no frame that could be decoded: it is empty or damaged."_s);

    return toRgb(frame, why);
}

} // namespace

std::optional<QImage> lastFrame(const QString &clipPath, QString *why)
{
    QString reason;
    if (!StoredFile::isRegularFile(clipPath, &reason))
        return refuse(why, reason);
    int turn = 0;
    std::optional<QImage> image = decodeLast(clipPath, true, &turn, &reason);
    // A seek can land where the decoder cannot start (a keyframe it does not accept, an index that lies): the whole
    // clip is decoded then, which is slower but gives the same last frame.
    if (!image)
        image = decodeLast(clipPath, false, &turn, &reason);
    if (!image)
        return refuse(why, reason);
    if (turn != 0)
        *image = image->transformed(QTransform().rotate(turn));
    return image;
}

bool saveLossless(const QImage &image, const QString &pngPath, QString *why)
{
    auto fail = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (image.isNull())
        return fail(u"There is no picture to save."_s);
    QSaveFile file(pngPath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(u"Could not write %1: %2. Check that the folder exists and is writable."_s.arg(
            QDir::toNativeSeparators(pngPath), file.errorString()));
    if (!image.save(&file, "PNG"))
        return fail(u"Could not write the picture as a PNG in %1: the disk may be full."_s.arg(
            QDir::toNativeSeparators(pngPath)));
    if (!file.commit())
        return fail(u"Could not finish writing %1: %2."_s.arg(QDir::toNativeSeparators(pngPath), file.errorString()));
    return true;
}

} // namespace LastFrame
