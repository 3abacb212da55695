#pragma once

#include "media/ClipCheck.h"

#include <QMediaPlayer>
#include <QWidget>

class FrameRelay;
class QAudioOutput;
class QComboBox;
class QLabel;
class QShortcut;
class QSlider;
class QStackedWidget;
class QToolButton;
class QVBoxLayout;
class QVideoFrame;
class QVideoWidget;

// The playground's inline player: plays a finished clip with transport controls, shortcuts and full screen.
class PlayerWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlayerWidget)

public:
    explicit PlayerWidget(QWidget *parent = nullptr);
    ~PlayerWidget() override;

    // Opens a clip; an empty path empties the player. The file is checked off the GUI thread before playing.
    // title names the take for people (its prompt); without one the file's name stands in.
    void setClip(const QString &path, const QString &title = {}, bool autoplay = true);
    QString clip() const { return m_clip; }
    // Clips are only opened from inside this folder (the library's clips): a path from a stored record that leads
    // elsewhere, through a link or otherwise, is refused. Empty: any regular file.
    void setClipFolder(const QString &folder) { m_clipFolder = folder; }
    // Plays a file the user named (paddock FILE, "Open with Paddock") wherever it is, as long as it is a regular
    // file: the clips folder guards against paths from stored records, not against the user's own choice.
    void openFile(const QString &path);
    // The take's name as the caption and placeholder show it: the prompt's first words, or the file name.
    QString caption() const;
    // True once a frame of the current clip has reached the picture (and the placeholder is gone).
    bool isShowingPicture() const { return m_pictureShown; }
    bool isPlaying() const;
    // Starts the media backend ahead of the first clip (when one is on its way), so that choosing it is quick.
    void prepare() { ensureMedia(); }
    // Null until the first clip: the media backend is only started when there is something to play.
    QMediaPlayer *player() const { return m_player; }

    bool isLooping() const;
    void setLooping(bool loop);
    void togglePlayback();
    void pause();
    // Pauses, then moves by whole frames (negative: back); a frame is 1/fps of the clip, 1/24 s when unknown.
    void stepFrames(int frames);
    // The player's picture and controls fill the screen; the player keeps a placeholder in the window meanwhile.
    bool inFullScreen() const { return m_inFullScreen; }
    void setInFullScreen(bool fullScreen);

Q_SIGNALS:
    void clipLoaded(const QString &path, bool hasVideo, bool hasAudio); // once the media is loaded
    void pictureShown(const QString &path);                       // the clip's first frame has reached the picture
    void clipFailed(const QString &path, const QString &message); // plain words for a person
    void startedPlaying(); // by the user or by autoplay: other players of the app may pause

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void buildVideo();
    void buildControls();
    void buildShortcuts();
    void ensureMedia();
    void applyCheck(quint64 serial, const ClipCheck &check);
    void startSource(quint64 serial);
    void releaseSource();
    bool isCurrentSource() const;
    void onMediaStatusChanged(QMediaPlayer::MediaStatus status);
    void onVideoFrame(const QVideoFrame &frame);
    void showPicture();
    void updateCaption();
    QString openingText() const;
    void onErrorOccurred(QMediaPlayer::Error error, const QString &errorString);
    void fail(const QString &message);
    void showMessage(const QString &text, bool problem);
    void setControlsEnabled(bool enabled);
    bool isMuted() const;
    void setMuted(bool muted);
    void updatePlayButton();
    void updateMuteButton();
    void updateTimeLabel();
    void updateInfoLabel();
    void updateFullScreenButton();
    void seekTo(qint64 positionMs);
    static QString formatTime(qint64 ms);

    QMediaPlayer *m_player = nullptr; // both made by ensureMedia(), with the first clip
    QAudioOutput *m_audio = nullptr;
    FrameRelay *m_relay = nullptr;

    QVBoxLayout *m_layout = nullptr;
    QWidget *m_content = nullptr;          // everything visible; moves into m_fullScreenWindow and back
    QWidget *m_fullScreenWindow = nullptr; // a top-level window of ours, shown full screen on demand
    QLabel *m_fullScreenPlaceholder = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_caption = nullptr;
    QVideoWidget *m_video = nullptr; // made by ensureMedia(), with the first clip
    QToolButton *m_playButton = nullptr;
    QToolButton *m_backButton = nullptr;
    QToolButton *m_forwardButton = nullptr;
    QSlider *m_seek = nullptr;
    QLabel *m_time = nullptr;
    QLabel *m_info = nullptr;
    QToolButton *m_loopButton = nullptr;
    QToolButton *m_muteButton = nullptr;
    QSlider *m_volume = nullptr;
    QComboBox *m_speed = nullptr;
    QToolButton *m_fullScreenButton = nullptr;
    QShortcut *m_escapeShortcut = nullptr;

    QString m_clip;
    QString m_title;
    QString m_clipFolder;
    QString m_userFile; // the file given by openFile(), played from outside the clips folder
    Mp4Info m_clipInfo;
    quint64 m_loadSerial = 0; // answers from earlier setClip() calls are dropped
    bool m_autoplay = true;
    bool m_loadedReported = false;
    // The player is given a clip's source only after the previous pipeline is torn down and the answers it had
    // queued (frames, status changes) have been delivered; until then nothing it reports belongs to this clip.
    // See setClip() for why the teardown waits for a turn of the event loop.
    bool m_sourceIsCurrent = false;
    bool m_pictureShown = false;
    bool m_failed = false;
    bool m_inFullScreen = false;
    bool m_messageIsProblem = false;
};
