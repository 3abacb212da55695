// ClipRenderer against the real ffmpeg: sizes, lengths, codecs, pictures, awkward prompts, the cache and failures.
#include "FfprobeInfo.h"
#include "sim/ClipRenderer.h"
#include "TestImages.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int kRenderTimeoutMs = 60000;

struct Outcome
{
    bool done = false;
    bool ok = false;
    QString path;
    QString error;
};

// Watches one renderer's signals and answers for a given ticket.
class Watcher final
{
public:
    explicit Watcher(ClipRenderer *renderer)
        : m_finished(renderer, &ClipRenderer::finished), m_failed(renderer, &ClipRenderer::failed)
    {
    }

    Outcome outcome(quint64 ticket) const
    {
        for (const QList<QVariant> &args : m_finished) {
            if (args.at(0).toULongLong() == ticket)
                return {true, true, args.at(1).toString(), {}};
        }
        for (const QList<QVariant> &args : m_failed) {
            if (args.at(0).toULongLong() == ticket)
                return {true, false, {}, args.at(1).toString()};
        }
        return {};
    }

    Outcome wait(quint64 ticket, int timeoutMs = kRenderTimeoutMs) const
    {
        if (QTest::qWaitFor([&] { return outcome(ticket).done; }, timeoutMs))
            return outcome(ticket);
        return {false, false, {}, u"no answer for ticket %1 within %2 ms"_s.arg(ticket).arg(timeoutMs)};
    }

    qsizetype signalCount() const { return m_finished.size() + m_failed.size(); }

private:
    QSignalSpy m_finished;
    QSignalSpy m_failed;
};

RenderSpec makeSpec(int width = 640, int height = 360, int seconds = 1, qint64 seed = 7)
{
    RenderSpec spec;
    spec.modeLabel = u"Text to video"_s;
    spec.prompt = u"A herd of horses crossing a river at dawn, cinematic, slow motion"_s;
    spec.seed = seed;
    spec.width = width;
    spec.height = height;
    spec.durationSeconds = seconds;
    return spec;
}

// Everything in the cache directory that is not a finished clip (work folders, partial files, text files).
QStringList leftovers(const QString &directory)
{
    QStringList names;
    const QDir dir(directory);
    for (const QFileInfo &info : dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)) {
        if (!(info.isFile() && info.suffix() == u"mp4"_s && info.completeBaseName().size() == 64))
            names << info.fileName();
    }
    return names;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// An executable shell script standing in for ffmpeg; it can count runs and then hand over to the real one.
QString writeScript(const QTemporaryDir &dir, const QString &name, const QString &body)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write((u"#!/bin/sh\n"_s + body + u'\n').toUtf8());
    file.close();
    file.setPermissions(file.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
    return path;
}

int countLines(const QString &path)
{
    return int(readAll(path).count('\n'));
}

// The frame at the given time, decoded by ffmpeg.
QImage frameAt(const QString &clip, double seconds, const QTemporaryDir &dir)
{
    const QString png = dir.filePath(u"frame-%1.png"_s.arg(seconds));
    QProcess ffmpeg;
    ffmpeg.start(u"ffmpeg"_s, {u"-v"_s, u"error"_s, u"-y"_s, u"-ss"_s, QString::number(seconds), u"-i"_s, clip,
                               u"-frames:v"_s, u"1"_s, png});
    if (!ffmpeg.waitForFinished(30000) || ffmpeg.exitCode() != 0)
        return {};
    return QImage(png);
}

int colourDistance(QRgb a, QRgb b)
{
    return std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b));
}

} // namespace

class TestClipRenderer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void sizesAndLengths_data();
    void sizesAndLengths();
    void imageToVideoStartsFromTheImage_data();
    void imageToVideoStartsFromTheImage();
    void referencesAsTiles_data();
    void referencesAsTiles();
    void awkwardPrompts_data();
    void awkwardPrompts();

    void cacheIsReusedWithoutRunningFfmpeg();
    void ticketsForTheSameSpecShareOneRun();
    void queueBeyondConcurrencyLimit();
    void differentSeedsGiveDifferentClips();
    void identicalSpecsGiveIdenticalClips();
    void cacheKeySeparatesFields();

    void missingFfmpegFails();
    void ffmpegErrorIsReported();
    void invalidSpecFails();
    void destroyedWhileRenderingLeavesNothing();
};

