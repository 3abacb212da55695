// Paddock: a desktop playground for HappyHorse 1.1 on Segmind.
#include "MainWindow.h"
#include "PlayerWidget.h"
#include "account/ApiKeyStore.h"
#include "account/BackendChoice.h"
#include "diagnostics/SelfTest.h"
#include "library/Library.h"
#include "review/CompareSource.h"
#include "review/CompareWindow.h"
#include "review/Presentation.h"
#include "review/PresentationSource.h"
#include "session/InstanceChannel.h"
#include "session/LibraryLock.h"
#include "session/Session.h"
#include "settings/AppSettings.h"
#include "sim/EmbeddedSimulator.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// The process's peak resident memory so far (Linux; 0 elsewhere), for --print-startup-time.
qint64 peakResidentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// paddock --self-test: one line per check on standard output; 1 when Paddock cannot work here.
int runSelfTest()
{
    // The test clip is built in, so the check needs neither the ffmpeg program nor the network.
    QTemporaryDir scratch;
    const QString clip = scratch.filePath(u"self-test.mp4"_s);
    if (!scratch.isValid() || !QFile::copy(u":/selftest/clip.mp4"_s, clip)) {
        std::printf("missing: no temporary folder to write a test clip to: check TMPDIR and free space.\n");
        return 1;
    }
    const QList<SelfTest::Check> checks = SelfTest::run(clip);
    for (const SelfTest::Check &check : checks)
        std::printf("%s\n", qPrintable(SelfTest::line(check)));
    const bool passed = SelfTest::passed(checks);
    std::printf("%s\n",
                passed ? "Paddock can run here." : "Paddock cannot run here until the missing parts are installed.");
    return passed ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();

    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Paddock"_s);
    QApplication::setOrganizationName(u"Paddock"_s);
    QApplication::setApplicationVersion(QStringLiteral(PADDOCK_VERSION));
    QApplication::setDesktopFileName(u"paddock"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"A desktop playground for HappyHorse 1.1 video generation on Segmind."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(u"demo"_s, u"Run against the built-in simulator: nothing is charged."_s);
    const QCommandLineOption endpoint(u"endpoint"_s,
                                      u"Use another Segmind-compatible base URL (plain http only to this computer)."_s,
                                      u"URL"_s);
    const QCommandLineOption library(
        u"library"_s, u"Keep the library of generations in DIR (default: $PADDOCK_LIBRARY, else ~/.local/share/Paddock/library)."_s,
        u"DIR"_s);
    const QCommandLineOption startupTime(
        u"print-startup-time"_s, u"Print the time from start to the first painted window, then quit."_s);
    const QCommandLineOption present(
        u"present"_s,
        u"Open a full-screen presentation of WHAT at start: a collection's name (its takes in its order, with "
        u"their captions) or \"favourites\" (every favourite take with a clip). Esc leaves it."_s,
        u"WHAT"_s);
    const QCommandLineOption compare(
        u"compare"_s,
        u"Open the given clips side by side at start, on one clock (two to nine: MP4 files or library ids such as "
        u"12 or #12; more than two make a grid). Example: paddock --compare a.mp4 b.mp4 --wipe"_s);
    const QCommandLineOption wipe(u"wipe"_s, u"With --compare: show two clips as a wipe, one over the other."_s);
    const QCommandLineOption selfTest(
        u"self-test"_s,
        u"Check what Paddock needs on this computer (platform plugin, SQLite driver, video decoding and playback, TLS, "
        u"keychain, ffmpeg), print one line per check, then quit: exit status 1 when something essential is missing. "
        u"Without a display, set QT_QPA_PLATFORM=offscreen."_s);
    const QCommandLineOption sideBySide(u"side-by-side"_s, u"With --compare: show two clips side by side (default)."_s);
    parser.addPositionalArgument(
        u"clips"_s, u"An MP4 file to play in the player at start; with --compare, the clips to compare."_s,
        u"[CLIPS...]"_s);
    parser.addOption(demo);
    parser.addOption(present);
    parser.addOption(compare);
    parser.addOption(wipe);
    parser.addOption(sideBySide);
    parser.addOption(endpoint);
    parser.addOption(library);
    parser.addOption(startupTime);
    parser.addOption(selfTest);
    parser.process(app);

    // Before the keychain and the library: a check touches nothing of the user's.
    if (parser.isSet(selfTest))
        return runSelfTest();

    // Without --compare, one clip may be named ("Open with Paddock"): it plays in the player. Checked here, before
    // anything is opened, so a wrong name costs nothing.
    QString clipToPlay;
    if (!parser.isSet(compare) && !parser.positionalArguments().isEmpty()) {
        const QStringList clips = parser.positionalArguments();
        if (clips.size() > 1) {
            std::fprintf(stderr, "paddock: one clip plays in the player; to compare clips, add --compare.\n");
            return 2;
        }
        const QFileInfo file(clips.first());
        if (!file.isFile() || !file.isReadable()) {
            std::fprintf(stderr, "paddock: \u201C%s\u201D is not a file Paddock can read.\n",
                         qPrintable(clips.first()));
            return 2;
        }
        clipToPlay = file.absoluteFilePath();
    }

    QString libraryDirectory = parser.value(library);
    if (!parser.isSet(library)) {
        QString moved;
        libraryDirectory = Library::startupDirectory(&moved);
        if (!moved.isEmpty() && libraryDirectory == Library::defaultDirectory())
            qInfo("%s", qPrintable(moved));
        else if (!moved.isEmpty())
            qWarning("%s", qPrintable(moved));
    }
    // One Paddock per library: a second start brings the open one forward, with the clip it was given, and ends
    // before it reads the key or resumes a job.
    LibraryLock libraryLock(libraryDirectory);
    QString lockProblem;
    if (!libraryLock.tryLock(&lockProblem)) {
        if (libraryLock.ownerPid() != 0 && InstanceChannel::askOpenPaddock(libraryDirectory, clipToPlay)) {
            std::fprintf(stderr, "paddock: Paddock is already open with this library; its window was brought forward%s.\n",
                         parser.isSet(compare) || parser.isSet(present)
                             ? " (--compare and --present apply when Paddock starts: use its menus)"
                             : "");
            return 0;
        }
        std::fprintf(stderr, "paddock: %s\n", qPrintable(lockProblem));
        QMessageBox::critical(nullptr, u"Paddock"_s, lockProblem);
        return 1;
    }
    InstanceChannel otherStarts(libraryDirectory);
    QString channelProblem;
    if (!otherStarts.listen(&channelProblem))
        qWarning("%s", qPrintable(channelProblem));

    // The key: SEGMIND_API_KEY, else the system keychain (asked once, briefly: a desktop without a keychain
    // answers at once, and a keychain that never answers does not hold up the window for long).
    ApiKeyStore keys;
    if (!parser.isSet(demo)) {
        QEventLoop waitForKey;
        QObject::connect(&keys, &ApiKeyStore::loaded, &waitForKey, &QEventLoop::quit);
        QObject::connect(&keys, &ApiKeyStore::failed, &waitForKey, &QEventLoop::quit);
        QTimer::singleShot(3000, &waitForKey, &QEventLoop::quit);
        keys.load();
        if (keys.isBusy())
            waitForKey.exec();
    }
    const QString key = keys.key();
    BackendChoice backend = BackendChoice::decide(parser.isSet(demo), parser.value(endpoint), !key.isEmpty());

    const QString cacheDirectory = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);

    // Demo mode: the simulator runs inside Paddock on a free loopback port.
    EmbeddedSimulator simulator;
    QString apiKey = key;
    if (backend.kind == BackendChoice::Kind::Demo) {
        QString error;
        if (!simulator.start(EmbeddedSimulator::demoSettings(cacheDirectory + u"/demo-renders"_s), &error)) {
            QMessageBox::critical(nullptr, u"Paddock"_s,
                                  u"The built-in simulator could not start: %1"_s.arg(error));
            return 1;
        }
        backend.endpoint = simulator.baseUrl();
        apiKey = EmbeddedSimulator::demoKey();
    }

    // Every job is written to the library before it is sent: without one, nothing may be sent.
    QString libraryError;
    std::unique_ptr<Library> store = Library::open(libraryDirectory, &libraryError);
    if (!store) {
        QMessageBox::critical(nullptr, u"Paddock"_s, libraryError);
        return 1;
    }

    // Asked for by name: an unknown name stops here with plain words, before anything is shown.
    std::optional<Playlist> presentation;
    if (parser.isSet(present)) {
        QString error;
        presentation = PresentationSource::playlistFor(*store, parser.value(present), &error);
        if (!presentation) {
            std::fprintf(stderr, "paddock: %s\n", qPrintable(error));
            return 2;
        }
    }

    std::optional<QList<CompareTake>> comparison;
    if (parser.isSet(compare)) {
        QString error;
        comparison = CompareSource::fromArguments(store.get(), parser.positionalArguments(), &error);
        if (!comparison) {
            std::fprintf(stderr, "paddock: %s\n", qPrintable(error));
            return 2;
        }
        if (parser.isSet(wipe) && comparison->size() != 2) {
            std::fprintf(stderr, "paddock: --wipe compares two clips, not %d.\n", int(comparison->size()));
            return 2;
        }
    }

    AppSettings settings;
    JobQueueSettings queueSettings = Session::queueSettingsFor(backend, store->clipsDirectory());
    queueSettings.maxConcurrent = settings.maxConcurrentJobs();
    Session session(backend, apiKey, queueSettings, store.get());
    session.resumeUnfinished(store->unfinishedJobs());

    MainWindow window(&session, &settings, store.get(), &keys);
    if (parser.isSet(startupTime)) {
        QObject::connect(&window, &MainWindow::firstPaint, &app, [&sinceStart] {
            std::printf("startup-ms %lld peak-kib %lld\n", sinceStart.elapsed(), peakResidentKiB());
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        });
    }
    QObject::connect(&otherStarts, &InstanceChannel::asked, &window, &MainWindow::comeForward);
    window.show();
    if (!clipToPlay.isEmpty())
        window.player()->openFile(clipToPlay);
    if (presentation)
        Presentation::open(store.get(), *presentation, &window);
    if (comparison) {
        auto *view = new CompareWindow(*comparison, store.get(), &window);
        if (parser.isSet(wipe))
            view->setCompareLayout(ComparePicture::Layout::Wipe);
        QObject::connect(view, &CompareWindow::takeChanged, &window, [&window] { window.refreshLibrary(); });
        view->showMaximized();
        view->raise();
        view->activateWindow();
    }
    return app.exec();
}
