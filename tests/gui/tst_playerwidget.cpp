// PlayerWidget with a real H.264 + AAC clip: loading, playback, every control and shortcut, full screen, failures.
#include "PlayerWidget.h"
#include "sim/ClipRenderer.h"

#include <QApplication>
#include <QAudio>
#include <QAudioOutput>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>
#include <QVideoWidget>

#include <memory>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int kLoadTimeoutMs = 20000;
constexpr int kPlayTimeoutMs = 15000;
constexpr int kRenderTimeoutMs = 60000;

} // namespace

class TestPlayerWidget final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsEmptyState();
    void noMediaUntilTheFirstClip();
    void choicesBeforeTheFirstClipAreKept();
    void loadsVideoAndAudio();
    void playbackAdvances();
    void spaceTogglesPause();
    void lTogglesLoop();
    void loopingStartsAgainAndOnceStops();
    void mMutes();
    void volumeSliderSetsVolume();
    void frameStepWhilePaused();
    void frameStepPausesFirst();
    void speedSetsPlaybackRate();
    void showsResolutionAndDuration();
    void shortcutsStayInThePlayer();
    void fullScreenAndBack();
    void badFileFails_data();
    void badFileFails();
    void nextClipReplacesFailure();
    void refusesWhatIsNotAClipInItsFolder();
    void opensAFileTheUserNamesWhereverItIs();
    void controlsAreNamed();

private:
    void loadClip(bool autoplay);
    void focusPlayer();
    QWidget *focused() const { return QApplication::focusWidget(); }
    template <typename T> T *child(const QString &name) const
    {
        T *found = m_player->findChild<T *>(name);
        if (!found)
            qFatal("no child named %s", qPrintable(name));
        return found;
    }

    QTemporaryDir m_dir;
    QString m_clip;
    std::unique_ptr<QWidget> m_window;
    QLineEdit *m_edit = nullptr;
    QPushButton *m_button = nullptr;
    PlayerWidget *m_player = nullptr;
};

void TestPlayerWidget::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    QVERIFY2(ClipRenderer::ffmpegAvailable(u"ffmpeg"_s, &message), qPrintable(message));
    ClipRenderer renderer(m_dir.filePath(u"cache"_s));
    RenderSpec spec;
    spec.modeLabel = u"Text to video"_s;
    spec.prompt = u"A grey horse trotting along a beach"_s;
    spec.seed = 11;
    spec.width = 640;
    spec.height = 360;
    spec.durationSeconds = 3;
    QSignalSpy finished(&renderer, &ClipRenderer::finished);
    QSignalSpy failed(&renderer, &ClipRenderer::failed);
    renderer.render(spec);
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() + failed.size() > 0, kRenderTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    m_clip = finished.first().at(1).toString();
    QVERIFY(QFile::exists(m_clip));
}

void TestPlayerWidget::init()
{
    // A text field beside the player stands for the prompt editor: the player must leave its keys alone.
    m_window = std::make_unique<QWidget>();
    auto *layout = new QVBoxLayout(m_window.get());
    m_edit = new QLineEdit(m_window.get());
    m_button = new QPushButton(u"Generate"_s, m_window.get());
    m_player = new PlayerWidget(m_window.get());
    layout->addWidget(m_edit);
    layout->addWidget(m_button);
    layout->addWidget(m_player, 1);
    m_window->resize(800, 600);
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestPlayerWidget::cleanup()
{
    m_window.reset();
}

void TestPlayerWidget::loadClip(bool autoplay)
{
    QSignalSpy loaded(m_player, &PlayerWidget::clipLoaded);
    QSignalSpy failed(m_player, &PlayerWidget::clipFailed);
    m_player->setClip(m_clip, {}, autoplay);
    QCOMPARE(m_player->clip(), m_clip);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.size() + failed.size() > 0, kLoadTimeoutMs);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    QCOMPARE(loaded.size(), 1);
}

void TestPlayerWidget::focusPlayer()
{
    m_player->setFocus(Qt::OtherFocusReason);
    QTRY_VERIFY(focused() && m_player->isAncestorOf(focused()));
}