void TestClipRenderer::initTestCase()
{
    QString message;
    // The simulator cannot work without ffmpeg; CI installs it, so its absence is a failure, not a skip.
    QVERIFY2(ClipRenderer::ffmpegAvailable(u"ffmpeg"_s, &message), qPrintable(message));
}

void TestClipRenderer::sizesAndLengths_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("seconds");
    const QList<QSize> sizes{{1280, 720}, {720, 1280}, {720, 720}, {960, 720}, {720, 960}, {1920, 1080}};
    for (const QSize size : sizes) {
        for (const int seconds : {3, 5}) {
            const QByteArray name = QByteArray::number(size.width()) + 'x' + QByteArray::number(size.height()) + ' ' +
                                    QByteArray::number(seconds) + " s";
            QTest::newRow(name.constData()) << size.width() << size.height() << seconds;
        }
    }
    QTest::newRow("1920x1080 15 s") << 1920 << 1080 << 15;
}

void TestClipRenderer::sizesAndLengths()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, seconds);
    QTemporaryDir cache;
    QVERIFY(cache.isValid());
    ClipRenderer renderer(cache.path());
    Watcher watcher(&renderer);
    const RenderSpec spec = makeSpec(width, height, seconds, 1234);

    QElapsedTimer clock;
    clock.start();
    const quint64 ticket = renderer.render(spec);
    const Outcome outcome = watcher.wait(ticket);
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    qInfo("%dx%d, %d s rendered in %.2f s", width, height, seconds, double(clock.elapsed()) / 1000.0);

    QCOMPARE(outcome.path, QDir(cache.path()).filePath(spec.cacheKey() + u".mp4"_s));
    QCOMPARE(renderer.cachedClip(spec), outcome.path);
    QCOMPARE(readAll(outcome.path).mid(4, 4), QByteArray("ftyp"));

    const FfprobeInfo info = FfprobeInfo::probe(outcome.path);
    QVERIFY2(info.ok, qPrintable(info.error));
    QVERIFY(info.hasVideo);
    QVERIFY(info.hasAudio);
    QCOMPARE(info.width, width);
    QCOMPARE(info.height, height);
    QCOMPARE(info.videoCodec, u"h264"_s);
    QCOMPARE(info.audioCodec, u"aac"_s);
    QVERIFY2(std::abs(info.frameRate - 24.0) < 0.001, qPrintable(QString::number(info.frameRate)));
    QVERIFY2(std::abs(info.formatDuration - seconds) <= 0.1, qPrintable(QString::number(info.formatDuration)));
    QVERIFY2(std::abs(info.videoDuration - seconds) <= 0.1, qPrintable(QString::number(info.videoDuration)));
    QVERIFY2(std::abs(info.audioDuration - seconds) <= 0.1, qPrintable(QString::number(info.audioDuration)));
    QCOMPARE(leftovers(cache.path()), QStringList());
}

void TestClipRenderer::imageToVideoStartsFromTheImage_data()
{
    QTest::addColumn<QByteArray>("image");
    QTest::addColumn<QSize>("frame");
    QTest::newRow("PNG, square into landscape") << TestImages::encoded({800, 800}, "PNG", 30) << QSize(1280, 720);
    QTest::newRow("JPEG, landscape into portrait") << TestImages::encoded({1024, 576}, "JPEG", 120) << QSize(720, 1280);
    QTest::newRow("PNG, 1 px") << TestImages::encoded({1, 1}, "PNG", 300) << QSize(720, 720);
    QTest::newRow("JPEG with EXIF rotation") << TestImages::jpegWithExifOrientation6({640, 480}) << QSize(960, 720);
}

