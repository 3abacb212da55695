#pragma once

#include "sim/SimServer.h"
#include "sim/SimSettings.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

#include <memory>

// One HTTP exchange as a test sees it.
struct HttpResult
{
    int status = 0;                          // 0 when no HTTP answer arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;                        // empty unless the body is a JSON object
    bool jsonValid = false;
    QHash<QByteArray, QByteArray> headers;   // lower-case names
    qint64 elapsedMs = 0;

    QString errorText() const { return json.value(QStringLiteral("error")).toString(); }
    QString statusText() const { return json.value(QStringLiteral("status")).toString(); }
};

// The simulator on a free loopback port with test timings, plus a blocking-by-signal HTTP helper that
// speaks to it with a real QNetworkAccessManager over real sockets.
class SimFixture
{
public:
    static constexpr const char *kKey = "SG_0123456789abcdef";

    explicit SimFixture(const SimSettings &settings = SimSettings::forTests());
    ~SimFixture();

    bool started() const { return m_started; }
    QString startError() const { return m_error; }
    SimServer &server() { return *m_server; }
    QUrl url(const QString &path) const;

    HttpResult submit(const QJsonObject &body, const QByteArray &key = kKey);
    HttpResult post(const QUrl &url, const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers,
                    int timeoutMs = 20000);
    HttpResult get(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs = 20000);
    HttpResult getWithKey(const QUrl &url, const QByteArray &key = kKey) { return get(url, {{"x-api-key", key}}); }
    HttpResult send(const QByteArray &verb, const QUrl &url, const QByteArray &body,
                    const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs = 20000);

    // Polls the status URL until COMPLETED or FAILED (or timeout); returns the last status answer and
    // the statuses seen on the way, in order, without repeats.
    HttpResult waitForEnd(const QString &statusUrl, QStringList *seen = nullptr, int timeoutMs = 60000);

    // Downloads to a file; returns the HTTP result (body left empty) and the bytes written.
    HttpResult download(const QUrl &url, const QString &path, qint64 *bytes, int timeoutMs = 60000);

    // A minimal valid text-to-video body.
    static QJsonObject textBody(const QString &prompt = QStringLiteral("A horse running on a beach at sunset"),
                                int duration = 3, const QString &resolution = QStringLiteral("720P"),
                                const QString &aspect = QStringLiteral("16:9"));

private:
    HttpResult finish(QNetworkReply *reply, int timeoutMs);

    std::unique_ptr<SimServer> m_server;
    QNetworkAccessManager m_network;
    bool m_started = false;
    QString m_error;
};
