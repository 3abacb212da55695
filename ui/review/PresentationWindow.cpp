#include "review/PresentationWindow.h"

#include "VideoSurface.h"
#include "media/CuePlayer.h"
#include "review/DirectorView.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QVideoFrame>
#include <QVideoSink>
#include <QVideoWidget>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr int kCursorHideMs = 1500;

} // namespace

PresentationWindow::PresentationWindow(const Playlist &playlist, const QString &clipFolder, QWidget *parent)
    : QWidget(parent, Qt::Window), m_playlist(playlist), m_clipFolder(clipFolder)
{
    setObjectName(u"presentationWindow"_s);
    setWindowTitle(tr("Presentation"));
    setAccessibleName(tr("Presentation"));
    setFocusPolicy(Qt::StrongFocus);
    QPalette dark = palette();
    dark.setColor(QPalette::Window, Qt::black);
    dark.setColor(QPalette::WindowText, Qt::white);
    setPalette(dark);
    setAutoFillBackground(true);
    setMouseTracking(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_stack = new QStackedWidget(this);
    m_stack->setAccessibleName(tr("Screen"));
    m_stack->setMouseTracking(true);
    m_video = VideoSurface::create(m_stack, this);
    m_video->setAccessibleName(tr("Take"));
    m_video->setMouseTracking(true);
    m_blackPage = new QWidget(m_stack);
    m_blackPage->setAccessibleName(tr("Black screen"));
    m_blackPage->setMouseTracking(true);
    m_stack->addWidget(m_video);
    m_stack->addWidget(m_blackPage);
    layout->addWidget(m_stack, 1);

    m_caption = new QLabel(this);
    m_caption->setObjectName(u"presentationCaption"_s);
    m_caption->setAccessibleName(tr("Caption"));
    m_caption->setTextFormat(Qt::PlainText);
    m_caption->setAlignment(Qt::AlignCenter);
    m_caption->setWordWrap(true);
    m_caption->setMargin(16);
    m_caption->setMouseTracking(true);
    QFont captionFont = m_caption->font();
    captionFont.setPointSizeF(captionFont.pointSizeF() * 1.6);
    m_caption->setFont(captionFont);
    m_caption->hide();
    layout->addWidget(m_caption);

    m_live = new CuePlayer(this);
    m_cued = new CuePlayer(this);
    for (CuePlayer *player : {m_live, m_cued}) {
        player->setMuted(true);
        connect(player, &CuePlayer::frameArrived, this,
                [this, player](const QVideoFrame &frame) { onFrame(player, frame); });
        connect(player, &CuePlayer::finished, this, [this, player] {
            if (player == m_live && !m_loopEach && m_playlist.next() >= 0)
                next();
        });
        connect(player, &CuePlayer::failed, this, [this](const QString &, const QString &) { updateDirector(); });
    }

    m_cursorTimer = new QTimer(this);
    m_cursorTimer->setSingleShot(true);
    m_cursorTimer->setInterval(kCursorHideMs);
    connect(m_cursorTimer, &QTimer::timeout, this, [this] { setCursor(Qt::BlankCursor); });
    qApp->installEventFilter(this); // pointer moves over any part of the window bring the cursor back

    buildKeys();
    if (!m_playlist.isEmpty())
        goTo(m_playlist.current());
}

PresentationWindow::~PresentationWindow() = default;

QAction *PresentationWindow::addKey(const QString &name, const QList<QKeySequence> &keys, std::function<void()> run)
{
    auto *action = new QAction(name, this);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    action->setAutoRepeat(false);
    connect(action, &QAction::triggered, this, std::move(run));
    addAction(action);
    m_keys.append(action);
    return action;
}

void PresentationWindow::buildKeys()
{
    addKey(tr("Next take"), {Qt::Key_Right, Qt::Key_PageDown}, [this] { next(); });
    addKey(tr("Previous take"), {Qt::Key_Left, Qt::Key_PageUp}, [this] { previous(); });
    addKey(tr("First take"), {Qt::Key_Home}, [this] { goTo(0); });
    addKey(tr("Last take"), {Qt::Key_End}, [this] { goTo(m_playlist.size() - 1); });
    addKey(tr("Pause or play"), {Qt::Key_Space}, [this] { togglePause(); });
    addKey(tr("Loop each take"), {Qt::Key_L}, [this] { setLoopsEachTake(!m_loopEach); });
    addKey(tr("Captions"), {Qt::Key_C}, [this] { setCaptionsShown(!m_captionsOn); });
    addKey(tr("Black screen"), {Qt::Key_B}, [this] { setBlack(!m_black); });
    addKey(tr("Favourite"), {Qt::Key_F}, [this] { toggleFavourite(); });
    addKey(tr("Clear rating"), {Qt::Key_0}, [this] { rate(0); });
    for (int stars = 1; stars <= 5; ++stars)
        addKey(tr("Rate %n star(s)", nullptr, stars), {Qt::Key(Qt::Key_0 + stars)}, [this, stars] { rate(stars); });
    addKey(tr("Leave the presentation"), {Qt::Key_Escape}, [this] { close(); });
}

void PresentationWindow::goTo(int index)
{
    index = m_playlist.clamped(index);
    if (index < 0 || (!m_playlist.setCurrent(index) && !m_live->clip().isEmpty()))
        return;
    const QString path = m_playlist.at(index).clipPath;
    // The cued player normally holds this take already, paused on its first frame; otherwise it opens it now and
    // the last picture stays up until the take's first frame arrives.
    if (m_cued->clip() != path || m_cued->hasFailed() || m_cued->hasPlayed())
        m_cued->cue(path, m_clipFolder);
    std::swap(m_live, m_cued);
    m_cued->pause();
    m_cued->setMuted(true);
    m_live->setLooping(m_loopEach);
    m_live->setMuted(false);
    m_pausedByDirector = false;
    m_waitingForCut = true;
    if (m_live->isReady())
        onFrame(m_live, m_live->lastFrame()); // the cut: the picture is there before the pipeline even runs
    if (!m_black)
        m_live->play();
    cueNext();
    updateCaption();
    updateDirector();
}

void PresentationWindow::cueNext()
{
    const int next = m_playlist.next();
    const QString path = next >= 0 ? m_playlist.at(next).clipPath : QString();
    if (m_cued->clip() != path || m_cued->hasFailed() || m_cued->hasPlayed())
        m_cued->cue(path, m_clipFolder);
}

void PresentationWindow::onFrame(CuePlayer *from, const QVideoFrame &frame)
{
    if (from != m_live)
        return; // the cued take keeps its first frame to itself until the cut
    m_video->videoSink()->setVideoFrame(frame);
    if (m_waitingForCut) {
        m_waitingForCut = false;
        Q_EMIT takeShown(m_playlist.current());
    }
}

bool PresentationWindow::isPaused() const
{
    return !m_live->isPlaying();
}

void PresentationWindow::togglePause()
{
    if (m_black)
        return; // nothing plays on a black screen; B brings the take back
    m_pausedByDirector = !m_pausedByDirector;
    if (m_pausedByDirector)
        m_live->pause();
    else
        m_live->play();
    updateDirector();
}

void PresentationWindow::setCaptionsShown(bool on)
{
    m_captionsOn = on;
    updateCaption();
    updateDirector();
}

void PresentationWindow::setBlack(bool black)
{
    if (black == m_black)
        return;
    m_black = black;
    m_stack->setCurrentWidget(black ? m_blackPage : static_cast<QWidget *>(m_video));
    // The room sees and hears nothing: the take waits where it was.
    if (black)
        m_live->pause();
    else if (!m_pausedByDirector)
        m_live->play();
    updateCaption();
    updateDirector();
}

void PresentationWindow::setLoopsEachTake(bool loop)
{
    m_loopEach = loop;
    m_live->setLooping(loop);
    updateDirector();
}

void PresentationWindow::rate(int stars)
{
    const int index = m_playlist.current();
    if (index < 0)
        return;
    m_playlist.setRating(index, stars);
    Q_EMIT ratingChosen(m_playlist.at(index).id, m_playlist.at(index).rating);
    updateDirector();
}

void PresentationWindow::toggleFavourite()
{
    const int index = m_playlist.current();
    if (index < 0)
        return;
    m_playlist.setFavourite(index, !m_playlist.at(index).favourite);
    Q_EMIT favouriteChosen(m_playlist.at(index).id, m_playlist.at(index).favourite);
    updateDirector();
}

void PresentationWindow::updateCaption()
{
    const int index = m_playlist.current();
    const QString text = index >= 0 ? m_playlist.at(index).caption : QString();
    m_caption->setText(text);
    m_caption->setVisible(m_captionsOn && !m_black && !text.isEmpty());
}

DirectorView *PresentationWindow::ensureDirectorView()
{
    if (m_director)
        return m_director;
    m_directorWindow = new QWidget(this, Qt::Window);
    m_directorWindow->setObjectName(u"presentationDirectorWindow"_s);
    m_directorWindow->setWindowTitle(tr("Presentation: director"));
    m_directorWindow->setAccessibleName(tr("Presentation: director"));
    m_directorWindow->addActions(m_keys); // the same keys work from the director's screen
    auto *layout = new QVBoxLayout(m_directorWindow);
    m_director = new DirectorView(m_directorWindow);
    layout->addWidget(m_director);
    updateDirector();
    return m_director;
}

QString PresentationWindow::statusText() const
{
    QStringList parts;
    parts << (m_black ? tr("Black screen") : m_pausedByDirector ? tr("Paused") : tr("Playing"));
    parts << (m_loopEach ? tr("Each take loops") : tr("Each take plays once"));
    parts << (m_captionsOn ? tr("Captions on") : tr("Captions off"));
    if (m_live->hasFailed())
        parts << tr("This take cannot be played");
    return parts.join(u" · "_s);
}

void PresentationWindow::updateDirector()
{
    if (!m_director)
        return;
    m_director->showPlaylist(m_playlist);
    m_director->setStatus(statusText());
}

void PresentationWindow::present(QScreen *screen, QWidget *returnTo)
{
    m_returnTo = returnTo;
    if (returnTo)
        m_returnToState = returnTo->windowState();
    if (!screen)
        screen = returnTo && returnTo->screen() ? returnTo->screen() : QGuiApplication::primaryScreen();
    const QList<QScreen *> screens = QGuiApplication::screens();
    if (screens.size() > 1) {
        QScreen *directorScreen = screens.first() == screen ? screens.at(1) : screens.first();
        ensureDirectorView();
        m_directorWindow->setScreen(directorScreen);
        m_directorWindow->setGeometry(directorScreen->availableGeometry());
        m_directorWindow->showMaximized();
    }
    if (screen) {
        setScreen(screen);
        setGeometry(screen->geometry()); // a bare X server has no window manager to size a full-screen window
    }
    showFullScreen();
    raise();
    activateWindow();
    setFocus(Qt::OtherFocusReason);
    showCursorForAWhile();
}

void PresentationWindow::showCursorForAWhile()
{
    unsetCursor();
    m_cursorTimer->start();
}

bool PresentationWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseMove && isVisible()) {
        if (auto *widget = qobject_cast<QWidget *>(watched); widget && widget->window() == this)
            showCursorForAWhile();
    }
    return QWidget::eventFilter(watched, event);
}

void PresentationWindow::closeEvent(QCloseEvent *event)
{
    event->accept();
    if (m_leaving)
        return;
    m_leaving = true;
    m_cursorTimer->stop();
    unsetCursor();
    m_live->pause();
    m_live->setMuted(true);
    m_cued->pause();
    if (m_directorWindow)
        m_directorWindow->hide();
    if (m_returnTo) {
        m_returnTo->setWindowState(m_returnToState);
        m_returnTo->show();
        m_returnTo->raise();
        m_returnTo->activateWindow();
    }
    Q_EMIT left();
}