void TestClipRenderer::imageToVideoStartsFromTheImage()
{
    QFETCH(QByteArray, image);
    QFETCH(QSize, frame);
    QTemporaryDir cache;
    QTemporaryDir scratch;
    ClipRenderer renderer(cache.path());
    Watcher watcher(&renderer);
    RenderSpec spec = makeSpec(frame.width(), frame.height(), 2);
    spec.modeLabel = u"Image to video"_s;
    spec.images = {image};
    const Outcome outcome = watcher.wait(renderer.render(spec));
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    const FfprobeInfo info = FfprobeInfo::probe(outcome.path);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(QSize(info.width, info.height), frame);
    QVERIFY(std::abs(info.formatDuration - 2) <= 0.1);

    // The middle of the first frame is the middle of the picture (scaled to cover, so centres coincide).
    const QImage first = frameAt(outcome.path, 0, scratch);
    QVERIFY(!first.isNull());
    QImage source = QImage::fromData(image);
    QVERIFY(!source.isNull());
    const QRgb expected = source.pixel(source.width() / 2, source.height() / 2);
    const QRgb actual = first.pixel(first.width() / 2, first.height() / 2);
    QVERIFY2(colourDistance(expected, actual) < 60,
             qPrintable(u"expected %1, got %2"_s.arg(QColor(expected).name(), QColor(actual).name())));
    QCOMPARE(leftovers(cache.path()), QStringList());
}

void TestClipRenderer::referencesAsTiles_data()
{
    QTest::addColumn<QList<QByteArray>>("images");
    QList<QByteArray> nine;
    for (int i = 0; i < 9; ++i)
        nine << TestImages::encoded({320 + 40 * i, 240}, i % 2 ? "JPEG" : "PNG", i * 40);
    QTest::newRow("9 references") << nine;
    QTest::newRow("one given by URL") << QList<QByteArray>{TestImages::encoded({400, 300}, "PNG", 10), QByteArray(),
                                                           TestImages::encoded({300, 400}, "JPEG", 200)};
    QTest::newRow("only a URL") << QList<QByteArray>{QByteArray()};
    QTest::newRow("bytes that are no image")
        << QList<QByteArray>{QByteArray("not an image at all"), TestImages::encoded({64, 64}, "PNG", 90)};
}

void TestClipRenderer::referencesAsTiles()
{
    QFETCH(QList<QByteArray>, images);
    QTemporaryDir cache;
    ClipRenderer renderer(cache.path());
    Watcher watcher(&renderer);
    RenderSpec spec = makeSpec(1280, 720, 2);
    spec.modeLabel = u"Reference to video"_s;
    spec.images = images;
    const Outcome outcome = watcher.wait(renderer.render(spec));
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    const FfprobeInfo info = FfprobeInfo::probe(outcome.path);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(QSize(info.width, info.height), QSize(1280, 720));
    QVERIFY(std::abs(info.formatDuration - 2) <= 0.1);
    QVERIFY(info.hasAudio);
    QCOMPARE(leftovers(cache.path()), QStringList());
}

void TestClipRenderer::awkwardPrompts_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::newRow("quotes") << u"She said \"run\" and he said 'no' `now`"_s;
    QTest::newRow("colons and separators") << u"time: 12:30; ratio 16:9, [scene] {x} = y"_s;
    QTest::newRow("percent sequences") << u"100% sure %{localtime} %{pts} %d %s %% %"_s;
    QTest::newRow("backslashes") << u"C:\\path\\to\\file \\n \\\\ \\' \\"_s;
    QTest::newRow("newlines and tabs") << u"line one\nline two\r\n\tline three\n\n"_s;
    QTest::newRow("unicode") << u"Pferde am Fluss — 馬が川を渡る 🐎 ø æ …"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("100,000 characters") << QString(100000, u'x');
    QString words;
    for (int i = 0; i < 20000; ++i)
        words += u"word%1 "_s.arg(i);
    QTest::newRow("many words") << words;
}

