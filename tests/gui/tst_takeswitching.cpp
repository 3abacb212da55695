// Flipping between takes: every take shows its own picture, whatever state the last one was in, chosen in the
// player directly or in the library by keyboard and mouse; and the library's posters preview a take under the mouse.
#include "library/Library.h"
#include "library/LibraryModel.h"
#include "LibraryView.h"
#include "media/PosterCache.h"
#include "PlayerWidget.h"
#include "PosterScrubber.h"
#include "sim/ClipRenderer.h"

#include <QFile>
#include <QListView>
#include <QSplitter>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLabel>
#include <QMediaPlayer>
#include <QMouseEvent>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A helper's failed check ends the test there, not just the helper.
#define CHECKED(call)                                                                                                  \
    do {                                                                                                               \
        call;                                                                                                          \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)
#define SHOWING(take) CHECKED(verifyShowing(take))

constexpr int kRenderTimeoutMs = 60000;
constexpr int kShowTimeoutMs = 15000;

// A mouse move without buttons, as the window system sends it while the pointer passes over a widget.
void hover(QWidget *widget, QPoint at)
{
    QMouseEvent move(QEvent::MouseMove, QPointF(at), QPointF(widget->mapToGlobal(at)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &move);
}

struct Take
{
    QString path;
    QString title;
    QSize size;
    qint64 durationMs = 0;
};

} // namespace

class TestTakeSwitching final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void everyTakeShowsItsPicture();
    void switchingWhileLoading();
    void switchingAfterTheEnd();
    void captionNamesTheTake();
    void libraryTakesPlayInAnyOrder();
    void hoveringAPosterScrubsThroughTheTake();
    void sweepingAcrossPostersStartsNothing();

private:
    std::unique_ptr<Library> libraryOfTakes(QList<qint64> *ids);
    LibraryView *showLibrary(Library *library, bool grid);
    void chooseInLibrary(LibraryView *view, qint64 id, const Take &take, bool byMouse);
    Take render(const QString &prompt, int width, int height, int seconds);
    void watchFrames();
    void show(const Take &take, bool autoplay = true);
    void verifyShowing(const Take &take);
    QLabel *message() const { return m_player->findChild<QLabel *>(u"playerMessage"_s); }
    QVideoWidget *video() const { return m_player->findChild<QVideoWidget *>(u"playerVideo"_s); }

    QTemporaryDir m_dir;
    QList<Take> m_takes;
    std::unique_ptr<QWidget> m_window;
    PlayerWidget *m_player = nullptr;
    QPointer<QVideoSink> m_watchedSink;
    QSize m_lastFrameSize;
    qint64 m_lastFrameStartUs = -1;
    int m_frames = 0;
};

Take TestTakeSwitching::render(const QString &prompt, int width, int height, int seconds)
{
    ClipRenderer renderer(m_dir.filePath(u"cache"_s));
    RenderSpec spec;
    spec.modeLabel = u"Text to video"_s;
    spec.prompt = prompt;
    spec.seed = width;
    spec.width = width;
    spec.height = height;
    spec.durationSeconds = seconds;
    QSignalSpy finished(&renderer, &ClipRenderer::finished);
    QSignalSpy failed(&renderer, &ClipRenderer::failed);
    renderer.render(spec);
    if (!QTest::qWaitFor([&] { return finished.size() + failed.size() > 0; }, kRenderTimeoutMs) || !failed.isEmpty())
        qFatal("could not render a test clip");
    return Take{finished.first().at(1).toString(), prompt, QSize(width, height), seconds * 1000};
}

void TestTakeSwitching::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    QVERIFY2(ClipRenderer::ffmpegAvailable(u"ffmpeg"_s, &message), qPrintable(message));
    // Three takes that cannot be mistaken for each other: each has its own picture size and length.
    m_takes << render(u"A grey horse trotting along a beach"_s, 640, 360, 4)
            << render(u"A red fox in fresh snow, close up"_s, 360, 640, 3)
            << render(u"Lanterns over a night market"_s, 480, 480, 5);
}

