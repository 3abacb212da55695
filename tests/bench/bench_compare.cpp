// The compare view on this machine: N takes of 15 s at 1080P (24 fps) on one clock, for one whole loop each with
// 2, 4 and 9 takes, then 9 takes from their 360-line proxies. For each: the frame rate each take reached (24 is every
// frame), how far the frame shown fell behind the clock at worst, how far the takes drifted apart (the largest
// difference between the frames shown at one moment) and the CPU used. Prints figures; not a pass/fail test.
// Usage: bench_compare [seconds]   (default 15; offscreen is fine: QT_QPA_PLATFORM=offscreen)
#include "BenchSupport.h"
#include "media/ClipStream.h"
#include "media/ProxyMaker.h"
#include "review/CompareWindow.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;

namespace {

constexpr double kFps = 24;

qint64 frameOf(qint64 pts)
{
    return std::llround(double(pts) * kFps / 1e6);
}

double cpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// A 1080P clip with motion and sound, made once and kept in the cache.
QString clip(const QString &folder, int index, int seconds)
{
    const QString path = u"%1/compare-%2-%3s.mp4"_s.arg(folder).arg(index).arg(seconds);
    if (QFile::exists(path))
        return path;
    QProcess ffmpeg;
    ffmpeg.start(u"ffmpeg"_s, {u"-loglevel"_s, u"error"_s, u"-y"_s, u"-f"_s, u"lavfi"_s, u"-i"_s,
                              u"testsrc2=s=1920x1080:r=24:d=%1"_s.arg(seconds), u"-f"_s, u"lavfi"_s, u"-i"_s,
                              u"sine=f=%1:d=%2"_s.arg(220 * (index + 1)).arg(seconds), u"-vf"_s,
                              u"hue=h=%1"_s.arg(index * 40), u"-c:v"_s, u"libx264"_s, u"-preset"_s, u"veryfast"_s,
                              u"-pix_fmt"_s, u"yuv420p"_s, u"-g"_s, u"48"_s, u"-c:a"_s, u"aac"_s, u"-shortest"_s,
                              path + u".part.mp4"_s});
    if (!ffmpeg.waitForFinished(300000) || ffmpeg.exitCode() != 0) {
        ffmpeg.kill();
        ffmpeg.waitForFinished();
        return {};
    }
    QFile::rename(path + u".part.mp4"_s, path);
    return path;
}

struct Figures
{
    double fpsWorst = 0;     // the slowest take's frames shown per second
    double fpsMean = 0;
    qint64 behindWorst = 0;  // frames the picture was behind the clock at worst
    qint64 driftWorst = 0;   // frames between the takes shown at one moment, at worst
    double driftMeanMs = 0;
    double cpuPercent = 0;   // of one core
    qint64 stallMs = 0;
    bool timedOut = false;
};

Figures run(const QStringList &paths, int seconds)
{
    Figures figures;
    QList<CompareTake> takes;
    for (const QString &path : paths) {
        CompareTake take;
        take.clipPath = path;
        take.title = QFileInfo(path).fileName();
        takes << take;
    }
    CompareWindow window(takes, nullptr);
    window.setAttribute(Qt::WA_DeleteOnClose, false);
    window.resize(1366, 768);
    window.show();
    if (!QTest::qWaitFor([&] { return window.isReady(); }, 30000)) {
        figures.timedOut = true;
        return figures;
    }
    QTest::qWait(1000); // settle: decoders filled, sizes known

    const int count = int(paths.size());
    QList<qint64> lastShown(count, -1);
    QList<int> framesShown(count, 0);
    qint64 driftSumUs = 0;
    int driftSamples = 0;
    QObject::connect(&window, &CompareWindow::framesShown, &window, [&] {
        const QList<qint64> shown = window.picture()->shownTimes();
        const qint64 now = window.clock().position();
        qint64 low = std::numeric_limits<qint64>::max();
        qint64 high = std::numeric_limits<qint64>::min();
        for (int i = 0; i < count && i < shown.size(); ++i) {
            if (shown.at(i) < 0)
                continue;
            if (shown.at(i) != lastShown.at(i))
                ++framesShown[i];
            lastShown[i] = shown.at(i);
            figures.behindWorst = std::max(figures.behindWorst, frameOf(now) - frameOf(shown.at(i)) - 1);
            low = std::min(low, shown.at(i));
            high = std::max(high, shown.at(i));
        }
        if (high >= low) {
            figures.driftWorst = std::max(figures.driftWorst, frameOf(high) - frameOf(low));
            driftSumUs += high - low;
            ++driftSamples;
        }
    });
    BenchSupport::StallMeter stalls;
    const double cpuBefore = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    const qint64 from = window.clock().position();
    const qint64 loop = qint64(seconds) * 1000000;
    if (!QTest::qWaitFor([&] { return window.clock().position() >= from + loop; }, seconds * 1000 * 3))
        figures.timedOut = true;
    const double elapsed = double(wall.nsecsElapsed()) / 1e9;
    const double clockSeconds = double(window.clock().position() - from) / 1e6;
    figures.cpuPercent = 100.0 * (cpuSeconds() - cpuBefore) / elapsed;
    figures.stallMs = stalls.longestMs();
    double sum = 0;
    figures.fpsWorst = 1e9;
    for (const int frames : framesShown) {
        const double fps = frames / std::max(0.001, clockSeconds);
        figures.fpsWorst = std::min(figures.fpsWorst, fps);
        sum += fps;
    }
    figures.fpsMean = sum / count;
    figures.driftMeanMs = driftSamples ? double(driftSumUs) / driftSamples / 1000.0 : 0;
    window.close();
    return figures;
}

void print(const char *name, int count, const Figures &f)
{
    if (f.timedOut) {
        std::printf("%-24s takes=%d TIMED OUT (no figures)\n", name, count);
        return;
    }
    std::printf("%-24s takes=%d fps_worst=%.1f fps_mean=%.1f behind_worst_frames=%lld drift_worst_frames=%lld "
                "drift_mean_ms=%.1f cpu=%.0f%% gui_stall_ms=%lld\n",
                name, count, f.fpsWorst, f.fpsMean, qint64(f.behindWorst), qint64(f.driftWorst), f.driftMeanMs,
                f.cpuPercent, f.stallMs);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int seconds = argc > 1 ? std::clamp(std::atoi(argv[1]), 3, 15) : 15;
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                          u"/paddock-bench"_s;
    QDir().mkpath(cache);
    QStringList clips;
    for (int i = 0; i < 3; ++i) {
        const QString path = clip(cache, i, seconds);
        if (path.isEmpty()) {
            std::fprintf(stderr, "bench_compare: ffmpeg could not make the clips\n");
            return 1;
        }
        clips << path;
    }
    std::printf("clips: %d s, 1920x1080, 24 fps, H.264 + AAC; window 1366x768; %d cores\n", seconds,
                QThread::idealThreadCount());

    auto takes = [&](int count, const QStringList &from) {
        QStringList list;
        for (int i = 0; i < count; ++i)
            list << from.at(i % from.size());
        return list;
    };
    print("1080P side by side", 2, run(takes(2, clips), seconds));
    print("1080P grid", 4, run(takes(4, clips), seconds));
    print("1080P grid", 9, run(takes(9, clips), seconds));

    // The proxies a grid of nine plays instead: made once, kept with the library.
    ProxyMaker maker;
    QStringList proxies(clips.size());
    QSignalSpy ready(&maker, &ProxyMaker::ready);
    QSignalSpy failed(&maker, &ProxyMaker::failed);
    QElapsedTimer making;
    making.start();
    for (int i = 0; i < clips.size(); ++i)
        maker.request(i + 1, clips.at(i), ProxyMaker::proxyPath(cache, i + 1));
    if (!QTest::qWaitFor([&] { return ready.size() + failed.size() == clips.size(); }, 600000) || !failed.isEmpty()) {
        std::printf("proxies: could not be made (%s)\n",
                    failed.isEmpty() ? "timed out" : qPrintable(failed.first().at(1).toString()));
        return 0;
    }
    for (const QList<QVariant> &row : ready)
        proxies[int(row.at(0).toLongLong()) - 1] = row.at(1).toString();
    std::printf("proxies: %lld ms for %lld clips (or taken from the cache)\n", making.elapsed(), clips.size());
    print("360-line proxies grid", 9, run(takes(9, proxies), seconds));
    return 0;
}
