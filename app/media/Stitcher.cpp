#include "media/Stitcher.h"

#include "media/AvFiles.h"
#include "media/StoredFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
}

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace Qt::StringLiterals;

namespace Stitcher {

namespace {

// Clip times are added up in nanoseconds: fine enough that rounding never adds up to a frame or a sample.
constexpr AVRational kNanoseconds{1, 1000000000};
constexpr int64_t kNone = std::numeric_limits<int64_t>::min();
// The re-encode runs while the user works on: ffmpeg yields the processor.
constexpr int kNiceness = 10;

// Where one stream's packets start and end: over all packets (the times the copy moves), and over those shown (the
// demuxer marks AAC's priming packet and the like as discarded).
struct Span
{
    int64_t first = kNone;
    int64_t end = kNone;
    int64_t shownFirst = kNone;
    int64_t shownEnd = kNone;
    AVRational timeBase{1, 1};

    void add(const AVPacket *packet)
    {
        if (packet->pts == AV_NOPTS_VALUE)
            return;
        const int64_t packetEnd = packet->pts + std::max<int64_t>(0, packet->duration);
        first = first == kNone ? packet->pts : std::min(first, packet->pts);
        end = std::max(end, packetEnd);
        if (packet->flags & AV_PKT_FLAG_DISCARD)
            return;
        shownFirst = shownFirst == kNone ? packet->pts : std::min(shownFirst, packet->pts);
        shownEnd = std::max(shownEnd, packetEnd);
    }
    bool isEmpty() const { return first == kNone; }
    int64_t inNs(int64_t value) const { return av_rescale_q(value, timeBase, kNanoseconds); }
    double shownSeconds() const { return shownFirst == kNone ? 0.0 : double(shownEnd - shownFirst) * av_q2d(timeBase); }
};

// What one clip is: the streams used and what must be equal for its packets to follow another clip's in one file.
struct Clip
{
    QString path;
    int video = -1;
    int audio = -1;
    Span videoSpan;
    Span audioSpan;
    QByteArray setup; // the streams' descriptions that must match, as bytes
    int width = 0;    // as shown, after the display matrix's turn
    int height = 0;
    AVRational frameRate{0, 1};