void TestPlayerWidget::showsEmptyState()
{
    const auto *message = child<QLabel>(u"playerMessage"_s);
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), u"Finished clips play here"_s);
    QVERIFY(m_player->clip().isEmpty());
    QVERIFY(!m_player->isPlaying());
    QVERIFY(!child<QToolButton>(u"playerPlay"_s)->isEnabled());
    QVERIFY(!child<QToolButton>(u"playerFullScreen"_s)->isEnabled());

    // Shortcuts on an empty player do nothing, and do not crash.
    focusPlayer();
    QTest::keyClick(focused(), Qt::Key_Space);
    QTest::keyClick(focused(), Qt::Key_Period);
    QTest::keyClick(focused(), Qt::Key_F);
    QVERIFY(!m_player->isPlaying());
    QVERIFY(!m_player->inFullScreen());
}

void TestPlayerWidget::noMediaUntilTheFirstClip()
{
    // Starting the media backend costs start-up time, so an empty player has none of it.
    QCOMPARE(m_player->player(), nullptr);
    QVERIFY(!m_player->findChild<QMediaPlayer *>());
    QVERIFY(!m_player->findChild<QAudioOutput *>());
    QVERIFY(!m_player->findChild<QVideoWidget *>());
    QVERIFY(m_player->isLooping()); // the loop button's default
    QVERIFY(!m_player->isPlaying());

    // Nothing a person or the window can do to an empty player needs one, or breaks.
    m_player->togglePlayback();
    m_player->stepFrames(1);
    m_player->stepFrames(-1);
    m_player->setInFullScreen(true);
    QVERIFY(!m_player->inFullScreen());
    m_player->setLooping(true);
    m_player->setClip(QString());
    focusPlayer();
    for (const Qt::Key key : {Qt::Key_Space, Qt::Key_Period, Qt::Key_Comma, Qt::Key_F, Qt::Key_Escape})
        QTest::keyClick(focused(), key);
    for (const char *name : {"playerPlay", "playerFrameBack", "playerFrameForward", "playerFullScreen"})
        child<QToolButton>(QString::fromLatin1(name))->click();
    auto *seek = child<QSlider>(u"playerSeek"_s);
    seek->triggerAction(QAbstractSlider::SliderPageStepAdd); // a disabled slider still takes programmatic steps
    seek->triggerAction(QAbstractSlider::SliderToMaximum);
    QCOMPARE(m_player->player(), nullptr);
    QVERIFY(!m_player->isPlaying());
    QVERIFY(!m_player->inFullScreen());
    QCOMPARE(child<QLabel>(u"playerMessage"_s)->text(), u"Finished clips play here"_s);
    QVERIFY(!child<QToolButton>(u"playerPlay"_s)->isEnabled());
    QVERIFY(!child<QToolButton>(u"playerFullScreen"_s)->isEnabled());
    QVERIFY(!child<QToolButton>(u"playerFullScreen"_s)->isChecked());
    QCOMPARE(child<QLabel>(u"playerTime"_s)->text(), u"0:00 / 0:00"_s);

    // The first clip brings the media in and plays as ever: looping, sound on at the default volume.
    loadClip(true);
    QMediaPlayer *player = m_player->player();
    QVERIFY(player);
    QCOMPARE(player->loops(), int(QMediaPlayer::Infinite));
    QVERIFY(child<QToolButton>(u"playerLoop"_s)->isChecked());
    QVERIFY(!player->audioOutput()->isMuted());
    QCOMPARE(player->audioOutput()->volume(),
             QAudio::convertVolume(0.8f, QAudio::LogarithmicVolumeScale, QAudio::LinearVolumeScale));
    QCOMPARE(player->playbackRate(), 1.0);
    QTRY_VERIFY(child<QWidget>(u"playerVideo"_s)->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying() && player->position() > 200, kPlayTimeoutMs);
    QCOMPARE(child<QToolButton>(u"playerPlay"_s)->accessibleName(), u"Pause"_s);

    // Emptying it again keeps the media for the next clip.
    m_player->setClip(QString());
    QCOMPARE(m_player->player(), player);
    QVERIFY(!m_player->isPlaying());
}

