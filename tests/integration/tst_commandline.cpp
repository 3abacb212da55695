// paddock's command line as a user runs it, the built program without a display: --self-test prints each check on a
// line of its own, exits 0 when everything essential is there, and a missing ffmpeg program is only a warning; a
// clip named on the command line that cannot be played is refused before anything opens.
#include "session/InstanceChannel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QStringList lines;
    QString errors;
};

// A private home without a display, so nothing of the user's is read or written.
QProcessEnvironment environmentIn(const QTemporaryDir &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"HOME"_s, home.path());
    environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    environment.insert(u"XDG_CACHE_HOME"_s, home.filePath(u"cache"_s));
    environment.remove(u"PADDOCK_LIBRARY"_s);
    return environment;
}

// Runs paddock with the arguments in a private home.
Run runPaddock(const QStringList &arguments, const QTemporaryDir &home, const QString &path = QString())
{
    QProcessEnvironment environment = environmentIn(home);
    if (!path.isNull())
        environment.insert(u"PATH"_s, path);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(PADDOCK_PROGRAM), arguments);
    Run run;
    if (!process.waitForFinished(60 * 1000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.lines = QString::fromUtf8(process.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    run.errors = QString::fromUtf8(process.readAllStandardError());
    return run;
}

bool hasLine(const QStringList &lines, const QString &start)
{
    for (const QString &line : lines) {
        if (line.startsWith(start))
            return true;
    }
    return false;
}

} // namespace

class TestCommandLine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everythingInstalled()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const Run run = runPaddock({u"--self-test"_s}, home);
        const QString output = run.lines.join(u'\n');
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(hasLine(run.lines, u"ok: Qt platform plugin \"offscreen\" is loaded."_s), qPrintable(output));
        QVERIFY2(hasLine(run.lines, u"ok: Qt's SQLite driver"_s), qPrintable(output));
        QVERIFY2(hasLine(run.lines, u"ok: H.264 video and AAC sound decode"_s), qPrintable(output));
        QVERIFY2(hasLine(run.lines, u"ok: a test clip plays with picture and sound"_s), qPrintable(output));
        QVERIFY2(hasLine(run.lines, u"ok: TLS support"_s), qPrintable(output));
        QVERIFY2(hasLine(run.lines, u"ok: the ffmpeg program"_s), qPrintable(output));
        // The keychain depends on the session this runs in: either answer, but one of them, in words.
        QVERIFY2(hasLine(run.lines, u"ok: a system keychain"_s) || hasLine(run.lines, u"warning: no "_s),
                 qPrintable(output));
        QCOMPARE(run.lines.size(), 8); // seven checks and the verdict
        QCOMPARE(run.lines.last(), u"Paddock can run here."_s);
        // No library, settings or cache of the user's was made.
        QVERIFY(!QDir(home.filePath(u"data/Paddock"_s)).exists());
        QVERIFY(!QDir(home.filePath(u"config/Paddock"_s)).exists());
        QVERIFY(!QDir(home.filePath(u"cache/Paddock"_s)).exists());
    }

    void withoutFfmpegOnlyWarns()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QString emptyBin = home.filePath(u"bin"_s);
        QVERIFY(QDir().mkpath(emptyBin));
        const Run run = runPaddock({u"--self-test"_s}, home, emptyBin);
        const QString output = run.lines.join(u'\n');
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(hasLine(run.lines, u"warning: the ffmpeg program is not found"_s), qPrintable(output));
        QVERIFY2(output.contains(u"install ffmpeg"_s), qPrintable(output));
        QVERIFY2(hasLine(run.lines, u"ok: a test clip plays"_s), qPrintable(output));
    }

    void listedInHelp()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const Run run = runPaddock({u"--help"_s}, home);
        QCOMPARE(run.exitCode, 0);
        QVERIFY(hasLine(run.lines, u"  --self-test"_s));
    }

    void refusesAClipItCannotPlay()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        Run run = runPaddock({home.filePath(u"missing.mp4"_s)}, home);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errors.contains(u"is not a file Paddock can read"_s), qPrintable(run.errors));
        run = runPaddock({home.path()}, home); // a folder is not a clip
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errors.contains(u"is not a file Paddock can read"_s), qPrintable(run.errors));
        QFile clip(home.filePath(u"a.mp4"_s));
        QVERIFY(clip.open(QIODevice::WriteOnly));
        clip.close();
        run = runPaddock({clip.fileName(), clip.fileName()}, home);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errors.contains(u"add --compare"_s), qPrintable(run.errors));
        // Refused before the library was opened.
        QVERIFY(!QDir(home.filePath(u"data/Paddock"_s)).exists());
    }

    // One Paddock per library: a second start on the same library (here "Open with Paddock" on a clip) hands the
    // clip to the open one and ends at once, without reading the key or resuming a job; another library starts.
    void aSecondStartHandsOverToTheOpenPaddock()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QString library = home.filePath(u"library"_s);
        QProcess first;
        first.setProcessEnvironment(environmentIn(home));
        first.start(QStringLiteral(PADDOCK_PROGRAM), {u"--demo"_s, u"--library"_s, library});
        QVERIFY(first.waitForStarted());
        const auto stopFirst = qScopeGuard([&first] {
            first.kill();
            first.waitForFinished();
        });
        // Open once it answers on its channel.
        QTRY_VERIFY_WITH_TIMEOUT(first.state() != QProcess::Running ||
                                     InstanceChannel::askOpenPaddock(library, QString(), 500),
                                 30000);
        QCOMPARE(first.state(), QProcess::Running);

        const QString clip = QFINDTESTDATA("../../resources/selftest/clip.mp4");
        QVERIFY(!clip.isEmpty());
        QElapsedTimer handOver;
        handOver.start();
        const Run second = runPaddock({u"--demo"_s, u"--library"_s, library, clip}, home);
        QCOMPARE(second.exitCode, 0);
        QVERIFY2(second.errors.contains(u"already open with this library; its window was brought forward"_s),
                 qPrintable(second.errors));
        QVERIFY2(handOver.elapsed() < 10000, qPrintable(QString::number(handOver.elapsed())));
        QCOMPARE(first.state(), QProcess::Running);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