void TestTakeSwitching::init()
{
    m_window = std::make_unique<QWidget>();
    auto *layout = new QVBoxLayout(m_window.get());
    m_player = new PlayerWidget(m_window.get());
    layout->addWidget(m_player);
    m_window->resize(800, 600);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_lastFrameSize = QSize();
    m_lastFrameStartUs = -1;
    m_frames = 0;
}

void TestTakeSwitching::cleanup()
{
    m_window.reset();
}

// Records what really reaches the picture: the frames the video widget's sink receives.
void TestTakeSwitching::watchFrames()
{
    QVERIFY(video());
    QVideoSink *sink = video()->videoSink();
    if (sink == m_watchedSink)
        return;
    m_watchedSink = sink;
    connect(sink, &QVideoSink::videoFrameChanged, this, [this](const QVideoFrame &frame) {
        if (!frame.isValid())
            return;
        m_lastFrameSize = frame.size();
        m_lastFrameStartUs = frame.startTime();
        ++m_frames;
    });
}

void TestTakeSwitching::show(const Take &take, bool autoplay)
{
    m_player->setClip(take.path, take.title, autoplay);
    watchFrames();
    m_lastFrameSize = QSize();
    m_lastFrameStartUs = -1;
    m_frames = 0;
}

void TestTakeSwitching::verifyShowing(const Take &take)
{
    // Frames of this take (its own size) reach the sink, with a timestamp inside the clip.
    QTRY_COMPARE_WITH_TIMEOUT(m_lastFrameSize, take.size, kShowTimeoutMs);
    QVERIFY(m_lastFrameStartUs >= 0);
    QVERIFY(m_lastFrameStartUs <= take.durationMs * 1000);
    // The picture is up, and the placeholder is not over it.
    QTRY_VERIFY_WITH_TIMEOUT(video()->isVisible(), kShowTimeoutMs);
    QVERIFY(!message()->isVisible());
    // Position and length are this take's.
    QMediaPlayer *player = m_player->player();
    QCOMPARE(player->source(), QUrl::fromLocalFile(take.path));
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(player->duration() - take.durationMs) < 200, kShowTimeoutMs);
    QVERIFY(player->position() >= 0 && player->position() <= player->duration());
    QTRY_VERIFY(m_player->findChild<QToolButton *>(u"playerPlay"_s)->isEnabled());
}

void TestTakeSwitching::everyTakeShowsItsPicture()
{
    const Take &a = m_takes[0], &b = m_takes[1], &c = m_takes[2];
    // A plays; B replaces it while it plays; C replaces B while B is paused; then back to A and C.
    show(a);
    SHOWING(a);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying() && m_player->player()->position() > 300, kShowTimeoutMs);

    show(b);
    SHOWING(b);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kShowTimeoutMs);
    m_player->togglePlayback();
    QTRY_VERIFY(!m_player->isPlaying());

    show(c, false); // chosen without playing: the first frame still shows
    SHOWING(c);
    QVERIFY(!m_player->isPlaying());

    show(a);
    SHOWING(a);
    // Playing, the frames keep coming and their times move on.
    const int framesBefore = m_frames;
    QTRY_VERIFY_WITH_TIMEOUT(m_frames > framesBefore + 5, kShowTimeoutMs);
    QCOMPARE(m_lastFrameSize, a.size);

    show(c);
    SHOWING(c);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kShowTimeoutMs);
}

void TestTakeSwitching::switchingWhileLoading()
{
    const Take &a = m_takes[0], &b = m_takes[1], &c = m_takes[2];
    show(a);
    SHOWING(a);
    // A person flicking through the list: each take is asked for before the last one had time to load.
    m_player->setClip(b.path, b.title);
    m_player->setClip(c.path, c.title);
    m_player->setClip(a.path, a.title);
    show(c);
    SHOWING(c);
    show(b);
    SHOWING(b);
}

