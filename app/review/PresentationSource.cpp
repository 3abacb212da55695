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
        // A collection, by its name in any case: its takes in its order, each titled by its caption if it has one.
        if (library.collectionNamed(name)) {
            QList<LibraryEntry> entries;
            QStringList captions;
            for (const CollectionItem &item : library.collectionItems(name)) {
                entries << item.entry;
                captions << item.caption;
            }
            QList<PlaylistItem> items;
            for (qsizetype i = 0; i < entries.size(); ++i) {
                const QList<PlaylistItem> one = itemsFrom({entries.at(i)});
                if (one.isEmpty())
                    continue;
                items << one.constFirst();
                if (!captions.at(i).isEmpty())
                    items.last().caption = captions.at(i);
            }
            if (items.isEmpty()) {
                if (error)
                    *error = tr("The collection \u201C%1\u201D has no take with a clip to present yet.").arg(name);
                return std::nullopt;
            }
            return Playlist(items);
        }
        if (error)
            *error = tr("There is nothing called \u201C%1\u201D to present. Give a collection's name or "
                        "\u201C%2\u201D.")
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
