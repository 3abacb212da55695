#include "library/CollectionModel.h"

#include <QDataStream>
#include <QIODevice>
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
    const int size = int(m_items.size());
    if (sourceParent.isValid() || destinationParent.isValid() || count < 1 || sourceRow < 0 ||
        sourceRow + count > size || destinationChild < 0 || destinationChild > size ||
        (destinationChild >= sourceRow && destinationChild <= sourceRow + count))
        return false;
    QList<qint64> order;
    for (const CollectionItem &item : std::as_const(m_items))
        order << item.entry.job.id;
    const QList<qint64> moved = order.mid(sourceRow, count);
    order.remove(sourceRow, count);
    const int insertAt = destinationChild > sourceRow ? destinationChild - count : destinationChild;
    for (int i = 0; i < count; ++i)
        order.insert(insertAt + i, moved.at(i));
    QString error;
    if (!m_library->setCollectionOrder(m_collectionId, order, &error)) {
        Q_EMIT failed(error);
        return false;
    }
    beginMoveRows({}, sourceRow, sourceRow + count - 1, {}, destinationChild);
    const QList<CollectionItem> items = m_items.mid(sourceRow, count);
    m_items.remove(sourceRow, count);
    for (int i = 0; i < count; ++i)
        m_items.insert(insertAt + i, items.at(i));
    endMoveRows();
    return true;
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

QMimeData *CollectionModel::mimeData(const QModelIndexList &indexes) const
{
    QList<int> rows;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && !rows.contains(index.row()))
            rows << index.row();
    }
    std::sort(rows.begin(), rows.end());
    QList<qint64> ids;
    for (int row : std::as_const(rows))
        ids << idAt(row);
    return mimeDataFor(ids);
}

bool CollectionModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                      const QModelIndex &) const
{
    if (action != Qt::MoveAction)
        return false;
    const QList<qint64> ids = idsFrom(data);
    return !ids.isEmpty() && std::all_of(ids.cbegin(), ids.cend(), [this](qint64 id) { return rowOf(id) >= 0; });
}

bool CollectionModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                   const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    int target = parent.isValid() ? parent.row() : (row < 0 ? int(m_items.size()) : row);
    // Each dragged take goes before the target in the order dragged; a take already there stays.
    const QList<qint64> ids = idsFrom(data);
    for (qint64 id : ids) {
        const int from = rowOf(id);
        if (from != target && from + 1 != target)
            moveRows({}, from, 1, {}, target);
        target = rowOf(id) + 1;
    }
    return false;
}
