// Presentation mode with three real H.264 + AAC clips: no chrome, slide-show keys, the cued next take, black screen,
// captions, ratings and favourites as signals with library ids, leaving; the director's view; naming what to present.
#include "library/Library.h"
#include "media/CuePlayer.h"
#include "review/DirectorView.h"
#include "review/PresentationSource.h"
#include "review/PresentationWindow.h"
#include "sim/ClipRenderer.h"

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int kRenderTimeoutMs = 120000;
constexpr int kFrameTimeoutMs = 20000;
const QSize kSizes[] = {{320, 180}, {480, 270}, {640, 360}}; // each take its own size: a frame tells whose it is

} // namespace

class TestPresentation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsNothingButThePicture();
    void nextTakeIsCuedBeforeTheCut();
    void arrowsAndPagesMove();
    void homeAndEnd();
    void blackScreenToggles();
    void spacePauses();
    void loopKeyPlaysEachOnce();
    void captionsToggle();
    void ratingsAndFavouritesCarryIds();
    void escapeLeaves();
    void everythingIsNamed();
    void directorViewShowsThePlaylist();
    void namesWhatToPresent();

private:
    Playlist playlist() const;
    // Waits until the picture shows a frame of take index (each take has its own frame size).
    bool waitForFrameOf(int index);
    void press(Qt::Key key) { QTest::keyClick(m_window.get(), key); }

    QTemporaryDir m_dir;
    QString m_cache;
    QStringList m_clips;
    std::unique_ptr<PresentationWindow> m_window;
    QSize m_lastFrameSize;
};

void TestPresentation::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    QVERIFY2(ClipRenderer::ffmpegAvailable(u"ffmpeg"_s, &message), qPrintable(message));
    m_cache = m_dir.filePath(u"clips"_s);
    ClipRenderer renderer(m_cache);
    QSignalSpy finished(&renderer, &ClipRenderer::finished);
    QSignalSpy failed(&renderer, &ClipRenderer::failed);
    QHash<quint64, int> tickets;
    for (int i = 0; i < 3; ++i) {
        RenderSpec spec;
        spec.modeLabel = u"Text to video"_s;
        spec.prompt = u"Presentation take %1"_s.arg(i + 1);
        spec.seed = 100 + i;
        spec.width = kSizes[i].width();
        spec.height = kSizes[i].height();
        spec.durationSeconds = 2;
        tickets.insert(renderer.render(spec), i);
    }
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() + failed.size() == 3, kRenderTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    m_clips = QStringList(3);
    for (const QList<QVariant> &row : finished)
        m_clips[tickets.value(row.at(0).toULongLong())] = row.at(1).toString();
}

Playlist TestPresentation::playlist() const
{
    QList<PlaylistItem> items;
    for (int i = 0; i < 3; ++i) {
        PlaylistItem item;
        item.id = 41 + i * 10; // library ids are not positions
        item.clipPath = m_clips.at(i);
        item.caption = u"Take %1 at dusk"_s.arg(i + 1);
        item.note = u"Note on take %1"_s.arg(i + 1);
        items.append(item);
    }
    return Playlist(items);
}

void TestPresentation::init()
{
    m_window = std::make_unique<PresentationWindow>(playlist(), m_cache);
    connect(m_window->videoWidget()->videoSink(), &QVideoSink::videoFrameChanged, this,
            [this](const QVideoFrame &frame) { m_lastFrameSize = frame.size(); });
    m_window->present();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QVERIFY(waitForFrameOf(0));
}

void TestPresentation::cleanup()
{
    m_window.reset();
    m_lastFrameSize = QSize();
}

bool TestPresentation::waitForFrameOf(int index)
{
    return QTest::qWaitFor([&] { return m_lastFrameSize == kSizes[index]; }, kFrameTimeoutMs);
}

void TestPresentation::showsNothingButThePicture()
{
    QVERIFY(m_window->isFullScreen());
    QVERIFY(m_window->videoWidget()->isVisible());
    for (const QLabel *label : m_window->findChildren<QLabel *>())
        QVERIFY2(!label->isVisible() || label->text().isEmpty(), qPrintable(label->text()));
    for (const QAbstractButton *button : m_window->findChildren<QAbstractButton *>())
        QVERIFY2(!button->isVisible(), qPrintable(button->text()));
    for (const QWidget *chrome : m_window->findChildren<QWidget *>()) {
        const bool isChrome = qobject_cast<const QMenuBar *>(chrome) || qobject_cast<const QStatusBar *>(chrome) ||
                              qobject_cast<const QAbstractSlider *>(chrome);
        QVERIFY2(!isChrome || !chrome->isVisible(), chrome->metaObject()->className());
    }
    // With captions on, the caption is the only text there is.
    press(Qt::Key_C);
    for (const QLabel *label : m_window->findChildren<QLabel *>()) {
        if (label->isVisible() && !label->text().isEmpty())
            QCOMPARE(label, m_window->captionLabel());
    }
    QCOMPARE(m_window->captionLabel()->text(), u"Take 1 at dusk"_s);
}