void TestTakeSwitching::switchingAfterTheEnd()
{
    const Take &b = m_takes[1], &c = m_takes[2];
    m_player->setLooping(false);
    show(b);
    SHOWING(b);
    QTRY_COMPARE_WITH_TIMEOUT(m_player->player()->mediaStatus(), QMediaPlayer::EndOfMedia, b.durationMs + 10000);
    show(c);
    SHOWING(c);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kShowTimeoutMs);
}

void TestTakeSwitching::captionNamesTheTake()
{
    const Take &a = m_takes[0];
    m_player->setClip(a.path, a.title, false);
    // While it opens, the placeholder names the take by its prompt, never by a file name or request id.
    QVERIFY(message()->text().contains(u"A grey horse"_s));
    QVERIFY(!message()->text().contains(u".mp4"_s));
    watchFrames();
    SHOWING(a);
    auto *caption = m_player->findChild<QLabel *>(u"playerCaption"_s);
    QVERIFY(caption);
    QVERIFY(caption->isVisible());
    QVERIFY(caption->text().contains(u"A grey horse"_s));
    QVERIFY(!caption->accessibleName().isEmpty());

    // A take without a prompt (a clip opened from disk) falls back to its file name.
    m_player->setClip(m_takes[1].path, QString(), false);
    QVERIFY(message()->text().contains(QFileInfo(m_takes[1].path).fileName()));
}

// A library holding the three takes as finished generations, each with its clip in the library's folder.
std::unique_ptr<Library> TestTakeSwitching::libraryOfTakes(QList<qint64> *ids)
{
    QString error;
    auto library = Library::open(m_dir.filePath(u"library-%1"_s.arg(QDateTime::currentMSecsSinceEpoch())), &error);
    if (!library)
        qFatal("no library: %s", qPrintable(error));
    for (const Take &take : std::as_const(m_takes)) {
        Job job;
        job.request.prompt = take.title;
        job.request.durationSeconds = int(take.durationMs / 1000);
        job.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60 + ids->size());
        job.estimatedCents = job.request.costCents();
        if (!library->saveJob(job, &error))
            qFatal("cannot save: %s", qPrintable(error));
        job.state = JobState::Ready;
        job.completedAt = job.createdAt.addSecs(20);
        job.clipPath = library->clipsDirectory() + u"/take-%1.mp4"_s.arg(job.id);
        if (!QFile::copy(take.path, job.clipPath) || !library->saveJob(job, &error))
            qFatal("cannot keep the clip: %s", qPrintable(error));
        ids->append(job.id);
    }
    return library;
}

// The library beside the player, wired as the window wires them.
LibraryView *TestTakeSwitching::showLibrary(Library *library, bool grid)
{
    auto *splitter = new QSplitter(m_window.get());
    m_window->layout()->addWidget(splitter);
    auto *view = new LibraryView(library, splitter);
    splitter->addWidget(view);
    splitter->addWidget(m_player);
    connect(view, &LibraryView::clipSelected, m_player,
            [this](qint64, const QString &path, const QString &prompt) { m_player->setClip(path, prompt); });
    m_window->resize(1400, 800);
    view->setGrid(grid);
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        qWarning("the window was not shown");
    return view;
}

void TestTakeSwitching::chooseInLibrary(LibraryView *view, qint64 id, const Take &take, bool byMouse)
{
    QListView *list = view->listView();
    const QModelIndex index = view->model()->index(view->model()->rowOf(id));
    QVERIFY(index.isValid());
    if (byMouse) {
        list->scrollTo(index);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(index).center());
    } else {
        // From the current take to this one with the arrow keys, as a person flicks through a list.
        list->setFocus();
        const int from = list->currentIndex().isValid() ? list->currentIndex().row() : 0;
        const bool grid = view->isGrid();
        const Qt::Key key =
            index.row() > from ? (grid ? Qt::Key_Right : Qt::Key_Down) : (grid ? Qt::Key_Left : Qt::Key_Up);
        for (int step = 0; step < std::abs(index.row() - from); ++step)
            QTest::keyClick(list, key);
    }
    QTRY_COMPARE(list->currentIndex().row(), index.row());
    QTRY_COMPARE(m_player->clip(), view->model()->data(index, LibraryModel::ClipPathRole).toString());
    watchFrames();
    m_lastFrameSize = QSize();
    m_frames = 0;
    SHOWING((Take{m_player->clip(), take.title, take.size, take.durationMs}));
    QCOMPARE(m_player->caption(), take.title);
}

