#include "media/Mp4Info.h"

#include "FfprobeInfo.h"
#include "TestTiming.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtEndian>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// --- A tiny MP4 writer, so that every field the reader looks at can be set to an exact or hostile value.

QByteArray be16(quint16 value)
{
    QByteArray bytes(2, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray be32(quint32 value)
{
    QByteArray bytes(4, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray be64(quint64 value)
{
    QByteArray bytes(8, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray box(const QByteArray &type, const QByteArray &payload = {})
{
    return be32(quint32(8 + payload.size())) + type + payload;
}

QByteArray fullBox(const QByteArray &type, quint8 version, const QByteArray &payload)
{
    return box(type, QByteArray(1, char(version)) + QByteArray(3, '\0') + payload);
}

QByteArray ftyp()
{
    return box("ftyp", "isom" + be32(512) + "isomiso2avc1mp41");
}

QByteArray matrix(bool quarterTurn)
{
    const QList<qint32> values = quarterTurn ? QList<qint32>{0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000}
                                             : QList<qint32>{0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000};
    QByteArray bytes;
    for (qint32 value : values)
        bytes += be32(quint32(value));
    return bytes;
}

// Creation and modification times, a timescale and a duration, 32 or 64 bits wide by version.
QByteArray times(quint8 version, quint32 timescale, quint64 duration)
{
    if (version == 1)
        return be64(0) + be64(0) + be32(timescale) + be64(duration);
    return be32(0) + be32(0) + be32(timescale) + be32(quint32(duration));
}

QByteArray mvhd(quint8 version, quint32 timescale, quint64 duration)
{
    return fullBox("mvhd", version,
                   times(version, timescale, duration) + be32(0x10000) + be16(0x100) + QByteArray(10, '\0') +
                       matrix(false) + QByteArray(24, '\0') + be32(3));
}

QByteArray tkhd(quint8 version, quint32 width, quint32 height, bool quarterTurn = false)
{
    const QByteArray head = version == 1 ? be64(0) + be64(0) + be32(1) + be32(0) + be64(0)
                                         : be32(0) + be32(0) + be32(1) + be32(0) + be32(0);
    return fullBox("tkhd", version,
                   head + QByteArray(8, '\0') + be16(0) + be16(0) + be16(0) + be16(0) + matrix(quarterTurn) +
                       be32(width << 16) + be32(height << 16));
}

QByteArray mdhd(quint8 version, quint32 timescale, quint64 duration)
{
    return fullBox("mdhd", version, times(version, timescale, duration) + be16(0x55c4) + be16(0));
}

QByteArray hdlr(const QByteArray &handler)
{
    return fullBox("hdlr", 0, be32(0) + handler + QByteArray(12, '\0') + QByteArray("Handler", 8));
}

QByteArray visualEntry(const QByteArray &codec, quint16 width, quint16 height)
{
    return box(codec, QByteArray(6, '\0') + be16(1) + be16(0) + be16(0) + QByteArray(12, '\0') + be16(width) +
                          be16(height) + be32(0x480000) + be32(0x480000) + be32(0) + be16(1) + QByteArray(32, '\0') +
                          be16(0x18) + be16(0xFFFF));
}

QByteArray audioEntry(const QByteArray &codec)
{
    return box(codec, QByteArray(6, '\0') + be16(1) + QByteArray(8, '\0') + be16(2) + be16(16) + be16(0) + be16(0) +
                          be32(44100u << 16));
}

QByteArray stsd(const QByteArray &entry)
{
    return fullBox("stsd", 0, be32(1) + entry);
}

QByteArray stts(quint32 samples, quint32 delta)
{
    return fullBox("stts", 0, be32(1) + be32(samples) + be32(delta));
}

QByteArray trak(const QByteArray &header, quint8 version, quint32 timescale, quint64 duration,
                const QByteArray &handler, const QByteArray &stbl)
{
    return box("trak", header + box("mdia", mdhd(version, timescale, duration) + hdlr(handler) +
                                                box("minf", box("stbl", stbl))));
}

struct Video
{
    quint8 version = 0;
    quint32 width = 1280;
    quint32 height = 720;
    quint32 timescale = 12288;
    quint64 duration = 5 * 12288;
    quint32 samples = 120;
    quint32 delta = 512;
    bool quarterTurn = false;
    QByteArray codec = "avc1";
    quint16 codedWidth = 1280;
    quint16 codedHeight = 720;
};

QByteArray videoTrak(const Video &v = {})
{
    return trak(tkhd(v.version, v.width, v.height, v.quarterTurn), v.version, v.timescale, v.duration, "vide",
                stsd(visualEntry(v.codec, v.codedWidth, v.codedHeight)) + stts(v.samples, v.delta));
}

QByteArray audioTrak(quint8 version = 0, quint32 timescale = 44100, quint64 duration = 5 * 44100)
{
    return trak(tkhd(version, 0, 0), version, timescale, duration, "soun",
                stsd(audioEntry("mp4a")) + stts(quint32(duration / 1024), 1024));
}

QByteArray moov(const QByteArray &children)
{
    return box("moov", children);
}

// The coded size differs from the display size, so a test sees which one the reader reported.
QByteArray standardMoov(quint8 version = 0)
{
    return moov(mvhd(version, 1000, 5000) + videoTrak({.version = version, .codedWidth = 640, .codedHeight = 360}) +
                audioTrak(version));
}

QByteArray mdat(int bytes = 1000)
{
    return box("mdat", QByteArray(bytes, 'x'));
}

// Box headers nested depth deep, each holding only the next: built in one pass, as a naive recursive
// builder would copy the whole tree once per level.
QByteArray nested(const QByteArray &type, int depth)
{
    QByteArray bytes;
    bytes.reserve(depth * 8);
    for (int level = 0; level < depth; ++level)
        bytes += be32(quint32(8 * (depth - level))) + type;
    return bytes;
}

QByteArray manyBoxes(int count)
{
    QByteArray bytes;
    bytes.reserve(count * 8);
    for (int i = 0; i < count; ++i)
        bytes += box("free");
    return bytes;
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, '\0');
    for (char &byte : bytes)
        byte = char(generator.bounded(256));
    return bytes;
}

Mp4Info fromBytes(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return Mp4Info::fromDevice(&buffer);
}

// Counts the bytes the reader pulls from the device, to prove it never reads the media data.
class CountingBuffer final : public QBuffer
{
public:
    qint64 bytesRead = 0;

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 count = QBuffer::readData(data, maxSize);
        bytesRead += std::max<qint64>(count, 0);
        return count;
    }
};

struct Clip
{
    QString size; // "WxH"; empty for audio only
    int seconds = 3;
    bool faststart = false;
    bool audio = true;
};

} // namespace

class TestMp4Info final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QHash<QString, QString> m_clips; // key -> path, so truncation tests reuse what the size tests made
    QString m_ffmpegError;

    // Makes a real clip with ffmpeg (synchronously; a few hundred milliseconds each). Empty on failure,
    // with the reason in m_ffmpegError.
    QString makeClip(const Clip &clip)
    {
        const QString key = u"%1-%2s-%3-%4"_s.arg(clip.size.isEmpty() ? u"audio"_s : clip.size)
                                .arg(clip.seconds)
                                .arg(clip.faststart ? u"faststart"_s : u"moovlast"_s)
                                .arg(clip.audio ? u"av"_s : u"v"_s);
        if (const auto found = m_clips.constFind(key); found != m_clips.cend())
            return *found;
        const QString path = m_dir.filePath(key + u".mp4"_s);
        QStringList args{u"-y"_s, u"-v"_s, u"error"_s};
        if (!clip.size.isEmpty())
            args << u"-f"_s << u"lavfi"_s << u"-i"_s << u"testsrc2=size=%1:rate=24"_s.arg(clip.size);
        if (clip.audio)
            args << u"-f"_s << u"lavfi"_s << u"-i"_s << u"sine=frequency=440"_s;
        args << u"-t"_s << QString::number(clip.seconds);
        if (!clip.size.isEmpty())
            args << u"-c:v"_s << u"libx264"_s << u"-preset"_s << u"ultrafast"_s << u"-pix_fmt"_s << u"yuv420p"_s;
        if (clip.audio)
            args << u"-c:a"_s << u"aac"_s << u"-shortest"_s;
        else
            args << u"-an"_s;
        if (clip.faststart)
            args << u"-movflags"_s << u"+faststart"_s;
        args << path;
        QProcess ffmpeg;
        ffmpeg.start(u"ffmpeg"_s, args);
        if (!ffmpeg.waitForStarted(10000)) {
            m_ffmpegError = u"could not start ffmpeg (the tests need it): "_s + ffmpeg.errorString();
            return {};
        }
        if (!ffmpeg.waitForFinished(60000) || ffmpeg.exitStatus() != QProcess::NormalExit || ffmpeg.exitCode() != 0) {
            m_ffmpegError = u"ffmpeg failed: "_s + QString::fromUtf8(ffmpeg.readAllStandardError());
            return {};
        }
        m_clips.insert(key, path);
        return path;
    }

    QByteArray readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void realClips_data()
    {
        QTest::addColumn<QString>("size");
        QTest::addColumn<int>("seconds");
        QTest::addColumn<bool>("faststart");
        QTest::addColumn<bool>("audio");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("1280x720 3s moov last") << u"1280x720"_s << 3 << false << true << 1280 << 720;
        QTest::newRow("1280x720 5s faststart") << u"1280x720"_s << 5 << true << true << 1280 << 720;
        QTest::newRow("720x1280 5s moov last") << u"720x1280"_s << 5 << false << true << 720 << 1280;
        QTest::newRow("720x1280 3s faststart") << u"720x1280"_s << 3 << true << true << 720 << 1280;
        QTest::newRow("1080x1080 3s moov last") << u"1080x1080"_s << 3 << false << true << 1080 << 1080;
        QTest::newRow("1080x1080 5s faststart") << u"1080x1080"_s << 5 << true << true << 1080 << 1080;
        QTest::newRow("1440x1080 3s faststart") << u"1440x1080"_s << 3 << true << true << 1440 << 1080;
        QTest::newRow("1440x1080 5s moov last") << u"1440x1080"_s << 5 << false << true << 1440 << 1080;
        QTest::newRow("video only 1280x720 3s") << u"1280x720"_s << 3 << false << false << 1280 << 720;
        QTest::newRow("video only 720x1280 5s faststart") << u"720x1280"_s << 5 << true << false << 720 << 1280;
        QTest::newRow("audio only 3s") << QString() << 3 << false << true << 0 << 0;
        QTest::newRow("audio only 5s faststart") << QString() << 5 << true << true << 0 << 0;
    }
    void realClips()
    {
        QFETCH(QString, size);
        QFETCH(int, seconds);
        QFETCH(bool, faststart);
        QFETCH(bool, audio);
        QFETCH(int, width);
        QFETCH(int, height);
        const QString path = makeClip({size, seconds, faststart, audio});
        QVERIFY2(!path.isEmpty(), qPrintable(m_ffmpegError));

        const Mp4Info info = Mp4Info::fromFile(path);
        QVERIFY2(info.valid, qPrintable(info.error));
        QVERIFY(info.complete);
        QVERIFY(info.error.isEmpty());
        const bool video = !size.isEmpty();
        QCOMPARE(info.hasVideo, video);
        QCOMPARE(info.hasAudio, audio);
        QCOMPARE(info.width, width);
        QCOMPARE(info.height, height);
        QVERIFY2(qAbs(info.durationSeconds - seconds) <= 0.1, qPrintable(QString::number(info.durationSeconds)));
        QCOMPARE(info.videoCodec, video ? u"avc1"_s : QString());
        QCOMPARE(info.audioCodec, audio ? u"mp4a"_s : QString());
        if (video) {
            QCOMPARE(info.frameRate, 24.0);
            QVERIFY(qAbs(info.videoDurationSeconds - seconds) <= 0.1);
        } else {
            QCOMPARE(info.frameRate, 0.0);
            QCOMPARE(info.videoDurationSeconds, 0.0);
        }
        if (audio)
            QVERIFY(qAbs(info.audioDurationSeconds - seconds) <= 0.1);

        // A second opinion on the same file from ffprobe, which decodes the container its own way.
        const FfprobeInfo probe = FfprobeInfo::probe(path);
        QVERIFY2(probe.ok, qPrintable(probe.error));
        QCOMPARE(info.width, probe.width);
        QCOMPARE(info.height, probe.height);
        QVERIFY(qAbs(info.durationSeconds - probe.formatDuration) <= 0.05);
        if (video)
            QCOMPARE(info.frameRate, probe.frameRate);
    }

    void neverReadsTheMediaData_data()
    {
        QTest::addColumn<bool>("faststart");
        QTest::newRow("moov last") << false;
        QTest::newRow("faststart") << true;
    }
    void neverReadsTheMediaData()
    {
        QFETCH(bool, faststart);
        const QString path = makeClip({u"1280x720"_s, 5, faststart, true});
        QVERIFY2(!path.isEmpty(), qPrintable(m_ffmpegError));
        CountingBuffer buffer;
        buffer.setData(readAll(path));
        QVERIFY(buffer.size() > 500'000);
        // Unbuffered, so that the count is what the reader asked for, not QIODevice's read-ahead.
        QVERIFY(buffer.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        const Mp4Info info = Mp4Info::fromDevice(&buffer);
        QVERIFY2(info.valid, qPrintable(info.error));
        QVERIFY2(buffer.bytesRead < 16'000, qPrintable(QString::number(buffer.bytesRead)));
    }

    void truncated_data()
    {
        QTest::addColumn<bool>("faststart");
        QTest::addColumn<double>("fraction"); // of the file kept; above 1: that many bytes kept
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("errorPart");
        // moov last: any cut loses the header, so nothing about the clip can be trusted.
        const QString moovMissing = u"'moov' box is missing or cut off"_s;
        QTest::newRow("moov last, 10%") << false << 0.10 << false << moovMissing;
        QTest::newRow("moov last, 50%") << false << 0.50 << false << moovMissing;
        QTest::newRow("moov last, 99%") << false << 0.99 << false << moovMissing;
        QTest::newRow("moov last, all but 1 byte") << false << -1.0 << false << moovMissing;
        // faststart: the header is whole, so the clip still reads, but complete says the media is cut off.
        QTest::newRow("faststart, 10%") << true << 0.10 << true << QString();
        QTest::newRow("faststart, 50%") << true << 0.50 << true << QString();
        QTest::newRow("faststart, 99%") << true << 0.99 << true << QString();
        QTest::newRow("faststart, all but 1 byte") << true << -1.0 << true << QString();
        QTest::newRow("faststart, cut inside moov") << true << 200.0 << false << moovMissing;
        QTest::newRow("faststart, cut after ftyp") << true << 32.0 << false << moovMissing;
        QTest::newRow("faststart, cut inside ftyp") << true << 20.0 << false << u"Not an MP4 file"_s;
    }
    void truncated()
    {
        QFETCH(bool, faststart);
        QFETCH(double, fraction);
        QFETCH(bool, valid);
        QFETCH(QString, errorPart);
        const QString source = makeClip({u"1280x720"_s, 5, faststart, true});
        QVERIFY2(!source.isEmpty(), qPrintable(m_ffmpegError));
        const QByteArray whole = readAll(source);
        const qsizetype kept = fraction < 0   ? whole.size() - 1
                               : fraction > 1 ? qsizetype(fraction)
                                              : qsizetype(double(whole.size()) * fraction);
        const QString path = m_dir.filePath(u"cut-%1-%2.mp4"_s.arg(int(faststart)).arg(kept));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(whole.first(kept)), qint64(kept));
        }

        const Mp4Info info = Mp4Info::fromFile(path);
        QCOMPARE(info.valid, valid);
        QVERIFY(!info.complete);
        if (valid) {
            QCOMPARE(info.width, 1280);
            QCOMPARE(info.height, 720);
            QVERIFY(qAbs(info.durationSeconds - 5) <= 0.1);
            QVERIFY(info.summary().contains(u"cut off"_s));
        } else {
            QVERIFY2(info.error.contains(errorPart), qPrintable(info.error));
        }
    }

    void synthetic_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<double>("duration");
        QTest::addColumn<double>("videoDuration");
        QTest::addColumn<double>("frameRate");
        QTest::addColumn<QString>("videoCodec");
        QTest::addColumn<bool>("complete");

        const QByteArray head = ftyp();
        QTest::newRow("version 0 boxes") << head + standardMoov(0) + mdat() << 1280 << 720 << 5.0 << 5.0 << 24.0
                                         << u"avc1"_s << true;
        QTest::newRow("version 1 boxes") << head + standardMoov(1) + mdat() << 1280 << 720 << 5.0 << 5.0 << 24.0
                                         << u"avc1"_s << true;
        QTest::newRow("64-bit durations")
            << head + moov(mvhd(1, 90000, 90000ull * 100000) + videoTrak({.version = 1, .duration = 12288ull * 100000}))
            << 1280 << 720 << 100000.0 << 100000.0 << 24.0 << u"avc1"_s << true;
        QTest::newRow("moov after mdat") << head + mdat() + standardMoov() << 1280 << 720 << 5.0 << 5.0 << 24.0
                                         << u"avc1"_s << true;
        QTest::newRow("mdat with a 64-bit size")
            << head + standardMoov() + be32(1) + "mdat" + be64(16 + 100) + QByteArray(100, 'x') << 1280 << 720 << 5.0
            << 5.0 << 24.0 << u"avc1"_s << true;
        QTest::newRow("last box of size 0 runs to the end")
            << head + standardMoov() + be32(0) + "mdat" + QByteArray(100, 'x') << 1280 << 720 << 5.0 << 5.0 << 24.0
            << u"avc1"_s << true;
        QTest::newRow("mdat claiming 2^64 - 1 bytes after a whole moov")
            << head + standardMoov() + be32(1) + "mdat" + be64(~0ull) + QByteArray(100, 'x') << 1280 << 720 << 5.0
            << 5.0 << 24.0 << u"avc1"_s << false;
        QTest::newRow("mdat of 0xFFFFFFFF bytes after a whole moov")
            << head + standardMoov() + be32(0xFFFFFFFF) + "mdat" + QByteArray(100, 'x') << 1280 << 720 << 5.0 << 5.0
            << 24.0 << u"avc1"_s << false;
        QTest::newRow("a few bytes after the last box") << head + standardMoov() + mdat() + QByteArray(3, '\0') << 1280
                                                        << 720 << 5.0 << 5.0 << 24.0 << u"avc1"_s << false;
        QTest::newRow("rotated a quarter turn") << head + moov(mvhd(0, 1000, 5000) + videoTrak({.quarterTurn = true}))
                                                << 720 << 1280 << 5.0 << 5.0 << 24.0 << u"avc1"_s << true;
        QTest::newRow("tkhd without a size uses the coded size")
            << head + moov(mvhd(0, 1000, 5000) +
                           videoTrak({.width = 0, .height = 0, .codedWidth = 1920, .codedHeight = 1080}))
            << 1920 << 1080 << 5.0 << 5.0 << 24.0 << u"avc1"_s << true;
        QTest::newRow("zero movie timescale: longest track")
            << head + moov(mvhd(0, 0, 5000) + videoTrak() + audioTrak(0, 44100, 44100 * 6)) << 1280 << 720 << 6.0 << 5.0
            << 24.0 << u"avc1"_s << true;
        QTest::newRow("unknown movie duration: longest track")
            << head + moov(mvhd(0, 1000, 0xFFFFFFFF) + videoTrak()) << 1280 << 720 << 5.0 << 5.0 << 24.0 << u"avc1"_s
            << true;
        QTest::newRow("no mvhd: longest track")
            << head + moov(videoTrak()) << 1280 << 720 << 5.0 << 5.0 << 24.0 << u"avc1"_s << true;
        QTest::newRow("zero media timescale") << head + moov(mvhd(0, 1000, 5000) + videoTrak({.timescale = 0})) << 1280
                                              << 720 << 5.0 << 0.0 << 0.0 << u"avc1"_s << true;
        QTest::newRow("zero sample deltas") << head + moov(mvhd(0, 1000, 5000) + videoTrak({.delta = 0})) << 1280 << 720
                                            << 5.0 << 5.0 << 0.0 << u"avc1"_s << true;
        QTest::newRow("NTSC frame rate") << head +
                                                moov(mvhd(0, 1000, 5005) +
                                                     videoTrak({.timescale = 24000, .duration = 120120, .delta = 1001}))
                                         << 1280 << 720 << 5.005 << 5.005 << 24000.0 / 1001 << u"avc1"_s << true;
        QTest::newRow("unprintable codec") << head + moov(videoTrak({.codec = QByteArray("\x01\x7f", 2) + "c1"}))
                                           << 1280 << 720 << 5.0 << 5.0 << 24.0 << u"??c1"_s << true;
        QTest::newRow("uuid box before moov") << head + box("uuid", QByteArray(16, 'u') + "data") + standardMoov()
                                              << 1280 << 720 << 5.0 << 5.0 << 24.0 << u"avc1"_s << true;
        QTest::newRow("zero word padding inside moov") << head + moov(mvhd(0, 1000, 5000) + videoTrak() + be32(0))
                                                       << 1280 << 720 << 5.0 << 5.0 << 24.0 << u"avc1"_s << true;
        QTest::newRow("deep nesting in a box that is not read")
            << head + moov(mvhd(0, 1000, 5000) + videoTrak() + nested("udta", 50'000)) << 1280 << 720 << 5.0 << 5.0
            << 24.0 << u"avc1"_s << true;
        QTest::newRow("audio track before video") << head + moov(mvhd(0, 1000, 5000) + audioTrak() + videoTrak())
                                                  << 1280 << 720 << 5.0 << 5.0 << 24.0 << u"avc1"_s << true;
    }
    void synthetic()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(double, duration);
        QFETCH(double, videoDuration);
        QFETCH(double, frameRate);
        QFETCH(QString, videoCodec);
        QFETCH(bool, complete);
        const Mp4Info info = fromBytes(bytes);
        QVERIFY2(info.valid, qPrintable(info.error));
        QCOMPARE(info.complete, complete);
        QVERIFY(info.hasVideo);
        QCOMPARE(info.width, width);
        QCOMPARE(info.height, height);
        QCOMPARE(info.durationSeconds, duration);
        QCOMPARE(info.videoDurationSeconds, videoDuration);
        QCOMPARE(info.frameRate, frameRate);
        QCOMPARE(info.videoCodec, videoCodec);
    }

    void hostile_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("errorPart");
        const QString notMp4 = u"Not an MP4 file: it does not start with an 'ftyp' box."_s;
        const QString moovMissing = u"The MP4 file is incomplete: its 'moov' box is missing or cut off."_s;
        const QString impossible = u"has an impossible size"_s;
        const QString noTrack = u"holds no video or audio track"_s;
        const QByteArray head = ftyp();

        QTest::newRow("empty") << QByteArray() << u"The file is empty"_s;
        QTest::newRow("random bytes") << randomBytes(64 * 1024, 7) << notMp4;
        QTest::newRow("three bytes") << QByteArray("abc") << notMp4;
        QTest::newRow("HTML error page")
            << QByteArray("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
            << notMp4;
        QTest::newRow("JSON body") << QByteArray(R"({"error":"Insufficient credits","status":402})") << notMp4;
        QTest::newRow("ftyp bigger than the file") << be32(0x7FFFFFFF) + "ftypisom" << notMp4;
        QTest::newRow("ftyp only") << head << moovMissing;
        QTest::newRow("ftyp and mdat only") << head + mdat() << moovMissing;
        QTest::newRow("moov of size 0xFFFFFFFF") << head + be32(0xFFFFFFFF) + "moov" + standardMoov() << moovMissing;
        QTest::newRow("box of size 0xFFFFFFFF before moov")
            << head + be32(0xFFFFFFFF) + "free" + standardMoov() << moovMissing;
        QTest::newRow("64-bit size of 2^64 - 1 before moov")
            << head + be32(1) + "free" + be64(~0ull) + standardMoov() << moovMissing;
        QTest::newRow("64-bit size of 2^63 before moov")
            << head + be32(1) + "free" + be64(1ull << 63) + standardMoov() << moovMissing;
        QTest::newRow("64-bit size header cut off") << head + be32(1) + "mdat" + be32(0) << moovMissing;
        QTest::newRow("box of size 4") << head + be32(4) + "free" + standardMoov() << impossible;
        QTest::newRow("64-bit size of 8") << head + be32(1) + "free" + be64(8) + standardMoov() << impossible;
        QTest::newRow("uuid box shorter than its header")
            << head + be32(20) + "uuid" + QByteArray(12, 'u') << impossible;
        QTest::newRow("box of size 4 inside moov") << head + moov(mvhd(0, 1000, 5000) + be32(4) + "trak") << impossible;
        QTest::newRow("trak overrunning moov")
            << head + moov(mvhd(0, 1000, 5000) + be32(0x10000) + "trak" + videoTrak())
            << u"the 'trak' box at byte 148 runs past the end of its 'moov' box"_s;
        QTest::newRow("64-bit size overrunning moov")
            << head + moov(mvhd(0, 1000, 5000) + be32(1) + "trak" + be64(~0ull) + videoTrak())
            << u"runs past the end of its 'moov' box"_s;
        QTest::newRow("mvhd too short") << head + moov(fullBox("mvhd", 0, be32(0)) + videoTrak())
                                        << u"impossible size"_s;
        QTest::newRow("stts too short") << head + moov(box("trak", box("mdia", box("minf", box("stbl", box("stts"))))))
                                        << u"impossible size"_s;
        QTest::newRow("moov without tracks") << head + moov(mvhd(0, 1000, 5000)) << noTrack;
        QTest::newRow("tracks of another kind")
            << head + moov(trak(tkhd(0, 0, 0), 0, 1000, 1000, "text", {})) << noTrack;
        QTest::newRow("trak nested 100000 deep")
            << head + moov(mvhd(0, 1000, 5000) + nested("trak", 100'000)) << noTrack;
        QTest::newRow("moov nested 100000 deep") << head + nested("moov", 100'000) << noTrack;
        QTest::newRow("stbl nested 100000 deep")
            << head + moov(box("trak", box("mdia", hdlr("vide") + box("minf", nested("stbl", 100'000))))) << QString();
        QTest::newRow("200000 empty boxes")
            << head + manyBoxes(200'000) + standardMoov() << u"more than 100000 boxes"_s;
        QTest::newRow("stts claiming 2^32 - 1 entries")
            << head + moov(box("trak",
                               box("mdia", hdlr("vide") + box("minf", box("stbl", fullBox("stts", 0, be32(~0u)))))))
            << QString();
    }
    void hostile()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, errorPart);
        QElapsedTimer timer;
        timer.start();
        const Mp4Info info = fromBytes(bytes);
        QVERIFY2(timer.elapsed() < TestTiming::scaledMs(2000), "a hostile file must not keep the reader busy");
        if (errorPart.isEmpty()) { // only "must not crash or hang": the file may read as a (useless) clip
            QVERIFY(info.valid || !info.error.isEmpty());
            return;
        }
        QVERIFY(!info.valid);
        QVERIFY(!info.complete);
        QVERIFY2(info.error.contains(errorPart), qPrintable(info.error));
        QCOMPARE(info.summary(), info.error);
        QCOMPARE(info.width, 0);
        QVERIFY(!info.hasVideo && !info.hasAudio);
    }

    void twoGigabyteFiles_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("garbage") << randomBytes(4096, 11) << u"Not an MP4 file"_s;
        QTest::newRow("ftyp then zeros") << ftyp() << u"'moov' box is missing"_s;
        QTest::newRow("a moov of zeros") << ftyp() + be32(0) + "moov" << u"no video or audio track"_s;
        QTest::newRow("ftyp then 8-byte boxes") << ftyp() + manyBoxes(200'000) << u"more than 100000 boxes"_s;
    }
    void twoGigabyteFiles()
    {
        QFETCH(QByteArray, head);
        QFETCH(QString, errorPart);
        const QString path = m_dir.filePath(u"huge.bin"_s);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(file.write(head), qint64(head.size()));
            // Sparse: the rest reads as zeros without taking disk space or time to write.
            QVERIFY(file.resize(2'200'000'000LL));
        }
        QElapsedTimer timer;
        timer.start();
        const Mp4Info info = Mp4Info::fromFile(path);
        QVERIFY2(timer.elapsed() < TestTiming::scaledMs(2000), qPrintable(QString::number(timer.elapsed())));
        QVERIFY(!info.valid);
        QVERIFY2(info.error.contains(errorPart), qPrintable(info.error));
        QFile::remove(path);
    }

    void missingFile()
    {
        const QString path = m_dir.filePath(u"no such clip.mp4"_s);
        const Mp4Info info = Mp4Info::fromFile(path);
        QVERIFY(!info.valid);
        QVERIFY(!info.complete);
        QVERIFY2(info.error.startsWith(u"Could not open the file"_s), qPrintable(info.error));
        QVERIFY(info.error.contains(path));
    }

    void deviceNotReadable()
    {
        QBuffer closed;
        QVERIFY(!Mp4Info::fromDevice(&closed).valid);
        QVERIFY(!Mp4Info::fromDevice(nullptr).valid);
        QVERIFY(Mp4Info::fromDevice(nullptr).error.contains(u"not open"_s));
    }

    void summary()
    {
        Mp4Info info = fromBytes(ftyp() + standardMoov() + mdat());
        QCOMPARE(info.summary(), u"1280×720 avc1 at 24 fps, mp4a audio, 5.0 s"_s);
        info = fromBytes(ftyp() + moov(mvhd(0, 1000, 3000) + audioTrak(0, 44100, 3 * 44100)) + mdat());
        QCOMPARE(info.summary(), u"mp4a audio, 3.0 s"_s);
        info = fromBytes(ftyp() + standardMoov() + be32(0xFFFFFFFF) + "mdat");
        QCOMPARE(info.summary(), u"1280×720 avc1 at 24 fps, mp4a audio, 5.0 s (the file is cut off)"_s);
    }

    void startsLikeMp4_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<bool>("expected");
        QTest::newRow("ffmpeg's ftyp") << ftyp() << true;
        QTest::newRow("ftyp header only") << be32(32) + "ftyp" << true;
        QTest::newRow("smallest ftyp") << be32(16) + "ftypisom" + be32(0) << true;
        QTest::newRow("large but sane ftyp") << be32(4096) + "ftyp" << true;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("seven bytes") << QByteArray("\0\0\0 fty", 7) << false;
        QTest::newRow("ftyp too small for a brand") << be32(8) + "ftyp" << false;
        QTest::newRow("size 0") << be32(0) + "ftypisom" << false;
        QTest::newRow("64-bit size") << be32(1) + "ftyp" + be64(32) << false;
        QTest::newRow("absurd size") << be32(0xFFFFFFFF) + "ftypisom" << false;
        QTest::newRow("size just over the cap") << be32(4097) + "ftypisom" << false;
        QTest::newRow("moov first") << be32(32) + "moov" << false;
        QTest::newRow("ftyp in the wrong place") << QByteArray("ftyp") + be32(32) << false;
        QTest::newRow("upper case") << be32(32) + "FTYP" << false;
        QTest::newRow("HTML") << QByteArray("<!DOCTYPE html>") << false;
        QTest::newRow("JSON") << QByteArray(R"({"status":"ftyp"})") << false;
        QTest::newRow("PNG") << QByteArray("\x89PNG\r\n\x1a\n", 8) << false;
    }
    void startsLikeMp4()
    {
        QFETCH(QByteArray, head);
        QFETCH(bool, expected);
        QCOMPARE(Mp4Info::startsLikeMp4(head), expected);
    }

    void startsLikeMp4RealClip()
    {
        const QString path = makeClip({u"1280x720"_s, 3, false, true});
        QVERIFY2(!path.isEmpty(), qPrintable(m_ffmpegError));
        QVERIFY(Mp4Info::startsLikeMp4(readAll(path).first(16)));
    }
};

QTEST_GUILESS_MAIN(TestMp4Info)
#include "tst_mp4info.moc"