void TestPresentation::nextTakeIsCuedBeforeTheCut()
{
    CuePlayer *cued = m_window->cuedPlayer();
    QCOMPARE(cued->clip(), m_clips.at(1));
    QTRY_VERIFY_WITH_TIMEOUT(cued->isReady(), kFrameTimeoutMs);
    QCOMPARE(cued->lastFrame().size(), kSizes[1]);
    QVERIFY(!cued->hasPlayed());
    // The cut shows the cued frame within the key press: no waiting on the pipeline.
    QSignalSpy shown(m_window.get(), &PresentationWindow::takeShown);
    press(Qt::Key_Right);
    QCOMPARE(shown.size(), 1);
    QCOMPARE(shown.first().at(0).toInt(), 1);
    QCOMPARE(m_lastFrameSize, kSizes[1]);
    QCOMPARE(m_window->livePlayer(), cued);
    // The player that showed take 1 now cues take 3, and take 2's own frames keep coming as it plays.
    QCOMPARE(m_window->cuedPlayer()->clip(), m_clips.at(2));
    const qint64 before = cued->player()->position();
    QTRY_VERIFY_WITH_TIMEOUT(cued->player()->position() > before, kFrameTimeoutMs);
    QVERIFY(waitForFrameOf(1));
}

void TestPresentation::arrowsAndPagesMove()
{
    press(Qt::Key_Right);
    QCOMPARE(m_window->current(), 1);
    QVERIFY(waitForFrameOf(1));
    press(Qt::Key_PageDown);
    QCOMPARE(m_window->current(), 2);
    QVERIFY(waitForFrameOf(2));
    press(Qt::Key_Right); // the last take stays
    QCOMPARE(m_window->current(), 2);
    press(Qt::Key_Left);
    QCOMPARE(m_window->current(), 1);
    QVERIFY(waitForFrameOf(1));
    press(Qt::Key_PageUp);
    QCOMPARE(m_window->current(), 0);
    QVERIFY(waitForFrameOf(0));
    press(Qt::Key_Left);
    QCOMPARE(m_window->current(), 0);
}

void TestPresentation::homeAndEnd()
{
    press(Qt::Key_End);
    QCOMPARE(m_window->current(), 2);
    QVERIFY(waitForFrameOf(2));
    QVERIFY(m_window->cuedPlayer()->clip().isEmpty()); // nothing after the last take
    press(Qt::Key_Home);
    QCOMPARE(m_window->current(), 0);
    QVERIFY(waitForFrameOf(0));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->cuedPlayer()->clip(), m_clips.at(1), kFrameTimeoutMs);
}

void TestPresentation::blackScreenToggles()
{
    press(Qt::Key_C);
    QVERIFY(m_window->captionLabel()->isVisible());
    press(Qt::Key_B);
    QVERIFY(m_window->isBlack());
    QVERIFY(!m_window->videoWidget()->isVisible());
    QVERIFY(!m_window->captionLabel()->isVisible());
    QVERIFY(!m_window->livePlayer()->isPlaying());
    press(Qt::Key_B);
    QVERIFY(!m_window->isBlack());
    QVERIFY(m_window->videoWidget()->isVisible());
    QVERIFY(m_window->captionLabel()->isVisible());
    QVERIFY(m_window->livePlayer()->isPlaying());
}

void TestPresentation::spacePauses()
{
    QVERIFY(!m_window->isPaused());
    press(Qt::Key_Space);
    QVERIFY(m_window->isPaused());
    QTRY_COMPARE(m_window->livePlayer()->player()->playbackState(), QMediaPlayer::PausedState);
    press(Qt::Key_Space);
    QVERIFY(!m_window->isPaused());
    QTRY_COMPARE(m_window->livePlayer()->player()->playbackState(), QMediaPlayer::PlayingState);
}

void TestPresentation::loopKeyPlaysEachOnce()
{
    QVERIFY(m_window->loopsEachTake());
    QCOMPARE(m_window->livePlayer()->player()->loops(), int(QMediaPlayer::Infinite));
    press(Qt::Key_L);
    QVERIFY(!m_window->loopsEachTake());
    QCOMPARE(m_window->livePlayer()->player()->loops(), int(QMediaPlayer::Once));
    // The 2 s take ends and the next follows by itself.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->current(), 1, kFrameTimeoutMs);
    QVERIFY(waitForFrameOf(1));
}

