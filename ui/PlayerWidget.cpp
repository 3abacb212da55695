#include "PlayerWidget.h"

#include "UiColors.h"
#include "VideoSurface.h"

#include "media/FrameRelay.h"

#include <QApplication>
#include <QAudio>
#include <QAudioOutput>
#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QFuture>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMediaMetaData>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QScreen>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSlider>
#include <QStackedWidget>
#include <QStyle>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>
#include <QWindow>

#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr double kFallbackFrameRate = 24.0;
constexpr int kDefaultVolumePercent = 80;
constexpr double kSpeeds[] = {0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0};

QString quoted(const QString &text)
{
    return u"\u201C%1\u201D"_s.arg(text);
}

// A prompt made fit for one line: whitespace runs (line breaks included) become single spaces.
QString oneLine(const QString &text)
{
    return text.simplified();
}

constexpr int kPlaceholderTitleChars = 80;

// The volume slider reads in perceived loudness; the output wants a linear factor.
float linearVolume(int percent)
{
    return QAudio::convertVolume(percent / 100.0f, QAudio::LogarithmicVolumeScale, QAudio::LinearVolumeScale);
}

} // namespace

PlayerWidget::PlayerWidget(QWidget *parent) : QWidget(parent)
{
    // No QMediaPlayer or QVideoWidget yet: making either starts the GStreamer backend, tens of milliseconds of
    // start-up spent before there is anything to play. ensureMedia() makes them when the first clip arrives; until
    // then the controls hold the person's choices (loop, mute, volume, speed) and the player takes them from there.
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);

    // Everything lives in m_content so that full screen can move it to another window without taking the player
    // itself out of whatever layout or splitter holds it.
    m_content = new QWidget(this);
    m_content->setObjectName(u"playerContent"_s);
    m_content->setFocusPolicy(Qt::StrongFocus);
    m_content->setAccessibleName(tr("Clip player"));
    setFocusProxy(m_content);
    m_layout->addWidget(m_content);

    m_fullScreenPlaceholder = new QLabel(tr("Playing full screen. Press Esc to come back."), this);
    m_fullScreenPlaceholder->setAlignment(Qt::AlignCenter);
    m_fullScreenPlaceholder->setWordWrap(true);
    m_fullScreenPlaceholder->setForegroundRole(QPalette::PlaceholderText);
    m_fullScreenPlaceholder->hide();
    m_layout->addWidget(m_fullScreenPlaceholder);

    m_fullScreenWindow = new QWidget(this, Qt::Window);
    m_fullScreenWindow->setObjectName(u"playerFullScreenWindow"_s);
    auto *fullScreenLayout = new QVBoxLayout(m_fullScreenWindow);
    fullScreenLayout->setContentsMargins(0, 0, 0, 0);
    m_fullScreenWindow->installEventFilter(this); // closing it by the window manager only leaves full screen
    m_content->installEventFilter(this);          // double clicks on the picture, which reach it unhandled

    buildControls();
    buildShortcuts();

    connect(m_volume, &QSlider::valueChanged, this, [this](int value) {
        if (m_audio)
            m_audio->setVolume(linearVolume(value));
    });
    m_volume->setValue(kDefaultVolumePercent);

    setClip(QString());
}

PlayerWidget::~PlayerWidget()
{
    // Stop the pipeline and let go of it before the video widget it renders into goes away: the video widget sits in
    // m_content, an older child than the player, so it would otherwise be destroyed first.
    if (m_player) {
        m_player->stop();
        delete m_player;
        m_player = nullptr;
    }
}

