#include "SimFixture.h"

#include "api/SinglePost.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

SimFixture::SimFixture(const SimSettings &settings) : m_server(std::make_unique<SimServer>(settings))
{
    m_started = m_server->start(&m_error);
}

SimFixture::~SimFixture() = default;

QUrl SimFixture::url(const QString &path) const
{
    QUrl u = m_server->baseUrl();
    u.setPath(path);
    return u;
}

QJsonObject SimFixture::textBody(const QString &prompt, int duration, const QString &resolution,
                                 const QString &aspect)
{
    return QJsonObject{{u"prompt"_s, prompt},
                       {u"duration"_s, duration},
                       {u"resolution"_s, resolution},
                       {u"aspect_ratio"_s, aspect}};
}

HttpResult SimFixture::submit(const QJsonObject &body, const QByteArray &key)
{
    return post(url(u"/v2/happyhorse-1.1"_s), QJsonDocument(body).toJson(QJsonDocument::Compact),
                {{"x-api-key", key}, {"Content-Type", "application/json"}});
}

HttpResult SimFixture::post(const QUrl &target, const QByteArray &body,
                            const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    return send("POST", target, body, headers, timeoutMs);
}

HttpResult SimFixture::get(const QUrl &target, const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    return send("GET", target, {}, headers, timeoutMs);
}

HttpResult SimFixture::send(const QByteArray &verb, const QUrl &target, const QByteArray &body,
                            const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QNetworkRequest request(target);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    request.setTransferTimeout(timeoutMs);
    // A POST goes out the way Paddock sends it, so that the simulator's counts are the ones a user would see.
    QNetworkReply *reply = verb == "POST" ? SinglePost::post(&m_network, request, body)
                                          : m_network.sendCustomRequest(request, verb, body);
    return finish(reply, timeoutMs);
}

HttpResult SimFixture::finish(QNetworkReply *reply, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(timeoutMs + 1000);
    HttpResult result;
    result.elapsedMs = clock.elapsed();
    result.error = reply->error();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    const auto pairs = reply->rawHeaderPairs();
    for (const auto &pair : pairs)
        result.headers.insert(pair.first.toLower(), pair.second);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(result.body, &parseError);
    result.jsonValid = parseError.error == QJsonParseError::NoError && document.isObject();
    if (result.jsonValid)
        result.json = document.object();
    reply->deleteLater();
    return result;
}

HttpResult SimFixture::waitForEnd(const QString &statusUrl, QStringList *seen, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    HttpResult last;
    while (clock.elapsed() < timeoutMs) {
        last = getWithKey(QUrl(statusUrl));
        const QString status = last.statusText();
        if (seen && !status.isEmpty() && (seen->isEmpty() || seen->last() != status))
            *seen << status;
        if (status == u"COMPLETED"_s || status == u"FAILED"_s)
            return last;
        if (last.status == 404)
            return last;
        // Let the simulator's timers run between polls.
        QTest::qWait(10);
    }
    return last;
}

HttpResult SimFixture::download(const QUrl &target, const QString &path, qint64 *bytes, int timeoutMs)
{
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    QNetworkRequest request(target);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = m_network.get(request);
    *bytes = 0;
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply, &file, bytes] {
        const QByteArray chunk = reply->readAll();
        *bytes += chunk.size();
        file.write(chunk);
    });
    HttpResult result = finish(reply, timeoutMs);
    *bytes += result.body.size();
    file.write(result.body);
    result.body.clear();
    return result;
}
