// Flipping between takes: the time from choosing a take to its first frame in the picture, and the longest stall
// of the GUI thread while the player switches. Renders a 720P and a 1080P clip, then switches between them.
// Prints figures; not a pass/fail test. Usage: bench_player [switches]   (default 20; needs a display: Xvfb)
#include "BenchClips.h"
#include "BenchSupport.h"
#include "PlayerWidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;
using BenchClips::median;
using BenchClips::spin;
using BenchSupport::StallMeter;

namespace {

constexpr int kPictureTimeoutMs = 5000;
constexpr int kSettleMs = 300; // what the player still does after the first frame (buffering) counts as the switch

struct Switch
{
    std::optional<qint64> firstFrameMs; // empty: no frame within kPictureTimeoutMs
    qint64 longestStallMs = 0;
};

// Chooses a take from inside the event loop, as a click does, and waits for its first frame.
Switch switchTo(PlayerWidget *player, const QString &clip, StallMeter &stalls)
{
    spin(50);
    stalls.reset();
    QElapsedTimer clock;
    std::optional<qint64> shownAt;
    const QMetaObject::Connection connection =
        QObject::connect(player, &PlayerWidget::pictureShown, player, [&](const QString &path) {
            if (path == clip && !shownAt)
                shownAt = clock.elapsed();
        });
    QTimer::singleShot(0, player, [&] {
        clock.start();
        player->setClip(clip, u"Benchmark take"_s);
    });
    QElapsedTimer waited;
    waited.start();
    while (!shownAt && waited.elapsed() < kPictureTimeoutMs + 100)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    spin(kSettleMs);
    QObject::disconnect(connection);
    return Switch{shownAt, stalls.longestMs()};
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int switches = argc > 1 ? std::max(2, QString::fromLocal8Bit(argv[1]).toInt()) : 20;
    QTemporaryDir dir;
    const QString clip720 = BenchClips::render(dir.filePath(u"cache"_s), 1280, 720);
    const QString clip1080 = BenchClips::render(dir.filePath(u"cache"_s), 1920, 1080);
    if (clip720.isEmpty() || clip1080.isEmpty()) {
        std::fprintf(stderr, "bench_player: could not render the clips (is ffmpeg installed?)\n");
        return 1;
    }

    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *player = new PlayerWidget(&window);
    layout->addWidget(player);
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) {
        std::fprintf(stderr, "bench_player: the window never appeared (no display?)\n");
        return 1;
    }
    StallMeter stalls;

    // The first clip also starts the media backend, unless the window prepared it (as Paddock does once a take is
    // on its way or the library is opened): reported apart, as it happens once per run of Paddock.
    const bool prepared = qEnvironmentVariableIsSet("BENCH_PLAYER_PREPARED");
    if (prepared) {
        player->prepare();
        spin(1000);
    }
    const Switch first = switchTo(player, clip720, stalls);
    QList<qint64> times;
    qint64 worstStall = 0;
    int missed = 0;
    for (int i = 0; i < switches; ++i) {
        const Switch result = switchTo(player, i % 2 == 0 ? clip1080 : clip720, stalls);
        worstStall = std::max(worstStall, result.longestStallMs);
        if (result.firstFrameMs)
            times << *result.firstFrameMs;
        else
            ++missed;
    }

    std::printf("bench_player: %d switches between a 720P and a 1080P take (5 s, H.264 + AAC), window 1280x800\n",
                switches);
    if (first.firstFrameMs)
        std::printf("  first clip of the run (%s): first frame after %lld ms, longest stall %lld ms\n",
                    prepared ? "media backend prepared before" : "starts the media backend",
                    static_cast<long long>(*first.firstFrameMs), static_cast<long long>(first.longestStallMs));
    else
        std::printf("  first clip of the run: no frame within %d ms (timed out)\n", kPictureTimeoutMs);
    if (!times.isEmpty()) {
        std::printf("  choosing a take to its first frame: median %lld ms, worst %lld ms (%lld switches measured)\n",
                    static_cast<long long>(median(times)),
                    static_cast<long long>(*std::max_element(times.cbegin(), times.cend())),
                    static_cast<long long>(times.size()));
    }
    if (missed > 0)
        std::printf("  %d switches showed no frame within %d ms (timed out; not counted above)\n", missed,
                    kPictureTimeoutMs);
    std::printf("  longest GUI-thread stall during a switch: %lld ms\n", static_cast<long long>(worstStall));
    return missed > 0 ? 2 : 0;
}
