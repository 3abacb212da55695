#pragma once

#include "review/Playlist.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class CuePlayer;
class DirectorView;
class QAction;
class QLabel;
class QScreen;
class QStackedWidget;
class QTimer;
class QVideoFrame;
class QVideoWidget;

// Shows takes to a client: full screen on one screen, the picture and nothing else (an optional caption), driven
// by keys like a slide show. The next take waits in a second player, paused on its first frame, so a cut is instant.
// Each take loops until the director moves on; L switches to playing each take once and cutting to the next by
// itself. Ratings and favourites go out as signals with the library's id: the window that opened the presentation
// records them. With a second screen, a director's window there shows the playlist, the notes and the ratings.
class PresentationWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PresentationWindow)

public:
    // clipFolder: clips are only opened from inside it (empty: any regular file).
    PresentationWindow(const Playlist &playlist, const QString &clipFolder, QWidget *parent = nullptr);
    ~PresentationWindow() override;

    // Full screen on screen (null: the screen of returnTo, else the primary one). With more than one screen, the
    // director's window opens on another. returnTo, when given, gets its window state back and the focus on leaving.
    void present(QScreen *screen = nullptr, QWidget *returnTo = nullptr);

    const Playlist &playlist() const { return m_playlist; }
    int current() const { return m_playlist.current(); }
    void goTo(int index);
    void next() { goTo(m_playlist.current() + 1); }
    void previous() { goTo(m_playlist.current() - 1); }
    void togglePause();
    bool isPaused() const;
    bool captionsShown() const { return m_captionsOn; }
    void setCaptionsShown(bool on);
    bool isBlack() const { return m_black; }
    void setBlack(bool black);
    // Default true: each take loops until the director moves on. False: each plays once, then the next one follows.
    bool loopsEachTake() const { return m_loopEach; }
    void setLoopsEachTake(bool loop);
    void rate(int stars);
    void toggleFavourite();

    // The parts tests and benchmarks look at.
    QVideoWidget *videoWidget() const { return m_video; }
    QLabel *captionLabel() const { return m_caption; }
    CuePlayer *livePlayer() const { return m_live; }
    CuePlayer *cuedPlayer() const { return m_cued; }
    DirectorView *directorView() const { return m_director; } // null with one screen
    // Makes the director's view without a second screen (tests): shown in a window of its own only by present().
    DirectorView *ensureDirectorView();

Q_SIGNALS:
    void ratingChosen(qint64 id, int rating); // 0 clears
    void favouriteChosen(qint64 id, bool favourite);
    // The first frame of the take now showing has been handed to the picture, after a cut to index.
    void takeShown(int index);
    void left(); // the presentation is over (Esc, or the window closed)

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildKeys();
    QAction *addKey(const QString &name, const QList<QKeySequence> &keys, std::function<void()> run);
    void onFrame(CuePlayer *from, const QVideoFrame &frame);
    void cueNext();
    void updateCaption();
    void updateDirector();
    QString statusText() const;
    void showCursorForAWhile();

    Playlist m_playlist;
    QString m_clipFolder;
    CuePlayer *m_live = nullptr; // the take showing
    CuePlayer *m_cued = nullptr; // the next take, paused on its first frame
    QStackedWidget *m_stack = nullptr;
    QVideoWidget *m_video = nullptr;
    QWidget *m_blackPage = nullptr;
    QLabel *m_caption = nullptr;
    QTimer *m_cursorTimer = nullptr;
    QWidget *m_directorWindow = nullptr;
    DirectorView *m_director = nullptr;
    QList<QAction *> m_keys;
    QPointer<QWidget> m_returnTo;
    Qt::WindowStates m_returnToState;
    bool m_waitingForCut = false; // the live player's first frame has not reached the picture yet
    bool m_captionsOn = false;
    bool m_black = false;
    bool m_loopEach = true;
    bool m_pausedByDirector = false;
    bool m_leaving = false;
};
