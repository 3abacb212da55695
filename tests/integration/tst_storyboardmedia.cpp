// The storyboard's media core: the last frame of a clip (exact, upright, refused plainly when the file is hostile)
// and shots joined into one film (packets copied unchanged when the clips match, re-encoded once otherwise).
#include "FfprobeInfo.h"
#include "media/LastFrame.h"
#include "media/Stitcher.h"
#include "RunProgram.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTransform>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <algorithm>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

constexpr double kFrameSeconds = 1.0 / 24;

// Each stream type's packet payloads, in the order the demuxer gives them.
struct Payloads
{
    QList<QByteArray> video;
    QList<QByteArray> audio;
};

Payloads payloadsOf(const QString &path)
{
    Payloads payloads;
    AVFormatContext *format = nullptr;
    if (avformat_open_input(&format, QFile::encodeName(path).constData(), nullptr, nullptr) < 0)
        return payloads;
    AVPacket *packet = av_packet_alloc();
    while (av_read_frame(format, packet) >= 0) {
        const AVMediaType type = format->streams[packet->stream_index]->codecpar->codec_type;
        const QByteArray data(reinterpret_cast<const char *>(packet->data), packet->size);
        if (type == AVMEDIA_TYPE_VIDEO)
            payloads.video.append(data);
        else if (type == AVMEDIA_TYPE_AUDIO)
            payloads.audio.append(data);
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    avformat_close_input(&format);
    return payloads;
}

// The largest difference of any channel of any pixel; -1 when the sizes differ.
int largestDifference(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return -1;
    const QImage x = a.convertToFormat(QImage::Format_RGB888);
    const QImage y = b.convertToFormat(QImage::Format_RGB888);
    int largest = 0;
    for (int row = 0; row < x.height(); ++row) {
        const uchar *p = x.constScanLine(row);
        const uchar *q = y.constScanLine(row);
        for (int i = 0; i < x.width() * 3; ++i)
            largest = std::max(largest, std::abs(int(p[i]) - int(q[i])));
    }
    return largest;
}

} // namespace

