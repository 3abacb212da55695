// The library at scale: fills a library with 10,000 generations (paddock_fill_library), then measures the
// Library view on it: the first screen with its poster thumbnails, search-as-you-type latency, scrolling
// through every generation (the longest stall of the event loop on the way), and peak memory.
// Prints figures; not a pass/fail test. Usage: bench_library [generations]
#include "BenchSupport.h"
#include "LibraryView.h"
#include "library/Library.h"
#include "library/LibraryModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QListView>
#include <QProcess>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using BenchSupport::StallMeter;
using BenchSupport::peakResidentKiB;

namespace {

void spin(int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
}

// Rows whose item is at least partly in the viewport.
QList<QModelIndex> visibleRows(QListView *view)
{
    QList<QModelIndex> rows;
    const QRect viewport = view->viewport()->rect();
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QModelIndex index = view->model()->index(row, 0);
        if (view->visualRect(index).intersects(viewport))
            rows << index;
    }
    return rows;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int generations = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 10000;
    QTemporaryDir home;
    const QString directory = home.filePath(u"library"_s);
    QProcess fill;
    fill.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    fill.start(QStringLiteral(PADDOCK_FILL_LIBRARY_PROGRAM),
               {u"--library"_s, directory, u"--count"_s, QString::number(generations)});
    if (!fill.waitForFinished(600000) || fill.exitCode() != 0) {
        std::fprintf(stderr, "could not fill a library\n");
        return 1;
    }
    std::printf("Library of %d generations\n", generations);

    const qint64 memoryBefore = peakResidentKiB();
    QElapsedTimer clock;
    clock.start();
    QString error;
    std::unique_ptr<Library> library = Library::open(directory, &error);
    if (!library) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    LibraryView view(library.get());
    view.resize(1280, 800);
    view.show();
    StallMeter stalls;
    QListView *list = view.listView();
    while (visibleRows(list).isEmpty() && clock.elapsed() < 10000)
        spin(5);
    const qint64 firstRowsMs = clock.elapsed();
    auto postersShown = [list] {
        const QList<QModelIndex> rows = visibleRows(list);
        // Generations without a clip (failed, expired) have no poster to wait for.
        return !rows.isEmpty() && std::all_of(rows.cbegin(), rows.cend(), [](const QModelIndex &index) {
            return index.data(LibraryModel::ClipPathRole).toString().isEmpty()
                   || !index.data(LibraryModel::PosterRole).value<QImage>().isNull();
        });
    };
    while (!postersShown() && clock.elapsed() < 60000)
        spin(5);
    std::printf("  first screen:              rows in %lld ms, %lld posters in %lld ms (open, query, paint, decode)\n",
                firstRowsMs, qint64(visibleRows(list).size()), clock.elapsed());

    // Search as you type: the query each keystroke runs, straight on the model (the view waits 150 ms for a
    // pause in typing first).
    const QStringList typed{u"h"_s,         u"ho"_s,        u"hor"_s,       u"hors"_s,      u"horse"_s,
                            u"horse g"_s,   u"horse ga"_s,  u"horse gal"_s, u"fog"_s,       u"client-acme"_s,
                            u"river dawn"_s, u"thunder"_s,  u"sleeps"_s,    u"zebra"_s};
    QList<qint64> times;
    for (const QString &text : typed) {
        LibraryQuery query;
        query.text = text;
        QElapsedTimer search;
        search.start();
        view.model()->setQuery(query);
        const int rows = view.model()->rowCount();
        times << search.elapsed();
        Q_UNUSED(rows);
    }
    std::sort(times.begin(), times.end());
    std::printf("  search as you type:        median %lld ms, worst %lld ms over %lld queries\n",
                times.at(times.size() / 2), times.last(), qint64(times.size()));
    view.model()->setQuery({});
    spin(50);

    // Scrolling through everything, a page at a time, as fast as the view lets us.
    stalls.reset();
    QElapsedTimer scroll;
    scroll.start();
    QScrollBar *bar = list->verticalScrollBar();
    while (scroll.elapsed() < 300000) {
        const bool atEnd = bar->value() >= bar->maximum() && !view.model()->canFetchMore({});
        if (atEnd)
            break;
        bar->setValue(bar->value() + bar->pageStep());
        spin(2);
    }
    std::printf("  scrolling through all:     %d rows in %.1f s, longest event-loop stall %lld ms\n",
                view.model()->rowCount(), double(scroll.elapsed()) / 1000.0, stalls.longestMs());
    std::printf("  peak memory:               %.1f MiB (%.1f MiB more than before the library opened)\n",
                double(peakResidentKiB()) / 1024.0, double(peakResidentKiB() - memoryBefore) / 1024.0);
    return 0;
}