void TestPlayerWidget::choicesBeforeTheFirstClipAreKept()
{
    auto *loop = child<QToolButton>(u"playerLoop"_s);
    auto *mute = child<QToolButton>(u"playerMute"_s);
    auto *volume = child<QSlider>(u"playerVolume"_s);
    auto *speed = child<QComboBox>(u"playerSpeed"_s);
    focusPlayer();
    QTest::keyClick(focused(), Qt::Key_L);
    QVERIFY(!m_player->isLooping());
    QVERIFY(!loop->isChecked());
    QTest::keyClick(focused(), Qt::Key_M);
    QVERIFY(mute->isChecked());
    QCOMPARE(mute->toolTip(), u"Sound is off: turn it on (M)"_s);
    volume->setValue(30);
    speed->setCurrentIndex(speed->findData(0.5));
    QCOMPARE(m_player->player(), nullptr);

    loadClip(true);
    QMediaPlayer *player = m_player->player();
    QVERIFY(player);
    QCOMPARE(player->loops(), int(QMediaPlayer::Once));
    QVERIFY(!loop->isChecked());
    QVERIFY(player->audioOutput()->isMuted());
    QVERIFY(mute->isChecked());
    QCOMPARE(player->audioOutput()->volume(),
             QAudio::convertVolume(0.3f, QAudio::LogarithmicVolumeScale, QAudio::LinearVolumeScale));
    QCOMPARE(player->playbackRate(), 0.5);
    QCOMPARE(speed->currentData().toDouble(), 0.5);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kPlayTimeoutMs);

    // And the controls drive the player from then on.
    loop->click();
    QCOMPARE(player->loops(), int(QMediaPlayer::Infinite));
    QTest::keyClick(focused(), Qt::Key_M);
    QVERIFY(!player->audioOutput()->isMuted());
    QVERIFY(!mute->isChecked());
}

void TestPlayerWidget::loadsVideoAndAudio()
{
    QSignalSpy loaded(m_player, &PlayerWidget::clipLoaded);
    m_player->setClip(m_clip);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, kLoadTimeoutMs);
    QCOMPARE(loaded.first().at(0).toString(), m_clip);
    QCOMPARE(loaded.first().at(1).toBool(), true); // hasVideo
    QCOMPARE(loaded.first().at(2).toBool(), true); // hasAudio
    QTRY_VERIFY(child<QWidget>(u"playerVideo"_s)->isVisible());
    QVERIFY(!child<QLabel>(u"playerMessage"_s)->isVisible());
    QVERIFY(child<QToolButton>(u"playerPlay"_s)->isEnabled());
}

void TestPlayerWidget::playbackAdvances()
{
    loadClip(true);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kPlayTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->player()->position() > 500, kPlayTimeoutMs);
    QTRY_VERIFY(child<QLabel>(u"playerTime"_s)->text().startsWith(u"0:0"_s));
    QVERIFY(child<QLabel>(u"playerTime"_s)->text().endsWith(u" / 0:03"_s));
}

void TestPlayerWidget::spaceTogglesPause()
{
    loadClip(true);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kPlayTimeoutMs);
    focusPlayer();
    QTest::keyClick(focused(), Qt::Key_Space);
    QTRY_COMPARE(m_player->player()->playbackState(), QMediaPlayer::PausedState);
    QCOMPARE(child<QToolButton>(u"playerPlay"_s)->accessibleName(), u"Play"_s);

    // Space works from any control inside the player, once, without also clicking the focused button.
    child<QToolButton>(u"playerPlay"_s)->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(focused(), child<QToolButton>(u"playerPlay"_s));
    QTest::keyClick(focused(), Qt::Key_Space);
    QTRY_COMPARE(m_player->player()->playbackState(), QMediaPlayer::PlayingState);
    QCOMPARE(child<QToolButton>(u"playerPlay"_s)->accessibleName(), u"Pause"_s);
    const qint64 before = m_player->player()->position();
    QTRY_VERIFY_WITH_TIMEOUT(m_player->player()->position() > before, kPlayTimeoutMs);
}