    // From the earliest packet of either stream to the end of the later one, in nanoseconds.
    int64_t startNs() const
    {
        int64_t start = videoSpan.inNs(videoSpan.first);
        if (!audioSpan.isEmpty())
            start = std::min(start, audioSpan.inNs(audioSpan.first));
        return start;
    }
    int64_t endNs() const
    {
        int64_t end = videoSpan.inNs(videoSpan.end);
        if (!audioSpan.isEmpty())
            end = std::max(end, audioSpan.inNs(audioSpan.end));
        return end;
    }
};

QString quotedName(const QString &path)
{
    return u"\u201C%1\u201D"_s.arg(QFileInfo(path).fileName());
}

StitchResult failure(const QString &error)
{
    StitchResult result;
    result.error = error;
    return result;
}

template <typename T> void appendBytes(QByteArray *bytes, const T &value)
{
    bytes->append(reinterpret_cast<const char *>(&value), sizeof value);
}

void appendSetup(QByteArray *bytes, const AVStream *stream, bool video)
{
    const AVCodecParameters *p = stream->codecpar;
    appendBytes(bytes, p->codec_id);
    appendBytes(bytes, p->profile);
    appendBytes(bytes, stream->time_base);
    if (video) {
        appendBytes(bytes, p->width);
        appendBytes(bytes, p->height);
        appendBytes(bytes, p->format);
        appendBytes(bytes, stream->avg_frame_rate);
        appendBytes(bytes, AvFiles::clockwiseTurn(stream));
    } else {
        appendBytes(bytes, p->sample_rate);
        appendBytes(bytes, p->ch_layout.nb_channels);
    }
    // The codec's setup (H.264's SPS and PPS, AAC's AudioSpecificConfig): an MP4 track has one, so every clip's must
    // be the same for its packets to decode with it.
    appendBytes(bytes, p->extradata_size);
    bytes->append(reinterpret_cast<const char *>(p->extradata), p->extradata_size);
}

// Opens a clip as hostile and finds its picture and sound streams. The caller checks the result's format.
bool openClip(const QString &path, AvFiles::Input *in, Clip *clip, QString *error)
{
    QString why;
    if (!StoredFile::isRegularFile(path, &why)) {
        *error = u"%1 cannot be used: %2"_s.arg(quotedName(path), why);
        return false;
    }
    if (AvFiles::openMp4(path, &in->format) < 0 || avformat_find_stream_info(in->format, nullptr) < 0) {
        *error = u"%1 is not an MP4 clip, or it is too damaged to read."_s.arg(quotedName(path));
        return false;
    }
    clip->path = path;
    clip->video = av_find_best_stream(in->format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    clip->audio = av_find_best_stream(in->format, AVMEDIA_TYPE_AUDIO, -1, clip->video, nullptr, 0);
    if (clip->video < 0) {
        *error = u"%1 has no picture."_s.arg(quotedName(path));
        return false;
    }
    if (clip->audio < 0)
        clip->audio = -1;
    return true;
}

// Reads every packet of the clip once: the spans of its streams, and whether it can be read to its end.
bool probeClip(const QString &path, Clip *clip, QString *error)
{
    AvFiles::Input in;
    if (!openClip(path, &in, clip, error))
        return false;
    const AVStream *video = in.format->streams[clip->video];
    clip->videoSpan.timeBase = video->time_base;
    appendSetup(&clip->setup, video, true);
    const bool turned = AvFiles::clockwiseTurn(video) % 180 != 0;
    clip->width = turned ? video->codecpar->height : video->codecpar->width;
    clip->height = turned ? video->codecpar->width : video->codecpar->height;
    clip->frameRate = video->avg_frame_rate.num > 0 ? video->avg_frame_rate : video->r_frame_rate;
    if (clip->audio >= 0) {
        clip->audioSpan.timeBase = in.format->streams[clip->audio]->time_base;
        appendSetup(&clip->setup, in.format->streams[clip->audio], false);
    }
    AvFiles::Packet packet;
    if (!packet.packet) {
        *error = u"Paddock ran out of memory while reading the clips."_s;
        return false;
    }
    for (;;) {
        const int read = av_read_frame(in.format, packet.packet);
        if (read == AVERROR_EOF)
            break;
        if (read < 0) {
            *error = u"%1 is damaged or cut off: it could not be read to its end (%2)."_s.arg(quotedName(path),
                                                                                              AvFiles::errorText(read));
            return false;
        }
        if (packet.packet->stream_index == clip->video)
            clip->videoSpan.add(packet.packet);
        else if (packet.packet->stream_index == clip->audio)
            clip->audioSpan.add(packet.packet);
        av_packet_unref(packet.packet);
    }
    if (clip->videoSpan.isEmpty() || clip->videoSpan.shownFirst == kNone) {
        *error = u"%1 has no frames."_s.arg(quotedName(path));
        return false;
    }
    if (clip->width <= 0 || clip->height <= 0) {
        *error = u"%1 has no picture size."_s.arg(quotedName(path));
        return false;
    }
    return true;
}

// The film's streams as written, for the result's figures.
void measure(const QString &path, StitchResult *result)
{
    AvFiles::Input in;
    Clip film;
    QString ignored;
    if (!openClip(path, &in, &film, &ignored))
        return;
    film.videoSpan.timeBase = in.format->streams[film.video]->time_base;
    if (film.audio >= 0)
        film.audioSpan.timeBase = in.format->streams[film.audio]->time_base;
    AvFiles::Packet packet;
    while (packet.packet && av_read_frame(in.format, packet.packet) >= 0) {
        if (packet.packet->stream_index == film.video)
            film.videoSpan.add(packet.packet);
        else if (packet.packet->stream_index == film.audio)
            film.audioSpan.add(packet.packet);
        av_packet_unref(packet.packet);
    }
    result->videoSeconds = film.videoSpan.shownSeconds();
    result->audioSeconds = film.audioSpan.shownSeconds();
}

enum class Copy
{
    Done,
    CannotCopy,
    Failed
};

// Moves one packet of a clip on by shift (in its stream's time base) into the film's stream. CannotCopy when the
// times would run backwards (the clips' timing cannot be joined as it is).
Copy writeMoved(AVFormatContext *out, AVPacket *p, int outIndex, AVRational inBase, int64_t shift,
                std::vector<int64_t> *lastDts, QString *error)
{
    if (p->pts != AV_NOPTS_VALUE)
        p->pts += shift;
    if (p->dts != AV_NOPTS_VALUE)
        p->dts += shift;
    av_packet_rescale_ts(p, inBase, out->streams[outIndex]->time_base);
    p->stream_index = outIndex;
    p->pos = -1;
    if (p->dts != AV_NOPTS_VALUE) {
        if ((*lastDts)[size_t(outIndex)] != kNone && p->dts <= (*lastDts)[size_t(outIndex)])
            return Copy::CannotCopy;
        (*lastDts)[size_t(outIndex)] = p->dts;
    }
    if (int result = av_interleaved_write_frame(out, p); result < 0) {
        *error = u"The film could not be written (%1)."_s.arg(AvFiles::errorText(result));
        return Copy::Failed;
    }
    return Copy::Done;
}

// Copies the clips' packets one after the other into temporary.
Copy copyPackets(const std::vector<Clip> &clips, const QString &temporary, const StitchOptions &options, QString *error)
{
    AvFiles::Output out;
    const QByteArray url = AvFiles::fileUrl(temporary);
    if (avformat_alloc_output_context2(&out.format, nullptr, "mp4", url.constData()) < 0 || !out.format) {
        *error = u"This system's libavformat cannot write MP4 files."_s;
        return Copy::Failed;
    }
    const Clip &first = clips.front();
    const bool withSound = first.audio >= 0;
    {
        AvFiles::Input in;
        Clip ignored;
        if (!openClip(first.path, &in, &ignored, error))
            return Copy::Failed;
        if (!AvFiles::addCopyOf(out.format, in.format->streams[first.video]) ||
            (withSound && !AvFiles::addCopyOf(out.format, in.format->streams[first.audio]))) {
            *error = u"Paddock ran out of memory while joining the clips."_s;
            return Copy::Failed;
        }
    }
    if (!options.metadataKey.isEmpty() &&
        av_dict_set(&out.format->metadata, options.metadataKey.constData(), options.metadataValue.constData(), 0) < 0) {
        *error = u"Paddock ran out of memory while joining the clips."_s;
        return Copy::Failed;
    }
    if (int result = avio_open(&out.format->pb, url.constData(), AVIO_FLAG_WRITE); result < 0) {
        *error = u"Could not write in the folder %1 (%2)."_s.arg(
            QDir::toNativeSeparators(QFileInfo(temporary).absolutePath()), AvFiles::errorText(result));
        return Copy::Failed;
    }
    // use_metadata_tags stores the tag under its own name; faststart puts the index first, as the service's clips.
    AVDictionary *muxerOptions = nullptr;
    av_dict_set(&muxerOptions, "movflags", "+use_metadata_tags+faststart", 0);
    const int header = avformat_write_header(out.format, &muxerOptions);
    av_dict_free(&muxerOptions);
    if (header < 0) {
        *error = u"The clips' streams cannot be stored in an MP4 (%1)."_s.arg(AvFiles::errorText(header));
        return Copy::Failed;
    }

    std::vector<int64_t> lastDts(out.format->nb_streams, kNone);
    // Where the clip being copied starts in the film. The first clip keeps its own times; each next one starts where
    // the one before ends (the later of its picture's and its sound's ends), both streams moved by the same amount.
    int64_t placeNs = first.startNs();
    AvFiles::Packet packet;
    if (!packet.packet) {
        *error = u"Paddock ran out of memory while joining the clips."_s;
        return Copy::Failed;
    }
    for (const Clip &clip : clips) {
        AvFiles::Input in;
        Clip opened;
        if (!openClip(clip.path, &in, &opened, error))
            return Copy::Failed;
        const int64_t shiftNs = placeNs - clip.startNs();
        const int64_t videoShift = av_rescale_q(shiftNs, kNanoseconds, clip.videoSpan.timeBase);
        const int64_t audioShift = withSound ? av_rescale_q(shiftNs, kNanoseconds, clip.audioSpan.timeBase) : 0;
        for (;;) {
            const int read = av_read_frame(in.format, packet.packet);
            if (read == AVERROR_EOF)
                break;
            if (read < 0) {
                *error =
                    u"%1 could not be read to its end (%2)."_s.arg(quotedName(clip.path), AvFiles::errorText(read));
                return Copy::Failed;
            }
            const int index = packet.packet->stream_index;
            Copy copied = Copy::Done;
            if (index == clip.video)
                copied = writeMoved(out.format, packet.packet, 0, clip.videoSpan.timeBase, videoShift, &lastDts, error);
            else if (withSound && index == clip.audio)
                copied = writeMoved(out.format, packet.packet, 1, clip.audioSpan.timeBase, audioShift, &lastDts, error);
            av_packet_unref(packet.packet);
            if (copied != Copy::Done)
                return copied;
        }
        placeNs += clip.endNs() - clip.startNs();
    }
    if (int result = av_write_trailer(out.format); result < 0) {
        *error = u"The film could not be finished (%1)."_s.arg(AvFiles::errorText(result));
        return Copy::Failed;
    }
    if (int result = avio_closep(&out.format->pb); result < 0) {
        *error = u"The film could not be finished (%1)."_s.arg(AvFiles::errorText(result));
        return Copy::Failed;
    }
    return Copy::Done;
}

QString seconds(double value)
{
    return QString::number(value, 'f', 6);
}

// The ffmpeg filter graph that brings every clip to the first one's size, frame rate and sound format and joins them.
QString filterGraph(const std::vector<Clip> &clips, const QList<int> &soundInputs, const StitchOptions &options,
                    double crossfadeSeconds)
{
    const Clip &first = clips.front();
    // libx264's 4:2:0 wants even sides.
    const int width = std::max(2, first.width & ~1);
    const int height = std::max(2, first.height & ~1);
    const AVRational rate = first.frameRate.num > 0 && first.frameRate.den > 0 ? first.frameRate : AVRational{24, 1};
    QStringList parts;
    QString videoLabels;
    QString joinLabels;
    QList<double> overlaps; // each cut's crossfade
    for (size_t i = 0; i < clips.size(); ++i) {
        const Clip &clip = clips[i];
        // Counted in frames of the film's rate, so that every length below is a whole number of them.
        const double fps = av_q2d(rate);
        const qint64 frames = std::max<qint64>(1, std::llround(clip.videoSpan.shownSeconds() * fps));
        // With a crossfade, the next clip's sound starts before this clip's sound ends: this clip's picture is cut
        // as much shorter, so that picture and sound still start together.
        const bool last = i + 1 == clips.size();
        qint64 pictureFrames = frames;
        if (options.crossfadeAudio && !last) {
            const qint64 overlap = std::clamp<qint64>(std::llround(crossfadeSeconds * fps), 1, frames / 2);
            pictureFrames = std::max<qint64>(1, frames - overlap);
            overlaps << double(frames - pictureFrames) / fps;
        }
        parts << u"[%1:v:0]fps=%2/%3,scale=%4:%5:force_original_aspect_ratio=decrease,pad=%4:%5:(ow-iw)/2:(oh-ih)/2,"
                 u"setsar=1,format=yuv420p,trim=end_frame=%6,setpts=PTS-STARTPTS[v%7]"_s.arg(i)
                     .arg(rate.num)
                     .arg(rate.den)
                     .arg(width)
                     .arg(height)
                     .arg(pictureFrames)
                     .arg(i);
        // The sound is made exactly as long as the picture (padded with silence or cut), so that no clip's sound
        // runs into the next one's picture.
        parts << u"[%1:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad,"
                 u"atrim=duration=%2,asetpts=PTS-STARTPTS[a%3]"_s.arg(soundInputs[qsizetype(i)])
                     .arg(seconds(double(frames) / fps))
                     .arg(i);
        videoLabels += u"[v%1]"_s.arg(i);
        joinLabels += u"[v%1][a%1]"_s.arg(i);
    }
    const int count = int(clips.size());
    if (!options.crossfadeAudio) {
        parts << u"%1concat=n=%2:v=1:a=1[v][a]"_s.arg(joinLabels).arg(count);
        return parts.join(u';');
    }
    parts << u"%1concat=n=%2:v=1:a=0[v]"_s.arg(videoLabels).arg(count);
    QString sound = u"a0"_s;
    for (int i = 1; i < count; ++i) {
        const QString next = i + 1 == count ? u"a"_s : u"x%1"_s.arg(i);
        parts << u"[%1][a%2]acrossfade=d=%3:c1=tri:c2=tri[%4]"_s.arg(sound).arg(i).arg(seconds(overlaps.at(i - 1)),
                                                                                       next);
        sound = next;
    }
    if (count == 1)
        parts << u"[a0]anull[a]"_s;
    return parts.join(u';');
}

bool reencode(const std::vector<Clip> &clips, const QString &temporary, const StitchOptions &options, QString *error)
{
    const QString program = options.ffmpegProgram.contains(u'/')
                                ? options.ffmpegProgram
                                : QStandardPaths::findExecutable(options.ffmpegProgram);
    if (program.isEmpty() || !QFileInfo(program).isExecutable()) {
        *error = u"The clips differ in size or format, so they must be re-encoded, and the program \"%1\" was not "
                 u"found. Install ffmpeg (Debian: apt install ffmpeg)."_s.arg(options.ffmpegProgram);
        return false;
    }
    double totalSeconds = 0;
    double shortest = std::numeric_limits<double>::max();
    for (const Clip &clip : clips) {
        totalSeconds += clip.videoSpan.shownSeconds();
        shortest = std::min(shortest, clip.videoSpan.shownSeconds());
    }
    // A crossfade longer than half the shortest clip would eat into the cut on its other side.
    const double crossfadeSeconds = std::clamp(options.crossfadeMs / 1000.0, 0.001, shortest / 2);

    QStringList arguments = {u"-nostdin"_s, u"-hide_banner"_s, u"-loglevel"_s, u"error"_s, u"-y"_s};
    // The MP4 demuxer is named, never guessed from the content, and "file:" keeps a name from being a protocol.
    for (const Clip &clip : clips)
        arguments << u"-f"_s << u"mp4"_s << u"-i"_s << QString::fromUtf8(AvFiles::fileUrl(clip.path));
    QList<int> soundInputs;
    int nextInput = int(clips.size());
    for (size_t i = 0; i < clips.size(); ++i) {
        if (clips[i].audio >= 0) {
            soundInputs << int(i);
            continue;
        }
        // A clip without sound gets silence, cut to its length in the graph.
        arguments << u"-f"_s << u"lavfi"_s << u"-i"_s << u"anullsrc=r=48000:cl=stereo"_s;
        soundInputs << nextInput++;
    }
    arguments << u"-filter_complex"_s << filterGraph(clips, soundInputs, options, crossfadeSeconds);
    arguments << u"-map"_s << u"[v]"_s << u"-map"_s << u"[a]"_s;
    arguments << u"-c:v"_s << u"libx264"_s << u"-preset"_s << u"veryfast"_s << u"-crf"_s << u"18"_s << u"-pix_fmt"_s
              << u"yuv420p"_s << u"-c:a"_s << u"aac"_s << u"-b:a"_s << u"192k"_s;
    if (!options.metadataKey.isEmpty())
        arguments << u"-metadata"_s
                  << QString::fromUtf8(options.metadataKey) + u'=' + QString::fromUtf8(options.metadataValue);
    arguments << u"-movflags"_s << u"+use_metadata_tags+faststart"_s << u"-f"_s << u"mp4"_s << temporary;

    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
#ifdef Q_OS_UNIX
    process.setChildProcessModifier([] { ::setpriority(PRIO_PROCESS, 0, kNiceness); });
#endif
    process.start(program, arguments);
    if (!process.waitForStarted(30000)) {
        *error = u"Could not start ffmpeg (\"%1\"): %2."_s.arg(program, process.errorString());
        return false;
    }
    // A stuck ffmpeg would hold the caller forever; the limit is far above any normal run.
    const qint64 limitMs =
        60000 + qint64(std::min(totalSeconds, 6.0 * 3600) * std::max(1000, options.reencodeMsPerSecond));
    if (!process.waitForFinished(int(std::min<qint64>(limitMs, std::numeric_limits<int>::max())))) {
        process.kill();
        process.waitForFinished(5000);
        *error = u"ffmpeg took far too long to join the clips and was stopped."_s;
        return false;
    }
    const QStringList lines =
        QString::fromUtf8(process.readAllStandardError()).split(u'\n', Qt::SkipEmptyParts).mid(0, 3);
    const QString details = lines.isEmpty() ? u"no error message"_s : lines.join(u' ').simplified();
    if (process.exitStatus() != QProcess::NormalExit) {
        *error = u"ffmpeg stopped unexpectedly while joining the clips: %1"_s.arg(details);
        return false;
    }
    if (process.exitCode() != 0) {
        *error = u"ffmpeg could not join the clips (exit code %1): %2"_s.arg(process.exitCode()).arg(details);
        return false;
    }
    if (QFileInfo(temporary).size() <= 0) {
        *error = u"ffmpeg finished but wrote no film."_s;
        return false;
    }
    return true;
}

} // namespace

StitchResult stitch(const QStringList &clips, const QString &target, const StitchOptions &options)
{
    if (clips.isEmpty())
        return failure(u"There are no clips to join."_s);
    // A tag is a C string, and ffmpeg's -metadata splits at the first '='.
    if (options.metadataKey.contains('\0') || options.metadataKey.contains('=') || options.metadataValue.contains('\0'))
        return failure(u"The film's tag has a NUL or '=' in its name, or a NUL in its value, and cannot be stored."_s);
    if (options.crossfadeAudio && options.crossfadeMs <= 0)
        return failure(u"The crossfade must last at least a millisecond."_s);

    std::vector<Clip> probed(size_t(clips.size()));
    bool matching = !options.crossfadeAudio;
    for (qsizetype i = 0; i < clips.size(); ++i) {
        QString error;
        if (!probeClip(clips[i], &probed[size_t(i)], &error))
            return failure(error);
        matching = matching && probed[size_t(i)].setup == probed.front().setup &&
                   (probed[size_t(i)].audio >= 0) == (probed.front().audio >= 0);
    }

    const QString temporary = AvFiles::temporaryPathFor(target);
    QFile::remove(temporary); // a leftover, or a link planted there: never written through
    StitchResult result;
    Copy copied = Copy::CannotCopy;
    if (matching) {
        copied = copyPackets(probed, temporary, options, &result.error);
        if (copied == Copy::Failed) {
            QFile::remove(temporary);
            return result;
        }
    }
    if (copied == Copy::CannotCopy) {
        QFile::remove(temporary);
        result.error.clear();
        result.reencoded = true;
        if (!reencode(probed, temporary, options, &result.error)) {
            QFile::remove(temporary);
            return result;
        }
    }
    // rename() replaces target in one step: whoever opens it sees the old file or the whole film.
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData()) != 0) {
        QFile::remove(temporary);
        result.error =
            u"Could not write %1. Check that the folder is writable."_s.arg(QDir::toNativeSeparators(target));
        return result;
    }
    result.ok = true;
    measure(target, &result);
    return result;
}

} // namespace Stitcher
