#pragma once

#include "library/Library.h"
#include "library/LibraryModel.h"

#include <QAbstractListModel>
#include <QList>

class PosterCache;

// One collection's takes in the collection's order, for views: the same roles as LibraryModel plus each take's
// caption there; rows reorder by moveRows() or by dropping the model's own drag data, and every change is written
// to the library first.
class CollectionModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionModel)

public:
    enum Role
    {
        CaptionRole = LibraryModel::ShortSettingsTextRole + 1, // this take's caption in the collection
    };
    Q_ENUM(Role)

    // What a drag of takes carries: their generation ids, in the order of the rows.
    static constexpr auto kMimeType = "application/x-paddock-take-ids";

    // posters may be null (no posters) or shared with a LibraryModel.
    explicit CollectionModel(Library *library, PosterCache *posters = nullptr, QObject *parent = nullptr);
    ~CollectionModel() override;

    // 0 shows nothing.
    void setCollection(qint64 id);
    qint64 collectionId() const { return m_collectionId; }
    // Reads the collection again (takes deleted or brought back, added elsewhere).
    void reload();

    qint64 idAt(int row) const;
    int rowOf(qint64 id) const;
    QString captionAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count, const QModelIndex &destinationParent,
                  int destinationChild) override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    // Moves the dragged takes before row (or before parent's row when dropped on a take, or to the end). It returns
    // false even when it moved them, so that a view never removes the dragged rows after the move.
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    static QMimeData *mimeDataFor(const QList<qint64> &ids);
    static QList<qint64> idsFrom(const QMimeData *data);

Q_SIGNALS:
    // The library refused a change; message says why in plain words.
    void failed(const QString &message);

private:
    Library *m_library;
    PosterCache *m_posters;
    qint64 m_collectionId = 0;
    QList<CollectionItem> m_items;
};