void TestPlayerWidget::lTogglesLoop()
{
    loadClip(false);
    auto *loop = child<QToolButton>(u"playerLoop"_s);
    QCOMPARE(m_player->player()->loops(), int(QMediaPlayer::Infinite)); // on by default
    QVERIFY(loop->isChecked());
    focusPlayer();
    QTest::keyClick(focused(), Qt::Key_L);
    QCOMPARE(m_player->player()->loops(), int(QMediaPlayer::Once));
    QVERIFY(!loop->isChecked());
    QTest::keyClick(focused(), Qt::Key_L);
    QCOMPARE(m_player->player()->loops(), int(QMediaPlayer::Infinite));
    QVERIFY(loop->isChecked());
    loop->click();
    QCOMPARE(m_player->player()->loops(), int(QMediaPlayer::Once));
}

void TestPlayerWidget::loopingStartsAgainAndOnceStops()
{
    loadClip(true);
    QMediaPlayer *player = m_player->player();
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying() && player->position() > 0, kPlayTimeoutMs);

    // Looping: from near the end, the position comes back round to the start and playback goes on.
    qint64 highest = 0;
    bool wrapped = false;
    QMetaObject::Connection watch = connect(player, &QMediaPlayer::positionChanged, this, [&](qint64 position) {
        highest = std::max(highest, position);
        if (highest > 2400 && position < 1000)
            wrapped = true;
    });
    player->setPosition(2500);
    QTRY_VERIFY_WITH_TIMEOUT(wrapped, kPlayTimeoutMs);
    disconnect(watch);
    QVERIFY(m_player->isPlaying());
    QCOMPARE(player->mediaStatus() == QMediaPlayer::EndOfMedia, false);

    // Once: it reaches the end and stops.
    m_player->setLooping(false);
    player->setPosition(2500);
    QTRY_COMPARE_WITH_TIMEOUT(player->mediaStatus(), QMediaPlayer::EndOfMedia, kPlayTimeoutMs);
    QTRY_VERIFY(!m_player->isPlaying());
}

void TestPlayerWidget::mMutes()
{
    loadClip(false);
    QAudioOutput *audio = m_player->player()->audioOutput();
    QVERIFY(audio);
    QVERIFY(!audio->isMuted());
    focusPlayer();
    QTest::keyClick(focused(), Qt::Key_M);
    QVERIFY(audio->isMuted());
    QVERIFY(child<QToolButton>(u"playerMute"_s)->isChecked());
    QTest::keyClick(focused(), Qt::Key_M);
    QVERIFY(!audio->isMuted());
    child<QToolButton>(u"playerMute"_s)->click();
    QVERIFY(audio->isMuted());
}

void TestPlayerWidget::volumeSliderSetsVolume()
{
    loadClip(false); // the audio output comes with the first clip
    auto *volume = child<QSlider>(u"playerVolume"_s);
    QAudioOutput *audio = m_player->player()->audioOutput();
    volume->setValue(0);
    QCOMPARE(audio->volume(), 0.0f);
    volume->setValue(100);
    QCOMPARE(audio->volume(), 1.0f);
    volume->setValue(50);
    QVERIFY(audio->volume() > 0.0f && audio->volume() < 0.5f); // perceived half loudness is well under half power
}

void TestPlayerWidget::frameStepWhilePaused()
{
    loadClip(false);
    QMediaPlayer *player = m_player->player();
    QTRY_COMPARE(player->playbackState(), QMediaPlayer::PausedState);
    QCOMPARE(player->position(), 0);
    focusPlayer();
    QTest::keyClick(focused(), Qt::Key_Period);
    QTRY_COMPARE(player->position(), 42); // frame 1 of a 24 fps clip starts at 41.7 ms
    QTest::keyClick(focused(), Qt::Key_Period);
    QTRY_COMPARE(player->position(), 84);
    QTest::keyClick(focused(), Qt::Key_Comma);
    QTRY_COMPARE(player->position(), 42);
    QTest::keyClick(focused(), Qt::Key_Comma);
    QTest::keyClick(focused(), Qt::Key_Comma); // not before the start
    QTRY_COMPARE(player->position(), 0);
    QCOMPARE(player->playbackState(), QMediaPlayer::PausedState);
    child<QToolButton>(u"playerFrameForward"_s)->click();
    QTRY_COMPARE(player->position(), 42);
}

