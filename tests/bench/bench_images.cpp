// Nine 24-megapixel photos as reference images: how the request body is built from them (size, pixel size and bytes
// of each image, time to prepare) and how long the body takes to reach a loopback HTTP server that reads it.
#include "api/GenerationRequest.h"
#include "TestImages.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QImageReader>
#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

constexpr int kPhotos = 9;
constexpr QSize kPhotoSize(6000, 4000);
constexpr int kCameraQuality = 92;
constexpr int kSendTimeoutMs = 120'000;

// Reads each request whole (headers, then Content-Length bytes), discards it and answers 200 with "{}".
class DiscardServer final : public QTcpServer
{
public:
    DiscardServer() { connect(this, &QTcpServer::newConnection, this, &DiscardServer::accept); }
    qint64 bodyBytesRead = 0;

private:
    void accept()
    {
        while (QTcpSocket *socket = nextPendingConnection()) {
            auto header = std::make_shared<QByteArray>();
            auto remaining = std::make_shared<qint64>(-1);
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, header, remaining] {
                while (socket->bytesAvailable() > 0) {
                    if (*remaining < 0) {
                        *header += socket->read(4096);
                        const qsizetype end = header->indexOf("\r\n\r\n");
                        if (end < 0)
                            continue;
                        const QByteArray head = header->left(end).toLower();
                        const qsizetype at = head.indexOf("content-length:");
                        const qint64 length = at < 0 ? 0 : head.mid(at + 15).split('\r').first().trimmed().toLongLong();
                        *remaining = length - (header->size() - end - 4);
                        bodyBytesRead += header->size() - end - 4;
                    } else {
                        const qint64 n = socket->read(1 << 20).size();
                        *remaining -= n;
                        bodyBytesRead += n;
                    }
                    if (*remaining == 0) {
                        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                                      "Connection: close\r\n\r\n{}");
                        socket->disconnectFromHost();
                        return;
                    }
                }
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "no temporary folder\n");
        return 1;
    }

    QElapsedTimer timer;
    timer.start();
    GenerationRequest request;
    request.prompt = u"[Image 1] walks through the scenes of [Image 2] to [Image 9]."_s;
    qint64 sourceBytes = 0;
    for (int i = 0; i < kPhotos; ++i) {
        const QByteArray jpeg = TestImages::bytes(TestImages::photoLike(kPhotoSize, quint32(i + 1)), "JPEG",
                                                  kCameraQuality);
        const QString path = dir.filePath(u"photo-%1.jpg"_s.arg(i + 1));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(jpeg) != jpeg.size())
            return 1;
        sourceBytes += jpeg.size();
        request.references << ImageSource::fromFile(path);
    }
    std::printf("made %d photos of %d x %d px, JPEG q%d: %.1f MB in all (%.1f MB each on average) in %.1f s\n",
                kPhotos, kPhotoSize.width(), kPhotoSize.height(), kCameraQuality, double(sourceBytes) / 1e6,
                double(sourceBytes) / 1e6 / kPhotos, double(timer.elapsed()) / 1000.0);

    timer.restart();
    QString error;
    const QJsonObject json = request.toJson(&error);
    const qint64 prepareMs = timer.elapsed();
    if (json.isEmpty()) {
        std::printf("the body could not be built: %s\n", qPrintable(error));
        return 1;
    }
    const QByteArray body = QJsonDocument(json).toJson(QJsonDocument::Compact);
    std::printf("prepare (GenerationRequest::toJson, %d local images): %.2f s\n", kPhotos, double(prepareMs) / 1000.0);
    std::printf("body: %.2f MB (%lld bytes; the service's limit is 64 MB)\n", double(body.size()) / 1e6,
                static_cast<long long>(body.size()));
    const QJsonArray references = json.value(u"reference_images"_s).toArray();
    for (int i = 0; i < references.size(); ++i) {
        const QString uri = references.at(i).toString();
        QByteArray bytes = QByteArray::fromBase64(uri.mid(uri.indexOf(u',') + 1).toLatin1());
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer);
        const QSize size = reader.size();
        std::printf("  image %d: %d x %d px, %s, %.2f MB\n", i + 1, size.width(), size.height(),
                    reader.format().constData(), double(bytes.size()) / 1e6);
    }

    DiscardServer server;
    if (!server.listen(QHostAddress::LocalHost)) {
        std::printf("no loopback server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    QNetworkAccessManager network;
    QNetworkRequest post(QUrl(u"http://127.0.0.1:%1/v1/video"_s.arg(server.serverPort())));
    post.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    timer.restart();
    QNetworkReply *reply = network.post(post, body);
    bool finished = false;
    QObject::connect(reply, &QNetworkReply::finished, &app, [&finished, &app] {
        finished = true;
        app.quit();
    });
    QTimer::singleShot(kSendTimeoutMs, &app, &QCoreApplication::quit);
    app.exec();
    const qint64 sendMs = timer.elapsed();
    if (!finished)
        std::printf("send to a loopback server: timed out after %d s (%.1f MB read)\n", kSendTimeoutMs / 1000,
                    double(server.bodyBytesRead) / 1e6);
    else if (reply->error() != QNetworkReply::NoError)
        std::printf("send to a loopback server: failed (%s)\n", qPrintable(reply->errorString()));
    else
        std::printf("send to a loopback server: %.2f s (%.1f MB read by the server)\n", double(sendMs) / 1000.0,
                    double(server.bodyBytesRead) / 1e6);
    return 0;
}