void TestPresentation::captionsToggle()
{
    QVERIFY(!m_window->captionsShown());
    QVERIFY(!m_window->captionLabel()->isVisible());
    press(Qt::Key_C);
    QVERIFY(m_window->captionLabel()->isVisible());
    QCOMPARE(m_window->captionLabel()->text(), u"Take 1 at dusk"_s);
    press(Qt::Key_Right);
    QCOMPARE(m_window->captionLabel()->text(), u"Take 2 at dusk"_s);
    press(Qt::Key_C);
    QVERIFY(!m_window->captionLabel()->isVisible());
}

void TestPresentation::ratingsAndFavouritesCarryIds()
{
    QSignalSpy rated(m_window.get(), &PresentationWindow::ratingChosen);
    QSignalSpy favourite(m_window.get(), &PresentationWindow::favouriteChosen);
    press(Qt::Key_3);
    press(Qt::Key_0);
    press(Qt::Key_Right);
    press(Qt::Key_5);
    press(Qt::Key_1);
    press(Qt::Key_F);
    press(Qt::Key_F);
    QCOMPARE(rated.size(), 4);
    const QList<QPair<qint64, int>> expected{{41, 3}, {41, 0}, {51, 5}, {51, 1}};
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(rated.at(i).at(0).toLongLong(), expected.at(i).first);
        QCOMPARE(rated.at(i).at(1).toInt(), expected.at(i).second);
    }
    QCOMPARE(favourite.size(), 2);
    QCOMPARE(favourite.at(0).at(0).toLongLong(), 51);
    QCOMPARE(favourite.at(0).at(1).toBool(), true);
    QCOMPARE(favourite.at(1).at(1).toBool(), false);
    QCOMPARE(m_window->playlist().at(1).rating, 1);
}

void TestPresentation::escapeLeaves()
{
    QWidget opener;
    opener.resize(400, 300);
    opener.show();
    opener.setWindowState(Qt::WindowMaximized);
    m_window->close();
    m_window = std::make_unique<PresentationWindow>(playlist(), m_cache);
    m_window->present(nullptr, &opener);
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QSignalSpy left(m_window.get(), &PresentationWindow::left);
    press(Qt::Key_Escape);
    QCOMPARE(left.size(), 1);
    QVERIFY(!m_window->isVisible());
    QVERIFY(opener.windowState().testFlag(Qt::WindowMaximized));
    QVERIFY(QTest::qWaitForWindowActive(&opener));
}

void TestPresentation::everythingIsNamed()
{
    QVERIFY(!m_window->accessibleName().isEmpty());
    for (const QWidget *widget : m_window->findChildren<QWidget *>()) {
        if (widget->parentWidget() == m_window.get() || qobject_cast<const QVideoWidget *>(widget) ||
            qobject_cast<const QLabel *>(widget))
            QVERIFY2(!widget->accessibleName().isEmpty(), widget->metaObject()->className());
    }
    for (const QAction *action : m_window->actions())
        QVERIFY(!action->text().isEmpty());
}

void TestPresentation::directorViewShowsThePlaylist()
{
    DirectorView *director = m_window->ensureDirectorView();
    QCOMPARE(director->list()->count(), 3);
    QVERIFY(director->currentText().contains(u"Take 1 at dusk"_s));
    QVERIFY(director->currentText().contains(u"Note on take 1"_s));
    QVERIFY(director->nextText().contains(u"Take 2 at dusk"_s));
    QVERIFY(director->nextText().contains(u"Note on take 2"_s));
    press(Qt::Key_4);
    press(Qt::Key_F);
    QVERIFY(director->list()->item(0)->text().contains(u"\u2605\u2605\u2605\u2605"_s));
    QVERIFY(director->list()->item(0)->text().contains(u"\u2665"_s));
    press(Qt::Key_End);
    QVERIFY(director->currentText().contains(u"Take 3 at dusk"_s));
    QVERIFY(director->nextText().contains(u"last take"_s));
    press(Qt::Key_B);
    QVERIFY(director->statusText().contains(u"Black screen"_s));
    // The client's window still shows nothing of it: one screen here, so no director's window is shown.
    QVERIFY(!director->isVisible());
}

void TestPresentation::namesWhatToPresent()
{
    QString error;
    std::unique_ptr<Library> library = Library::open(m_dir.filePath(u"library"_s), &error);
    QVERIFY2(library, qPrintable(error));
    QVERIFY(!PresentationSource::playlistFor(*library, u"holiday reel"_s, &error));
    QVERIFY2(error.contains(u"holiday reel"_s), qPrintable(error));
    QVERIFY(!PresentationSource::playlistFor(*library, u"Favourites"_s, &error));
    QVERIFY2(error.contains(u"favourite"_s), qPrintable(error));
}

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
