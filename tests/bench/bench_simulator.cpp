// Measures the simulator alone: how many submits and completed jobs per second it serves when renders
// come from its cache, and how long ffmpeg takes to render a 5 s 720P and a 15 s 1080P clip.
// Prints figures; it is not a pass/fail test.
#include "sim/ClipRenderer.h"
#include "sim/SimServer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

double renderSeconds(const QString &cacheDir, int width, int height, int seconds)
{
    ClipRenderer renderer(cacheDir);
    RenderSpec spec;
    spec.modeLabel = u"Text to video"_s;
    spec.prompt = u"A herd of horses crossing a river at dawn, cinematic, slow motion"_s;
    spec.seed = 1234;
    spec.width = width;
    spec.height = height;
    spec.durationSeconds = seconds;
    QSignalSpy finished(&renderer, &ClipRenderer::finished);
    QSignalSpy failed(&renderer, &ClipRenderer::failed);
    QElapsedTimer clock;
    clock.start();
    renderer.render(spec);
    while (finished.isEmpty() && failed.isEmpty())
        finished.wait(1000);
    if (!failed.isEmpty()) {
        std::fprintf(stderr, "render failed: %s\n", qPrintable(failed.first().at(1).toString()));
        return -1;
    }
    return double(clock.elapsed()) / 1000.0;
}

QNetworkReply *submit(QNetworkAccessManager &network, const QUrl &base)
{
    QUrl url = base;
    url.setPath(u"/v2/happyhorse-1.1"_s);
    QNetworkRequest request(url);
    request.setRawHeader("x-api-key", "SG_0123456789abcdef");
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    const QJsonObject body{{u"prompt"_s, u"A horse on a beach"_s}, {u"duration"_s, 3}, {u"seed"_s, 1}};
    return network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int jobs = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 500;

    QTemporaryDir cache;
    std::printf("Simulator benchmark (%d jobs)\n", jobs);
    std::printf("  render 5 s 1280x720:   %.2f s\n", renderSeconds(cache.path(), 1280, 720, 5));
    std::printf("  render 15 s 1920x1080: %.2f s\n", renderSeconds(cache.path(), 1920, 1080, 15));

    SimSettings settings = SimSettings::forTests();
    settings.queueMs = 0;
    settings.processingMs = 0;
    settings.balanceCents = 1000LL * 1000 * 100;
    settings.cacheDirectory = cache.path();
    SimServer server(settings);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "cannot start the simulator: %s\n", qPrintable(error));
        return 1;
    }
    QNetworkAccessManager network;

    // Warm the render cache with the one spec every job below shares.
    {
        QSignalSpy done(&server, &SimServer::jobFinished);
        submit(network, server.baseUrl())->setParent(&network);
        while (done.isEmpty())
            done.wait(1000);
    }

    QSignalSpy finished(&server, &SimServer::jobFinished);
    int answered = 0;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < jobs; ++i) {
        QNetworkReply *reply = submit(network, server.baseUrl());
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &answered] {
            ++answered;
            reply->deleteLater();
        });
    }
    while (answered < jobs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double submitSeconds = double(clock.elapsed()) / 1000.0;
    while (finished.size() < jobs)
        finished.wait(1000);
    const double allSeconds = double(clock.elapsed()) / 1000.0;

    std::printf("  submits answered:      %.0f per second (%d in %.2f s)\n", jobs / submitSeconds, jobs,
                submitSeconds);
    std::printf("  jobs completed:        %.0f per second, renders cached (%d in %.2f s)\n", jobs / allSeconds, jobs,
                allSeconds);
    return 0;
}