void TestPlayerWidget::frameStepPausesFirst()
{
    loadClip(true);
    QMediaPlayer *player = m_player->player();
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying() && player->position() > 200, kPlayTimeoutMs);
    focusPlayer();
    QTest::keyClick(focused(), Qt::Key_Period);
    QTRY_COMPARE(player->playbackState(), QMediaPlayer::PausedState);
    const qint64 paused = player->position();
    QTest::keyClick(focused(), Qt::Key_Period);
    QTRY_VERIFY(player->position() > paused && player->position() <= paused + 84);
}

void TestPlayerWidget::speedSetsPlaybackRate()
{
    loadClip(true);
    auto *speed = child<QComboBox>(u"playerSpeed"_s);
    QCOMPARE(speed->currentData().toDouble(), 1.0);
    QCOMPARE(speed->itemData(0).toDouble(), 0.25);
    QCOMPARE(speed->itemData(speed->count() - 1).toDouble(), 2.0);
    speed->setCurrentIndex(speed->findData(2.0));
    QCOMPARE(m_player->player()->playbackRate(), 2.0);
    speed->setCurrentIndex(speed->findData(0.25));
    QCOMPARE(m_player->player()->playbackRate(), 0.25);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kPlayTimeoutMs);
    const qint64 before = m_player->player()->position();
    QTRY_VERIFY_WITH_TIMEOUT(m_player->player()->position() > before, kPlayTimeoutMs); // slow still plays
}

void TestPlayerWidget::showsResolutionAndDuration()
{
    loadClip(false);
    const QString info = child<QLabel>(u"playerInfo"_s)->text();
    QVERIFY2(info.contains(u"640×360"_s), qPrintable(info));
    QVERIFY2(info.contains(u"0:03"_s), qPrintable(info));
    QVERIFY2(info.contains(u"24 fps"_s), qPrintable(info));
    QTRY_COMPARE(child<QLabel>(u"playerTime"_s)->text(), u"0:00 / 0:03"_s);
}

void TestPlayerWidget::shortcutsStayInThePlayer()
{
    loadClip(true);
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kPlayTimeoutMs);
    m_edit->setFocus(Qt::OtherFocusReason);
    QTRY_COMPARE(focused(), m_edit);
    QTest::keyClicks(m_edit, u"l m f. ,"_s);
    QCOMPARE(m_edit->text(), u"l m f. ,"_s);
    QVERIFY(m_player->isPlaying());
    QCOMPARE(m_player->player()->loops(), int(QMediaPlayer::Infinite));
    QVERIFY(!m_player->player()->audioOutput()->isMuted());
    QVERIFY(!m_player->inFullScreen());

    // A button elsewhere keeps its Space (a text field would swallow the keys even from a window-wide shortcut).
    QSignalSpy clicked(m_button, &QPushButton::clicked);
    m_button->setFocus(Qt::OtherFocusReason);
    QTRY_COMPARE(focused(), m_button);
    QTest::keyClick(m_button, Qt::Key_Space);
    QTest::keyClick(m_button, Qt::Key_L);
    QTest::keyClick(m_button, Qt::Key_M);
    QCOMPARE(clicked.size(), 1);
    QVERIFY(m_player->isPlaying());
    QCOMPARE(m_player->player()->loops(), int(QMediaPlayer::Infinite));
    QVERIFY(!m_player->player()->audioOutput()->isMuted());
}

