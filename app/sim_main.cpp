// paddock-sim: Segmind's HappyHorse 1.1 API, simulated on this computer.
#include "sim/SimServer.h"
#include "sim/SimSettings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

// Ctrl+C and SIGTERM end the event loop normally, so that temporary files are removed.
void quitOnSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] { app.quit(); });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"paddock-sim"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(PADDOCK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Simulates Segmind's HappyHorse 1.1 API on this computer: submit, status, result, credits, the synchronous "
        u"v1 route and real MP4 outputs, with knobs for timing, money, rate limits, retention, image handling and "
        u"faults.\n\n"
        u"Example: paddock-sim --port 8080 --speed 10, then point Paddock at it with "
        u"paddock --endpoint http://127.0.0.1:8080"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    SimSettings::addOptions(parser);
    parser.process(app);

    SimSettings settings;
    QString error;
    if (!SimSettings::fromParser(parser, &settings, &error)) {
        std::fprintf(stderr, "paddock-sim: %s\n", qPrintable(error));
        return 2;
    }
    if (settings.cacheDirectory.isEmpty()) {
        const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        if (!cache.isEmpty())
            settings.cacheDirectory = cache + u"/renders"_s;
    }

    SimServer server(settings);
    if (!server.start(&error)) {
        std::fprintf(stderr, "paddock-sim: %s\n", qPrintable(error));
        return 1;
    }
    quitOnSignals(app);
    std::printf("paddock-sim listening on %s (outputs served from %s)\n", qPrintable(server.baseUrl().toString()),
                qPrintable(server.filesUrl().toString()));
    std::fflush(stdout);
    const int code = app.exec();
    if (!settings.statsFile.isEmpty() && !server.writeStats(settings.statsFile, &error)) {
        std::fprintf(stderr, "paddock-sim: %s\n", qPrintable(error));
        return 1;
    }
    return code;
}