void PlayerWidget::ensureMedia()
{
    if (m_player)
        return;
    buildVideo();
    m_player = new QMediaPlayer(this);
    m_audio = new QAudioOutput(this);
    m_player->setAudioOutput(m_audio);
    // Whatever was chosen on the controls before the first clip is what the player starts with.
    m_player->setLoops(m_loopButton->isChecked() ? QMediaPlayer::Infinite : QMediaPlayer::Once);
    m_player->setPlaybackRate(m_speed->currentData().toDouble());
    m_audio->setMuted(m_muteButton->isChecked());
    m_audio->setVolume(linearVolume(m_volume->value()));
    // Frames reach the picture through a relay on a thread of its own: see FrameRelay for the freeze this avoids.
    m_relay = new FrameRelay(this);
    m_player->setVideoOutput(m_relay->sink());

    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, &PlayerWidget::onMediaStatusChanged);
    connect(m_player, &QMediaPlayer::errorOccurred, this, &PlayerWidget::onErrorOccurred);
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, &PlayerWidget::updatePlayButton);
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, [this](QMediaPlayer::PlaybackState state) {
        if (state == QMediaPlayer::PlayingState)
            Q_EMIT startedPlaying();
    });
    connect(m_player, &QMediaPlayer::loopsChanged, this, [this] {
        const QSignalBlocker blocker(m_loopButton);
        m_loopButton->setChecked(isLooping());
    });
    connect(m_player, &QMediaPlayer::playbackRateChanged, this, [this](qreal rate) {
        const int index = m_speed->findData(rate);
        if (index >= 0) {
            const QSignalBlocker blocker(m_speed);
            m_speed->setCurrentIndex(index);
        }
    });
    connect(m_player, &QMediaPlayer::durationChanged, this, [this](qint64 duration) {
        m_seek->setRange(0, int(duration));
        updateTimeLabel();
        updateInfoLabel();
    });
    connect(m_player, &QMediaPlayer::positionChanged, this, [this](qint64 position) {
        // A clip whose time runs is showing, even where the platform hands no frames to the sink.
        if (position > 0 && m_loadedReported && isCurrentSource() && m_player->hasVideo())
            showPicture();
        if (!m_seek->isSliderDown()) {
            const QSignalBlocker blocker(m_seek);
            m_seek->setValue(int(position));
        }
        updateTimeLabel();
    });
    connect(m_player, &QMediaPlayer::metaDataChanged, this, &PlayerWidget::updateInfoLabel);
    // The picture is shown when a frame of the clip really reaches it, not when the player says it has loaded.
    connect(m_relay, &FrameRelay::frameArrived, this, &PlayerWidget::onVideoFrame);
    connect(m_audio, &QAudioOutput::mutedChanged, this, &PlayerWidget::updateMuteButton);
}

void PlayerWidget::buildVideo()
{
    m_video = VideoSurface::create(m_stack, m_content);
    m_video->setObjectName(u"playerVideo"_s);
    m_video->setAccessibleName(tr("Video"));
    m_video->setMinimumSize(240, 135);
    m_stack->addWidget(m_video); // stays hidden behind the message until a clip has loaded
}

