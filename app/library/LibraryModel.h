#pragma once

#include "library/Library.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QImage>
#include <QJsonObject>
#include <QList>

#include <optional>

class PosterCache;

// The library's generations matching one LibraryQuery, as a list for views: loaded a page at a time so that a
// library of thousands never loads at once, with edits written through to the database. While it shows a whole
// collection its rows reorder by moveRows() or by dropping CollectionModel's drag data, written to the library first.
class LibraryModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LibraryModel)

public:
    enum Role
    {
        IdRole = Qt::UserRole + 1, // qint64
        PromptRole,                // the whole prompt
        NegativePromptRole,
        ModeTextRole,     // "Text → video"
        SettingsTextRole, // "8 s · 1080P · 16:9"
        DateTextRole,     // "Today 14:03", "12 Mar 2025 09:12"
        StateRole,        // JobState
        StateTextRole,    // "Ready", "Failed"
        CostTextRole,     // "$1.44" when charged, "est. $1.44" otherwise, "not charged"
        CostCentsRole,    // qint64: charged, else estimated
        RatingRole,       // int 0-5
        FavouriteRole,    // bool
        TagsRole,         // QStringList
        TagsTextRole,     // "dusk, horse"
        NoteRole,
        ClipPathRole,     // the clip on disk when the generation is Ready, empty otherwise
        ClipTextRole,     // "1920×1080 · 8.0 s"; the requested length when the clip was never read
        PosterRole,       // QImage: made lazily for rows that are painted; null until it exists
        EntryRole,        // LibraryEntry
        ShortDateTextRole,     // "Today 14:03", "12 Mar 09:12", "12 Mar 2024": for a grid tile
        ShortSettingsTextRole, // "8 s · 1080P": for a badge on a poster (the poster shows the shape)
    };
    Q_ENUM(Role)

    static constexpr int kDefaultPageSize = 200;

    explicit LibraryModel(Library *library, QObject *parent = nullptr);
    ~LibraryModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count, const QModelIndex &destinationParent,
                  int destinationChild) override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    // As CollectionModel's: the dragged takes go before row (or before parent's row, or to the end), and it returns
    // false even when it moved them, so that a view never removes the dragged rows after the move.
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    Library *library() const { return m_library; }
    PosterCache *posters() const { return m_posters; }
    LibraryQuery query() const { return m_query; }
    // Search text or any filter narrows the results (showing a collection alone does not).
    static bool isFiltered(const LibraryQuery &query);
    // Whether the rows can be put in another order: only while they are one whole collection, in its order. why says
    // otherwise, in words for the user.
    bool canReorder(QString *why = nullptr) const;
    // Rows the query matches in all, loaded or not.
    int totalCount() const { return m_total; }
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }

    // Runs query from its first page (its limit and offset are ignored: the model pages by itself).
    void setQuery(const LibraryQuery &query);
    // Reads again what is loaded (at least one page): rows that only changed are updated in place; when rows
    // came or went the model resets.
    void refresh();

    qint64 idAt(int row) const;
    int rowOf(qint64 id) const; // -1 when the generation is not loaded
    std::optional<LibraryEntry> entryAt(int row) const;

    // Edits, written to the library first; false when the library refused. A row stays where it is after an
    // edit even when it no longer matches the filters: rows never jump away from under the pointer.
    bool setRating(int row, int rating);
    bool setFavourite(int row, bool favourite);
    bool setTags(int row, const QStringList &tags);
    bool setNote(int row, const QString &note);
    // Moves the clip to the system trash and hides the row; undoRemove() brings back the last one removed.
    bool remove(int row, QString *error);
    bool canUndoRemove() const { return m_lastRemoved.has_value(); }
    qint64 lastRemovedId() const { return m_lastRemoved ? m_lastRemoved->entry.job.id : 0; }
    bool undoRemove(QString *error);

    // What a row of entry says for role (every Role above, and the display, tooltip and accessible texts): shared
    // by the models that list generations. posters may be null (no poster then).
    static QVariant entryData(const LibraryEntry &entry, int role, PosterCache *posters);
    // The roles' names, for QML and tests.
    static QHash<int, QByteArray> entryRoleNames();

    // Text rules, public so that they can be checked on their own.
    static QString costText(const Job &job);
    static qint64 costCents(const Job &job);
    static QString dateText(const QDateTime &time, const QDateTime &now = QDateTime::currentDateTime());
    // dateText without the time of day for another year, so that it fits under a small poster.
    static QString shortDateText(const QDateTime &time, const QDateTime &now = QDateTime::currentDateTime());
    static QString shortSettingsText(const GenerationRequest &request);
    static QString clipText(const LibraryEntry &entry);
    static QString settingsText(const GenerationRequest &request);
    // Everything worth keeping beside an exported clip: the request, the request id, costs, times, clip facts.
    static QJsonObject exportJson(const LibraryEntry &entry);
    // Writes the clip to clipTarget (replacing a file there) with its recipe (library/Recipe.h) inside, and
    // exportJson() beside it as name.json. When the recipe cannot be put inside, the clip is copied as it is and
    // the export still succeeds, with *error saying so; *error is empty after a complete export.
    static bool exportEntry(const LibraryEntry &entry, const QString &clipTarget, QString *error);
    static QString jsonPathFor(const QString &clipTarget);

Q_SIGNALS:
    // The number of matching rows changed (a new query, a refresh, a removal or its undo).
    void totalCountChanged(int total);
    // The library refused a new order; message says why in plain words.
    void reorderFailed(const QString &message);

private:
    struct Removed
    {
        LibraryEntry entry;
        int row = 0;
    };

    QList<LibraryEntry> load(int offset, int limit) const;
    void rebuildRows();
    void announce(int row, const QList<int> &roles);
    void onPosterReady(const QString &path);
    void setTotal(int total);

    Library *m_library;
    PosterCache *m_posters;
    LibraryQuery m_query;
    QList<LibraryEntry> m_entries;
    QHash<qint64, int> m_rows;
    int m_total = 0;
    int m_pageSize = kDefaultPageSize;
    // Inside one of our own changes: a view (or QAbstractItemModelTester) may ask for more rows from inside its
    // notifications, and a page inserted there would nest one change inside another. Fetching waits until after.
    bool m_notifying = false;
    std::optional<Removed> m_lastRemoved;
};
