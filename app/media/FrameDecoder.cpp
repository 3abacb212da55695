#include "media/FrameDecoder.h"

#include <QCoreApplication>
#include <QFile>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/mem.h>
#include <libswscale/swscale.h>
}

#include <algorithm>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FrameDecoder", text);
}

qint64 toMicroseconds(int64_t value, AVRational base)
{
    return av_rescale_q(value, base, AVRational{1, 1000000});
}

} // namespace

struct FrameDecoder::Handles
{
    AVFormatContext *format = nullptr;
    AVCodecContext *codec = nullptr;
    AVPacket *packet = nullptr;
    AVFrame *frame = nullptr;
    AVFrame *skipped = nullptr; // the last frame passed over after a seek: shown if the clip ends before the time
    SwsContext *scaler = nullptr;
    int stream = -1;
    AVRational timeBase{1, 1};

    ~Handles()
    {
        sws_freeContext(scaler);
        av_frame_free(&skipped);
        av_frame_free(&frame);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
        avformat_close_input(&format);
    }
};

FrameDecoder::FrameDecoder() = default;
FrameDecoder::~FrameDecoder() = default;

bool FrameDecoder::open(const QString &path, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    m_av = std::make_unique<Handles>();
    m_info = {};
    m_atEnd = false;
    m_draining = false;
    m_skipBeforeUs = -1;
    const QByteArray file = QFile::encodeName(path);
    if (avformat_open_input(&m_av->format, file.constData(), nullptr, nullptr) < 0)
        return fail(tr("the file cannot be opened as a video."));
    if (avformat_find_stream_info(m_av->format, nullptr) < 0)
        return fail(tr("the file has no streams Paddock can read."));
    const AVCodec *codec = nullptr;
    m_av->stream = av_find_best_stream(m_av->format, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (m_av->stream < 0 || !codec)
        return fail(tr("the file has no picture Paddock can decode."));
    m_info.hasAudio = av_find_best_stream(m_av->format, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0;
    const AVStream *stream = m_av->format->streams[m_av->stream];
    m_av->timeBase = stream->time_base;
    m_av->codec = avcodec_alloc_context3(codec);
    if (!m_av->codec || avcodec_parameters_to_context(m_av->codec, stream->codecpar) < 0)
        return fail(tr("the picture's codec cannot be set up."));
    // Two threads per clip: with nine clips on a small machine more would only queue for the same cores.
    m_av->codec->thread_count = 2;
    if (avcodec_open2(m_av->codec, codec, nullptr) < 0)
        return fail(tr("the picture's codec cannot be opened."));
    m_av->packet = av_packet_alloc();
    m_av->frame = av_frame_alloc();
    m_av->skipped = av_frame_alloc();
    if (!m_av->packet || !m_av->frame || !m_av->skipped)
        return fail(tr("there is not enough memory to decode it."));

    m_info.size = QSize(m_av->codec->width, m_av->codec->height);
    if (m_info.size.isEmpty() || m_info.size.width() > 8192 || m_info.size.height() > 8192)
        return fail(tr("its picture size is not one Paddock plays."));
    AVRational rate = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
    if (rate.num <= 0 || rate.den <= 0 || av_q2d(rate) < 1 || av_q2d(rate) > 240)
        rate = AVRational{24, 1};
    m_info.framesPerSecond = av_q2d(rate);
    m_info.frameDurationUs = av_rescale_q(1, av_inv_q(rate), AVRational{1, 1000000});
    if (stream->duration > 0)
        m_info.durationUs = toMicroseconds(stream->duration, stream->time_base);
    else if (m_av->format->duration > 0)
        m_info.durationUs = av_rescale_q(m_av->format->duration, AVRational{1, AV_TIME_BASE}, AVRational{1, 1000000});
    if (m_info.durationUs <= 0)
        m_info.durationUs = m_info.frameDurationUs;
    return true;
}

bool FrameDecoder::decodeOne()
{
    for (;;) {
        const int received = avcodec_receive_frame(m_av->codec, m_av->frame);
        if (received == 0)
            return true;
        if (received == AVERROR_EOF)
            return false;
        if (received != AVERROR(EAGAIN))
            return false;
        if (m_draining)
            return false;
        // The decoder wants more: the next packet of the picture's stream, or the signal that there is none.
        for (;;) {
            const int read = av_read_frame(m_av->format, m_av->packet);
            if (read < 0) {
                m_draining = true;
                avcodec_send_packet(m_av->codec, nullptr);
                break;
            }
            const bool ours = m_av->packet->stream_index == m_av->stream;
            const int sent = ours ? avcodec_send_packet(m_av->codec, m_av->packet) : 0;
            av_packet_unref(m_av->packet);
            if (ours && sent < 0 && sent != AVERROR(EAGAIN))
                continue; // a damaged packet: the decoder carries on with the next one
            if (ours)
                break;
        }
    }
}

DecodedFrame FrameDecoder::next()
{
    if (!m_av || !m_av->codec || m_atEnd)
        return {};
    for (;;) {
        if (!decodeOne()) {
            m_atEnd = true;
            if (m_skipBeforeUs < 0 || !m_av->skipped->data[0])
                return {};
            // Sought past the last frame (the container's length was a little long): that frame is the one showing.
            m_skipBeforeUs = -1;
            av_frame_move_ref(m_av->frame, m_av->skipped);
            return takeFrame();
        }
        const int64_t pts = m_av->frame->best_effort_timestamp;
        const qint64 ptsUs = pts == AV_NOPTS_VALUE ? 0 : toMicroseconds(pts, m_av->timeBase);
        if (m_skipBeforeUs >= 0 && ptsUs + m_info.frameDurationUs <= m_skipBeforeUs) {
            av_frame_unref(m_av->skipped);
            av_frame_move_ref(m_av->skipped, m_av->frame);
            continue; // shown before the time sought
        }
        m_skipBeforeUs = -1;
        av_frame_unref(m_av->skipped);
        return takeFrame();
    }
}

DecodedFrame FrameDecoder::takeFrame()
{
    const int64_t pts = m_av->frame->best_effort_timestamp;
    DecodedFrame out = convert();
    out.ptsUs = pts == AV_NOPTS_VALUE ? 0 : std::max<qint64>(0, toMicroseconds(pts, m_av->timeBase));
    av_frame_unref(m_av->frame);
    return out;
}

DecodedFrame FrameDecoder::convert()
{
    const AVFrame *frame = m_av->frame;
    QSize size = m_outputSize.isEmpty() ? QSize(frame->width, frame->height) : m_outputSize;
    size = size.boundedTo(QSize(8192, 8192));
    m_av->scaler = sws_getCachedContext(m_av->scaler, frame->width, frame->height, AVPixelFormat(frame->format),
                                        size.width(), size.height(), AV_PIX_FMT_BGRA, SWS_BILINEAR, nullptr,
                                        nullptr, nullptr);
    if (!m_av->scaler)
        return {};
    // libswscale's vector code writes whole blocks of pixels, past the end of a row whose width is not a multiple
    // of the block and past the last row: the buffer is padded for that (rows to 64 bytes, plus one spare row), and
    // the image only looks at the real width and height.
    const qsizetype stride = (qsizetype(size.width()) * 4 + 63) / 64 * 64;
    const qsizetype bytes = stride * (size.height() + 1) + 64;
    auto *buffer = static_cast<uchar *>(av_malloc(size_t(bytes)));
    if (!buffer)
        return {};
    uint8_t *planes[4] = {buffer, nullptr, nullptr, nullptr};
    int strides[4] = {int(stride), 0, 0, 0};
    sws_scale(m_av->scaler, frame->data, frame->linesize, 0, frame->height, planes, strides);
    DecodedFrame out;
    out.image = QImage(buffer, size.width(), size.height(), stride, QImage::Format_RGB32,
                       [](void *data) { av_free(data); }, buffer);
    return out;
}

bool FrameDecoder::seekTo(qint64 timeUs)
{
    if (!m_av || !m_av->codec)
        return false;
    // The last instant of the clip: its last frame is showing then (frame times are rounded to the microsecond, so
    // "the start of the last frame" could land a microsecond inside the one before).
    timeUs = std::clamp<qint64>(timeUs, 0, std::max<qint64>(0, m_info.durationUs - 1));
    const int64_t target = av_rescale_q(timeUs, AVRational{1, 1000000}, m_av->timeBase);
    if (av_seek_frame(m_av->format, m_av->stream, target, AVSEEK_FLAG_BACKWARD) < 0)
        return false;
    avcodec_flush_buffers(m_av->codec);
    av_frame_unref(m_av->skipped);
    m_atEnd = false;
    m_draining = false;
    m_skipBeforeUs = timeUs;
    return true;
}