void PlayerWidget::buildControls()
{
    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->setSpacing(4);

    m_caption = new QLabel(m_content);
    m_caption->setObjectName(u"playerCaption"_s);
    m_caption->setAccessibleName(tr("Take"));
    m_caption->setTextFormat(Qt::PlainText);
    // A long prompt is elided to the width there is; it never widens the window.
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_caption->hide();
    contentLayout->addWidget(m_caption);

    m_stack = new QStackedWidget(m_content);
    m_message = new QLabel(m_stack);
    m_message->setObjectName(u"playerMessage"_s);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse); // a person may want to copy an error
    m_message->setMargin(16);
    m_message->setMinimumSize(240, 135);
    m_stack->addWidget(m_message); // the picture joins it with the first clip, see buildVideo()
    contentLayout->addWidget(m_stack, 1);

    auto makeButton = [this](const QString &objectName) {
        auto *button = new QToolButton(m_content);
        button->setObjectName(objectName);
        button->setAutoRaise(true);
        button->setFocusPolicy(Qt::TabFocus); // clicking keeps focus where it was, so shortcuts keep working
        return button;
    };

    auto *seekRow = new QHBoxLayout;
    m_seek = new QSlider(Qt::Horizontal, m_content);
    m_seek->setObjectName(u"playerSeek"_s);
    m_seek->setAccessibleName(tr("Position"));
    m_seek->setToolTip(tr("Position: drag to scrub through the clip"));
    m_seek->setSingleStep(1000);
    m_seek->setPageStep(5000);
    m_time = new QLabel(m_content);
    m_time->setObjectName(u"playerTime"_s);
    m_time->setAccessibleName(tr("Time"));
    m_time->setToolTip(tr("Current time / length of the clip"));
    seekRow->addWidget(m_seek, 1);
    seekRow->addWidget(m_time);
    contentLayout->addLayout(seekRow);

    auto *buttonRow = new QHBoxLayout;
    m_playButton = makeButton(u"playerPlay"_s);
    m_backButton = makeButton(u"playerFrameBack"_s);
    m_backButton->setIcon(style()->standardIcon(QStyle::SP_MediaSeekBackward));
    m_backButton->setAccessibleName(tr("Previous frame"));
    m_backButton->setToolTip(tr("Previous frame (,)"));
    m_forwardButton = makeButton(u"playerFrameForward"_s);
    m_forwardButton->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    m_forwardButton->setAccessibleName(tr("Next frame"));
    m_forwardButton->setToolTip(tr("Next frame (.)"));

    m_info = new QLabel(m_content);
    m_info->setObjectName(u"playerInfo"_s);
    m_info->setAccessibleName(tr("Clip size and length"));
    m_info->setToolTip(tr("Picture size, frame rate and length of the clip"));
    m_info->setForegroundRole(QPalette::PlaceholderText);

    m_loopButton = makeButton(u"playerLoop"_s);
    m_loopButton->setCheckable(true);
    m_loopButton->setChecked(true);
    m_loopButton->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_loopButton->setAccessibleName(tr("Loop"));
    m_loopButton->setToolTip(tr("Loop: play the clip again and again (L)"));

    m_muteButton = makeButton(u"playerMute"_s);
    m_muteButton->setCheckable(true);
    m_muteButton->setAccessibleName(tr("Mute"));

    m_volume = new QSlider(Qt::Horizontal, m_content);
    m_volume->setObjectName(u"playerVolume"_s);
    m_volume->setRange(0, 100);
    m_volume->setMaximumWidth(100);
    m_volume->setAccessibleName(tr("Volume"));
    m_volume->setToolTip(tr("Volume"));
    m_volume->setFocusPolicy(Qt::TabFocus);

    m_speed = new QComboBox(m_content);
    m_speed->setObjectName(u"playerSpeed"_s);
    m_speed->setAccessibleName(tr("Playback speed"));
    m_speed->setToolTip(tr("Playback speed"));
    m_speed->setFocusPolicy(Qt::TabFocus);
    for (const double speed : kSpeeds)
        m_speed->addItem(u"%1×"_s.arg(QLocale().toString(speed, 'g', 3)), speed);
    m_speed->setCurrentIndex(m_speed->findData(1.0));

    m_fullScreenButton = makeButton(u"playerFullScreen"_s);
    m_fullScreenButton->setCheckable(true);

    buttonRow->addWidget(m_playButton);
    buttonRow->addWidget(m_backButton);
    buttonRow->addWidget(m_forwardButton);
    buttonRow->addSpacing(8);
    buttonRow->addWidget(m_info, 1);
    buttonRow->addWidget(m_loopButton);
    buttonRow->addWidget(m_muteButton);
    buttonRow->addWidget(m_volume);
    buttonRow->addWidget(m_speed);
    buttonRow->addWidget(m_fullScreenButton);
    contentLayout->addLayout(buttonRow);

    connect(m_playButton, &QToolButton::clicked, this, &PlayerWidget::togglePlayback);
    connect(m_backButton, &QToolButton::clicked, this, [this] { stepFrames(-1); });
    connect(m_forwardButton, &QToolButton::clicked, this, [this] { stepFrames(1); });
    connect(m_loopButton, &QToolButton::toggled, this, &PlayerWidget::setLooping);
    connect(m_muteButton, &QToolButton::toggled, this, &PlayerWidget::setMuted);
    connect(m_fullScreenButton, &QToolButton::toggled, this, &PlayerWidget::setInFullScreen);
    connect(m_seek, &QSlider::sliderMoved, this, [this](int value) { seekTo(value); });
    // Clicks on the groove and keyboard steps change the value without moving the handle by hand.
    connect(m_seek, &QSlider::actionTriggered, this, [this](int action) {
        if (action != QAbstractSlider::SliderMove)
            seekTo(m_seek->sliderPosition());
    });
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (m_player)
            m_player->setPlaybackRate(m_speed->itemData(index).toDouble());
    });

    updatePlayButton();
    updateMuteButton();
    updateFullScreenButton();
    updateTimeLabel();
}

