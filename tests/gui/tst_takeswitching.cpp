// Flipping between takes in the player: every take shows its own picture, whatever state the last one was in.
#include "PlayerWidget.h"
#include "sim/ClipRenderer.h"

#include <QFileInfo>
#include <QLabel>
#include <QMediaPlayer>
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

constexpr int kRenderTimeoutMs = 60000;
constexpr int kShowTimeoutMs = 15000;

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

private:
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
    QVERIFY(m_player->findChild<QToolButton *>(u"playerPlay"_s)->isEnabled());
}

void TestTakeSwitching::everyTakeShowsItsPicture()
{
    const Take &a = m_takes[0], &b = m_takes[1], &c = m_takes[2];
    // A plays; B replaces it while it plays; C replaces B while B is paused; then back to A and C.
    show(a);
    verifyShowing(a);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying() && m_player->player()->position() > 300, kShowTimeoutMs);

    show(b);
    verifyShowing(b);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kShowTimeoutMs);
    m_player->togglePlayback();
    QTRY_VERIFY(!m_player->isPlaying());

    show(c, false); // chosen without playing: the first frame still shows
    verifyShowing(c);
    QVERIFY(!m_player->isPlaying());

    show(a);
    verifyShowing(a);
    // Playing, the frames keep coming and their times move on.
    const int framesBefore = m_frames;
    QTRY_VERIFY_WITH_TIMEOUT(m_frames > framesBefore + 5, kShowTimeoutMs);
    QCOMPARE(m_lastFrameSize, a.size);

    show(c);
    verifyShowing(c);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kShowTimeoutMs);
}

void TestTakeSwitching::switchingWhileLoading()
{
    const Take &a = m_takes[0], &b = m_takes[1], &c = m_takes[2];
    show(a);
    verifyShowing(a);
    // A person flicking through the list: each take is asked for before the last one had time to load.
    m_player->setClip(b.path, b.title);
    m_player->setClip(c.path, c.title);
    m_player->setClip(a.path, a.title);
    show(c);
    verifyShowing(c);
    show(b);
    verifyShowing(b);
}

void TestTakeSwitching::switchingAfterTheEnd()
{
    const Take &b = m_takes[1], &c = m_takes[2];
    m_player->setLooping(false);
    show(b);
    verifyShowing(b);
    QTRY_COMPARE_WITH_TIMEOUT(m_player->player()->mediaStatus(), QMediaPlayer::EndOfMedia, b.durationMs + 10000);
    show(c);
    verifyShowing(c);
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
    verifyShowing(a);
    auto *caption = m_player->findChild<QLabel *>(u"playerCaption"_s);
    QVERIFY(caption);
    QVERIFY(caption->isVisible());
    QVERIFY(caption->text().contains(u"A grey horse"_s));
    QVERIFY(!caption->accessibleName().isEmpty());

    // A take without a prompt (a clip opened from disk) falls back to its file name.
    m_player->setClip(m_takes[1].path, QString(), false);
    QVERIFY(message()->text().contains(QFileInfo(m_takes[1].path).fileName()));
}

QTEST_MAIN(TestTakeSwitching)
#include "tst_takeswitching.moc"
