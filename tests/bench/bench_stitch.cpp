// Joining a storyboard's shots: ten 5 s 1080P H.264 + AAC clips stitched into one film, once by copying their packets
// (the clips match) and once by re-encoding with the ffmpeg program (an audio crossfade at every cut). Prints the time
// and the film's size and length for each; a run that fails or is stopped prints why, never a time.
#include "media/Stitcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr int kClips = 10;
constexpr int kClipSeconds = 5;
constexpr int kMakeTimeoutMs = 300'000;

// One 1080P clip, its picture's hue and its tone different from the others'; empty when ffmpeg failed.
QString makeClip(const QString &folder, int number)
{
    const QString clip = u"%1/shot%2.mp4"_s.arg(folder).arg(number);
    QProcess ffmpeg;
    ffmpeg.start(u"ffmpeg"_s, {u"-nostdin"_s, u"-v"_s,
                               u"error"_s,    u"-y"_s,
                               u"-f"_s,       u"lavfi"_s,
                               u"-i"_s,       u"testsrc2=size=1920x1080:rate=24"_s,
                               u"-f"_s,       u"lavfi"_s,
                               u"-i"_s,       u"sine=frequency=%1"_s.arg(220 + 40 * number),
                               u"-t"_s,       QString::number(kClipSeconds),
                               u"-vf"_s,      u"hue=h=%1"_s.arg(36 * number),
                               u"-c:v"_s,     u"libx264"_s,
                               u"-preset"_s,  u"veryfast"_s,
                               u"-b:v"_s,     u"2M"_s,
                               u"-pix_fmt"_s, u"yuv420p"_s,
                               u"-c:a"_s,     u"aac"_s,
                               u"-b:a"_s,     u"128k"_s,
                               clip});
    if (!ffmpeg.waitForFinished(kMakeTimeoutMs)) {
        ffmpeg.kill();
        ffmpeg.waitForFinished();
        std::printf("making clip %d timed out\n", number);
        return {};
    }
    if (ffmpeg.exitStatus() != QProcess::NormalExit || ffmpeg.exitCode() != 0) {
        std::printf("making clip %d failed: %s\n", number, ffmpeg.readAllStandardError().constData());
        return {};
    }
    return clip;
}

void report(const char *what, const Stitcher::StitchResult &result, qint64 ms, const QString &film)
{
    if (!result.ok) {
        std::printf("%-34s did not finish: %s\n", what, qPrintable(result.error));
        return;
    }
    std::printf("%-34s %7lld ms  %7.1f MB  video %.3f s, audio %.3f s, %s\n", what, static_cast<long long>(ms),
                double(QFileInfo(film).size()) / (1024.0 * 1024.0), result.videoSeconds, result.audioSeconds,
                result.reencoded ? "re-encoded" : "packets copied");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (QStandardPaths::findExecutable(u"ffmpeg"_s).isEmpty()) {
        std::printf("bench_stitch needs the ffmpeg program (Debian: apt install ffmpeg)\n");
        return 1;
    }
    QTemporaryDir folder;
    if (!folder.isValid()) {
        std::printf("no temporary folder: %s\n", qPrintable(folder.errorString()));
        return 1;
    }
    std::printf("making %d clips of %d s at 1920x1080, 24 fps, H.264 (2 Mbit/s) + AAC...\n", kClips, kClipSeconds);
    QStringList clips;
    qint64 inputBytes = 0;
    for (int i = 0; i < kClips; ++i) {
        const QString clip = makeClip(folder.path(), i);
        if (clip.isEmpty())
            return 1;
        clips << clip;
        inputBytes += QFileInfo(clip).size();
    }
    std::printf("clips: %.1f MB in all\n", double(inputBytes) / (1024.0 * 1024.0));

    Stitcher::StitchOptions options;
    options.metadataKey = "com.paddock.storyboard";
    options.metadataValue = "{\"shots\":10}";
    const QString copied = folder.filePath(u"copied.mp4"_s);
    QElapsedTimer clock;
    clock.start();
    Stitcher::StitchResult result = Stitcher::stitch(clips, copied, options);
    report("stitch, matching clips (copy):", result, clock.elapsed(), copied);

    options.crossfadeAudio = true;
    const QString faded = folder.filePath(u"faded.mp4"_s);
    clock.restart();
    result = Stitcher::stitch(clips, faded, options);
    report("stitch, 80 ms crossfade (ffmpeg):", result, clock.elapsed(), faded);
    return 0;
}