void PlayerWidget::buildShortcuts()
{
    // The shortcuts belong to m_content, not to the player: m_content is what moves to the full-screen window,
    // and WidgetWithChildrenShortcut keeps them from firing while a text field elsewhere has the focus.
    auto add = [this](const QKeySequence &keys, auto slot) {
        auto *shortcut = new QShortcut(keys, m_content);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        shortcut->setAutoRepeat(false);
        connect(shortcut, &QShortcut::activated, this, slot);
        return shortcut;
    };
    add(QKeySequence(Qt::Key_Space), [this] { togglePlayback(); });
    add(QKeySequence(Qt::Key_L), [this] { setLooping(!isLooping()); });
    add(QKeySequence(Qt::Key_M), [this] { setMuted(!isMuted()); });
    add(QKeySequence(Qt::Key_F), [this] { setInFullScreen(!m_inFullScreen); });
    add(QKeySequence(Qt::Key_Comma), [this] { stepFrames(-1); })->setAutoRepeat(true);
    add(QKeySequence(Qt::Key_Period), [this] { stepFrames(1); })->setAutoRepeat(true);
    // Esc only means something in full screen; elsewhere it stays free for dialogs and the window.
    m_escapeShortcut = add(QKeySequence(Qt::Key_Escape), [this] { setInFullScreen(false); });
    m_escapeShortcut->setEnabled(false);
}

void PlayerWidget::openFile(const QString &path)
{
    m_userFile = path;
    setClip(path);
}

void PlayerWidget::setClip(const QString &path, const QString &title, bool autoplay)
{
    ++m_loadSerial;
    m_clip = path;
    m_title = oneLine(title);
    m_autoplay = autoplay;
    m_loadedReported = false;
    m_sourceIsCurrent = false;
    m_pictureShown = false;
    m_failed = false;
    m_clipInfo = Mp4Info();
    if (!path.isEmpty())
        ensureMedia();
    // The last clip falls silent at once; its pipeline is let go once the new clip's file has been checked.
    const quint64 serial = m_loadSerial;
    if (m_player && m_player->playbackState() == QMediaPlayer::PlayingState)
        m_player->pause();
    setControlsEnabled(false);
    updateCaption();
    updateInfoLabel();
    updateTimeLabel();

    if (path.isEmpty()) {
        setInFullScreen(false);
        showMessage(tr("Finished clips play here"), false);
        releaseSource();
        return;
    }
    // Once the picture is up it stays up while the next take opens (it goes dark, and the caption says what is
    // opening): hiding the video's native window and showing it again costs far more than the switch itself.
    if (m_stack->currentWidget() == m_video)
        m_message->setText(openingText());
    else
        showMessage(openingText(), false);
    updateCaption();

    // Even a box scan reads the disk, which may be slow or remote: it runs on the thread pool, and the answer comes
    // back on the GUI thread only while this widget exists (the context object cancels it otherwise).
    QtFuture::makeReadyFuture()
        .then(QThreadPool::globalInstance(),
              [path, folder = path == m_userFile ? QString() : m_clipFolder] { return ClipCheck::run(path, folder); })
        .then(this, [this, serial](const ClipCheck &check) { applyCheck(serial, check); });
}

QString PlayerWidget::openingText() const
{
    QString name = caption();
    if (name.size() > kPlaceholderTitleChars)
        name = name.left(kPlaceholderTitleChars - 1).trimmed() + u'\u2026';
    return tr("Opening %1\u2026").arg(quoted(name));
}

QString PlayerWidget::caption() const
{
    if (!m_title.isEmpty())
        return m_title;
    return QFileInfo(m_clip).fileName();
}

void PlayerWidget::applyCheck(quint64 serial, const ClipCheck &check)
{
    if (serial != m_loadSerial)
        return; // a later setClip() took over
    releaseSource();
    if (!check.error.isEmpty()) {
        fail(check.error);
        return;
    }
    m_clipInfo = check.info;
    updateInfoLabel();
    // Whatever the old pipeline had queued for this thread before it stopped (frames, a "loaded" status) is still
    // in the event queue: the new source is set behind it, so none of it is taken for the new clip's. (Before this,
    // a "loaded" left over from the last clip was taken for the new one's, and its picture stayed hidden for good.)
    QMetaObject::invokeMethod(
        this, [this, serial] { startSource(serial); }, Qt::QueuedConnection);
}

