#pragma once

#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>

#include <functional>

class QMediaPlayer;
class QProcess;
class QTimer;
class QVideoFrame;
class QVideoSink;

// Grabs one poster frame of a video file as a small image, without decoding on the GUI thread: the ffmpeg
// program does it in its own process when it is installed, Qt Multimedia's player otherwise. One grab per object.
class PosterFrame final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PosterFrame)

public:
    enum class Method
    {
        Auto,   // ffmpeg when it is found, the player when it is not or when ffmpeg fails
        Ffmpeg, // only the ffmpeg program
        Player, // only QMediaPlayer + QVideoSink
    };

    // The image is scaled to fit within maxSize, keeping its shape.
    PosterFrame(const QString &path, QSize maxSize, QObject *parent = nullptr);
    ~PosterFrame() override;

    void setMethod(Method method) { m_method = method; }
    // More than one: a scrub strip instead of one poster — frames evenly spread over the clip, side by side in one
    // image, each fitted within maxSize. Strips need the ffmpeg program.
    void setStripFrames(int frames) { m_stripFrames = qMax(1, frames); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // ffmpeg's own name or path; tests point it at a program that does not exist to exercise the fallback.
    void setFfmpegProgram(const QString &program) { m_ffmpegProgram = program; }

    QString path() const { return m_path; }

    // Starts the grab; finished() follows exactly once, later (never from inside start()).
    void start();

    // The installed ffmpeg program's full path, or empty when there is none.
    static QString findFfmpeg(const QString &program = QStringLiteral("ffmpeg"));

Q_SIGNALS:
    // image is null when no frame could be read; error then says why, in plain words.
    void finished(const QImage &image, const QString &error);

private:
    void startFfmpeg(const QString &program, double durationSeconds = 0);
    void startStrip(const QString &program);
    void startPlayer();
    void onPlayerFrame(const QVideoFrame &frame);
    void fallBackOrFail(const QString &error);
    void convertInBackground(const std::function<QImage()> &work);
    void finish(const QImage &image, const QString &error);
    void stopAll();

    QString m_path;
    QSize m_maxSize;
    Method m_method = Method::Auto;
    int m_timeoutMs = 20000;
    int m_stripFrames = 1;
    QString m_ffmpegProgram = QStringLiteral("ffmpeg");
    bool m_triedPlayer = false;
    bool m_done = false;
    QTimer *m_timeout = nullptr;
    QPointer<QProcess> m_process;
    QPointer<QMediaPlayer> m_player;
    QPointer<QVideoSink> m_sink;
};