void TestClipRenderer::awkwardPrompts()
{
    QFETCH(QString, prompt);
    QTemporaryDir cache;
    ClipRenderer renderer(cache.path());
    Watcher watcher(&renderer);
    RenderSpec spec = makeSpec(640, 360, 1);
    spec.prompt = prompt;
    const Outcome outcome = watcher.wait(renderer.render(spec));
    QVERIFY2(outcome.ok, qPrintable(outcome.error));
    const FfprobeInfo info = FfprobeInfo::probe(outcome.path);
    QVERIFY2(info.ok, qPrintable(info.error));
    QVERIFY(std::abs(info.formatDuration - 1) <= 0.1);
    QCOMPARE(leftovers(cache.path()), QStringList());
}

void TestClipRenderer::cacheIsReusedWithoutRunningFfmpeg()
{
    QTemporaryDir cache;
    QTemporaryDir scripts;
    const RenderSpec spec = makeSpec();
    QString firstPath;
    {
        ClipRenderer renderer(cache.path());
        Watcher watcher(&renderer);
        QVERIFY(renderer.cachedClip(spec).isEmpty());
        const Outcome outcome = watcher.wait(renderer.render(spec));
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        firstPath = outcome.path;
    }
    const QDateTime modified = QFileInfo(firstPath).lastModified();
    const QByteArray bytes = readAll(firstPath);

    // A fresh renderer over the same cache, with an "ffmpeg" that only records that it was started.
    const QString runs = scripts.filePath(u"runs"_s);
    ClipRenderer renderer(cache.path());
    renderer.setFfmpegProgram(writeScript(scripts, u"ffmpeg"_s, u"echo run >> '%1'\nexit 1"_s.arg(runs)));
    Watcher watcher(&renderer);
    QCOMPARE(renderer.cachedClip(spec), firstPath);
    const quint64 first = renderer.render(spec);
    const quint64 second = renderer.render(spec);
    QCOMPARE(watcher.signalCount(), 0); // answered from the event loop, never inside render()
    QVERIFY(first != second);
    const Outcome a = watcher.wait(first);
    const Outcome b = watcher.wait(second);
    QVERIFY2(a.ok && b.ok, qPrintable(a.error + b.error));
    QCOMPARE(a.path, firstPath);
    QCOMPARE(b.path, firstPath);
    QVERIFY(!QFile::exists(runs));
    QCOMPARE(QFileInfo(firstPath).lastModified(), modified);
    QCOMPARE(readAll(firstPath), bytes);
}

void TestClipRenderer::ticketsForTheSameSpecShareOneRun()
{
    QTemporaryDir cache;
    QTemporaryDir scripts;
    const QString runs = scripts.filePath(u"runs"_s);
    ClipRenderer renderer(cache.path());
    renderer.setFfmpegProgram(writeScript(scripts, u"ffmpeg"_s, u"echo run >> '%1'\nexec ffmpeg \"$@\""_s.arg(runs)));
    Watcher watcher(&renderer);
    const RenderSpec spec = makeSpec();
    QList<quint64> tickets;
    for (int i = 0; i < 4; ++i)
        tickets << renderer.render(spec);
    QCOMPARE(watcher.signalCount(), 0);
    QString path;
    for (const quint64 ticket : std::as_const(tickets)) {
        const Outcome outcome = watcher.wait(ticket);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        if (path.isEmpty())
            path = outcome.path;
        QCOMPARE(outcome.path, path);
    }
    QCOMPARE(watcher.signalCount(), 4);
    QCOMPARE(countLines(runs), 1);
    QCOMPARE(leftovers(cache.path()), QStringList());
}