void PlayerWidget::releaseSource()
{
    m_sourceIsCurrent = false;
    if (m_player && !m_player->source().isEmpty())
        m_player->setSource(QUrl());
}

void PlayerWidget::startSource(quint64 serial)
{
    if (serial != m_loadSerial)
        return;
    m_sourceIsCurrent = true;
    m_player->setSource(QUrl::fromLocalFile(m_clip));
    if (m_autoplay)
        m_player->play();
    else
        m_player->pause(); // prerolls, so the first frame shows
}

bool PlayerWidget::isCurrentSource() const
{
    return m_player && m_sourceIsCurrent && !m_failed && !m_clip.isEmpty();
}

void PlayerWidget::onVideoFrame(const QVideoFrame &frame)
{
    // Frames of the last clip that were still on their way are not shown under the new one's name.
    if (frame.isValid() && !isCurrentSource())
        return;
    m_video->videoSink()->setVideoFrame(frame);
    if (frame.isValid())
        showPicture();
}

void PlayerWidget::showPicture()
{
    if (m_pictureShown)
        return;
    m_pictureShown = true;
    m_stack->setCurrentWidget(m_video);
    updateCaption();
    Q_EMIT pictureShown(m_clip);
}

void PlayerWidget::onMediaStatusChanged(QMediaPlayer::MediaStatus status)
{
    if (!isCurrentSource())
        return; // the last clip's pipeline, or the empty source between two clips
    switch (status) {
    case QMediaPlayer::LoadedMedia:
    case QMediaPlayer::BufferingMedia:
    case QMediaPlayer::BufferedMedia:
        if (!m_loadedReported) {
            m_loadedReported = true;
            setControlsEnabled(true);
            updateInfoLabel();
            if (!m_player->hasVideo())
                showMessage(tr("%1 has sound only: there is no picture to show.").arg(quoted(caption())), false);
            Q_EMIT clipLoaded(m_clip, m_player->hasVideo(), m_player->hasAudio());
        }
        break;
    case QMediaPlayer::InvalidMedia:
        fail(tr("Cannot play %1: %2")
                 .arg(quoted(caption()), m_player->errorString().isEmpty() ? tr("the media player cannot read it.")
                                                                           : m_player->errorString()));
        break;
    default:
        break;
    }
}

void PlayerWidget::onErrorOccurred(QMediaPlayer::Error error, const QString &errorString)
{
    if (error == QMediaPlayer::NoError || !isCurrentSource())
        return;
    fail(tr("Cannot play %1: %2").arg(quoted(caption()), errorString));
}

void PlayerWidget::fail(const QString &message)
{
    if (m_failed)
        return; // the first problem is the one worth reading; later ones are its echoes
    m_failed = true;
    if (m_player)
        m_player->stop();
    setControlsEnabled(false);
    showMessage(message, true);
    Q_EMIT clipFailed(m_clip, message);
}

void PlayerWidget::showMessage(const QString &text, bool problem)
{
    m_messageIsProblem = problem;
    m_message->setText(text);
    m_message->setStyleSheet(problem ? UiColors::problemStyle(palette()) : QString());
    m_message->setForegroundRole(problem ? QPalette::WindowText : QPalette::PlaceholderText);
    m_stack->setCurrentWidget(m_message);
    updateCaption();
}

void PlayerWidget::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_messageIsProblem)
        m_message->setStyleSheet(UiColors::problemStyle(palette())); // stays readable after a theme switch
}

void PlayerWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateCaption();
}

void PlayerWidget::updateCaption()
{
    const bool opening = !m_pictureShown && !m_failed && m_video && m_stack->currentWidget() == m_video;
    const QString text = m_clip.isEmpty() ? QString() : opening ? openingText() : caption();
    m_caption->setVisible(!text.isEmpty());
    m_caption->setToolTip(text);
    const int width = std::max(0, m_caption->contentsRect().width());
    m_caption->setText(m_caption->fontMetrics().elidedText(text, Qt::ElideRight, width > 0 ? width : 400));
}

