#include "review/PresentationSource.h"

#include "library/Library.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {

// Enough for any presentation a room sits through; the query pages, this keeps the list bounded.
constexpr int kMaxTakes = 1000;

QString tr(const char *text)
{
    return QCoreApplication::translate("PresentationSource", text);
}

} // namespace

QString PresentationSource::favouritesName()
{
    return u"favourites"_s;
}

QList<PlaylistItem> PresentationSource::itemsFrom(const QList<LibraryEntry> &entries)
{
    QList<PlaylistItem> items;
    for (const LibraryEntry &entry : entries) {
        if (entry.job.clipPath.isEmpty())
            continue;
        PlaylistItem item;
        item.id = entry.job.id;
        item.clipPath = entry.job.clipPath;
        item.caption = entry.job.request.prompt.simplified();
        item.note = entry.note;
        item.rating = entry.rating;
        item.favourite = entry.favourite;
        items.append(item);
    }
    return items;
}

std::optional<Playlist> PresentationSource::playlistFor(const Library &library, const QString &argument,
                                                        QString *error)
{
    const QString name = argument.trimmed();
    if (name.compare(favouritesName(), Qt::CaseInsensitive) != 0) {
        if (error)
            *error = tr("There is nothing called \u201C%1\u201D to present. Try \u201C%2\u201D.")
                         .arg(name, favouritesName());
        return std::nullopt;
    }
    LibraryQuery query;
    query.favouritesOnly = true;
    query.state = JobState::Ready;
    query.sort = LibraryQuery::Sort::Oldest; // the order they were made in: the story of the work
    query.limit = kMaxTakes;
    const QList<PlaylistItem> items = itemsFrom(library.query(query));
    if (items.isEmpty()) {
        if (error)
            *error = tr("No favourite take has a clip to present yet. Mark takes with F or the star in the library "
                        "first.");
        return std::nullopt;
    }
    return Playlist(items);
}
