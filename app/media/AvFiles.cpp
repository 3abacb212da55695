#include "media/AvFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
}

#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

namespace AvFiles {

namespace {

constexpr char kMp4Demuxer[] = "mp4";
constexpr char kMp4Formats[] = "mov,mp4,m4a,3gp,3g2,mj2";

// Keeps the source's codec tag ('hvc1' stays 'hvc1') unless the MP4 muxer cannot store it for this codec, when 0
// lets the muxer choose: the rule ffmpeg's own stream copy follows.
unsigned int codecTagFor(const AVOutputFormat *muxer, const AVCodecParameters *in)
{
    unsigned int tag = 0;
    if (!muxer->codec_tag || av_codec_get_id(muxer->codec_tag, in->codec_tag) == in->codec_id ||
        !av_codec_get_tag2(muxer->codec_tag, in->codec_id, &tag))
        return in->codec_tag;
    return 0;
}

} // namespace

Input::~Input()
{
    avformat_close_input(&format);
}

Output::~Output()
{
    if (format && format->pb)
        avio_closep(&format->pb);
    avformat_free_context(format);
}

Packet::Packet() : packet(av_packet_alloc()) {}

Packet::~Packet()
{
    av_packet_free(&packet);
}

QByteArray fileUrl(const QString &path)
{
    return "file:" + QFile::encodeName(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
}

QString errorText(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromLocal8Bit(text);
}

int openMp4(const QString &path, AVFormatContext **format)
{
    AVDictionary *options = nullptr;
    av_dict_set(&options, "format_whitelist", kMp4Formats, 0);
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    const int result =
        avformat_open_input(format, fileUrl(path).constData(), av_find_input_format(kMp4Demuxer), &options);
    av_dict_free(&options);
    return result;
}

bool addCopyOf(AVFormatContext *out, const AVStream *in)
{
    AVStream *stream = avformat_new_stream(out, nullptr);
    if (!stream || avcodec_parameters_copy(stream->codecpar, in->codecpar) < 0)
        return false;
    stream->codecpar->codec_tag = codecTagFor(out->oformat, in->codecpar);
    stream->time_base = in->time_base;
    stream->sample_aspect_ratio = in->sample_aspect_ratio;
    stream->avg_frame_rate = in->avg_frame_rate;
    stream->r_frame_rate = in->r_frame_rate;
    stream->disposition = in->disposition;
    if (av_dict_copy(&stream->metadata, in->metadata, 0) < 0)
        return false;
    // The display matrix (a phone clip's rotation) and the like travel as side data.
    for (int i = 0; i < in->nb_side_data; ++i) {
        const AVPacketSideData &side = in->side_data[i];
        uint8_t *copy = av_stream_new_side_data(stream, side.type, side.size);
        if (!copy)
            return false;
        std::memcpy(copy, side.data, side.size);
    }
    return true;
}

int clockwiseTurn(const AVStream *stream)
{
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
    if (!matrix)
        return 0;
    int32_t values[9];
    std::memcpy(values, matrix, sizeof values); // the side data need not be aligned for int32_t
    // av_display_rotation_get answers counter-clockwise degrees.
    const double counterClockwise = av_display_rotation_get(values);
    if (std::isnan(counterClockwise))
        return 0;
    const long quarterTurns = std::lround(-counterClockwise / 90.0);
    return int(((quarterTurns % 4) + 4) % 4) * 90;
}

QString temporaryPathFor(const QString &target)
{
    const QFileInfo info(target);
    return info.dir().filePath(u".%1.part"_s.arg(info.fileName()));
}

} // namespace AvFiles
