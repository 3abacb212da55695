// Recipes inside clips: written by remuxing (every packet byte-identical), shown by ffprobe under their key, read
// back from the header alone, refused plainly when hostile; and the recipe JSON itself, round trip and hostile fields.
#include "library/Library.h"
#include "library/Recipe.h"
#include "media/ClipRecipe.h"
#include "RunProgram.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

// One packet as the demuxer gives it.
struct PacketFacts
{
    int stream = -1;
    int64_t pts = 0;
    int64_t dts = 0;
    int64_t duration = 0;
    int flags = 0;
    QByteArray data;

    friend bool operator==(const PacketFacts &, const PacketFacts &) = default;
};

struct StreamFacts
{
    int type = -1;
    int codec = 0;
    AVRational timeBase{0, 1};
};

// Every packet of the file's streams in the order they are read, and the streams' types and time bases.
bool readPackets(const QString &path, QList<PacketFacts> *packets, QList<StreamFacts> *streams)
{
    AVFormatContext *format = nullptr;
    if (avformat_open_input(&format, QFile::encodeName(path).constData(), nullptr, nullptr) < 0)
        return false;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        const AVStream *s = format->streams[i];
        streams->append({s->codecpar->codec_type, s->codecpar->codec_id, s->time_base});
    }
    AVPacket *packet = av_packet_alloc();
    while (av_read_frame(format, packet) >= 0) {
        packets->append({packet->stream_index, packet->pts, packet->dts, packet->duration, packet->flags,
                         QByteArray(reinterpret_cast<const char *>(packet->data), packet->size)});
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    avformat_close_input(&format);
    return true;
}

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestClipRecipe final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_clip; // H.264 + AAC, 1 s, no recipe
    QString m_firstFrame;
    QByteArray m_firstFrameBytes{"not really a JPEG, but bytes to hash"};

    QString path(const QString &name) const { return m_dir.filePath(name); }

    static QString run(const QString &program, const QStringList &args, QByteArray *out = nullptr)
    {
        return runProgram(program, args, out, 60000);
    }

    // A Ready generation with every setting away from its default, a first frame on disk, an empty reference slot,
    // a reference by address and a reference file.
    LibraryEntry sampleEntry() const
    {
        LibraryEntry entry;
        Job &job = entry.job;
        job.requestId = u"req-42"_s;
        job.createdAt = QDateTime(QDate(2025, 3, 1), QTime(10, 0), Qt::UTC);
        job.estimatedCents = 210;
        job.chargedCents = 140;
        GenerationRequest &r = job.request;
        r.prompt = u"A white horse at dusk,\nslow motion — 白马"_s;
        r.negativePrompt = u"blur"_s;
        r.resolution = Pricing::Resolution::P1080;
        r.durationSeconds = 7;
        r.aspect = AspectRatio::R9x16;
        r.promptExtend = true;
        r.watermark = true;
        r.seed = GenerationRequest::kMaxSeed;
        r.modeChoice = GenerationRequest::ModeChoice::ReferenceToVideo;
        r.firstFrame = ImageSource::fromFile(m_firstFrame);
        r.firstFrame.originalName = u"dusk.jpg"_s;
        r.references = {ImageSource(), ImageSource::fromUrl(QUrl(u"https://example.com/mane.png"_s)),
                        ImageSource::fromFile(m_firstFrame)};
        return entry;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!ffmpegToolsFound())
            QSKIP("The ffmpeg and ffprobe programs are needed to make and check real MP4s (Debian package ffmpeg).");
        m_clip = path(u"source.mp4"_s);
        const QString failed = run(u"ffmpeg"_s, {u"-v"_s,
                                                 u"error"_s,
                                                 u"-y"_s,
                                                 u"-f"_s,
                                                 u"lavfi"_s,
                                                 u"-i"_s,
                                                 u"testsrc=size=320x240:rate=24"_s,
                                                 u"-f"_s,
                                                 u"lavfi"_s,
                                                 u"-i"_s,
                                                 u"sine"_s,
                                                 u"-t"_s,
                                                 u"1"_s,
                                                 u"-c:v"_s,
                                                 u"libx264"_s,
                                                 u"-preset"_s,
                                                 u"ultrafast"_s,
                                                 u"-pix_fmt"_s,
                                                 u"yuv420p"_s,
                                                 u"-c:a"_s,
                                                 u"aac"_s,
                                                 u"-metadata"_s,
                                                 u"title=Kept title"_s,
                                                 m_clip});
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_firstFrame = path(u"first.jpg"_s);
        QFile image(m_firstFrame);
        QVERIFY(image.open(QIODevice::WriteOnly) && image.write(m_firstFrameBytes) == m_firstFrameBytes.size());
    }

    // (a) ffprobe shows the tag under the documented key, with exactly the JSON written; other tags are kept.
    void ffprobeShowsTheRecipe()
    {
        const QByteArray recipe = "{\"paddock_recipe\":1,\"prompt\":\"white horse \\\"quoted\\\" — ü\"}";
        const QString target = path(u"a.mp4"_s);
        QString error;
        QVERIFY2(ClipRecipe::writeRecipe(m_clip, target, recipe, &error), qPrintable(error));
        QByteArray out;
        const QString failed =
            run(u"ffprobe"_s, {u"-v"_s, u"error"_s, u"-show_entries"_s, u"format_tags"_s, u"-of"_s, u"json"_s, target},
                &out);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const QJsonObject tags =
            QJsonDocument::fromJson(out).object().value(u"format"_s).toObject().value(u"tags"_s).toObject();
        QCOMPARE(tags.value(QLatin1StringView(ClipRecipe::kKey)).toString().toUtf8(), recipe);
        QCOMPARE(tags.value(u"title"_s).toString(), u"Kept title"_s);
        // Nothing is left behind in the folder but the clip.
        const QStringList parts = QDir(m_dir.path()).entryList({u"*.part"_s}, QDir::Files | QDir::Hidden);
        QVERIFY2(parts.isEmpty(), qPrintable(parts.join(u", "_s)));
    }

    // (b) readRecipe gives back the very bytes written; writing again over a clip with a recipe replaces it.
    void readRecipeGivesItBack()
    {
        const QString first = path(u"b1.mp4"_s);
        const QString second = path(u"b2.mp4"_s);
        QString error;
        QVERIFY2(ClipRecipe::writeRecipe(m_clip, first, "{\"n\":1}", &error), qPrintable(error));
        QVERIFY2(ClipRecipe::writeRecipe(first, second, "{\"n\":2}", &error), qPrintable(error));
        QString why;
        QCOMPARE(ClipRecipe::readRecipe(first, &why), std::optional<QByteArray>("{\"n\":1}"));
        QCOMPARE(ClipRecipe::readRecipe(second, &why), std::optional<QByteArray>("{\"n\":2}"));
        // The target is replaced when it exists.
        QVERIFY2(ClipRecipe::writeRecipe(m_clip, second, "{\"n\":3}", &error), qPrintable(error));
        QCOMPARE(ClipRecipe::readRecipe(second, &why), std::optional<QByteArray>("{\"n\":3}"));
    }

    // (c) Remuxing, not re-encoding: every audio and video packet is the same, with the same timing and stream.
    void packetsAreUnchanged()
    {
        const QString target = path(u"c.mp4"_s);
        QString error;
        QVERIFY2(ClipRecipe::writeRecipe(m_clip, target, "{\"paddock_recipe\":1}", &error), qPrintable(error));
        QList<PacketFacts> before, after;
        QList<StreamFacts> streamsBefore, streamsAfter;
        QVERIFY(readPackets(m_clip, &before, &streamsBefore));
        QVERIFY(readPackets(target, &after, &streamsAfter));
        QCOMPARE(streamsAfter.size(), streamsBefore.size());
        QCOMPARE(streamsBefore.size(), 2);
        for (int i = 0; i < streamsBefore.size(); ++i) {
            QCOMPARE(streamsAfter.at(i).type, streamsBefore.at(i).type);
            QCOMPARE(streamsAfter.at(i).codec, streamsBefore.at(i).codec);
            QCOMPARE(streamsAfter.at(i).timeBase.num, streamsBefore.at(i).timeBase.num);
            QCOMPARE(streamsAfter.at(i).timeBase.den, streamsBefore.at(i).timeBase.den);
        }
        QVERIFY(before.size() > 24); // 24 pictures and the sound of one second
        QCOMPARE(after.size(), before.size());
        for (int i = 0; i < before.size(); ++i) {
            QVERIFY2(
                after.at(i) == before.at(i),
                qPrintable(
                    u"packet %1 (stream %2, pts %3) differs"_s.arg(i).arg(before.at(i).stream).arg(before.at(i).pts)));
        }
        // What ffprobe says of the streams' timing, tags and dispositions is the same too.
        const QStringList args{u"-v"_s,
                               u"error"_s,
                               u"-show_entries"_s,
                               u"stream=index,codec_type,codec_tag_string,time_base,start_pts,start_time,duration_ts,"
                               u"nb_frames:stream_disposition:format=start_time,duration"_s,
                               u"-of"_s,
                               u"json"_s};
        QByteArray probedBefore, probedAfter;
        QString failed = run(u"ffprobe"_s, args + QStringList{m_clip}, &probedBefore);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        failed = run(u"ffprobe"_s, args + QStringList{target}, &probedAfter);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QCOMPARE(QJsonDocument::fromJson(probedBefore).object().value(u"streams"_s).toArray().size(), 2);
        QCOMPARE(QJsonDocument::fromJson(probedAfter), QJsonDocument::fromJson(probedBefore));
        // faststart: the index comes before the media data (ffmpeg wrote the source's after it).
        QFile written(target);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray head = written.read(4096);
        QVERIFY(head.indexOf("moov") > 0);
        QVERIFY(head.indexOf("mdat") < 0 || head.indexOf("moov") < head.indexOf("mdat"));
        qInfo("%lld packets compared, %lld bytes before and %lld after", qint64(before.size()),
              qint64(QFileInfo(m_clip).size()), qint64(QFileInfo(target).size()));
    }

    // (d) A clip as ffmpeg made it has no recipe.
    void clipWithoutRecipe()
    {
        QString why;
        QCOMPARE(ClipRecipe::readRecipe(m_clip, &why), std::nullopt);
        QCOMPARE(why, u"This clip has no Paddock recipe."_s);
    }

    // (e) Whatever a stranger's file holds, reading gives no crash and a plain reason.
    void hostileFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("content"); // the recipe written, or the whole file
        QTest::addColumn<QString>("reason");     // the start of the reason given
        const QByteArray big = "{\"prompt\":\"" + QByteArray(ClipRecipe::kMaxRecipeBytes, 'x') + "\"}";
        QTest::newRow("oversized recipe") << u"tag"_s << big << u"The clip's recipe is damaged: at 256 KB"_s;
        QTest::newRow("not JSON") << u"tag"_s << QByteArray("white horse, dusk") << u"The clip's recipe is damaged"_s;
        QTest::newRow("JSON array") << u"tag"_s << QByteArray("[1,2]") << u"The clip's recipe is damaged"_s;
        QTest::newRow("not UTF-8") << u"tag"_s << QByteArray("{\"p\":\"\xff\xfe\"}")
                                   << u"The clip's recipe is damaged: it is not readable text."_s;
        QTest::newRow("text file") << u"file"_s << QByteArray("this is not a video\n")
                                   << u"This file is not an MP4 clip"_s;
        QTest::newRow("empty file") << u"file"_s << QByteArray() << u"This file is not an MP4 clip"_s;
        QTest::newRow("playlist") << u"file"_s << QByteArray("#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n")
                                  << u"This file is not an MP4 clip"_s;
        QTest::newRow("missing file") << u"missing"_s << QByteArray() << u"The file"_s;
        QTest::newRow("FIFO") << u"fifo"_s << QByteArray() << QString();
        QTest::newRow("cut short") << u"cut"_s << QByteArray() << QString();
    }

    void hostileFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        const QString file =
            path(u"hostile-%1.mp4"_s.arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
        QString error;
        if (kind == u"tag"_s) {
            QVERIFY2(ClipRecipe::writeRecipe(m_clip, file, content, &error), qPrintable(error));
        } else if (kind == u"file"_s) {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly) && out.write(content) == content.size());
        } else if (kind == u"fifo"_s) {
            QVERIFY(::mkfifo(QFile::encodeName(file).constData(), 0600) == 0);
        } else if (kind == u"cut"_s) {
            // The header (ffmpeg without faststart puts it last) cut off.
            QFile in(m_clip);
            QVERIFY(in.open(QIODevice::ReadOnly));
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly) && out.write(in.read(in.size() / 2)) > 0);
        }
        QString why;
        QCOMPARE(ClipRecipe::readRecipe(file, &why), std::nullopt);
        QVERIFY(!why.isEmpty());
        if (!reason.isEmpty())
            QVERIFY2(why.startsWith(reason), qPrintable(why));
    }

    // A source that is no clip: false with a reason, and neither the target nor a temporary file is touched.
    void writeFailsWithoutHarm()
    {
        const QString notClip = path(u"not-a-clip.mp4"_s);
        QFile out(notClip);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write("clip") == 4);
        out.close();
        const QString target = path(u"kept.mp4"_s);
        QFile kept(target);
        QVERIFY(kept.open(QIODevice::WriteOnly) && kept.write("old") == 3);
        kept.close();
        QString error;
        QVERIFY(!ClipRecipe::writeRecipe(notClip, target, "{}", &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!ClipRecipe::writeRecipe(path(u"nowhere.mp4"_s), target, "{}", &error));
        QVERIFY(!ClipRecipe::writeRecipe(m_clip, path(u"no-such-folder/x.mp4"_s), "{}", &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("old"));
        QVERIFY(QDir(m_dir.path()).entryList({u"*.part"_s}, QDir::Files | QDir::Hidden).isEmpty());
    }

    // (f) The recipe of a generation, and the request read back from it.
    void recipeRoundTrip()
    {
        const LibraryEntry entry = sampleEntry();
        const QJsonObject recipe = Recipe::recipeJson(entry);
        QCOMPARE(recipe.value(u"paddock_recipe"_s).toInt(), 1);
        QCOMPARE(recipe.value(u"model"_s).toString(), u"HappyHorse 1.1"_s);
        QCOMPARE(recipe.value(u"created"_s).toString(), u"2025-03-01T10:00:00.000Z"_s);
        QCOMPARE(recipe.value(u"request_id"_s).toString(), u"req-42"_s);
        QCOMPARE(recipe.value(u"cost_cents"_s).toInteger(), 140);
        QCOMPARE(recipe.value(u"cost_charged"_s).toBool(), true);
        QCOMPARE(recipe.value(u"mode"_s).toString(), u"reference-to-video"_s);
        const QJsonObject request = recipe.value(u"request"_s).toObject();
        QCOMPARE(request.value(u"resolution"_s).toString(), u"1080P"_s);
        QCOMPARE(request.value(u"aspect_ratio"_s).toString(), u"9:16"_s);
        QCOMPARE(request.value(u"duration"_s).toInt(), 7);
        QCOMPARE(request.value(u"seed"_s).toInteger(), GenerationRequest::kMaxSeed);
        // No path of this computer goes into a clip that may be sent anywhere.
        const QByteArray bytes = Recipe::recipeBytes(entry);
        QVERIFY(!bytes.contains(QFile::encodeName(m_dir.path())));
        QVERIFY(bytes.size() < 2048);
        const QString hash = sha256Of(m_firstFrameBytes);
        const QJsonArray images = recipe.value(u"images"_s).toArray();
        QCOMPARE(images.size(), 3);
        QCOMPARE(images.at(0).toObject(),
                 (QJsonObject{
                     {u"role"_s, u"first_frame"_s}, {u"slot"_s, 0}, {u"sha256"_s, hash}, {u"name"_s, u"dusk.jpg"_s}}));
        QCOMPARE(
            images.at(1).toObject(),
            (QJsonObject{{u"role"_s, u"reference"_s}, {u"slot"_s, 1}, {u"url"_s, u"https://example.com/mane.png"_s}}));
        QCOMPARE(images.at(2).toObject().value(u"slot"_s).toInt(), 2);

        // Back through a clip, as a receiver would read it.
        const QString clip = path(u"f.mp4"_s);
        QString error;
        QVERIFY2(ClipRecipe::writeRecipe(m_clip, clip, bytes, &error), qPrintable(error));
        QString why;
        const auto stored = ClipRecipe::readRecipe(clip, &why);
        QVERIFY2(stored, qPrintable(why));
        QStringList problems{u"stale"_s};
        QList<Recipe::Image> named;
        const auto back = Recipe::recipeToRequest(QJsonDocument::fromJson(*stored).object(), &problems, &named);
        QVERIFY2(back, qPrintable(problems.join(u" "_s)));
        QVERIFY(problems.isEmpty());
        GenerationRequest expected = entry.job.request;
        expected.firstFrame = {};
        expected.references = {};
        QCOMPARE(*back, expected);
        const QList<Recipe::Image> expectedImages{
            {ImageRole::FirstFrame, 0, hash, u"dusk.jpg"_s, {}},
            {ImageRole::Reference, 1, {}, {}, QUrl(u"https://example.com/mane.png"_s)},
            {ImageRole::Reference, 2, hash, u"first.jpg"_s, {}}};
        QCOMPARE(named, expectedImages);

        // Without a seed or images, and with an unreadable image (named, without a hash).
        LibraryEntry plain;
        plain.job.request.prompt = u"plain"_s;
        plain.job.request.firstFrame = ImageSource::fromFile(path(u"gone.png"_s));
        const QJsonObject plainRecipe = Recipe::recipeJson(plain);
        QVERIFY(plainRecipe.value(u"request"_s).toObject().value(u"seed"_s).isNull());
        QVERIFY(plainRecipe.value(u"request_id"_s).isNull());
        const auto plainBack = Recipe::recipeToRequest(plainRecipe, &problems, &named);
        QVERIFY2(plainBack, qPrintable(problems.join(u" "_s)));
        QCOMPARE(plainBack->seed, std::nullopt);
        QCOMPARE(named.size(), 1);
        QVERIFY(named.at(0).sha256.isEmpty());
        QCOMPARE(named.at(0).name, u"gone.png"_s);
    }

    // Every field of a recipe from a stranger is checked; anything wrong refuses the whole recipe, saying why.
    void hostileFields_data()
    {
        QTest::addColumn<QString>("where"); // "top", "request" or "image" (the first image)
        QTest::addColumn<QString>("key");
        QTest::addColumn<QJsonValue>("value"); // Undefined removes the key
        QTest::addColumn<QString>("problem");  // a word of the problem expected

        const QJsonValue none(QJsonValue::Undefined);
        QTest::newRow("no version") << u"top"_s << u"paddock_recipe"_s << none << u"not a Paddock recipe"_s;
        QTest::newRow("version 2") << u"top"_s << u"paddock_recipe"_s << QJsonValue(2) << u"another version"_s;
        QTest::newRow("version text") << u"top"_s << u"paddock_recipe"_s << QJsonValue(u"1"_s)
                                      << u"not a Paddock recipe"_s;
        QTest::newRow("no request") << u"top"_s << u"request"_s << none << u"no request"_s;
        QTest::newRow("request array") << u"top"_s << u"request"_s << QJsonValue(QJsonArray{1}) << u"no request"_s;
        QTest::newRow("no prompt") << u"request"_s << u"prompt"_s << none << u"no prompt"_s;
        QTest::newRow("blank prompt") << u"request"_s << u"prompt"_s << QJsonValue(u"  \n"_s) << u"empty"_s;
        QTest::newRow("prompt number") << u"request"_s << u"prompt"_s << QJsonValue(42) << u"not text"_s;
        QTest::newRow("prompt too long") << u"request"_s << u"prompt"_s
                                         << QJsonValue(QString(GenerationRequest::kMaxPromptCharacters + 1, u'a'))
                                         << u"5,000"_s;
        QTest::newRow("prompt NUL") << u"request"_s << u"prompt"_s << QJsonValue(u"a\u0000b"_s)
                                    << u"control characters"_s;
        QTest::newRow("prompt escape") << u"request"_s << u"prompt"_s << QJsonValue(u"a\u001b[2Jb"_s)
                                       << u"control characters"_s;
        QTest::newRow("negative too long")
            << u"request"_s << u"negative_prompt"_s
            << QJsonValue(QString(GenerationRequest::kMaxPromptCharacters + 1, u'a')) << u"negative prompt"_s;
        QTest::newRow("resolution 4K") << u"request"_s << u"resolution"_s << QJsonValue(u"4K"_s) << u"resolution"_s;
        QTest::newRow("resolution number") << u"request"_s << u"resolution"_s << QJsonValue(720) << u"resolution"_s;
        QTest::newRow("no resolution") << u"request"_s << u"resolution"_s << none << u"resolution"_s;
        QTest::newRow("aspect 21:9") << u"request"_s << u"aspect_ratio"_s << QJsonValue(u"21:9"_s) << u"aspect ratio"_s;
        QTest::newRow("duration 2") << u"request"_s << u"duration"_s << QJsonValue(2) << u"3 to 15"_s;
        QTest::newRow("duration 16") << u"request"_s << u"duration"_s << QJsonValue(16) << u"3 to 15"_s;
        QTest::newRow("duration 5.5") << u"request"_s << u"duration"_s << QJsonValue(5.5) << u"whole number"_s;
        QTest::newRow("duration huge") << u"request"_s << u"duration"_s << QJsonValue(1e300) << u"3 to 15"_s;
        QTest::newRow("duration text") << u"request"_s << u"duration"_s << QJsonValue(u"5"_s) << u"not a number"_s;
        QTest::newRow("seed -1") << u"request"_s << u"seed"_s << QJsonValue(-1) << u"seed"_s;
        QTest::newRow("seed too big") << u"request"_s << u"seed"_s << QJsonValue(2147483648.0) << u"seed"_s;
        QTest::newRow("seed 1.5") << u"request"_s << u"seed"_s << QJsonValue(1.5) << u"whole number"_s;
        QTest::newRow("seed text") << u"request"_s << u"seed"_s << QJsonValue(u"42"_s) << u"not a number"_s;
        QTest::newRow("watermark text") << u"request"_s << u"watermark"_s << QJsonValue(u"yes"_s)
                                        << u"neither true nor false"_s;
        QTest::newRow("mode sideways") << u"request"_s << u"mode_choice"_s << QJsonValue(u"sideways"_s) << u"mode"_s;
        QTest::newRow("images object") << u"top"_s << u"images"_s << QJsonValue(QJsonObject{}) << u"images"_s;
        QTest::newRow("too many images") << u"top"_s << u"images"_s
                                         << QJsonValue(QJsonArray::fromVariantList(QVariantList(11, 0)))
                                         << u"more images"_s;
        QTest::newRow("image role") << u"image"_s << u"role"_s << QJsonValue(u"poster"_s) << u"neither"_s;
        QTest::newRow("first frame slot 1") << u"image"_s << u"slot"_s << QJsonValue(1) << u"slot 1"_s;
        QTest::newRow("hash short") << u"image"_s << u"sha256"_s << QJsonValue(u"abc"_s) << u"hash"_s;
        QTest::newRow("hash upper") << u"image"_s << u"sha256"_s << QJsonValue(QString(64, u'A')) << u"hash"_s;
        QTest::newRow("image file url") << u"image"_s << u"url"_s << QJsonValue(u"file:///etc/passwd"_s)
                                        << u"web address"_s;
    }

    void hostileFields()
    {
        QFETCH(QString, where);
        QFETCH(QString, key);
        QFETCH(QJsonValue, value);
        QFETCH(QString, problem);
        QJsonObject recipe = Recipe::recipeJson(sampleEntry());
        QVERIFY(Recipe::recipeToRequest(recipe, nullptr)); // the untouched recipe is fine
        if (where == u"top"_s) {
            recipe.insert(key, value);
        } else if (where == u"request"_s) {
            QJsonObject request = recipe.value(u"request"_s).toObject();
            request.insert(key, value);
            recipe.insert(u"request"_s, request);
        } else {
            QJsonArray images = recipe.value(u"images"_s).toArray();
            QJsonObject first = images.at(0).toObject();
            first.insert(key, value);
            images.replace(0, first);
            recipe.insert(u"images"_s, images);
        }
        QStringList problems;
        QList<Recipe::Image> named{Recipe::Image{}};
        QCOMPARE(Recipe::recipeToRequest(recipe, &problems, &named), std::nullopt);
        QVERIFY(!problems.isEmpty());
        QVERIFY2(problems.join(u" "_s).contains(problem), qPrintable(problems.join(u" | "_s)));
        QCOMPARE(named.size(), 1); // untouched when refused
        // Two slots alike, from a whole recipe otherwise sound.
        QJsonObject twice = Recipe::recipeJson(sampleEntry());
        QJsonArray images = twice.value(u"images"_s).toArray();
        images.append(images.at(2));
        twice.insert(u"images"_s, images);
        QCOMPARE(Recipe::recipeToRequest(twice, &problems), std::nullopt);
        QVERIFY(problems.join(u" "_s).contains(u"same slot"_s));
    }
};

QTEST_GUILESS_MAIN(TestClipRecipe)
#include "tst_cliprecipe.moc"
