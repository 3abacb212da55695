// Presentation mode's cut: the time from the key press (→) to the next take's first frame in the picture, over cuts
// between a 720P and a 1080P take, full screen. Two moments are timed: the frame handed to the video widget's sink,
// and the video window's next repaint after it (what reaches the screen). Also the longest GUI-thread stall around
// a cut. Prints figures; not a pass/fail test. Usage: bench_present [cuts]   (default 20; needs a display: Xvfb)
#include "BenchClips.h"
#include "BenchSupport.h"
#include "media/CuePlayer.h"
#include "review/PresentationWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>
#include <QWindow>

#include <algorithm>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;
using BenchClips::median;
using BenchClips::spin;
using BenchSupport::StallMeter;

namespace {

constexpr int kCueTimeoutMs = 10000;
constexpr int kPictureTimeoutMs = 5000;
constexpr int kWatchMs = 1000; // how long the room watches a take before the next cut

// Notes when the video window (QVideoWidget's native window, private in Qt 6.4) repaints.
class RepaintWatch final : public QObject
{
public:
    std::optional<qint64> *at = nullptr;
    const QElapsedTimer *clock = nullptr;
    bool armed = false;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (armed && at && !*at && event->type() == QEvent::UpdateRequest && watched->inherits("QVideoWindow"))
            *at = clock->elapsed();
        return QObject::eventFilter(watched, event);
    }
};

struct Figures
{
    QList<qint64> sink, screen;
    qint64 worstStall = 0;
    int notCued = 0, missed = 0, noRepaint = 0;
};

void print(const char *what, const QList<qint64> &times)
{
    if (times.isEmpty())
        return;
    std::printf("  %s: median %lld ms, worst %lld ms (%lld cuts)\n", what, static_cast<long long>(median(times)),
                static_cast<long long>(*std::max_element(times.cbegin(), times.cend())),
                static_cast<long long>(times.size()));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int cuts = argc > 1 ? std::max(2, QString::fromLocal8Bit(argv[1]).toInt()) : 20;
    QTemporaryDir dir;
    const QString cache = dir.filePath(u"cache"_s);
    const QString clip720 = BenchClips::render(cache, 1280, 720);
    const QString clip1080 = BenchClips::render(cache, 1920, 1080);
    if (clip720.isEmpty() || clip1080.isEmpty()) {
        std::fprintf(stderr, "bench_present: could not render the clips (is ffmpeg installed?)\n");
        return 1;
    }
    QList<PlaylistItem> items;
    for (int i = 0; i <= cuts; ++i) {
        PlaylistItem item;
        item.id = i + 1;
        item.clipPath = i % 2 == 0 ? clip720 : clip1080;
        items.append(item);
    }
    PresentationWindow window(Playlist(items), cache);
    QSize lastFrame;
    QElapsedTimer clock;
    std::optional<qint64> sinkAt, screenAt;
    QObject::connect(window.videoWidget()->videoSink(), &QVideoSink::videoFrameChanged, &window,
                     [&](const QVideoFrame &frame) { lastFrame = frame.size(); });
    RepaintWatch repaints;
    repaints.at = &screenAt;
    repaints.clock = &clock;
    app.installEventFilter(&repaints);
    window.present();
    if (!QTest::qWaitForWindowExposed(&window)) {
        std::fprintf(stderr, "bench_present: the window never appeared (no display?)\n");
        return 1;
    }
    StallMeter stalls;
    Figures figures;
    spin(kWatchMs);
    for (int cut = 1; cut <= cuts; ++cut) {
        const QSize expected = cut % 2 == 0 ? QSize(1280, 720) : QSize(1920, 1080);
        // The director watches a take for a while: the next one is cued meanwhile.
        QElapsedTimer waited;
        waited.start();
        while (!window.cuedPlayer()->isReady() && waited.elapsed() < kCueTimeoutMs)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        if (!window.cuedPlayer()->isReady())
            ++figures.notCued;
        sinkAt.reset();
        screenAt.reset();
        const QMetaObject::Connection connection = QObject::connect(
            window.videoWidget()->videoSink(), &QVideoSink::videoFrameChanged, &window, [&](const QVideoFrame &frame) {
                if (!sinkAt && frame.size() == expected) {
                    sinkAt = clock.elapsed();
                    repaints.armed = true;
                }
            });
        stalls.reset();
        QTimer::singleShot(0, &window, [&] {
            clock.start();
            QTest::keyClick(&window, Qt::Key_Right); // from inside the event loop, as a key press arrives
        });
        waited.restart();
        while ((!sinkAt || !screenAt) && waited.elapsed() < kPictureTimeoutMs)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        repaints.armed = false;
        QObject::disconnect(connection);
        if (sinkAt)
            figures.sink << *sinkAt;
        else
            ++figures.missed;
        if (sinkAt && screenAt)
            figures.screen << *screenAt;
        else if (sinkAt)
            ++figures.noRepaint;
        spin(kWatchMs);
        figures.worstStall = std::max(figures.worstStall, stalls.longestMs());
    }

    const QSize screen = window.size();
    std::printf("bench_present: %d cuts between a 720P and a 1080P take (5 s, H.264 + AAC), full screen %dx%d\n", cuts,
                screen.width(), screen.height());
    print("key press to the next take's first frame in the picture's sink", figures.sink);
    print("key press to the video window's repaint with it", figures.screen);
    if (figures.notCued > 0)
        std::printf("  %d cuts came before the next take was cued (not within %d ms)\n", figures.notCued,
                    kCueTimeoutMs);
    if (figures.missed > 0)
        std::printf("  %d cuts showed no frame of the next take within %d ms (timed out; not counted above)\n",
                    figures.missed, kPictureTimeoutMs);
    if (figures.noRepaint > 0)
        std::printf("  %d cuts saw no repaint of the video window within %d ms (not counted above)\n",
                    figures.noRepaint, kPictureTimeoutMs);
    std::printf("  longest GUI-thread stall around a cut (incl. %d ms of playing after it): %lld ms\n", kWatchMs,
                static_cast<long long>(figures.worstStall));
    return figures.missed > 0 ? 2 : 0;
}