void TestPlayerWidget::fullScreenAndBack()
{
    loadClip(true);
    auto *content = child<QWidget>(u"playerContent"_s);
    auto *fullScreenWindow = child<QWidget>(u"playerFullScreenWindow"_s);
    focusPlayer();
    QTest::keyClick(focused(), Qt::Key_F);
    QVERIFY(m_player->inFullScreen());
    QVERIFY(fullScreenWindow->isVisible());
    QVERIFY(fullScreenWindow->isWindow());
    QVERIFY(fullScreenWindow->windowState().testFlag(Qt::WindowFullScreen));
    QCOMPARE(content->parentWidget(), fullScreenWindow);
    QVERIFY(content->isVisible());
    QVERIFY(child<QToolButton>(u"playerFullScreen"_s)->isChecked());
    QVERIFY(QTest::qWaitForWindowActive(fullScreenWindow));
    QTRY_VERIFY(focused() && (content->isAncestorOf(focused()) || focused() == content));

    // The shortcuts follow the picture into full screen.
    QTest::keyClick(focused(), Qt::Key_M);
    QVERIFY(m_player->player()->audioOutput()->isMuted());

    QTest::keyClick(focused(), Qt::Key_Escape);
    QVERIFY(!m_player->inFullScreen());
    QVERIFY(!fullScreenWindow->isVisible());
    QCOMPARE(content->parentWidget(), m_player);
    QVERIFY(content->isVisible());
    QVERIFY(content->geometry().height() > 200); // back in its place, at full size
    QVERIFY(!child<QToolButton>(u"playerFullScreen"_s)->isChecked());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTRY_VERIFY(focused() && (content->isAncestorOf(focused()) || focused() == content));
    QTest::keyClick(focused(), Qt::Key_M);
    QVERIFY(!m_player->player()->audioOutput()->isMuted());

    // F toggles back and forth, closing the full-screen window only leaves full screen, and Esc is free outside it.
    QTest::keyClick(focused(), Qt::Key_F);
    QVERIFY(m_player->inFullScreen());
    QVERIFY(fullScreenWindow->close() == false);
    QVERIFY(!m_player->inFullScreen());
    QCOMPARE(content->parentWidget(), m_player);
    QVERIFY(m_window->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kPlayTimeoutMs);

    // A double click on the picture goes full screen, another comes back.
    auto *video = child<QWidget>(u"playerVideo"_s);
    QTest::mouseDClick(video, Qt::LeftButton);
    QVERIFY(m_player->inFullScreen());
    QTest::mouseDClick(video, Qt::LeftButton);
    QVERIFY(!m_player->inFullScreen());
    QCOMPARE(content->parentWidget(), m_player);
}

void TestPlayerWidget::badFileFails_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes"); // written to the file; "-" means do not create it
    QTest::addColumn<QString>("expected"); // a fragment of the message

    QTest::newRow("missing") << u"missing.mp4"_s << QByteArray("-") << u"missing"_s;
    QTest::newRow("text") << u"notes.mp4"_s << QByteArray("These are not the frames you are looking for.\n")
                          << u"Not an MP4"_s;
    QTest::newRow("empty") << u"empty.mp4"_s << QByteArray() << u"empty"_s;
    QTest::newRow("png") << u"picture.mp4"_s << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << u"Not an MP4"_s;
}

void TestPlayerWidget::badFileFails()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);

    const QString path = m_dir.filePath(name);
    if (bytes != "-") {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), bytes.size());
    }
    QSignalSpy loaded(m_player, &PlayerWidget::clipLoaded);
    QSignalSpy failed(m_player, &PlayerWidget::clipFailed);
    m_player->setClip(path);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kLoadTimeoutMs);
    QCOMPARE(failed.first().at(0).toString(), path);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(expected, Qt::CaseInsensitive), qPrintable(message));
    QVERIFY2(message.contains(name), qPrintable(message)); // says which file

    const auto *label = child<QLabel>(u"playerMessage"_s);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), message);
    QVERIFY(!m_player->isPlaying());
    QVERIFY(!child<QToolButton>(u"playerPlay"_s)->isEnabled());
    QVERIFY(!child<QToolButton>(u"playerFullScreen"_s)->isEnabled());
    focusPlayer();
    QTest::keyClick(focused(), Qt::Key_F);
    QTest::keyClick(focused(), Qt::Key_Space);
    QVERIFY(!m_player->inFullScreen());
    QVERIFY(!m_player->isPlaying());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(loaded.size(), 0);
}

