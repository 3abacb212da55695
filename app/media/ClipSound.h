#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

class QAudioSink;
class QIODevice;
class SyncClock;

// The sound of one clip of a synced view, played along the view's clock. The whole track is decoded at once
// (libavcodec, resampled by libswresample to 48 kHz stereo: 15 s is under 3 MB) so that following the clock is a
// matter of moving a read position: after a seek, a pause, a new lap or a drift of more than kMaxDriftUs, the
// sound jumps to where the clock is. At speeds other than 1 it is silent, as in most review players.
class ClipSound final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClipSound)

public:
    static constexpr qint64 kMaxDriftUs = 60000;
    static constexpr int kSampleRate = 48000;
    static constexpr int kChannels = 2;

    explicit ClipSound(QObject *parent = nullptr);
    ~ClipSound() override;

    // Decodes path's sound off the GUI thread; an empty path, or a clip without sound, plays nothing.
    void open(const QString &path);
    QString path() const { return m_path; }
    bool hasSound() const { return !m_pcm.isEmpty(); }
    // True when a sound device was found to play on.
    bool hasDevice() const;
    qint64 pcmDurationUs() const;

    // Follows the clock: call after every change of it and on every tick of the view.
    void follow(const SyncClock &clock);
    void stop();

    // Decodes a clip's sound to 16-bit stereo at kSampleRate. Empty (with error set) when it has none or on failure.
    static QByteArray decode(const QString &path, QString *error);

Q_SIGNALS:
    void decoded(); // the sound is ready (or known to be absent)

private:
    void startSink(qint64 timeUs);
    qint64 heardTimeUs() const;

    QString m_path;
    QByteArray m_pcm;
    quint64 m_serial = 0;
    QAudioSink *m_sink = nullptr;
    QIODevice *m_source = nullptr;
    int m_lap = -1;
};
