#pragma once

#include "library/Library.h"
#include "library/LibraryModel.h"

#include <QAbstractListModel>
#include <QList>

#include <functional>

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

    // The rules of reordering takes, shared by every model that shows a collection in its order (LibraryModel too).
    // Whether moving count rows from sourceRow to before destinationChild, among rows, is a move that changes anything.
    static bool isMove(int rows, int sourceRow, int count, int destinationChild);
    // Does that move to list, as moveRows() does to rows.
    template <typename T> static void move(QList<T> &list, int sourceRow, int count, int destinationChild)
    {
        const QList<T> moved = list.mid(sourceRow, count);
        list.remove(sourceRow, count);
        const int insertAt = destinationChild > sourceRow ? destinationChild - count : destinationChild;
        for (int i = 0; i < count; ++i)
            list.insert(insertAt + i, moved.at(i));
    }
    // The drag data of the takes at indexes (by LibraryModel::IdRole), in the order of the rows.
    static QMimeData *mimeDataForRows(const QModelIndexList &indexes);
    // Whether data carries takes that are all shown (rowOf(id) >= 0), to be moved.
    static bool canDrop(const QMimeData *data, Qt::DropAction action, const std::function<int(qint64)> &rowOf);
    // Moves the dragged takes of model one by one with moveRows(), before row (or parent's row, or the end).
    static void dropBefore(QAbstractItemModel *model, const QMimeData *data, int row, const QModelIndex &parent,
                           const std::function<int(qint64)> &rowOf);

Q_SIGNALS:
    // The library refused a change; message says why in plain words.
    void failed(const QString &message);

private:
    Library *m_library;
    PosterCache *m_posters;
    qint64 m_collectionId = 0;
    QList<CollectionItem> m_items;
};
