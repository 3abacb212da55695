#include "HostileServer.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 404:
        return "Not Found";
    case 422:
        return "Unprocessable Entity";
    default:
        return "Status";
    }
}

// Keeps this much queued in the socket for an endless body: the client's reading sets the pace.
constexpr qint64 kEndlessBacklog = 256 * 1024;

} // namespace

HostileServer::Response HostileServer::Response::bytes(int status, const QByteArray &contentType,
                                                       const QByteArray &body, const QByteArray &extraHeaders)
{
    Response r;
    r.head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\nContent-Type: " + contentType +
             "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close" + extraHeaders;
    r.body = body;
    return r;
}

HostileServer::Response HostileServer::Response::json(int status, const QByteArray &body,
                                                      const QByteArray &extraHeaders)
{
    return bytes(status, "application/json", body, extraHeaders);
}

HostileServer::Response HostileServer::Response::streaming(Tail tail, const QByteArray &start, const QByteArray &chunk,
                                                           int intervalMs)
{
    Response r;
    r.head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close";
    r.body = start;
    r.tail = tail;
    r.chunk = chunk;
    r.intervalMs = intervalMs;
    return r;
}

HostileServer::HostileServer(QObject *parent) : QObject(parent), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HostileServer::onConnection);
}

HostileServer::~HostileServer()
{
    m_server->close();
    const auto sockets = m_pending.keys();
    for (QTcpSocket *socket : sockets)
        socket->abort();
}

bool HostileServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl HostileServer::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_server->serverPort()).arg(path));
}

void HostileServer::on(const QByteArray &prefix, Handler handler)
{
    m_handlers.append({prefix, std::move(handler)});
}

int HostileServer::count(const QByteArray &prefix) const
{
    int n = 0;
    for (const Request &request : m_requests)
        n += request.path.startsWith(prefix) ? 1 : 0;
    return n;
}

void HostileServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        m_pending.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_pending.remove(socket);
            socket->deleteLater();
        });
    }
}

void HostileServer::onReadable(QTcpSocket *socket)
{
    if (!m_pending.contains(socket))
        return;
    QByteArray &buffer = m_pending[socket];
    buffer += socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    Request request;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    request.method = first.value(0);
    request.path = first.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length").toLongLong();
    if (buffer.size() < headEnd + 4 + length)
        return; // the rest of the body is still coming
    request.body = buffer.mid(headEnd + 4, length);
    m_pending[socket] = "answered";
    m_requests.append(request);
    answer(socket, request);
}

void HostileServer::answer(QTcpSocket *socket, const Request &request)
{
    const Handler *best = nullptr;
    qsizetype bestLength = -1;
    for (const auto &[prefix, handler] : std::as_const(m_handlers)) {
        if (request.path.startsWith(prefix) && prefix.size() > bestLength) {
            best = &handler;
            bestLength = prefix.size();
        }
    }
    feed(socket, best ? (*best)(request) : Response::json(404, R"({"error":"not found"})"));
}

void HostileServer::feed(QTcpSocket *socket, const Response &response)
{
    const QByteArray start = response.head + "\r\n\r\n" + response.body;
    m_bytesSent += socket->write(start);
    switch (response.tail) {
    case Response::Tail::Close:
        socket->disconnectFromHost();
        break;
    case Response::Tail::Hold:
        break;
    case Response::Tail::Endless: {
        const QByteArray chunk = response.chunk;
        auto topUp = [this, socket, chunk] {
            while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < kEndlessBacklog)
                m_bytesSent += socket->write(chunk);
        };
        connect(socket, &QTcpSocket::bytesWritten, socket, topUp);
        topUp();
        break;
    }
    case Response::Tail::Trickle: {
        auto *timer = new QTimer(socket);
        const QByteArray chunk = response.chunk;
        connect(timer, &QTimer::timeout, socket, [this, socket, chunk, offset = qsizetype(0)]() mutable {
            m_bytesSent += socket->write(chunk.mid(offset++ % qMax<qsizetype>(1, chunk.size()), 1));
        });
        timer->start(response.intervalMs);
        break;
    }
    }
}
