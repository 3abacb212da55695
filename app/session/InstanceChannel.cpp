#include "session/InstanceChannel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int kReadTimeoutMs = 2000;

// A clip another start named, as a path to play: only an absolute path to a readable regular file.
QString checkedClip(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    const QString path = value.toString();
    const QFileInfo file(path);
    if (path.isEmpty() || !file.isAbsolute() || !file.isFile() || !file.isReadable())
        return {};
    return file.absoluteFilePath();
}

} // namespace

InstanceChannel::InstanceChannel(const QString &libraryDirectory, QObject *parent)
    : QObject(parent), m_name(serverName(libraryDirectory))
{
}

InstanceChannel::~InstanceChannel() = default;

QString InstanceChannel::serverName(const QString &libraryDirectory)
{
    const QFileInfo directory(libraryDirectory);
    const QString path = directory.canonicalFilePath().isEmpty() ? directory.absoluteFilePath()
                                                                 : directory.canonicalFilePath();
    const QByteArray key = QByteArray::number(qulonglong(::getuid())) + '\n' + path.toUtf8();
    return u"paddock-"_s +
           QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(32));
}

bool InstanceChannel::listen(QString *why)
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    // The caller holds the library's lock: a socket left under this name is a crashed Paddock's.
    QLocalServer::removeServer(m_name);
    if (!m_server->listen(m_name)) {
        *why = u"Another start of Paddock will not be able to bring this window forward: %1"_s.arg(
            m_server->errorString());
        return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] { read(socket); });
            // A caller that says nothing is not waited for.
            QTimer::singleShot(kReadTimeoutMs, socket, [socket] { socket->abort(); });
        }
    });
    return true;
}

void InstanceChannel::read(QLocalSocket *socket)
{
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > kMaxMessageBytes)
            socket->abort();
        return;
    }
    const QByteArray line = socket->readLine(kMaxMessageBytes + 1);
    QJsonParseError error;
    const QJsonDocument message = QJsonDocument::fromJson(line, &error);
    if (line.size() > kMaxMessageBytes || error.error != QJsonParseError::NoError || !message.isObject()) {
        socket->abort();
        return;
    }
    const QJsonObject object = message.object();
    const QString clip = checkedClip(object.value(u"clip"_s));
    // A clip named but not playable is refused whole: the window does not come forward for it.
    if (object.contains(u"clip"_s) && clip.isEmpty()) {
        socket->write("refused\n");
        socket->disconnectFromServer();
        return;
    }
    socket->write("ok\n");
    socket->disconnectFromServer();
    Q_EMIT asked(clip);
}

bool InstanceChannel::askOpenPaddock(const QString &libraryDirectory, const QString &clip, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(serverName(libraryDirectory));
    if (!socket.waitForConnected(timeoutMs))
        return false;
    QJsonObject message;
    if (!clip.isEmpty())
        message.insert(u"clip"_s, clip);
    socket.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return false;
        if (socket.bytesAvailable() > 64)
            return false;
    }
    return socket.readLine(64).trimmed() == "ok";
}