void TestTakeSwitching::libraryTakesPlayInAnyOrder()
{
    QList<qint64> ids;
    const auto library = libraryOfTakes(&ids);
    LibraryView *view = showLibrary(library.get(), true);
    QTRY_COMPARE(view->model()->rowCount(), 3);
    // A, B, C, A, C by mouse; then by keyboard.
    for (const int i : {0, 1, 2, 0, 2})
        CHECKED(chooseInLibrary(view, ids[i], m_takes[i], true));
    for (const int i : {1, 0, 2, 1})
        CHECKED(chooseInLibrary(view, ids[i], m_takes[i], false));
}

void TestTakeSwitching::hoveringAPosterScrubsThroughTheTake()
{
    QList<qint64> ids;
    const auto library = libraryOfTakes(&ids);
    LibraryView *view = showLibrary(library.get(), true);
    QListView *list = view->listView();
    PosterScrubber *scrubber = view->scrubber();
    const QModelIndex index = view->model()->index(view->model()->rowOf(ids[0]));
    list->scrollTo(index);
    QTRY_VERIFY(list->viewport()->rect().contains(list->visualRect(index)));
    // The cell as laid out now, and a point share of the way across it.
    const auto across = [&](double share) {
        const QRect cell = list->visualRect(index);
        return QPoint(cell.left() + int(cell.width() * share), cell.center().y());
    };

    // The mouse rests on the poster near its left edge: the strip is made once, and the first frames show.
    hover(list->viewport(), across(0.02));
    QTRY_VERIFY_WITH_TIMEOUT(!scrubber->frameFor(index).strip.isNull(), 20000);
    const PosterScrubber::Frame early = scrubber->frameFor(index);
    QCOMPARE(early.source.left(), 0);
    QCOMPARE(early.strip.width(), early.source.width() * PosterScrubber::kFrames);
    // The strip is this take's frames (its shape), not another's.
    const double shape = double(early.source.width()) / early.source.height();
    QVERIFY(std::abs(shape - double(m_takes[0].size.width()) / m_takes[0].size.height()) < 0.05);
    QVERIFY(scrubber->strips()->cached(view->model()->data(index, LibraryModel::ClipPathRole).toString()).width() > 0);

    // Moving right moves through the clip; the big player is not started.
    QCOMPARE(list->indexAt(across(0.9)), index);
    hover(list->viewport(), across(0.9));
    QTRY_VERIFY(scrubber->frameFor(index).source.left() > early.source.left());
    QVERIFY(scrubber->frameFor(index).position > 0.8);
    QVERIFY(m_player->clip().isEmpty());

    // Leaving the poster brings it back.
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(list->viewport(), &leave);
    QVERIFY(scrubber->frameFor(index).strip.isNull());
    QVERIFY(!scrubber->scrubbedIndex().isValid());
}

void TestTakeSwitching::sweepingAcrossPostersStartsNothing()
{
    QList<qint64> ids;
    const auto library = libraryOfTakes(&ids);
    LibraryView *view = showLibrary(library.get(), true);
    QListView *list = view->listView();
    PosterCache *strips = view->scrubber()->strips();
    // The mouse crosses every poster without resting: no strip is made, and the window never waits.
    QElapsedTimer clock;
    clock.start();
    for (const qint64 id : ids) {
        const QRect cell = list->visualRect(view->model()->index(view->model()->rowOf(id)));
        for (int x = cell.left(); x < cell.right(); x += 24)
            hover(list->viewport(), QPoint(x, cell.center().y()));
    }
    QVERIFY(clock.elapsed() < 2000);
    for (const qint64 id : ids) {
        const QString clip = library->entry(id)->job.clipPath;
        QVERIFY(!strips->isPending(clip) || id == ids.last());
    }
}

QTEST_MAIN(TestTakeSwitching)
#include "tst_takeswitching.moc"
