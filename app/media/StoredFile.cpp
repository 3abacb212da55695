#include "media/StoredFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace StoredFile {

bool isInside(const QString &path, const QString &root)
{
    if (path.isEmpty() || root.isEmpty() || path.contains(QChar(0)))
        return false;
    const QString cleanRoot = QDir::cleanPath(QDir(root).absolutePath());
    const QString cleanPath = QDir::cleanPath(QDir(root).absoluteFilePath(path));
    return cleanPath.startsWith(cleanRoot + u'/') && cleanPath.size() > cleanRoot.size() + 1;
}

namespace {

bool refuse(QString *why, const QString &reason)
{
    if (why)
        *why = reason;
    return false;
}

QString outsideText(const QString &name)
{
    return u"%1 is not in Paddock's library folder, so Paddock will not open it."_s.arg(name);
}

} // namespace

bool isRegularFile(const QString &path, QString *why)
{
    const QString name = QFileInfo(path).fileName();
    if (path.isEmpty() || path.contains(QChar(0)))
        return refuse(why, u"There is no file to open."_s);
    struct stat status
    {
    };
    if (::lstat(QFile::encodeName(path).constData(), &status) != 0)
        return refuse(why, u"The file %1 is missing: it may have been moved or deleted."_s.arg(name));
    if (S_ISLNK(status.st_mode))
        return refuse(why, u"%1 is a link to another place, so Paddock will not open it."_s.arg(name));
    if (!S_ISREG(status.st_mode))
        return refuse(
            why,
            u"%1 is not an ordinary file (it may be a pipe or a device), so Paddock will not open it."_s.arg(name));
    return true;
}

bool isRegularFileInside(const QString &path, const QString &root, QString *why)
{
    const QString name = QFileInfo(path).fileName();
    if (!isInside(path, root))
        return refuse(why, outsideText(name.isEmpty() ? path : name));
    if (!isRegularFile(path, why))
        return false;
    // A folder on the way may itself be a link that leads out of the library.
    const QString real = QFileInfo(path).canonicalFilePath();
    const QString realRoot = QFileInfo(root).canonicalFilePath();
    if (real.isEmpty() || realRoot.isEmpty() || !real.startsWith(realRoot + u'/'))
        return refuse(why, outsideText(name));
    return true;
}

} // namespace StoredFile
