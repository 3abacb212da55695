#pragma once

#include <QLockFile>
#include <QString>

#include <memory>

// One Paddock per library. Two windows on one library would each resume its unfinished jobs, and a job asked for
// but not yet sent could then be sent (and paid for) twice, and one clip downloaded by both. The lock is a file in
// the library's folder naming the process that holds it; a lock left by a process that has ended (a crash) is
// taken over, however old. Released when the object goes.
class LibraryLock final
{
public:
    explicit LibraryLock(const QString &libraryDirectory);
    ~LibraryLock();
    LibraryLock(const LibraryLock &) = delete;
    LibraryLock &operator=(const LibraryLock &) = delete;

    // True when this process now holds the library. False otherwise, with why in plain words (who holds it, or
    // what stopped the lock from being written).
    bool tryLock(QString *why);
    bool isLocked() const;
    // The process holding the lock when tryLock failed because another Paddock has it; 0 otherwise.
    qint64 ownerPid() const { return m_ownerPid; }

    static QString lockFileName() { return QStringLiteral("paddock.lock"); }

private:
    QString m_directory;
    std::unique_ptr<QLockFile> m_lock;
    qint64 m_ownerPid = 0;
};
