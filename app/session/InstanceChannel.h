#pragma once

#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

// How a second start reaches the Paddock already open with the same library (LibraryLock lets only one run): it
// asks that one to come forward and, for "Open with Paddock" on an MP4, to play the clip. A local socket only this
// user may connect to; whatever arrives on it is still checked before it becomes a path.
class InstanceChannel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstanceChannel)

public:
    explicit InstanceChannel(const QString &libraryDirectory, QObject *parent = nullptr);
    ~InstanceChannel() override;

    // Called by the Paddock that holds the library. False with why (the second start then only gets told that
    // Paddock is already open).
    bool listen(QString *why);

    // From a second start: asks the open Paddock to come forward and to play clip (an absolute path; empty: none).
    // True when it answered within timeoutMs. Blocks: call it before the event loop runs.
    static bool askOpenPaddock(const QString &libraryDirectory, const QString &clip, int timeoutMs = 3000);

    // The socket's name: the same for every way of writing the library's path, different for each user and library.
    static QString serverName(const QString &libraryDirectory);

    // The longest message taken, in bytes: a path, in a line of JSON.
    static constexpr qint64 kMaxMessageBytes = 16 * 1024;

Q_SIGNALS:
    // Another start asked for this window; clip is empty, or a readable file's absolute path.
    void asked(const QString &clip);

private:
    void read(QLocalSocket *socket);

    QString m_name;
    QLocalServer *m_server = nullptr;
};