void TestClipRenderer::queueBeyondConcurrencyLimit()
{
    QTemporaryDir cache;
    QTemporaryDir scripts;
    // Each run marks itself busy; a second busy marker at once means the limit of one was not kept.
    const QString busy = scripts.filePath(u"busy"_s);
    const QString overlaps = scripts.filePath(u"overlaps"_s);
    const QString body = u"if [ -e '%1' ]; then echo overlap >> '%2'; fi\ntouch '%1'\nffmpeg \"$@\"\nstatus=$?\n"
                         u"rm -f '%1'\nexit $status"_s.arg(busy, overlaps);
    ClipRenderer renderer(cache.path());
    renderer.setFfmpegProgram(writeScript(scripts, u"ffmpeg"_s, body));
    renderer.setMaxConcurrentRenders(1);
    Watcher watcher(&renderer);
    QList<quint64> tickets;
    for (int seed = 1; seed <= 4; ++seed)
        tickets << renderer.render(makeSpec(320, 180, 1, seed));
    QStringList paths;
    for (const quint64 ticket : std::as_const(tickets)) {
        const Outcome outcome = watcher.wait(ticket);
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        paths << outcome.path;
    }
    paths.removeDuplicates();
    QCOMPARE(paths.size(), 4);
    QVERIFY(!QFile::exists(overlaps));
    QCOMPARE(leftovers(cache.path()), QStringList());
}

void TestClipRenderer::differentSeedsGiveDifferentClips()
{
    QTemporaryDir cache;
    QTemporaryDir scratch;
    ClipRenderer renderer(cache.path());
    Watcher watcher(&renderer);
    const quint64 one = renderer.render(makeSpec(640, 360, 1, 1));
    const quint64 two = renderer.render(makeSpec(640, 360, 1, 2));
    const Outcome a = watcher.wait(one);
    const Outcome b = watcher.wait(two);
    QVERIFY2(a.ok && b.ok, qPrintable(a.error + b.error));
    QVERIFY(a.path != b.path);
    QVERIFY(readAll(a.path) != readAll(b.path));
    // Not only the "seed N" text differs: the background colours do too.
    const QImage frameA = frameAt(a.path, 0.5, scratch);
    const QImage frameB = frameAt(b.path, 0.5, scratch);
    QVERIFY(!frameA.isNull() && !frameB.isNull());
    const QPoint middle(frameA.width() / 2, frameA.height() / 2);
    QVERIFY(colourDistance(frameA.pixel(middle), frameB.pixel(middle)) > 30);
}

void TestClipRenderer::identicalSpecsGiveIdenticalClips()
{
    // Two caches, so the second clip is really rendered again rather than reused.
    QTemporaryDir cacheA;
    QTemporaryDir cacheB;
    ClipRenderer rendererA(cacheA.path());
    ClipRenderer rendererB(cacheB.path());
    Watcher watcherA(&rendererA);
    Watcher watcherB(&rendererB);
    const RenderSpec spec = makeSpec(640, 360, 1, 99);
    const Outcome a = watcherA.wait(rendererA.render(spec));
    const Outcome b = watcherB.wait(rendererB.render(spec));
    QVERIFY2(a.ok && b.ok, qPrintable(a.error + b.error));
    QVERIFY(a.path != b.path);
    const QByteArray bytes = readAll(a.path);
    QVERIFY(!bytes.isEmpty());
    QCOMPARE(readAll(b.path), bytes);
}

void TestClipRenderer::cacheKeySeparatesFields()
{
    const RenderSpec base = makeSpec();
    QCOMPARE(base.cacheKey().size(), 64);
    QCOMPARE(base.cacheKey(), makeSpec().cacheKey());

    QList<RenderSpec> variants;
    RenderSpec spec = base;
    spec.seed = 8;
    variants << spec;
    spec = base;
    spec.width = 1280;
    variants << spec;
    spec = base;
    spec.height = 720;
    variants << spec;
    spec = base;
    spec.durationSeconds = 2;
    variants << spec;
    spec = base;
    spec.modeLabel = u"Image to video"_s;
    variants << spec;
    spec = base;
    spec.prompt += u'.';
    variants << spec;
    // Moving characters from one field into the next must not give the same key.
    spec = base;
    spec.modeLabel = u"ab"_s;
    spec.prompt = u"c"_s;
    variants << spec;
    spec.modeLabel = u"a"_s;
    spec.prompt = u"bc"_s;
    variants << spec;
    spec = base;
    spec.images = {QByteArray("ab")};
    variants << spec;
    spec.images = {QByteArray("a"), QByteArray("b")};
    variants << spec;
    spec.images = {QByteArray("ab"), QByteArray()};
    variants << spec;

    QStringList keys{base.cacheKey()};
    for (const RenderSpec &variant : std::as_const(variants))
        keys << variant.cacheKey();
    const qsizetype count = keys.size();
    keys.removeDuplicates();
    QCOMPARE(keys.size(), count);
}

