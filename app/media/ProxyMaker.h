#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QProcess;

// Makes the small copies ("proxies") of clips that a grid of up to nine synced players decodes in real time where
// the full-size clips would stutter: H.264 at 360 lines, a keyframe every 12 frames so that seeking stays cheap, no
// sound. Each is made once, in the background, with the ffmpeg program (one run at a time, at low priority, as a
// separate process), and kept with the library beside the clips.
class ProxyMaker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyMaker)

public:
    static constexpr int kHeight = 360;
    static constexpr int kKeyframeInterval = 12;

    explicit ProxyMaker(QObject *parent = nullptr);
    // Stops a running ffmpeg and removes its half-written file.
    ~ProxyMaker() override;

    // Where a take's proxy is kept: <libraryDirectory>/proxies/<id>-360.mp4.
    static QString proxyPath(const QString &libraryDirectory, qint64 generationId);
    // True when proxy is a regular, non-empty file at least as new as clip (a clip replaced later needs a new one).
    static bool isUpToDate(const QString &proxyPath, const QString &clipPath);

    void setFfmpegProgram(const QString &program); // default: "ffmpeg" from PATH
    QString ffmpegProgram() const { return m_ffmpeg; }
    // True when the ffmpeg program is found (on PATH, or at its path) and executable; why says what to do otherwise.
    // Only looks at files: it never starts the program.
    bool isAvailable(QString *why = nullptr) const;

    // Answers ready(id, proxyPath) when an up-to-date proxy is already there, ready(id, clipPath) when the clip is
    // no taller than the proxy would be, else makes the proxy and then answers ready or failed. Never answers
    // before returning. A request for an id already waiting or being made is merged with it.
    void request(qint64 id, const QString &clipPath, const QString &proxyPath);
    // Requests waiting or being made.
    int pending() const { return int(m_queue.size()) + (m_current ? 1 : 0); }
    // Forgets every request, stops a running ffmpeg and removes its half-written file; no signal follows for them.
    void cancelAll();

Q_SIGNALS:
    void ready(qint64 id, const QString &path);
    void failed(qint64 id, const QString &message);

private:
    struct Task
    {
        qint64 id = 0;
        QString clipPath;
        QString proxyPath;
    };
    struct ClipFacts; // what the clip is, found off this thread

    void answerLater(qint64 id, const QString &path);
    void scheduleNext();
    void startNext();
    void clipChecked(const ClipFacts &facts);
    void launch(double clipSeconds);
    void processFinished(int exitCode, bool crashed);
    void conclude(QString path, QString error); // copies: the task they may come from is cleared here
    void stopProcess();                         // kills a running ffmpeg and removes its half-written file
    void releaseProcess();                      // lets go of a finished ffmpeg

    QString m_ffmpeg;
    QList<Task> m_queue;
    std::optional<Task> m_current;
    QProcess *m_process = nullptr; // child of this object while ffmpeg runs
    QByteArray m_errorTail;
    QString m_stopReason;
    quint64 m_epoch = 0; // moves on at cancelAll: answers and checks from before it are dropped
    bool m_startScheduled = false;
};
