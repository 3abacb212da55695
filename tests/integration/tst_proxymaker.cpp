// ProxyMaker against the real ffmpeg (and small stand-in scripts where a run must fail, hang or be watched): the
// proxy's size, frame rate and keyframes, reuse, clips too small to shrink, bad clips, merging and stopping.
#include "FfprobeInfo.h"
#include "media/ProxyMaker.h"
#include "TestTiming.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

const int kRunTimeoutMs = int(TestTiming::scaledMs(60000));

// Runs a program to its end (killing it if it hangs); its error output when it fails.
QString run(const QString &program, const QStringList &arguments, QByteArray *output = nullptr)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return u"%1 did not start: %2"_s.arg(program, process.errorString());
    if (!process.waitForFinished(kRunTimeoutMs)) {
        process.kill();
        process.waitForFinished(3000);
        return u"%1 did not finish"_s.arg(program);
    }
    if (output)
        *output = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return u"%1 failed: %2"_s.arg(program, QString::fromUtf8(process.readAllStandardError()));
    return {};
}

QString makeClip(const QString &path, const QString &size, int seconds)
{
    return run(u"ffmpeg"_s,
               {u"-nostdin"_s,  u"-v"_s,      u"error"_s,   u"-y"_s,
                u"-f"_s,        u"lavfi"_s,   u"-i"_s,      u"testsrc2=s=%1:r=24:d=%2"_s.arg(size).arg(seconds),
                u"-f"_s,        u"lavfi"_s,   u"-i"_s,      u"sine=d=%1"_s.arg(seconds),
                u"-c:v"_s,      u"libx264"_s, u"-preset"_s, u"ultrafast"_s,
                u"-pix_fmt"_s,  u"yuv420p"_s, u"-c:a"_s,    u"aac"_s,
                u"-shortest"_s, path});
}

// The frames of the first video stream that are keyframes, by their index.
QList<int> keyframeIndexes(const QString &path, QString *error)
{
    QByteArray output;
    *error = run(u"ffprobe"_s,
                 {u"-v"_s, u"error"_s, u"-select_streams"_s, u"v:0"_s, u"-show_entries"_s, u"packet=flags"_s, u"-of"_s,
                  u"csv=p=0"_s, path},
                 &output);
    QList<int> keys;
    const QList<QByteArray> lines = output.trimmed().split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (lines.at(i).startsWith('K'))
            keys << i;
    }
    return keys;
}

// A stand-in for ffmpeg: a shell script given the body to run, with $last set to the output file.
QString writeScript(const QString &path, const QByteArray &body)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\nfor last; do :; done\n" + body);
    file.close();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return path;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool processExists(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno != ESRCH);
}

// Watches one maker's answers.
struct Answers
{
    explicit Answers(ProxyMaker *maker) : ready(maker, &ProxyMaker::ready), failed(maker, &ProxyMaker::failed) {}
    int count() const { return int(ready.size() + failed.size()); }
    bool waitFor(int total) const
    {
        return QTest::qWaitFor([&] { return count() >= total; }, kRunTimeoutMs);
    }

    QSignalSpy ready;
    QSignalSpy failed;
};

} // namespace

