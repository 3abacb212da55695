#include "session/LibraryLock.h"

#include <QDir>

using namespace Qt::StringLiterals;

LibraryLock::LibraryLock(const QString &libraryDirectory)
    : m_directory(libraryDirectory), m_lock(std::make_unique<QLockFile>(libraryDirectory + u"/"_s + lockFileName()))
{
    // Never stale by age: a Paddock left open for a day still holds its library. A lock whose process has ended is
    // still found stale (QLockFile checks that the process is alive).
    m_lock->setStaleLockTime(0);
}

LibraryLock::~LibraryLock() = default;

bool LibraryLock::tryLock(QString *why)
{
    m_ownerPid = 0;
    if (!QDir().mkpath(m_directory)) {
        *why = u"Paddock could not create its library folder %1. Check that the disk is writable."_s.arg(
            QDir::toNativeSeparators(m_directory));
        return false;
    }
    if (m_lock->tryLock(0))
        return true;
    switch (m_lock->error()) {
    case QLockFile::LockFailedError: {
        QString host;
        QString application;
        m_lock->getLockInfo(&m_ownerPid, &host, &application);
        *why = u"Paddock is already open with the library in %1 (process %2). Use that window, or quit it and "
               u"start Paddock again."_s.arg(QDir::toNativeSeparators(m_directory))
                   .arg(m_ownerPid);
        return false;
    }
    case QLockFile::PermissionError:
        *why = u"Paddock may not write in its library folder %1. Check the folder's permissions."_s.arg(
            QDir::toNativeSeparators(m_directory));
        return false;
    case QLockFile::NoError:
    case QLockFile::UnknownError:
        break;
    }
    *why = u"Paddock could not mark its library folder %1 as in use. Check the free disk space."_s.arg(
        QDir::toNativeSeparators(m_directory));
    return false;
}

bool LibraryLock::isLocked() const
{
    return m_lock->isLocked();
}