class TestStoryboardMedia final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    static QString run(const QString &program, const QStringList &args) { return runProgram(program, args); }

    // An H.264 (with B-frames, a keyframe every 10 frames) + AAC clip of the lavfi picture source given.
    QString makeClip(const QString &name, const QString &picture, const QString &seconds, int frequency = 440)
    {
        const QString clip = path(name);
        QStringList args = {u"-v"_s, u"error"_s, u"-y"_s, u"-f"_s, u"lavfi"_s, u"-i"_s, picture};
        args << u"-f"_s << u"lavfi"_s << u"-i"_s << u"sine=frequency=%1"_s.arg(frequency) << u"-t"_s << seconds;
        args << u"-c:v"_s << u"libx264"_s << u"-preset"_s << u"fast"_s << u"-g"_s << u"10"_s << u"-pix_fmt"_s
             << u"yuv420p"_s << u"-c:a"_s << u"aac"_s << clip;
        const QString failed = run(u"ffmpeg"_s, args);
        return failed.isEmpty() ? clip : QString();
    }

    // The last frame as the ffmpeg program decodes it (every frame written over the one before), in RGB.
    QImage ffmpegLastFrame(const QString &clip)
    {
        const QString png = clip + u".ffmpeg.png"_s;
        const QString failed = run(u"ffmpeg"_s, {u"-v"_s, u"error"_s, u"-y"_s, u"-i"_s, clip, u"-update"_s, u"1"_s,
                                                 u"-pix_fmt"_s, u"rgb24"_s, u"-f"_s, u"image2"_s, png});
        if (!failed.isEmpty())
            qWarning("%s", qPrintable(failed));
        return QImage(png);
    }

    static double formatSeconds(const QString &file) { return FfprobeInfo::probe(file).formatDuration; }

    QStringList leftovers() const { return QDir(m_dir.path()).entryList({u"*.part"_s}, QDir::Files | QDir::Hidden); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!ffmpegToolsFound())
            QSKIP("The ffmpeg and ffprobe programs are needed to make and check real MP4s (Debian package ffmpeg).");
        QVERIFY(!makeClip(u"moving.mp4"_s, u"testsrc2=size=320x240:rate=24"_s, u"1"_s).isEmpty());
        // 24 frames of test pattern and then one of a solid colour: the last frame is unlike every other one.
        QVERIFY(!makeClip(u"endsblue.mp4"_s,
                          u"testsrc2=size=320x240:rate=24:duration=1[a];color=c=0x2050C0:size=320x240:rate=24:"
                          u"duration=0.04[b];[a][b]concat=n=2:v=1:a=0"_s,
                          u"1.04"_s)
                     .isEmpty());
        // The same pixels with a display matrix that turns them a quarter (a phone held upright).
        const QString failed =
            run(u"ffmpeg"_s, {u"-v"_s, u"error"_s, u"-y"_s, u"-i"_s, path(u"moving.mp4"_s), u"-c"_s, u"copy"_s,
                              u"-metadata:s:v:0"_s, u"rotate=90"_s, path(u"rotated.mp4"_s)});
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }

    void lastFrameIsFfmpegsLastFrame_data()
    {
        QTest::addColumn<QString>("clip");
        QTest::newRow("test pattern, last frame after a keyframe") << u"moving.mp4"_s;
        QTest::newRow("ends on a solid colour") << u"endsblue.mp4"_s;
        QTest::newRow("turned a quarter") << u"rotated.mp4"_s;
    }

    void lastFrameIsFfmpegsLastFrame()
    {
        QFETCH(QString, clip);
        QString why;
        const std::optional<QImage> frame = LastFrame::lastFrame(path(clip), &why);
        QVERIFY2(frame, qPrintable(why));
        const QImage expected = ffmpegLastFrame(path(clip));
        QVERIFY(!expected.isNull());
        QCOMPARE(frame->size(), expected.size());
        const int difference = largestDifference(*frame, expected);
        QVERIFY2(difference >= 0 && difference <= 1, qPrintable(u"differs by %1 levels"_s.arg(difference)));
    }

    // The last frame is the solid one, not the test pattern before it.
    void lastFrameIsReallyTheLast()
    {
        QString why;
        const std::optional<QImage> frame = LastFrame::lastFrame(path(u"endsblue.mp4"_s), &why);
        QVERIFY2(frame, qPrintable(why));
        QCOMPARE(frame->size(), QSize(320, 240));
        for (const QPoint at : {QPoint(0, 0), QPoint(160, 120), QPoint(319, 239)}) {
            const QColor colour = frame->pixelColor(at);
            QVERIFY2(std::abs(colour.red() - 0x20) <= 3 && std::abs(colour.green() - 0x50) <= 3 &&
                         std::abs(colour.blue() - 0xC0) <= 3,
                     qPrintable(colour.name()));
        }
    }

    // Turned upright: the unturned clip's last frame, turned as the display matrix says, sides swapped. The matrix
    // that ffmpeg 5.1 writes for "rotate=90" turns a quarter counter-clockwise (ffprobe: rotation=90), and ffmpeg and
    // ffplay show it so.
    void rotatedClipComesOutUpright()
    {
        QString why;
        const std::optional<QImage> turned = LastFrame::lastFrame(path(u"rotated.mp4"_s), &why);
        QVERIFY2(turned, qPrintable(why));
        const std::optional<QImage> plain = LastFrame::lastFrame(path(u"moving.mp4"_s), &why);
        QVERIFY2(plain, qPrintable(why));
        QCOMPARE(turned->size(), QSize(240, 320));
        QCOMPARE(largestDifference(*turned, plain->transformed(QTransform().rotate(-90))), 0);
    }

    void savedPngIsLossless()
    {
        QString why;
        const std::optional<QImage> frame = LastFrame::lastFrame(path(u"moving.mp4"_s), &why);
        QVERIFY2(frame, qPrintable(why));
        const QString png = path(u"last.png"_s);
        QVERIFY2(LastFrame::saveLossless(*frame, png, &why), qPrintable(why));
        QCOMPARE(largestDifference(QImage(png), *frame), 0);
        QVERIFY(!LastFrame::saveLossless(*frame, path(u"no/such/folder/last.png"_s), &why));
        QVERIFY(why.contains(u"folder"_s));
        QVERIFY(!LastFrame::saveLossless(QImage(), png, &why));
    }

    void hostileFilesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content"); // written when not empty
        QTest::newRow("missing") << u"missing.mp4"_s << QByteArray();
        QTest::newRow("folder") << u"folder.mp4"_s << QByteArray();
        QTest::newRow("empty") << u"empty.mp4"_s << QByteArray();
        QTest::newRow("text") << u"text.mp4"_s << QByteArray("#EXTM3U\nhttp://example.com/a.ts\n");
        QTest::newRow("sound only") << u"sound.mp4"_s << QByteArray();
        QTest::newRow("no frames") << u"zero.mp4"_s << QByteArray();
        QTest::newRow("cut off, index first") << u"cutfast.mp4"_s << QByteArray();
        QTest::newRow("cut off, index last") << u"cutslow.mp4"_s << QByteArray();
    }

    void hostileFilesAreRefused()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        const QString file = path(name);
        if (name == u"folder.mp4"_s) {
            QVERIFY(QDir().mkpath(file));
        } else if (name == u"empty.mp4"_s || !content.isEmpty()) {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(content);
        } else if (name == u"sound.mp4"_s) {
            QVERIFY(run(u"ffmpeg"_s, {u"-v"_s, u"error"_s, u"-y"_s, u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine"_s, u"-t"_s,
                                      u"1"_s, u"-c:a"_s, u"aac"_s, file})
                        .isEmpty());
        } else if (name == u"zero.mp4"_s) {
            QVERIFY(run(u"ffmpeg"_s, {u"-v"_s, u"error"_s, u"-y"_s, u"-f"_s, u"lavfi"_s, u"-i"_s, u"testsrc2"_s,
                                      u"-frames:v"_s, u"0"_s, u"-c:v"_s, u"libx264"_s, file})
                        .isEmpty());
        } else if (name.startsWith(u"cut"_s)) {
            const QString whole = path(name + u".whole.mp4"_s);
            QStringList args = {u"-v"_s, u"error"_s, u"-y"_s, u"-i"_s, path(u"moving.mp4"_s), u"-c"_s, u"copy"_s};
            if (name == u"cutfast.mp4"_s)
                args << u"-movflags"_s << u"+faststart"_s;
            QVERIFY(run(u"ffmpeg"_s, args << whole).isEmpty());
            QFile in(whole);
            QVERIFY(in.open(QIODevice::ReadOnly));
            const QByteArray bytes = in.readAll();
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(bytes.left(bytes.size() * 2 / 3));
        }
        QString why;
        QVERIFY(!LastFrame::lastFrame(file, &why));
        QVERIFY2(!why.isEmpty() && why.endsWith(u'.'), qPrintable(why));
        qInfo("%s: %s", qPrintable(name), qPrintable(why));
    }

    // Three clips made alike: their packets are copied unchanged and in order, picture and sound stay in step.
    void matchingClipsAreCopied()
    {
        const QStringList clips = {
            makeClip(u"s1.mp4"_s, u"testsrc2=size=320x240:rate=24"_s, u"1"_s, 330),
            makeClip(u"s2.mp4"_s, u"smptebars=size=320x240:rate=24"_s, u"1.5"_s, 440),
            makeClip(u"s3.mp4"_s, u"testsrc=size=320x240:rate=24"_s, u"0.75"_s, 550),
        };
        for (const QString &clip : clips)
            QVERIFY(!clip.isEmpty());
        const QString film = path(u"film.mp4"_s);
        Stitcher::StitchOptions options;
        options.metadataKey = "com.paddock.storyboard";
        options.metadataValue = "{\"shots\":3}";
        const Stitcher::StitchResult result = Stitcher::stitch(clips, film, options);
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(!result.reencoded);

        Payloads expected;
        for (const QString &clip : clips) {
            const Payloads one = payloadsOf(clip);
            expected.video += one.video;
            expected.audio += one.audio;
        }
        const Payloads written = payloadsOf(film);
        QVERIFY(!expected.video.isEmpty() && !expected.audio.isEmpty());
        QCOMPARE(written.video.size(), expected.video.size());
        QCOMPARE(written.audio.size(), expected.audio.size());
        QVERIFY(written.video == expected.video);
        QVERIFY(written.audio == expected.audio);

        double sum = 0;
        for (const QString &clip : clips)
            sum += formatSeconds(clip);
        const FfprobeInfo probed = FfprobeInfo::probe(film);
        QVERIFY2(probed.ok, qPrintable(probed.error));
        const double video = probed.videoDuration;
        const double audio = probed.audioDuration;
        const double allowed = (clips.size() - 1) * kFrameSeconds + 1e-3;
        qInfo("inputs %.4f s; film: video %.4f s, audio %.4f s (ffprobe), video %.4f s, audio %.4f s (result)", sum,
              video, audio, result.videoSeconds, result.audioSeconds);
        QVERIFY(std::abs(video - sum) <= allowed);
        QVERIFY(std::abs(audio - sum) <= allowed);
        QVERIFY(std::abs(video - audio) <= allowed);
        QVERIFY(std::abs(result.videoSeconds - sum) <= allowed);
        QVERIFY(std::abs(result.audioSeconds - sum) <= allowed);
        QCOMPARE(probed.formatTags.value(u"com.paddock.storyboard"_s), u"{\"shots\":3}"_s);
        QVERIFY2(leftovers().isEmpty(), qPrintable(leftovers().join(u", "_s)));
    }

    // Clips of different sizes are re-encoded once to the first one's size; a crossfade shortens each cut by its
    // length, picture and sound alike.
    void differentClipsAreReencoded_data()
    {
        QTest::addColumn<bool>("crossfade");
        QTest::newRow("cut") << false;
        QTest::newRow("crossfade") << true;
    }

    void differentClipsAreReencoded()
    {
        QFETCH(bool, crossfade);
        const QStringList clips = {
            makeClip(u"d1.mp4"_s, u"testsrc2=size=320x240:rate=24"_s, u"1"_s),
            makeClip(u"d2.mp4"_s, u"testsrc2=size=256x144:rate=24"_s, u"1"_s),
            makeClip(u"d3.mp4"_s, u"testsrc2=size=320x240:rate=30"_s, u"1"_s),
        };
        for (const QString &clip : clips)
            QVERIFY(!clip.isEmpty());
        const QString film = path(crossfade ? u"faded.mp4"_s : u"cut.mp4"_s);
        Stitcher::StitchOptions options;
        options.crossfadeAudio = crossfade;
        options.metadataKey = "com.paddock.storyboard";
        options.metadataValue = "3 shots";
        const Stitcher::StitchResult result = Stitcher::stitch(clips, film, options);
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(result.reencoded);
        double sum = 0;
        for (const QString &clip : clips)
            sum += formatSeconds(clip);
        if (crossfade)
            sum -= 2 * options.crossfadeMs / 1000.0;
        const FfprobeInfo probed = FfprobeInfo::probe(film);
        QVERIFY2(probed.ok, qPrintable(probed.error));
        const double video = probed.videoDuration;
        const double audio = probed.audioDuration;
        qInfo("expected %.4f s; film: video %.4f s, audio %.4f s", sum, video, audio);
        const double allowed = 2 * kFrameSeconds + 0.03; // an AAC frame of padding at the end
        QVERIFY(std::abs(video - sum) <= allowed);
        QVERIFY(std::abs(audio - sum) <= allowed);
        QVERIFY(std::abs(video - audio) <= 0.03); // picture and sound end together
        QVERIFY(probed.hasVideo && probed.hasAudio);
        QCOMPARE(QSize(probed.width, probed.height), QSize(320, 240));
        QCOMPARE(probed.formatTags.value(u"com.paddock.storyboard"_s), u"3 shots"_s);
        QVERIFY2(leftovers().isEmpty(), qPrintable(leftovers().join(u", "_s)));
    }

    // A hostile clip among good ones: refused in words, and the old film is left as it was.
    void badClipsLeaveTheTargetAlone()
    {
        const QString film = path(u"kept.mp4"_s);
        {
            QFile out(film);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write("the old film");
        }
        QFile text(path(u"notaclip.mp4"_s));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not an MP4 at all");
        text.close();
        for (const QStringList &clips : {QStringList(), QStringList{path(u"moving.mp4"_s), text.fileName()},
                                         QStringList{path(u"moving.mp4"_s), path(u"missing.mp4"_s)}}) {
            const Stitcher::StitchResult result = Stitcher::stitch(clips, film);
            QVERIFY(!result.ok);
            QVERIFY2(!result.error.isEmpty() && result.error.endsWith(u'.'), qPrintable(result.error));
            qInfo("%s", qPrintable(result.error));
        }
        QFile kept(film);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("the old film"));
        QVERIFY2(leftovers().isEmpty(), qPrintable(leftovers().join(u", "_s)));
    }
};

QTEST_GUILESS_MAIN(TestStoryboardMedia)
#include "tst_storyboardmedia.moc"
