#include "media/ClipRecipe.h"

#include "media/AvFiles.h"
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

using AvFiles::Input;
using AvFiles::Output;
using AvFiles::Packet;

// What the old file's type box said: the muxer writes its own, so these would only be stale copies as tags.
constexpr const char *kTypeBoxTags[] = {"major_brand", "minor_version", "compatible_brands"};

QString avText(int code)
{
    return AvFiles::errorText(code);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool remux(const QString &source, const QString &temporary, const QByteArray &recipeJson, QString *error)
{
    Input in;
    if (int result = AvFiles::openMp4(source, &in.format); result < 0)
        return fail(error, u"The clip could not be read as an MP4 (%1)."_s.arg(avText(result)));
    // The header leaves a few facts unsaid that the muxer wants (an AAC stream's frame size); they come from the
    // first packets, which are kept and copied like the rest.
    if (int result = avformat_find_stream_info(in.format, nullptr); result < 0)
        return fail(error, u"The clip is damaged: its streams could not be read (%1)."_s.arg(avText(result)));

    Output out;
    // The file's name goes in too: faststart opens the file again by it to move the index to the front.
    const QByteArray url = AvFiles::fileUrl(temporary);
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
        if (!AvFiles::addCopyOf(out.format, stream))
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
    const QString temporary = AvFiles::temporaryPathFor(target);
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
    if (AvFiles::openMp4(path, &in.format) < 0)
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
