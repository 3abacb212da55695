#pragma once

#include "media/FrameDecoder.h"

#include <QObject>
#include <QSize>
#include <QString>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

// One clip of a synced view, decoded a few frames ahead on a thread of its own. The view asks frameFor(t) with the
// shared clock's time and gets the frame that is showing at t, so every clip of a view shows the same instant.
//
// Time runs in laps of lapLength (the longest clip of the view): t = lap * lapLength + time in the clip. A shorter
// clip holds its last frame until the lap ends; when looping, the next lap starts again from its first frame.
class ClipStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClipStream)

public:
    explicit ClipStream(QObject *parent = nullptr);
    ~ClipStream() override;

    // Opens path on the decoding thread; opened() or failed() follows. Frames come from startUs on (a time on the
    // shared clock; the lap length and looping set before are kept).
    void open(const QString &path, qint64 startUs = 0);
    QString path() const { return m_path; }
    bool isOpen() const;
    ClipStreamInfo info() const;

    void setLapLength(qint64 lapUs);
    void setLooping(bool looping);
    // The size pictures are scaled to; frames already decoded keep theirs until they are shown.
    void setOutputSize(const QSize &size);
    // Drops what was decoded ahead and decodes from the frame showing at timeUs (a time on the shared clock);
    // currentFrame() is invalid until that frame is there. When it is among the frames decoded ahead, it is used.
    void seek(qint64 timeUs);

    // The frame showing at timeUs, or the last one shown when the decoder has not reached it yet.
    DecodedFrame frameFor(qint64 timeUs);
    DecodedFrame currentFrame() const;

Q_SIGNALS:
    void opened();
    void failed(const QString &message);
    // A frame has been decoded (after a seek, the one the view waits for): paused views repaint on it.
    void frameDecoded();

private:
    void run();
    void stopThread();
    bool wantsWork() const; // under m_mutex

    static constexpr int kFramesAhead = 6;

    QString m_path;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    // Shared with the decoding thread, under m_mutex.
    std::deque<DecodedFrame> m_ahead;
    DecodedFrame m_current;
    ClipStreamInfo m_info;
    QSize m_outputSize;
    qint64 m_lapLengthUs = 0;
    qint64 m_seekUs = 0;
    quint64 m_seekSerial = 1; // a seek is due while it differs from the decoder's
    bool m_looping = true;
    bool m_open = false;
    bool m_stop = false;
};
