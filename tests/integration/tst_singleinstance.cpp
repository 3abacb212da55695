// One Paddock per library: the lock is held once, taken over from a process that has ended, and a second start
// reaches the open Paddock through its channel, which checks what it is sent before it becomes a path.
#include "session/InstanceChannel.h"
#include "session/LibraryLock.h"

#include <QFile>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace {

// A lock file as QLockFile writes it (pid, program, host), last changed three days ago. The program is this one's:
// a pid whose program has another name is a pid used again, and its lock is stale.
void writeOldLockFile(const QString &path, qint64 pid)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray program = QFileInfo(QCoreApplication::applicationFilePath()).fileName().toUtf8();
    file.write(QByteArray::number(pid) + '\n' + program + '\n' + QSysInfo::machineHostName().toUtf8() + '\n');
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addDays(-3), QFileDevice::FileModificationTime));
}

} // namespace

class TestSingleInstance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aLibraryIsHeldOnce()
    {
        QTemporaryDir dir;
        const QString library = dir.filePath(u"lib"_s); // not made yet: the lock makes it
        LibraryLock first(library);
        QString why;
        QVERIFY2(first.tryLock(&why), qPrintable(why));
        QVERIFY(first.isLocked());
        LibraryLock second(library);
        QVERIFY(!second.tryLock(&why));
        QVERIFY2(why.contains(u"already open with the library"_s), qPrintable(why));
        QVERIFY2(why.contains(QString::number(QCoreApplication::applicationPid())), qPrintable(why));
        QCOMPARE(second.ownerPid(), QCoreApplication::applicationPid());
        {
            LibraryLock elsewhere(dir.filePath(u"other"_s));
            QVERIFY2(elsewhere.tryLock(&why), qPrintable(why)); // another library is another lock
        }
    }

    void aReleasedLibraryCanBeTaken()
    {
        QTemporaryDir dir;
        QString why;
        {
            LibraryLock first(dir.path());
            QVERIFY2(first.tryLock(&why), qPrintable(why));
        }
        LibraryLock next(dir.path());
        QVERIFY2(next.tryLock(&why), qPrintable(why));
    }

    // A Paddock that crashed left its lock file behind: however old, it is taken over, because its process is gone.
    // A Paddock left open for days keeps its library, however old its lock file.
    void aLockIsTakenOverOnlyFromAnEndedProcess()
    {
        QProcess ended;
        ended.start(u"true"_s, QStringList());
        QVERIFY(ended.waitForStarted());
        const qint64 deadPid = ended.processId();
        QVERIFY(ended.waitForFinished());

        QTemporaryDir crashed;
        writeOldLockFile(crashed.filePath(LibraryLock::lockFileName()), deadPid);
        LibraryLock takeover(crashed.path());
        QString why;
        QVERIFY2(takeover.tryLock(&why), qPrintable(why));

        QTemporaryDir longOpen;
        writeOldLockFile(longOpen.filePath(LibraryLock::lockFileName()), QCoreApplication::applicationPid());
        LibraryLock second(longOpen.path());
        QVERIFY(!second.tryLock(&why));
        QCOMPARE(second.ownerPid(), QCoreApplication::applicationPid());
    }

    void theOpenPaddockIsAskedToComeForwardWithAClip()
    {
        QTemporaryDir dir;
        QFile clip(dir.filePath(u"take.mp4"_s));
        QVERIFY(clip.open(QIODevice::WriteOnly));
        clip.close();
        InstanceChannel channel(dir.path());
        QString why;
        QVERIFY2(channel.listen(&why), qPrintable(why));
        QSignalSpy asked(&channel, &InstanceChannel::asked);

        // The second start blocks while it waits for the answer: here it runs on a thread of its own.
        QFuture<bool> answer =
            QtConcurrent::run([library = dir.path(), path = clip.fileName()] {
                return InstanceChannel::askOpenPaddock(library, path);
            });
        QTRY_VERIFY(answer.isFinished());
        QVERIFY(answer.result());
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.at(0).at(0).toString(), QFileInfo(clip.fileName()).absoluteFilePath());

        answer = QtConcurrent::run([library = dir.path()] { return InstanceChannel::askOpenPaddock(library, {}); });
        QTRY_VERIFY(answer.isFinished());
        QVERIFY(answer.result());
        QCOMPARE(asked.size(), 2);
        QVERIFY(asked.at(1).at(0).toString().isEmpty());

        // The same library written another way is the same Paddock; another library is nobody.
        QCOMPARE(InstanceChannel::serverName(dir.path() + u"/."_s), InstanceChannel::serverName(dir.path()));
        QVERIFY(!InstanceChannel::askOpenPaddock(dir.filePath(u"elsewhere"_s), {}, 500));
    }

    // What arrives on the socket is hostile until checked: nothing but a readable file's absolute path is played,
    // nothing else comes forward, and a caller that floods or says nothing is cut off.
    void hostileMessagesAreRefused()
    {
        QTemporaryDir dir;
        InstanceChannel channel(dir.path());
        QString why;
        QVERIFY2(channel.listen(&why), qPrintable(why));
        QSignalSpy asked(&channel, &InstanceChannel::asked);
        const QList<QByteArray> messages = {
            "not json\n",
            "[1, 2]\n",
            "{\"clip\": \"relative/take.mp4\"}\n",
            "{\"clip\": \"/no/such/file.mp4\"}\n",
            "{\"clip\": \"" + dir.path().toUtf8() + "\"}\n", // a folder
            "{\"clip\": 42}\n",
            QByteArray(InstanceChannel::kMaxMessageBytes + 100, 'x'), // no end of line, ever
        };
        for (const QByteArray &message : messages) {
            QLocalSocket socket;
            socket.connectToServer(InstanceChannel::serverName(dir.path()));
            QVERIFY(socket.waitForConnected(2000));
            socket.write(message);
            QVERIFY(socket.waitForBytesWritten(2000));
            QTRY_VERIFY2_WITH_TIMEOUT(socket.state() == QLocalSocket::UnconnectedState, message.left(60).constData(),
                                      5000);
            const QByteArray answer = socket.readAll();
            QVERIFY2(answer.isEmpty() || answer == "refused\n", answer.constData());
        }
        // A caller that connects and says nothing is let go.
        QLocalSocket silent;
        silent.connectToServer(InstanceChannel::serverName(dir.path()));
        QVERIFY(silent.waitForConnected(2000));
        QTRY_VERIFY_WITH_TIMEOUT(silent.state() == QLocalSocket::UnconnectedState, 5000);
        QCOMPARE(asked.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