class TestProxyMaker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_clips.isValid());
        ProxyMaker maker;
        QString why;
        QVERIFY2(maker.isAvailable(&why), qPrintable(why));
        m_wide = m_clips.filePath(u"wide.mp4"_s);
        m_small = m_clips.filePath(u"small.mp4"_s);
        const QString wideError = makeClip(m_wide, u"1280x720"_s, 2);
        QVERIFY2(wideError.isEmpty(), qPrintable(wideError));
        const QString smallError = makeClip(m_small, u"640x360"_s, 1);
        QVERIFY2(smallError.isEmpty(), qPrintable(smallError));
    }

    void init()
    {
        m_library = std::make_unique<QTemporaryDir>();
        QVERIFY(m_library->isValid());
    }

    void proxyPath()
    {
        QCOMPARE(ProxyMaker::proxyPath(u"/home/me/library"_s, 42), u"/home/me/library/proxies/42-360.mp4"_s);
        QCOMPARE(ProxyMaker::proxyPath(u"/home/me/library/"_s, 7), u"/home/me/library/proxies/7-360.mp4"_s);
    }

    void makesProxyThenReusesIt()
    {
        ProxyMaker maker;
        Answers answers(&maker);
        const QString proxy = ProxyMaker::proxyPath(m_library->path(), 1);
        maker.request(1, m_wide, proxy);
        QCOMPARE(answers.count(), 0); // never inside request()
        QCOMPARE(maker.pending(), 1);
        QVERIFY(answers.waitFor(1));
        QVERIFY2(answers.failed.isEmpty(), qPrintable(answers.failed.value(0).value(1).toString()));
        QCOMPARE(answers.ready.at(0), (QList<QVariant>{qint64(1), proxy}));
        QCOMPARE(maker.pending(), 0);
        QVERIFY(!QFileInfo::exists(proxy + u".part"_s));

        const FfprobeInfo info = FfprobeInfo::probe(proxy);
        QVERIFY2(info.ok, qPrintable(info.error));
        QCOMPARE(info.width, 640);
        QCOMPARE(info.height, 360);
        QCOMPARE(info.videoCodec, u"h264"_s);
        QCOMPARE(info.frameRate, 24.0);
        QVERIFY(!info.hasAudio);
        QVERIFY(qAbs(info.videoDuration - 2.0) < 0.1);
        QString probeError;
        const QList<int> keys = keyframeIndexes(proxy, &probeError);
        QVERIFY2(probeError.isEmpty(), qPrintable(probeError));
        QCOMPARE(keys, (QList<int>{0, 12, 24, 36}));

        // Asked again: the file is answered as it is, without ffmpeg (which is now missing).
        const QDateTime made = QFileInfo(proxy).lastModified();
        maker.setFfmpegProgram(m_library->filePath(u"no-ffmpeg"_s));
        maker.request(1, m_wide, proxy);
        QCOMPARE(maker.pending(), 0);
        QCOMPARE(answers.count(), 1);
        QVERIFY(answers.waitFor(2));
        QCOMPARE(answers.ready.at(1), (QList<QVariant>{qint64(1), proxy}));
        QVERIFY(answers.failed.isEmpty());
        QCOMPARE(QFileInfo(proxy).lastModified(), made);
    }

    void staleProxyIsMadeAgain()
    {
        // A proxy older than its clip is of an earlier clip.
        const QString proxy = ProxyMaker::proxyPath(m_library->path(), 2);
        QVERIFY(QDir().mkpath(QFileInfo(proxy).absolutePath()));
        QFile old(proxy);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old");
        QVERIFY(old.flush()); // else closing writes it and makes the file new again
        QVERIFY(old.setFileTime(QFileInfo(m_wide).lastModified().addSecs(-60), QFileDevice::FileModificationTime));
        old.close();
        QVERIFY(!ProxyMaker::isUpToDate(proxy, m_wide));

        ProxyMaker maker;
        maker.setFfmpegProgram(writeScript(m_library->filePath(u"fake-ffmpeg"_s), "printf new > \"$last\"\n"));
        Answers answers(&maker);
        maker.request(2, m_wide, proxy);
        QVERIFY(answers.waitFor(1));
        QCOMPARE(answers.ready.size(), 1);
        QCOMPARE(readAll(proxy), QByteArray("new"));
        QVERIFY(ProxyMaker::isUpToDate(proxy, m_wide));
    }

    void smallClipIsItsOwnProxy()
    {
        ProxyMaker maker;
        Answers answers(&maker);
        const QString proxy = ProxyMaker::proxyPath(m_library->path(), 3);
        maker.request(3, m_small, proxy);
        QVERIFY(answers.waitFor(1));
        QCOMPARE(answers.ready.value(0), (QList<QVariant>{qint64(3), m_small}));
        QVERIFY(!QFileInfo::exists(proxy));
        QVERIFY(!QFileInfo::exists(proxy + u".part"_s));
    }

    void badClipsFail_data()
    {
        QTest::addColumn<bool>("exists");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("words");
        QTest::newRow("missing") << false << QByteArray() << u"missing"_s;
        QTest::newRow("empty") << true << QByteArray() << u"cannot be read"_s;
        QTest::newRow("not an MP4") << true << QByteArray("<html>not a clip</html>").repeated(100)
                                    << u"cannot be read"_s;
    }
    void badClipsFail()
    {
        QFETCH(bool, exists);
        QFETCH(QByteArray, content);
        QFETCH(QString, words);
        const QString clip = m_library->filePath(u"clips/9.mp4"_s);
        QVERIFY(QDir().mkpath(QFileInfo(clip).absolutePath()));
        if (exists) {
            QFile file(clip);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        ProxyMaker maker;
        Answers answers(&maker);
        const QString proxy = ProxyMaker::proxyPath(m_library->path(), 9);
        maker.request(9, clip, proxy);
        QVERIFY(answers.waitFor(1));
        QCOMPARE(answers.failed.size(), 1);
        QCOMPARE(answers.failed.at(0).at(0).toLongLong(), 9);
        const QString message = answers.failed.at(0).at(1).toString();
        QVERIFY2(message.contains(words), qPrintable(message));
        QVERIFY2(message.contains(u"9.mp4"_s), qPrintable(message));
        QVERIFY(!QFileInfo::exists(proxy));
        QVERIFY(!QFileInfo::exists(proxy + u".part"_s));
    }

    void failedRunLeavesNoFile()
    {
        ProxyMaker maker;
        maker.setFfmpegProgram(writeScript(m_library->filePath(u"fake-ffmpeg"_s),
                                           "printf half > \"$last\"\necho 'Invalid data found' >&2\nexit 1\n"));
        Answers answers(&maker);
        const QString proxy = ProxyMaker::proxyPath(m_library->path(), 4);
        maker.request(4, m_wide, proxy);
        QVERIFY(answers.waitFor(1));
        QCOMPARE(answers.failed.size(), 1);
        const QString message = answers.failed.at(0).at(1).toString();
        QVERIFY2(message.contains(u"Invalid data found"_s) && message.contains(u"wide.mp4"_s), qPrintable(message));
        QVERIFY(!QFileInfo::exists(proxy));
        QVERIFY(!QFileInfo::exists(proxy + u".part"_s));
    }

    void missingFfmpeg()
    {
        ProxyMaker maker;
        QString why;
        maker.setFfmpegProgram(u"no-such-ffmpeg-program"_s);
        QVERIFY(!maker.isAvailable(&why));
        QVERIFY2(why.contains(u"no-such-ffmpeg-program"_s) && why.contains(u"apt install ffmpeg"_s), qPrintable(why));

        const QString missing = m_library->filePath(u"bin/ffmpeg"_s);
        maker.setFfmpegProgram(missing);
        QVERIFY(!maker.isAvailable(&why));
        QVERIFY2(why.contains(missing), qPrintable(why));

        const QString notExecutable = m_library->filePath(u"ffmpeg.txt"_s);
        QFile file(notExecutable);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        maker.setFfmpegProgram(notExecutable);
        QVERIFY(!maker.isAvailable(&why));
        QVERIFY2(why.contains(u"not executable"_s), qPrintable(why));

        // A request then says so, and leaves nothing behind.
        maker.setFfmpegProgram(missing);
        Answers answers(&maker);
        const QString proxy = ProxyMaker::proxyPath(m_library->path(), 5);
        maker.request(5, m_wide, proxy);
        QVERIFY(answers.waitFor(1));
        QCOMPARE(answers.failed.size(), 1);
        const QString message = answers.failed.at(0).at(1).toString();
        QVERIFY2(message.contains(u"Could not start ffmpeg"_s), qPrintable(message));
        QVERIFY(!QFileInfo::exists(proxy));
        QVERIFY(!QFileInfo::exists(proxy + u".part"_s));
        QCOMPARE(maker.pending(), 0);
    }

    void duplicatesMergeAndRunsTakeTurns()
    {
        // Each run notes its start and end: one run per take, never two at once.
        const QString log = m_library->filePath(u"runs.log"_s);
        ProxyMaker maker;
        maker.setFfmpegProgram(
            writeScript(m_library->filePath(u"fake-ffmpeg"_s), "echo start >> '" + QFile::encodeName(log) +
                                                                   "'\nsleep 0.2\nprintf x > \"$last\"\necho end >> '" +
                                                                   QFile::encodeName(log) + "'\n"));
        Answers answers(&maker);
        for (const qint64 id : {10, 11, 10, 12, 11, 10})
            maker.request(id, m_wide, ProxyMaker::proxyPath(m_library->path(), id));
        QCOMPARE(maker.pending(), 3);
        QVERIFY(answers.waitFor(3));
        QVERIFY(answers.failed.isEmpty());
        QList<qint64> ids;
        for (const QList<QVariant> &args : std::as_const(answers.ready))
            ids << args.at(0).toLongLong();
        QCOMPARE(ids, (QList<qint64>{10, 11, 12}));
        QCOMPARE(readAll(log), QByteArray("start\nend\n").repeated(3));

        // Asked again while being made: merged with the run already going.
        maker.request(13, m_wide, ProxyMaker::proxyPath(m_library->path(), 13));
        QTRY_COMPARE(readAll(log).count("start"), qsizetype(4));
        maker.request(13, m_wide, ProxyMaker::proxyPath(m_library->path(), 13));
        QCOMPARE(maker.pending(), 1);
        QVERIFY(answers.waitFor(4));
        QTest::qWait(300); // nothing more comes
        QCOMPARE(answers.count(), 4);
        QCOMPARE(readAll(log).count("start"), qsizetype(4));
    }

    void stoppingLeavesNoFileNorProcess_data()
    {
        QTest::addColumn<bool>("destroy"); // else cancelAll()
        QTest::newRow("cancelAll") << false;
        QTest::newRow("destructor") << true;
    }
    void stoppingLeavesNoFileNorProcess()
    {
        QFETCH(bool, destroy);
        const QString pidFile = m_library->filePath(u"pid"_s);
        auto maker = std::make_unique<ProxyMaker>();
        maker->setFfmpegProgram(
            writeScript(m_library->filePath(u"fake-ffmpeg"_s),
                        "echo $$ > '" + QFile::encodeName(pidFile) + "'\nprintf half > \"$last\"\nexec sleep 60\n"));
        Answers answers(maker.get());
        const QString proxy = ProxyMaker::proxyPath(m_library->path(), 6);
        maker->request(6, m_wide, proxy);
        maker->request(7, m_wide, ProxyMaker::proxyPath(m_library->path(), 7));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(proxy + u".part"_s).size() > 0, kRunTimeoutMs);
        const qint64 pid = readAll(pidFile).trimmed().toLongLong();
        QVERIFY(processExists(pid));

        if (destroy) {
            maker.reset();
        } else {
            maker->cancelAll();
            QCOMPARE(maker->pending(), 0);
        }
        QVERIFY(!processExists(pid));
        QVERIFY(!QFileInfo::exists(proxy + u".part"_s));
        QVERIFY(!QFileInfo::exists(proxy));
        QTest::qWait(100);
        QCOMPARE(answers.count(), 0);
        if (!destroy) {
            // Still usable after a cancel.
            maker->setFfmpegProgram(writeScript(m_library->filePath(u"quick-ffmpeg"_s), "printf x > \"$last\"\n"));
            maker->request(6, m_wide, proxy);
            QVERIFY(answers.waitFor(1));
            QCOMPARE(answers.ready.value(0), (QList<QVariant>{qint64(6), proxy}));
        }
    }

private:
    QTemporaryDir m_clips;
    std::unique_ptr<QTemporaryDir> m_library; // a fresh one for each test
    QString m_wide;
    QString m_small;
};

QTEST_GUILESS_MAIN(TestProxyMaker)
#include "tst_proxymaker.moc"
