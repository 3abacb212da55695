#pragma once

#include <QObject>

class QThread;
class QVideoFrame;
class QVideoSink;

// Takes a media player's video frames on a thread of its own and hands them on to the thread that made the relay.
// Qt 6.4's GStreamer pipeline waits for the thread of its video sink to take each frame. With the sink on the GUI
// thread, stopping or replacing a clip from the GUI thread (a person choosing another take) waited for a frame that
// the blocked GUI thread could not take, until the pipeline gave up: a 300 ms freeze at every switch. Here the
// pipeline only ever waits for the relay's thread, which does nothing else.
class FrameRelay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameRelay)

public:
    explicit FrameRelay(QObject *parent = nullptr);
    // Let go of the media player (or its output) first: the sink is gone after this.
    ~FrameRelay() override;

    // Give this to QMediaPlayer::setVideoOutput(). It lives on the relay's thread.
    QVideoSink *sink() const { return m_sink; }

Q_SIGNALS:
    // Each frame the player delivers (an invalid frame when the picture is cleared), on the relay's own thread.
    void frameArrived(const QVideoFrame &frame);

private:
    QThread *m_thread = nullptr;
    QObject *m_threadContext = nullptr; // lives on m_thread: what runs there is called through it
    QVideoSink *m_sink = nullptr;
};
