#include "media/ClipCheck.h"

#include "media/StoredFile.h"

#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PlayerWidget", text);
}

} // namespace

ClipCheck ClipCheck::run(const QString &path, const QString &folder)
{
    ClipCheck check;
    const QFileInfo file(path);
    const QString name = u"\u201C%1\u201D"_s.arg(file.fileName());
    if (!file.exists()) {
        check.error = tr("The clip %1 is missing: it may have been moved or deleted.").arg(name);
        return check;
    }
    // Only metadata is read here: a FIFO, a device or a link out of the clips folder is refused before it is opened.
    if (QString why; folder.isEmpty() ? !StoredFile::isRegularFile(path, &why)
                                      : !StoredFile::isRegularFileInside(path, folder, &why)) {
        check.error = tr("%1 cannot be played: %2").arg(name, why);
        return check;
    }
    if (!file.isReadable()) {
        check.error = tr("The clip %1 cannot be read: check the file's permissions.").arg(name);
        return check;
    }
    check.info = Mp4Info::fromFile(path);
    if (!check.info.valid)
        check.error = tr("Cannot play %1. %2").arg(name, check.info.error);
    else if (!check.info.complete)
        check.error = tr("Cannot play %1: the file is cut off, probably by an interrupted download.").arg(name);
    return check;
}
