#pragma once

#include <QMediaPlayer>
#include <QObject>
#include <QString>
#include <QVideoFrame>

class FrameRelay;
class QAudioOutput;
struct ClipCheck;

// A media player that opens a clip paused on its first frame and keeps that frame, so that a cut to the clip shows a
// picture at once and playing starts from a pipeline that is already built. Only the current clip's frames and
// reports come out: whatever the previous clip's pipeline still had on its way is dropped (as in PlayerWidget).
class CuePlayer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CuePlayer)

public:
    explicit CuePlayer(QObject *parent = nullptr);
    ~CuePlayer() override;

    // Opens path paused on its first frame, once it has been checked off the GUI thread (a regular MP4 file inside
    // folder; any regular file when folder is empty). An empty path lets go of the clip.
    void cue(const QString &path, const QString &folder);
    QString clip() const { return m_clip; }
    // True once a frame of the clip has arrived: lastFrame() holds it.
    bool isReady() const { return m_lastFrame.isValid(); }
    QVideoFrame lastFrame() const { return m_lastFrame; }
    bool hasFailed() const { return m_failed; }

    // Plays (at once, or as soon as the clip is open); pause() holds the picture.
    void play();
    void pause();
    bool isPlaying() const;
    // True once play() was called for this clip: its first frame is no longer what the player holds.
    bool hasPlayed() const { return m_played; }
    void setLooping(bool loop);
    bool isLooping() const { return m_looping; }
    void setMuted(bool muted);
    QMediaPlayer *player() const { return m_player; }

Q_SIGNALS:
    void ready(const QString &path);                    // the clip's first frame has arrived
    void frameArrived(const QVideoFrame &frame);        // every frame of the current clip
    void finished(const QString &path);                 // played to its end without looping
    void failed(const QString &path, const QString &message); // plain words for a person

private:
    void applyCheck(quint64 serial, const ClipCheck &check);
    void startSource(quint64 serial);
    void releaseSource();
    bool isCurrentSource() const { return m_sourceIsCurrent && !m_failed && !m_clip.isEmpty(); }
    void onFrame(const QVideoFrame &frame);
    void onStatus(QMediaPlayer::MediaStatus status);
    void fail(const QString &message);

    QMediaPlayer *m_player = nullptr;
    QAudioOutput *m_audio = nullptr;
    FrameRelay *m_relay = nullptr;
    QString m_clip;
    QVideoFrame m_lastFrame;
    quint64 m_serial = 0; // answers from earlier cue() calls are dropped
    bool m_sourceIsCurrent = false;
    bool m_playWhenOpen = false;
    bool m_played = false;
    bool m_looping = true;
    bool m_failed = false;
};