void TestPlayerWidget::refusesWhatIsNotAClipInItsFolder()
{
    // A stored record may name anything: a FIFO (opening it would block), a link out of the clips folder.
    const QString folder = m_dir.filePath(u"clips"_s);
    QVERIFY(QDir().mkpath(folder));
    m_player->setClipFolder(folder);
    const QString fifo = folder + u"/fifo.mp4"_s;
    QFile::remove(fifo);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const QString link = folder + u"/link.mp4"_s;
    QFile::remove(link);
    QVERIFY(QFile::link(m_clip, link));
    for (const QString &path : {fifo, link}) {
        QSignalSpy failed(m_player, &PlayerWidget::clipFailed);
        QElapsedTimer clock;
        clock.start();
        m_player->setClip(path, u"A take"_s);
        QVERIFY(clock.elapsed() < 1000); // the window never waits on the file
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kLoadTimeoutMs);
        QVERIFY(!m_player->isShowingPicture());
    }
    // The same clip, inside the folder, plays.
    const QString inside = folder + u"/take.mp4"_s;
    QFile::remove(inside);
    QVERIFY(QFile::copy(m_clip, inside));
    QSignalSpy loaded(m_player, &PlayerWidget::clipLoaded);
    m_player->setClip(inside, u"A take"_s);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, kLoadTimeoutMs);
    QFile::remove(fifo);
}

void TestPlayerWidget::opensAFileTheUserNamesWhereverItIs()
{
    // paddock FILE: the user's own file plays from outside the clips folder, but still only a regular file.
    const QString folder = m_dir.filePath(u"library-clips"_s);
    QVERIFY(QDir().mkpath(folder));
    m_player->setClipFolder(folder);
    QSignalSpy loaded(m_player, &PlayerWidget::clipLoaded);
    QSignalSpy failed(m_player, &PlayerWidget::clipFailed);
    m_player->openFile(m_clip);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, kLoadTimeoutMs);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(m_player->clip(), m_clip);

    const QString fifo = m_dir.filePath(u"named.mp4"_s);
    QFile::remove(fifo);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    m_player->openFile(fifo);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kLoadTimeoutMs);
    QFile::remove(fifo);

    // A stored record's path outside the folder is still refused.
    const QString other = m_dir.filePath(u"elsewhere.mp4"_s);
    QFile::remove(other);
    QVERIFY(QFile::copy(m_clip, other));
    m_player->setClip(other, u"A take"_s);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, kLoadTimeoutMs);
}

void TestPlayerWidget::nextClipReplacesFailure()
{
    QSignalSpy failed(m_player, &PlayerWidget::clipFailed);
    m_player->setClip(m_dir.filePath(u"gone.mp4"_s));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kLoadTimeoutMs);
    loadClip(true);
    QVERIFY(!child<QLabel>(u"playerMessage"_s)->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(m_player->isPlaying(), kPlayTimeoutMs);

    // Emptying the player stops playback and shows the empty state again.
    m_player->setClip(QString());
    QVERIFY(!m_player->isPlaying());
    QCOMPARE(child<QLabel>(u"playerMessage"_s)->text(), u"Finished clips play here"_s);
    QVERIFY(child<QLabel>(u"playerMessage"_s)->isVisible());
    QVERIFY(child<QLabel>(u"playerInfo"_s)->text().isEmpty());
}

void TestPlayerWidget::controlsAreNamed()
{
    const QList<QWidget *> controls = {
        child<QWidget>(u"playerPlay"_s),         child<QWidget>(u"playerFrameBack"_s),
        child<QWidget>(u"playerFrameForward"_s), child<QWidget>(u"playerSeek"_s),
        child<QWidget>(u"playerLoop"_s),         child<QWidget>(u"playerMute"_s),
        child<QWidget>(u"playerVolume"_s),       child<QWidget>(u"playerSpeed"_s),
        child<QWidget>(u"playerFullScreen"_s),
    };
    for (const QWidget *control : controls) {
        QVERIFY2(!control->accessibleName().isEmpty(), qPrintable(control->objectName()));
        QVERIFY2(!control->toolTip().isEmpty(), qPrintable(control->objectName()));
    }
    for (const char *name :
         {"playerPlay", "playerFrameBack", "playerFrameForward", "playerLoop", "playerMute", "playerFullScreen"})
        QVERIFY2(!child<QToolButton>(QString::fromLatin1(name))->icon().isNull(), name);
}

QTEST_MAIN(TestPlayerWidget)
#include "tst_playerwidget.moc"
