#include "library/CollectionModel.h"

#include <QDataStream>
#include <QIODevice>
#include <QMap>
#include <QMimeData>

using namespace Qt::StringLiterals;

CollectionModel::CollectionModel(Library *library, PosterCache *posters, QObject *parent)
    : QAbstractListModel(parent), m_library(library), m_posters(posters)
{
}

CollectionModel::~CollectionModel() = default;

void CollectionModel::setCollection(qint64 id)
{
    m_collectionId = id;
    reload();
}

void CollectionModel::reload()
{
    beginResetModel();
    m_items = m_library && m_collectionId != 0 ? m_library->collectionItems(m_collectionId) : QList<CollectionItem>();
    endResetModel();
}

qint64 CollectionModel::idAt(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items.at(row).entry.job.id : 0;
}

int CollectionModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).entry.job.id == id)
            return row;
    }
    return -1;
}

QString CollectionModel::captionAt(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items.at(row).caption : QString();
}

int CollectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant CollectionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CollectionItem &item = m_items.at(index.row());
    if (role == CaptionRole)
        return item.caption;
    return LibraryModel::entryData(item.entry, role, m_posters);
}

bool CollectionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != CaptionRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    CollectionItem &item = m_items[index.row()];
    if (!m_library->setCaption(m_collectionId, item.entry.job.id, value.toString()))
        return false;
    // The library cleans the text: show what it kept.
    const QList<CollectionItem> fresh = m_library->collectionItems(m_collectionId);
    for (const CollectionItem &f : fresh) {
        if (f.entry.job.id == item.entry.job.id)
            item.caption = f.caption;
    }
    Q_EMIT dataChanged(index, index, {CaptionRole});
    return true;
}

QHash<int, QByteArray> CollectionModel::roleNames() const
{
    QHash<int, QByteArray> names = LibraryModel::entryRoleNames();
    names.insert(CaptionRole, "caption");
    return names;
}

Qt::ItemFlags CollectionModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    // Takes are dropped between takes or onto one (meaning before it); the root takes drops at the end.
    return index.isValid() ? base | Qt::ItemIsDragEnabled | Qt::ItemIsDropEnabled : base | Qt::ItemIsDropEnabled;
}

bool CollectionModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                               const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() ||
        !isMove(int(m_items.size()), sourceRow, count, destinationChild))
        return false;
    QList<qint64> order;
    for (const CollectionItem &item : std::as_const(m_items))
        order << item.entry.job.id;
    move(order, sourceRow, count, destinationChild);
    QString error;
    if (!m_library->setCollectionOrder(m_collectionId, order, &error)) {
        Q_EMIT failed(error);
        return false;
    }
    beginMoveRows({}, sourceRow, sourceRow + count - 1, {}, destinationChild);
    move(m_items, sourceRow, count, destinationChild);
    endMoveRows();
    return true;
}

bool CollectionModel::isMove(int rows, int sourceRow, int count, int destinationChild)
{
    return count >= 1 && sourceRow >= 0 && sourceRow + count <= rows && destinationChild >= 0 &&
           destinationChild <= rows && (destinationChild < sourceRow || destinationChild > sourceRow + count);
}

Qt::DropActions CollectionModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions CollectionModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

QStringList CollectionModel::mimeTypes() const
{
    return {QString::fromLatin1(kMimeType)};
}

QMimeData *CollectionModel::mimeDataFor(const QList<qint64> &ids)
{
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    stream << ids;
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(kMimeType), bytes);
    return data;
}

QList<qint64> CollectionModel::idsFrom(const QMimeData *data)
{
    QList<qint64> ids;
    if (!data || !data->hasFormat(QString::fromLatin1(kMimeType)))
        return ids;
    QDataStream stream(data->data(QString::fromLatin1(kMimeType)));
    stream >> ids;
    return stream.status() == QDataStream::Ok ? ids : QList<qint64>();
}

QMimeData *CollectionModel::mimeDataForRows(const QModelIndexList &indexes)
{
    QMap<int, qint64> byRow;
    for (const QModelIndex &index : indexes) {
        if (index.isValid())
            byRow.insert(index.row(), index.data(LibraryModel::IdRole).toLongLong());
    }
    return mimeDataFor(byRow.values());
}

bool CollectionModel::canDrop(const QMimeData *data, Qt::DropAction action, const std::function<int(qint64)> &rowOf)
{
    if (action != Qt::MoveAction)
        return false;
    const QList<qint64> ids = idsFrom(data);
    return !ids.isEmpty() && std::all_of(ids.cbegin(), ids.cend(), [&rowOf](qint64 id) { return rowOf(id) >= 0; });
}

void CollectionModel::dropBefore(QAbstractItemModel *model, const QMimeData *data, int row, const QModelIndex &parent,
                                 const std::function<int(qint64)> &rowOf)
{
    int target = parent.isValid() ? parent.row() : (row < 0 ? model->rowCount() : row);
    // Each dragged take goes before the target in the order dragged; a take already there stays.
    const QList<qint64> ids = idsFrom(data);
    for (qint64 id : ids) {
        const int from = rowOf(id);
        if (from != target && from + 1 != target && !model->moveRows({}, from, 1, {}, target))
            return;
        target = rowOf(id) + 1;
    }
}

QMimeData *CollectionModel::mimeData(const QModelIndexList &indexes) const
{
    return mimeDataForRows(indexes);
}

bool CollectionModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                      const QModelIndex &) const
{
    return canDrop(data, action, [this](qint64 id) { return rowOf(id); });
}

bool CollectionModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                   const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    dropBefore(this, data, row, parent, [this](qint64 id) { return rowOf(id); });
    return false;
}