void PlayerWidget::setControlsEnabled(bool enabled)
{
    for (QWidget *control : {static_cast<QWidget *>(m_playButton), static_cast<QWidget *>(m_backButton),
                             static_cast<QWidget *>(m_forwardButton), static_cast<QWidget *>(m_seek)})
        control->setEnabled(enabled);
    m_fullScreenButton->setEnabled(enabled || m_inFullScreen); // the way back out must stay open
    if (!enabled) {
        const QSignalBlocker blocker(m_seek);
        m_seek->setRange(0, 0);
    }
}

bool PlayerWidget::isPlaying() const
{
    return m_player && m_player->playbackState() == QMediaPlayer::PlayingState;
}

void PlayerWidget::togglePlayback()
{
    if (!m_player || !m_loadedReported || m_failed)
        return;
    if (isPlaying())
        m_player->pause();
    else
        m_player->play();
}

void PlayerWidget::pause()
{
    if (m_player && isPlaying())
        m_player->pause();
}

bool PlayerWidget::isLooping() const
{
    return m_player ? m_player->loops() == QMediaPlayer::Infinite : m_loopButton->isChecked();
}

void PlayerWidget::setLooping(bool loop)
{
    if (m_player) {
        m_player->setLoops(loop ? QMediaPlayer::Infinite : QMediaPlayer::Once); // loopsChanged updates the button
        return;
    }
    const QSignalBlocker blocker(m_loopButton);
    m_loopButton->setChecked(loop); // kept there for ensureMedia()
}

bool PlayerWidget::isMuted() const
{
    return m_audio ? m_audio->isMuted() : m_muteButton->isChecked();
}

void PlayerWidget::setMuted(bool muted)
{
    if (m_audio) {
        m_audio->setMuted(muted); // mutedChanged updates the button
        return;
    }
    {
        const QSignalBlocker blocker(m_muteButton);
        m_muteButton->setChecked(muted); // kept there for ensureMedia()
    }
    updateMuteButton();
}

void PlayerWidget::stepFrames(int frames)
{
    if (!m_player || !m_loadedReported || m_failed)
        return;
    if (isPlaying())
        m_player->pause();
    const double fps = m_clipInfo.frameRate > 0 ? m_clipInfo.frameRate : kFallbackFrameRate;
    // Work in frame numbers so repeated steps land on frame starts instead of drifting by rounding.
    const double frameMs = 1000.0 / fps;
    const qint64 frame = qint64(std::floor(m_player->position() / frameMs + 0.5)) + frames;
    seekTo(qint64(std::ceil(double(frame) * frameMs)));
}

void PlayerWidget::seekTo(qint64 positionMs)
{
    if (!m_player)
        return;
    const qint64 duration = m_player->duration();
    positionMs = std::max<qint64>(0, duration > 0 ? std::min(positionMs, duration) : positionMs);
    m_player->setPosition(positionMs);
}

void PlayerWidget::setInFullScreen(bool fullScreen)
{
    if (fullScreen == m_inFullScreen)
        return;
    if (fullScreen && (!m_loadedReported || m_failed)) {
        updateFullScreenButton(); // the button was toggled: put it back
        return;
    }
    m_inFullScreen = fullScreen;
    const bool hadFocus = m_content->hasFocus() || m_content->isAncestorOf(QApplication::focusWidget());
    if (fullScreen) {
        m_fullScreenWindow->setWindowTitle(caption());
        m_fullScreenWindow->layout()->addWidget(m_content);
        m_content->show();
        m_fullScreenPlaceholder->show();
        // Window managers size a full-screen window themselves; without one (a bare X server) this does it.
        if (const QScreen *screen = window()->screen())
            m_fullScreenWindow->setGeometry(screen->geometry());
        m_fullScreenWindow->showFullScreen();
        m_fullScreenWindow->activateWindow();
        m_content->setFocus(Qt::OtherFocusReason);
    } else {
        m_fullScreenPlaceholder->hide();
        m_layout->insertWidget(0, m_content);
        m_content->show();
        m_fullScreenWindow->hide();
        if (hadFocus) {
            window()->activateWindow();
            m_content->setFocus(Qt::OtherFocusReason);
        }
    }
    m_escapeShortcut->setEnabled(fullScreen);
    m_fullScreenButton->setEnabled(fullScreen || (m_loadedReported && !m_failed));
    updateFullScreenButton();
}

