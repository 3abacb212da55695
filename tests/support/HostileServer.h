#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;

// A deliberately badly behaved HTTP/1.1 server on loopback, built on QTcpServer so that a test controls every
// byte it sends: any status line, header and body, bodies that never end or arrive a byte at a time, answers that
// never come. Each connection carries one request and is closed after its answer.
class HostileServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostileServer)

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;                       // with the query, as sent
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };

    struct Response
    {
        enum class Tail
        {
            Close,   // send head and body, then close
            Endless, // then repeat chunk as fast as the client reads, for ever
            Trickle, // then send chunk one byte every intervalMs, for ever
            Hold,    // then send nothing more, and keep the connection open
        };
        QByteArray head; // status line and headers, without the blank line
        QByteArray body;
        Tail tail = Tail::Close;
        QByteArray chunk = QByteArray(64 * 1024, ' ');
        int intervalMs = 1000;

        // A complete answer with Content-Length, and Content-Type application/json unless given.
        static Response json(int status, const QByteArray &body, const QByteArray &extraHeaders = {});
        static Response bytes(int status, const QByteArray &contentType, const QByteArray &body,
                              const QByteArray &extraHeaders = {});
        // Head (no length: the body runs until the connection closes) and a start of body, then the tail.
        static Response streaming(Tail tail, const QByteArray &start, const QByteArray &chunk, int intervalMs = 1000);
    };

    using Handler = std::function<Response(const Request &)>;

    explicit HostileServer(QObject *parent = nullptr);
    ~HostileServer() override;

    bool listen();                            // a free port on 127.0.0.1
    QUrl url(const QString &path = {}) const; // http://127.0.0.1:<port><path>
    // Requests whose path starts with prefix get handler's answer; the longest prefix wins. Others get 404.
    void on(const QByteArray &prefix, Handler handler);
    QList<Request> requests() const { return m_requests; }
    int count(const QByteArray &prefix) const;
    qint64 bytesSent() const { return m_bytesSent; }

private:
    void onConnection();
    void onReadable(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const Request &request);
    void feed(QTcpSocket *socket, const Response &response);

    QTcpServer *m_server;
    QList<QPair<QByteArray, Handler>> m_handlers;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_pending;
    qint64 m_bytesSent = 0;
};
