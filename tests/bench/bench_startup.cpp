// Start to interactive window: runs `paddock --demo --print-startup-time` (with an empty library, and with a
// library of 10,000 generations made by paddock_fill_library) and a bare Qt Widgets window several times
// each, on the same display, and prints the medians of the time to the first paint, the whole process (start
// to exit) and the peak resident memory. Prints figures; not a pass/fail test.
// Usage: bench_startup [runs] [generations]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    qint64 firstPaintMs = -1;
    qint64 processMs = -1;
    qint64 peakKiB = -1;
};

Run runOnce(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer clock;
    clock.start();
    process.start(program, arguments);
    process.waitForFinished(60000);
    Run run;
    run.processMs = clock.elapsed();
    static const QRegularExpression figures(u"startup-ms (\\d+) peak-kib (\\d+)"_s);
    const QRegularExpressionMatch match = figures.match(QString::fromUtf8(process.readAllStandardOutput()));
    if (match.hasMatch()) {
        run.firstPaintMs = match.captured(1).toLongLong();
        run.peakKiB = match.captured(2).toLongLong();
    }
    return run;
}

qint64 median(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? -1 : values.at(values.size() / 2);
}

void report(const char *name, const QList<Run> &runs)
{
    QList<qint64> paint, process, peak;
    for (const Run &run : runs) {
        paint << run.firstPaintMs;
        process << run.processMs;
        peak << run.peakKiB;
    }
    std::printf("  %-30s first paint %4lld ms, whole process %4lld ms, peak memory %5.1f MiB\n", name, median(paint),
                median(process), double(median(peak)) / 1024.0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 5;

    // Each program gets fresh, empty settings and data, as on a first start.
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    environment.insert(u"XDG_CACHE_HOME"_s, home.filePath(u"cache"_s));
    environment.remove(u"SEGMIND_API_KEY"_s);

    const int generations = argc > 2 ? QString::fromLocal8Bit(argv[2]).toInt() : 10000;
    const QString bigLibrary = home.filePath(u"big-library"_s);
    QProcess fill;
    fill.setProcessChannelMode(QProcess::ForwardedChannels);
    fill.start(QStringLiteral(PADDOCK_FILL_LIBRARY_PROGRAM),
               {u"--library"_s, bigLibrary, u"--count"_s, QString::number(generations)});
    if (!fill.waitForFinished(600000) || fill.exitCode() != 0) {
        std::fprintf(stderr, "could not fill a library\n");
        return 1;
    }

    QList<Run> bare, empty, big;
    for (int i = 0; i < runs; ++i) {
        bare << runOnce(QStringLiteral(PADDOCK_BARE_WINDOW_PROGRAM), {}, environment);
        empty << runOnce(QStringLiteral(PADDOCK_PROGRAM), {u"--demo"_s, u"--print-startup-time"_s}, environment);
        big << runOnce(QStringLiteral(PADDOCK_PROGRAM),
                       {u"--demo"_s, u"--print-startup-time"_s, u"--library"_s, bigLibrary}, environment);
    }
    std::printf("Start to interactive window (median of %d runs, platform %s)\n", runs,
                qPrintable(environment.value(u"QT_QPA_PLATFORM"_s, u"default"_s)));
    report("bare Qt window", bare);
    report("Paddock, empty library", empty);
    report(qPrintable(u"Paddock, %1 generations"_s.arg(generations)), big);
    return 0;
}