bool PlayerWidget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_content && event->type() == QEvent::MouseButtonDblClick && m_stack->currentWidget() == m_video &&
        m_stack->geometry().contains(static_cast<QMouseEvent *>(event)->position().toPoint())) {
        setInFullScreen(!m_inFullScreen); // as in every other player
        return true;
    }
    if (watched == m_fullScreenWindow && event->type() == QEvent::Close) {
        event->ignore();
        setInFullScreen(false);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void PlayerWidget::updatePlayButton()
{
    const bool playing = isPlaying();
    m_playButton->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playButton->setAccessibleName(playing ? tr("Pause") : tr("Play"));
    m_playButton->setToolTip(playing ? tr("Pause (Space)") : tr("Play (Space)"));
}

void PlayerWidget::updateMuteButton()
{
    const bool muted = isMuted();
    {
        const QSignalBlocker blocker(m_muteButton);
        m_muteButton->setChecked(muted);
    }
    m_muteButton->setIcon(style()->standardIcon(muted ? QStyle::SP_MediaVolumeMuted : QStyle::SP_MediaVolume));
    m_muteButton->setToolTip(muted ? tr("Sound is off: turn it on (M)") : tr("Mute (M)"));
}

void PlayerWidget::updateFullScreenButton()
{
    {
        const QSignalBlocker blocker(m_fullScreenButton);
        m_fullScreenButton->setChecked(m_inFullScreen);
    }
    m_fullScreenButton->setIcon(
        style()->standardIcon(m_inFullScreen ? QStyle::SP_TitleBarNormalButton : QStyle::SP_TitleBarMaxButton));
    m_fullScreenButton->setAccessibleName(m_inFullScreen ? tr("Leave full screen") : tr("Full screen"));
    m_fullScreenButton->setToolTip(m_inFullScreen ? tr("Leave full screen (Esc or F)") : tr("Full screen (F)"));
}

QString PlayerWidget::formatTime(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms) / 1000;
    if (seconds >= 3600)
        return u"%1:%2:%3"_s.arg(seconds / 3600)
            .arg(seconds / 60 % 60, 2, 10, QChar(u'0'))
            .arg(seconds % 60, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
}

void PlayerWidget::updateTimeLabel()
{
    // The total is rounded to whole seconds so that a 3 s clip whose audio runs to 3.02 s still reads "0:03".
    const qint64 playerDuration = m_player ? m_player->duration() : 0;
    const qint64 duration =
        playerDuration > 0 ? playerDuration : qint64(std::llround(m_clipInfo.durationSeconds * 1000));
    const qint64 total = (duration + 500) / 1000 * 1000;
    const qint64 position = m_player ? m_player->position() : 0;
    m_time->setText(u"%1 / %2"_s.arg(formatTime(std::min(position, total)), formatTime(total)));
}

void PlayerWidget::updateInfoLabel()
{
    if (m_clip.isEmpty() || m_failed) {
        m_info->clear();
        return;
    }
    QStringList parts;
    QSize size(m_clipInfo.width, m_clipInfo.height);
    if (size.isEmpty() && m_player)
        size = m_player->metaData().value(QMediaMetaData::Resolution).toSize();
    if (!size.isEmpty())
        parts << u"%1×%2"_s.arg(size.width()).arg(size.height());
    else if (m_clipInfo.valid && !m_clipInfo.hasVideo)
        parts << tr("Sound only");
    if (m_clipInfo.frameRate > 0)
        parts << tr("%1 fps").arg(QLocale().toString(m_clipInfo.frameRate, 'g', 4));
    const double playerSeconds = m_player ? m_player->duration() / 1000.0 : 0.0;
    const double seconds = m_clipInfo.durationSeconds > 0 ? m_clipInfo.durationSeconds : playerSeconds;
    if (seconds > 0)
        parts << formatTime(std::llround(seconds) * 1000);
    m_info->setText(parts.join(u" · "_s));
}
