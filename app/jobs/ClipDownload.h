#pragma once

#include <QFile>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

// Downloads one finished clip, streamed to "<target>.part" in small pieces so memory stays flat whatever
// the size, checked to be an MP4 from its first bytes and whole at the end, capped in size, and renamed
// to its final name only when complete: a half-written file is never taken for a clip.
class ClipDownload final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClipDownload)

public:
    enum class Outcome { Done, Failed, Gone };   // Gone: the files host no longer has the output

    ClipDownload(QNetworkAccessManager *network, const QNetworkRequest &request, const QString &targetPath,
                 qint64 maxBytes, QObject *parent = nullptr);
    ~ClipDownload() override;

    // Says whether a redirect may be followed (and why not); without one, no redirect is followed.
    using RedirectCheck = std::function<bool(const QUrl &url, QString *why)>;
    void setRedirectCheck(RedirectCheck check) { m_redirectCheck = std::move(check); }
    // The whole download must be done by then (ms; 0: no deadline), however steadily bytes trickle in.
    void setDeadline(int ms) { m_deadlineMs = ms; }

    void start();
    void abort();
    QString targetPath() const { return m_targetPath; }

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    // message is for a person; retryable says whether trying again later could help.
    void finished(ClipDownload::Outcome outcome, const QString &message, bool retryable);

private:
    void readAvailable();
    void onRedirected(const QUrl &url);
    void done();
    void fail(Outcome outcome, const QString &message, bool retryable);
    void cleanUp();

    QNetworkAccessManager *m_network;
    QNetworkRequest m_request;
    QString m_targetPath;
    qint64 m_maxBytes;
    int m_deadlineMs = 0;
    RedirectCheck m_redirectCheck;
    QFile m_part;
    QPointer<QNetworkReply> m_reply;
    qint64 m_received = 0;
    QByteArray m_head;           // the first bytes, until the MP4 check has been made
    bool m_headChecked = false;
    bool m_finished = false;
};
