#include "review/CompareSource.h"

#include "library/Library.h"

#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CompareSource", text);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

std::optional<CompareTake> CompareSource::fromEntry(const Library &library, const LibraryEntry &entry)
{
    const QString clip = entry.job.clipPath;
    if (clip.isEmpty() || !library.isOwnFile(clip))
        return std::nullopt;
    CompareTake take;
    take.id = entry.job.id;
    take.clipPath = clip;
    take.title = entry.job.request.prompt.simplified();
    if (take.title.isEmpty())
        take.title = QFileInfo(clip).fileName();
    take.recipe = entry.job.request;
    take.rating = entry.rating;
    take.favourite = entry.favourite;
    take.tags = entry.tags;
    return take;
}

std::optional<QList<CompareTake>> CompareSource::fromIds(const Library &library, const QList<qint64> &ids,
                                                         QString *error)
{
    if (ids.size() < 2 || ids.size() > kMaxTakes) {
        fail(error, tr("Select 2 to 9 takes to compare."));
        return std::nullopt;
    }
    QList<CompareTake> takes;
    for (const qint64 id : ids) {
        const std::optional<LibraryEntry> entry = library.entry(id);
        const std::optional<CompareTake> take = entry ? fromEntry(library, *entry) : std::nullopt;
        if (!take) {
            fail(error, tr("Generation %1 has no clip on this computer to compare.").arg(id));
            return std::nullopt;
        }
        takes << *take;
    }
    return takes;
}

std::optional<QList<CompareTake>> CompareSource::fromArguments(const Library *library, const QStringList &arguments,
                                                               QString *error)
{
    if (arguments.size() < 2 || arguments.size() > kMaxTakes) {
        fail(error, tr("Give 2 to 9 clips to compare: MP4 files or library ids."));
        return std::nullopt;
    }
    QList<CompareTake> takes;
    for (const QString &argument : arguments) {
        const QFileInfo file(argument);
        if (file.exists()) {
            if (!file.isFile() || !file.isReadable()) {
                fail(error, tr("\u201C%1\u201D is not a file Paddock can read.").arg(argument));
                return std::nullopt;
            }
            CompareTake take;
            take.clipPath = file.absoluteFilePath();
            take.title = file.fileName();
            takes << take;
            continue;
        }
        QString number = argument.trimmed();
        if (number.startsWith(u'#'))
            number.remove(0, 1);
        bool isNumber = false;
        const qint64 id = number.toLongLong(&isNumber);
        if (!isNumber || id <= 0) {
            fail(error, tr("\u201C%1\u201D is neither a file nor a library id.").arg(argument));
            return std::nullopt;
        }
        const std::optional<LibraryEntry> entry = library ? library->entry(id) : std::nullopt;
        const std::optional<CompareTake> take = entry ? fromEntry(*library, *entry) : std::nullopt;
        if (!take) {
            fail(error, tr("The library has no take %1 with a clip on this computer.").arg(id));
            return std::nullopt;
        }
        takes << *take;
    }
    return takes;
}
