#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QString>

#include <map>
#include <memory>

// What the simulator draws for one job: everything that makes a take look and sound like itself.
struct RenderSpec
{
    QString modeLabel;       // shown on screen: "Text to video", "Image to video", "Reference to video"
    QString prompt;          // shown on screen (wrapped, shortened when very long)
    qint64 seed = 0;         // shown on screen; picks colours, motion and the audio tone
    int width = 1280;        // even, in pixels
    int height = 720;        // even, in pixels
    int durationSeconds = 5; // whole seconds; the clip is exactly this long
    // Encoded images (JPEG, PNG or WEBP bytes). Image to video: one entry, the first frame the clip
    // starts from. Reference to video: 1-9 entries, all shown. An empty entry stands for an image given
    // by URL that the simulator does not fetch: a labelled placeholder tile is drawn instead.
    QList<QByteArray> images;
    // Draw the images turned as their EXIF orientation says; otherwise as their pixels are stored.
    bool honourExif = false;

    // Identical specs produce identical clips, so a render can be reused: a hex SHA-256 over every field.
    QString cacheKey() const;
};

// Renders real H.264 + AAC MP4 clips (24 fps) with the ffmpeg program, a few at a time, caching each by
// its spec so that identical requests reuse the file. ffmpeg runs as a separate process started with
// QProcess, so nothing blocks the thread this object lives in.
class ClipRenderer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClipRenderer)

public:
    // cacheDirectory holds the finished clips, named <cacheKey>.mp4; it is created when missing.
    explicit ClipRenderer(const QString &cacheDirectory, QObject *parent = nullptr);
    ~ClipRenderer() override;

    void setFfmpegProgram(const QString &program); // default: "ffmpeg" from PATH
    void setMaxConcurrentRenders(int count);       // default: 2
    QString cacheDirectory() const { return m_cacheDirectory; }

    // The finished clip for this spec if it is already in the cache, else an empty string.
    QString cachedClip(const RenderSpec &spec) const;

    // Queues a render (or answers from the cache, still asynchronously) and returns a ticket that
    // the finished or failed signal repeats. Several tickets for the same spec share one ffmpeg run.
    quint64 render(const RenderSpec &spec);

    // True when the ffmpeg program can be started; message says what is wrong otherwise.
    static bool ffmpegAvailable(const QString &program, QString *message = nullptr);

Q_SIGNALS:
    void finished(quint64 ticket, const QString &clipPath);
    void failed(quint64 ticket, const QString &message);

private:
    struct Run; // one ffmpeg run, shared by every ticket that asked for the same spec

    void scheduleStart();
    void startWaiting();
    void launch(Run &run);
    void conclude(const QString &key, const QString &error);
    QString clipPath(const QString &key) const;

    QString m_cacheDirectory;
    QString m_ffmpeg = QStringLiteral("ffmpeg");
    int m_maxConcurrent = 2;
    int m_running = 0;
    quint64 m_nextTicket = 1;
    bool m_startScheduled = false;
    std::map<QString, std::unique_ptr<Run>> m_runs; // queued or running, by cache key
    QQueue<QString> m_waiting;                      // cache keys of runs not started yet, oldest first
};
