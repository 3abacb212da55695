#include "BenchClips.h"

#include "sim/ClipRenderer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int kRenderTimeoutMs = 120000;

} // namespace

QString BenchClips::render(const QString &cacheDir, int width, int height)
{
    ClipRenderer renderer(cacheDir);
    RenderSpec spec;
    spec.modeLabel = u"Text to video"_s;
    spec.prompt = u"Benchmark take %1×%2"_s.arg(width).arg(height);
    spec.seed = width;
    spec.width = width;
    spec.height = height;
    spec.durationSeconds = 5;
    QString clip;
    bool done = false;
    QObject::connect(&renderer, &ClipRenderer::finished, &renderer, [&](quint64, const QString &path) {
        clip = path;
        done = true;
    });
    QObject::connect(&renderer, &ClipRenderer::failed, &renderer, [&] { done = true; });
    renderer.render(spec);
    QElapsedTimer waited;
    waited.start();
    while (!done && waited.elapsed() < kRenderTimeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return clip;
}

void BenchClips::spin(int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
}

qint64 BenchClips::median(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? -1 : values.at(values.size() / 2);
}