void TestClipRenderer::missingFfmpegFails()
{
    QString message;
    QVERIFY(!ClipRenderer::ffmpegAvailable(u"/nonexistent/ffmpeg"_s, &message));
    QVERIFY(message.contains(u"/nonexistent/ffmpeg"_s));

    QTemporaryDir cache;
    ClipRenderer renderer(cache.path());
    renderer.setFfmpegProgram(u"/nonexistent/ffmpeg"_s);
    Watcher watcher(&renderer);
    const quint64 ticket = renderer.render(makeSpec());
    QCOMPARE(watcher.signalCount(), 0);
    const Outcome outcome = watcher.wait(ticket);
    QVERIFY(outcome.done);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.error.contains(u"Could not start ffmpeg"_s), qPrintable(outcome.error));
    QVERIFY2(outcome.error.contains(u"/nonexistent/ffmpeg"_s), qPrintable(outcome.error));
    QCOMPARE(watcher.signalCount(), 1);
    QVERIFY(renderer.cachedClip(makeSpec()).isEmpty());
    QCOMPARE(leftovers(cache.path()), QStringList());
}

void TestClipRenderer::ffmpegErrorIsReported()
{
    QTemporaryDir cache;
    QTemporaryDir scripts;
    ClipRenderer renderer(cache.path());
    // Half a clip is written before the failure: it must not end up in the cache.
    renderer.setFfmpegProgram(writeScript(scripts, u"ffmpeg"_s,
                                          u"echo half > partial.mp4\necho 'first line' >&2\n"
                                          u"echo '[libx264 @ 0x5555deadbeef] Encoder exploded' >&2\nexit 3"_s));
    Watcher watcher(&renderer);
    const Outcome outcome = watcher.wait(renderer.render(makeSpec()));
    QVERIFY(outcome.done);
    QVERIFY(!outcome.ok);
    QVERIFY2(outcome.error.contains(u"exit code 3"_s), qPrintable(outcome.error));
    QVERIFY2(outcome.error.contains(u"Encoder exploded"_s), qPrintable(outcome.error));
    QVERIFY2(!outcome.error.contains(u"0x5555deadbeef"_s), qPrintable(outcome.error));
    QVERIFY(renderer.cachedClip(makeSpec()).isEmpty());
    QCOMPARE(leftovers(cache.path()), QStringList());
    QCOMPARE(QDir(cache.path()).entryList(QDir::Files).size(), 0);
}

void TestClipRenderer::invalidSpecFails()
{
    QTemporaryDir cache;
    ClipRenderer renderer(cache.path());
    Watcher watcher(&renderer);
    const Outcome odd = watcher.wait(renderer.render(makeSpec(641, 360)));
    QVERIFY(odd.done && !odd.ok);
    QVERIFY2(odd.error.contains(u"641x360"_s), qPrintable(odd.error));
    const Outcome zero = watcher.wait(renderer.render(makeSpec(640, 360, 0)));
    QVERIFY(zero.done && !zero.ok);
    QCOMPARE(leftovers(cache.path()), QStringList());
}

void TestClipRenderer::destroyedWhileRenderingLeavesNothing()
{
    QTemporaryDir cache;
    QTemporaryDir scripts;
    const QString started = scripts.filePath(u"started"_s);
    {
        ClipRenderer renderer(cache.path());
        renderer.setFfmpegProgram(writeScript(scripts, u"ffmpeg"_s, u"touch '%1'\nexec ffmpeg \"$@\""_s.arg(started)));
        renderer.render(makeSpec(1920, 1080, 15));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(started), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            !QDir(cache.path()).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty(), 10000);
    }
    QCOMPARE(QDir(cache.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
}

QTEST_GUILESS_MAIN(TestClipRenderer)
#include "tst_cliprenderer.moc"
