#include "media/ClipRecipe.h"

#include "media/StoredFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringDecoder>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
}

#include <cstdio>
#include <cstring>
#include <vector>

using namespace Qt::StringLiterals;

namespace ClipRecipe {

namespace {

// The demuxer is named, never guessed from the content: a hostile "clip" that is really a playlist or an image
// sequence is not opened by another demuxer, and only local files are ever read.
constexpr char kMp4Demuxer[] = "mp4";
constexpr char kMp4Formats[] = "mov,mp4,m4a,3gp,3g2,mj2";

// What the old file's type box said: the muxer writes its own, so these would only be stale copies as tags.
constexpr const char *kTypeBoxTags[] = {"major_brand", "minor_version", "compatible_brands"};

struct Input
{
    AVFormatContext *format = nullptr;
    ~Input() { avformat_close_input(&format); }
};

struct Output
{
    AVFormatContext *format = nullptr;
    ~Output()
    {
        if (format && format->pb)
            avio_closep(&format->pb);
        avformat_free_context(format);
    }
};

struct Packet
{
    AVPacket *packet = av_packet_alloc();
    ~Packet() { av_packet_free(&packet); }
};

// "file:" first, so that a name with a colon in it is never taken for another protocol.
QByteArray fileUrl(const QString &path)
{
    return "file:" + QFile::encodeName(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
}

QString avText(int code)
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

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

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

bool addStream(AVFormatContext *out, const AVStream *in)
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

// A name beside target, a dot file so a file manager does not show it while it is written. Always the same for one
// target (one writer at a time per clip): a write cut short by a crash leaves a file that the next write of that
// clip replaces, instead of a new stray file each time.
QString temporaryPathFor(const QString &target)
{
    const QFileInfo info(target);
    return info.dir().filePath(u".%1.recipe.part"_s.arg(info.fileName()));
}

bool remux(const QString &source, const QString &temporary, const QByteArray &recipeJson, QString *error)
{
    Input in;
    if (int result = openMp4(source, &in.format); result < 0)
        return fail(error, u"The clip could not be read as an MP4 (%1)."_s.arg(avText(result)));
    // The header leaves a few facts unsaid that the muxer wants (an AAC stream's frame size); they come from the
    // first packets, which are kept and copied like the rest.
    if (int result = avformat_find_stream_info(in.format, nullptr); result < 0)
        return fail(error, u"The clip is damaged: its streams could not be read (%1)."_s.arg(avText(result)));

    Output out;
    // The file's name goes in too: faststart opens the file again by it to move the index to the front.
    const QByteArray url = fileUrl(temporary);
    if (avformat_alloc_output_context2(&out.format, nullptr, "mp4", url.constData()) < 0 || !out.format)
        return fail(error, u"This system's libavformat cannot write MP4 files."_s);
    // Each input stream's place in the output, -1 for those left out.
    std::vector<int> mapping(in.format->nb_streams, -1);
    for (unsigned i = 0; i < in.format->nb_streams; ++i) {
        const AVStream *stream = in.format->streams[i];
        const AVMediaType type = stream->codecpar->codec_type;
        // Timecode and other data tracks are left out, and so is cover art, which is not a stream of packets.
        if ((type != AVMEDIA_TYPE_VIDEO && type != AVMEDIA_TYPE_AUDIO) ||
            (stream->disposition & AV_DISPOSITION_ATTACHED_PIC))
            continue;
        if (!addStream(out.format, stream))
            return fail(error, u"Paddock ran out of memory while copying the clip."_s);
        mapping[i] = static_cast<int>(out.format->nb_streams) - 1;
    }
    if (out.format->nb_streams == 0)
        return fail(error, u"The clip has neither picture nor sound to copy."_s);

    if (av_dict_copy(&out.format->metadata, in.format->metadata, 0) < 0 ||
        av_dict_set(&out.format->metadata, kKey, recipeJson.constData(), 0) < 0)
        return fail(error, u"Paddock ran out of memory while copying the clip."_s);
    for (const char *tag : kTypeBoxTags)
        av_dict_set(&out.format->metadata, tag, nullptr, 0);

    if (int result = avio_open(&out.format->pb, url.constData(), AVIO_FLAG_WRITE); result < 0)
        return fail(error, u"Could not write in the folder %1 (%2)."_s.arg(
                               QDir::toNativeSeparators(QFileInfo(temporary).absolutePath()), avText(result)));
    // use_metadata_tags stores the tags under their own names (an 'mdta' keys box) instead of only the few the
    // QuickTime 'udta' box has names for; faststart puts the index first, as the service's clips have it.
    AVDictionary *options = nullptr;
    av_dict_set(&options, "movflags", "+use_metadata_tags+faststart", 0);
    const int header = avformat_write_header(out.format, &options);
    av_dict_free(&options);
    if (header < 0)
        return fail(error, u"The clip's streams cannot be stored in an MP4 (%1)."_s.arg(avText(header)));

    Packet packet;
    if (!packet.packet)
        return fail(error, u"Paddock ran out of memory while copying the clip."_s);
    for (;;) {
        const int read = av_read_frame(in.format, packet.packet);
        if (read == AVERROR_EOF)
            break;
        if (read < 0)
            return fail(error, u"The clip is damaged: it could not be read to its end (%1)."_s.arg(avText(read)));
        const int index = packet.packet->stream_index;
        if (index < 0 || index >= static_cast<int>(mapping.size()) || mapping[index] < 0) {
            av_packet_unref(packet.packet);
            continue;
        }
        AVPacket *p = packet.packet;
        av_packet_rescale_ts(p, in.format->streams[index]->time_base, out.format->streams[mapping[index]]->time_base);
        p->stream_index = mapping[index];
        p->pos = -1;
        if (int result = av_interleaved_write_frame(out.format, p); result < 0)
            return fail(error, u"The clip could not be copied (%1)."_s.arg(avText(result)));
    }
    if (int result = av_write_trailer(out.format); result < 0)
        return fail(error, u"The copy of the clip could not be finished (%1)."_s.arg(avText(result)));
    if (int result = avio_closep(&out.format->pb); result < 0)
        return fail(error, u"The copy of the clip could not be finished (%1)."_s.arg(avText(result)));
    return true;
}

} // namespace

bool writeRecipe(const QString &source, const QString &target, const QByteArray &recipeJson, QString *error)
{
    QString why;
    if (!StoredFile::isRegularFile(source, &why))
        return fail(error, why);
    // A tag is a C string: a NUL would cut the recipe short without a word.
    if (recipeJson.contains('\0'))
        return fail(error, u"The recipe has a NUL character in it and cannot be stored."_s);
    const QString temporary = temporaryPathFor(target);
    // Whatever is there (a leftover, or a link planted in a shared folder) goes first: never written through.
    QFile::remove(temporary);
    if (!remux(source, temporary, recipeJson, error)) {
        QFile::remove(temporary);
        return false;
    }
    // rename() replaces target in one step: whoever opens it sees the old file or the whole new one.
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData()) != 0) {
        QFile::remove(temporary);
        return fail(
            error, u"Could not replace %1. Check that the folder is writable."_s.arg(QDir::toNativeSeparators(target)));
    }
    return true;
}

