#pragma once

#include "api/ApiError.h"
#include "api/ApiResponses.h"

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

// Speaks Segmind's v2 asynchronous API over one shared QNetworkAccessManager: submit, job status and
// result, credits, and plain requests for downloads. Each call answers once through its callback with a
// typed value or a typed error; the callback is dropped if its context object is destroyed first.
// The key goes only in the x-api-key header and only to the configured API host.
class SegmindClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SegmindClient)

public:
    using SubmitDone = std::function<void(const SubmitAccepted &, const ApiError &)>;
    using JobDone = std::function<void(const JobReport &, const ApiError &)>;
    using CreditsDone = std::function<void(const Credits &, const ApiError &)>;

    explicit SegmindClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    // Plain http is refused except to loopback; an unusable URL leaves the client refusing every call.
    bool setBaseUrl(const QUrl &baseUrl, QString *why = nullptr);
    QUrl baseUrl() const { return m_baseUrl; }
    void setApiKey(const QString &key) { m_apiKey = key.trimmed(); }
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }
    // Idle timeouts: a call that hears nothing for this long ends. Each call also has an overall deadline, three
    // times its idle timeout unless set otherwise, so that a trickle of bytes cannot hold it open.
    void setTimeouts(int submitMs, int getMs);
    void setDeadlines(int submitMs, int getMs);
    // The most an API answer may be; a longer one is aborted while it streams.
    void setMaxAnswerBytes(qint64 bytes) { m_maxAnswerBytes = bytes; }
    qint64 maxAnswerBytes() const { return m_maxAnswerBytes; }
    QNetworkAccessManager *network() const { return m_network; }

    // POST /v2/happyhorse-1.1. Never retried here or anywhere: every POST is a new, billed job.
    QNetworkReply *submit(const QJsonObject &body, QObject *context, SubmitDone done);
    // GET a status, result or poll URL. A body announcing COMPLETED or FAILED is an answer whatever the
    // HTTP code (a FAILED job is a report, not an error).
    QNetworkReply *fetchJob(const QUrl &url, QObject *context, JobDone done);
    // GET /v1/get-user-credits.
    QNetworkReply *fetchCredits(QObject *context, CreditsDone done);
    // A request for a public output file: no key, whatever its host. Redirects are followed only to URLs that
    // isOutputUrlAllowed() accepts.
    QNetworkRequest outputRequest(const QUrl &url) const;
    // Outputs are fetched over https only; over plain http only when the API itself is on loopback (the
    // simulator). Anything else (file:, data:, a bare path …) is refused with *why in plain words.
    bool isOutputUrlAllowed(const QUrl &url, QString *why = nullptr) const;

    // True when url is on the configured API host (scheme, host and port), the only place the key may go.
    bool isApiUrl(const QUrl &url) const;
    static QByteArray userAgent();

Q_SIGNALS:
    // Every answer with a 429, so that the queue can pause all calls for this key until resetAt.
    void rateLimited(const QDateTime &resetAt);

private:
    QNetworkRequest apiRequest(const QUrl &url, int timeoutMs) const;
    bool refuse(const QUrl &url, QObject *context, const std::function<void(const ApiError &)> &fail);
    ApiError errorFrom(QNetworkReply *reply, const QByteArray &body);
    QNetworkReply *bounded(QNetworkReply *reply, int deadlineMs);
    // The error of a reply aborted for being too large or too slow; none otherwise.
    ApiError limitError(QNetworkReply *reply) const;

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    QString m_baseUrlProblem;
    QString m_apiKey;
    int m_submitTimeoutMs = 120 * 1000;
    int m_getTimeoutMs = 30 * 1000;
    int m_submitDeadlineMs = 300 * 1000;
    int m_getDeadlineMs = 90 * 1000;
    qint64 m_maxAnswerBytes = 1024 * 1024;
};