std::optional<QByteArray> readRecipe(const QString &path, QString *why)
{
    auto refuse = [why](const QString &reason) -> std::optional<QByteArray> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    // A FIFO or a device would block or misbehave when opened.
    QString reason;
    if (!StoredFile::isRegularFile(path, &reason))
        return refuse(reason);
    Input in;
    if (openMp4(path, &in.format) < 0)
        return refuse(u"This file is not an MP4 clip, or it is too damaged to read."_s);
    const AVDictionaryEntry *tag = av_dict_get(in.format->metadata, kKey, nullptr, AV_DICT_MATCH_CASE);
    if (!tag || !tag->value || !*tag->value)
        return refuse(u"This clip has no Paddock recipe."_s);
    const qsizetype size = qsizetype(std::strlen(tag->value));
    if (size > kMaxRecipeBytes)
        return refuse(u"The clip's recipe is damaged: at %1 KB it is far larger than any Paddock writes, so it was "
                      u"not read."_s.arg(size / 1024));
    QByteArray recipe(tag->value, size);
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    [[maybe_unused]] const QString text = utf8.decode(recipe); // decoded only to find broken sequences
    if (utf8.hasError())
        return refuse(u"The clip's recipe is damaged: it is not readable text."_s);
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(recipe, &parse);
    if (parse.error != QJsonParseError::NoError || !document.isObject())
        return refuse(u"The clip's recipe is damaged: it is not the JSON that Paddock writes."_s);
    return recipe;
}

} // namespace ClipRecipe
