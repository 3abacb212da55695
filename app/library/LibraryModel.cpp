#include "library/LibraryModel.h"

#include "api/SafeText.h"
#include "jobs/JobListModel.h"
#include "library/CollectionModel.h"
#include "library/Recipe.h"
#include "media/ClipRecipe.h"
#include "media/PosterCache.h"
#include "media/StoredFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>
#include <QScopedValueRollback>

using namespace Qt::StringLiterals;

namespace {

// Grid cells paint posters at most about 200 px wide; a little more keeps them sharp on HiDPI screens.
constexpr QSize kPosterSize(320, 320);
// A tooltip shows what the service reads; anything past its limit is cut by the service anyway.
constexpr int kMaxTooltipPrompt = GenerationRequest::kMaxPromptCharacters;

// A plain copy of the clip, replacing target.
bool copyClip(const QString &source, const QString &target, QString *error)
{
    // The Save As dialog has asked about replacing an existing file; QFile::copy never overwrites.
    if (QFile::exists(target) && !QFile::remove(target)) {
        *error = u"Could not replace %1. Check that it is not open elsewhere and that the folder is writable."_s.arg(
            QDir::toNativeSeparators(target));
        return false;
    }
    QFile clip(source);
    if (!clip.copy(target)) {
        *error = u"Could not copy the clip to %1: %2"_s.arg(QDir::toNativeSeparators(target), clip.errorString());
        return false;
    }
    return true;
}

QJsonValue timeJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue imageJson(const ImageSource &image)
{
    if (image.isLocalFile())
        return QDir::toNativeSeparators(image.path);
    if (image.isUrl())
        return image.url.toString();
    return QJsonValue();
}

} // namespace

LibraryModel::LibraryModel(Library *library, QObject *parent)
    : QAbstractListModel(parent), m_library(library), m_posters(new PosterCache(kPosterSize, this))
{
    // Posters are kept with the library, so a later session shows them without decoding any clip.
    m_posters->setDiskDirectory(library->directory() + u"/posters"_s);
    m_posters->setAllowedDirectory(library->directory());
    connect(m_posters, &PosterCache::imageReady, this, &LibraryModel::onPosterReady);
    setQuery(LibraryQuery{});
}

LibraryModel::~LibraryModel() = default;

int LibraryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

bool LibraryModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_notifying && m_entries.size() < m_total;
}

void LibraryModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    QList<LibraryEntry> page = load(int(m_entries.size()), m_pageSize);
    // An edit may have taken a loaded row out of the query, shifting the offsets by one: never show a row twice.
    page.removeIf([this](const LibraryEntry &e) { return m_rows.contains(e.job.id); });
    if (page.isEmpty()) {
        setTotal(int(m_entries.size())); // the library shrank under us: nothing more to fetch
        return;
    }
    const QScopedValueRollback busy(m_notifying, true);
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    for (const LibraryEntry &e : std::as_const(page)) {
        m_rows.insert(e.job.id, int(m_entries.size()));
        m_entries.append(e);
    }
    endInsertRows();
    if (m_entries.size() > m_total)
        setTotal(int(m_entries.size()));
}

QList<LibraryEntry> LibraryModel::load(int offset, int limit) const
{
    if (!m_library)
        return {};
    LibraryQuery q = m_query;
    q.offset = offset;
    q.limit = limit;
    return m_library->query(q);
}

void LibraryModel::rebuildRows()
{
    m_rows.clear();
    m_rows.reserve(m_entries.size());
    for (int row = 0; row < m_entries.size(); ++row)
        m_rows.insert(m_entries.at(row).job.id, row);
}

void LibraryModel::setTotal(int total)
{
    if (total == m_total)
        return;
    m_total = total;
    Q_EMIT totalCountChanged(total);
}

void LibraryModel::setQuery(const LibraryQuery &query)
{
    const QScopedValueRollback busy(m_notifying, true);
    beginResetModel();
    m_query = query;
    m_query.offset = 0;
    m_query.limit = m_pageSize;
    m_entries = load(0, m_pageSize);
    rebuildRows();
    const int total = m_library ? m_library->count(m_query) : 0;
    m_total = qMax(total, int(m_entries.size()));
    endResetModel();
    Q_EMIT totalCountChanged(m_total);
}

void LibraryModel::refresh()
{
    const int loaded = qMax(m_pageSize, int(m_entries.size()));
    const QList<LibraryEntry> fresh = load(0, loaded);
    const int total = m_library ? qMax(m_library->count(m_query), int(fresh.size())) : 0;

    bool sameRows = fresh.size() == m_entries.size();
    for (int row = 0; sameRows && row < fresh.size(); ++row)
        sameRows = fresh.at(row).job.id == m_entries.at(row).job.id;
    if (!sameRows) {
        // Rows came or went (usually a new job at the top): views keep their current item by id.
        const QScopedValueRollback busy(m_notifying, true);
        beginResetModel();
        m_entries = fresh;
        rebuildRows();
        m_total = total;
        endResetModel();
        Q_EMIT totalCountChanged(m_total);
        return;
    }
    // Only what changed is repainted: a job finishing elsewhere does not disturb the grid.
    for (int row = 0; row < fresh.size(); ++row) {
        const LibraryEntry &before = m_entries.at(row);
        const LibraryEntry &now = fresh.at(row);
        const bool clipChanged = before.job.clipPath != now.job.clipPath || before.job.state != now.job.state;
        if (clipChanged && now.job.state == JobState::Ready && !now.job.clipPath.isEmpty())
            m_posters->forget(now.job.clipPath); // a clip downloaded again may replace an older file at that path
        const bool changed = clipChanged || before.job.chargedCents != now.job.chargedCents ||
                             before.job.estimatedCents != now.job.estimatedCents || before.rating != now.rating ||
                             before.favourite != now.favourite || before.tags != now.tags || before.note != now.note ||
                             before.clipWidth != now.clipWidth || before.clipSeconds != now.clipSeconds ||
                             before.job.error != now.job.error;
        m_entries[row] = now;
        if (changed)
            announce(row, {});
    }
    setTotal(total);
}

void LibraryModel::announce(int row, const QList<int> &roles)
{
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at, roles);
}

qint64 LibraryModel::idAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).job.id : 0;
}

int LibraryModel::rowOf(qint64 id) const
{
    return m_rows.value(id, -1);
}

std::optional<LibraryEntry> LibraryModel::entryAt(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return std::nullopt;
    return m_entries.at(row);
}

QHash<int, QByteArray> LibraryModel::roleNames() const
{
    return entryRoleNames();
}

QHash<int, QByteArray> LibraryModel::entryRoleNames()
{
    QHash<int, QByteArray> names{{Qt::DisplayRole, "display"}, {Qt::DecorationRole, "decoration"},
                                 {Qt::EditRole, "edit"},       {Qt::ToolTipRole, "toolTip"},
                                 {Qt::StatusTipRole, "statusTip"}, {Qt::WhatsThisRole, "whatsThis"}};
    names.insert({{IdRole, "id"},
                  {PromptRole, "prompt"},
                  {NegativePromptRole, "negativePrompt"},
                  {ModeTextRole, "modeText"},
                  {SettingsTextRole, "settingsText"},
                  {DateTextRole, "dateText"},
                  {StateRole, "state"},
                  {StateTextRole, "stateText"},
                  {CostTextRole, "costText"},
                  {CostCentsRole, "costCents"},
                  {RatingRole, "rating"},
                  {FavouriteRole, "favourite"},
                  {TagsRole, "tags"},
                  {TagsTextRole, "tagsText"},
                  {NoteRole, "note"},
                  {ClipPathRole, "clipPath"},
                  {ClipTextRole, "clipText"},
                  {PosterRole, "poster"},
                  {EntryRole, "entry"},
                  {ShortDateTextRole, "shortDateText"},
                  {ShortSettingsTextRole, "shortSettingsText"}});
    return names;
}

QVariant LibraryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return entryData(m_entries.at(index.row()), role, m_posters);
}

QVariant LibraryModel::entryData(const LibraryEntry &e, int role, PosterCache *posters)
{
    const Job &job = e.job;
    switch (role) {
    case Qt::DisplayRole:
        return JobListModel::promptExcerpt(job.request.prompt);
    case Qt::ToolTipRole: {
        QString text = job.request.prompt.size() > kMaxTooltipPrompt ? job.request.prompt.left(kMaxTooltipPrompt) + u'…'
                                                                      : job.request.prompt;
        // What the tile shows in short, in full.
        QStringList facts{dateText(job.createdAt), settingsText(job.request), costText(job)};
        if (job.state != JobState::Ready)
            facts << jobStateText(job.state);
        facts.removeAll(QString());
        text += u"\n\n"_s + facts.join(u" · "_s);
        if (!e.note.isEmpty())
            text += u"\n\nNote: "_s + e.note;
        if (!job.error.isEmpty())
            text += u"\n\n"_s + SafeText::elide(job.error);
        return text;
    }
    case Qt::AccessibleTextRole: {
        // What a screen reader says for a cell: the painted text is not visible to it.
        QStringList parts{JobListModel::promptExcerpt(job.request.prompt), dateText(job.createdAt),
                          settingsText(job.request), costText(job), jobStateText(job.state)};
        if (e.rating > 0)
            parts << (e.rating == 1 ? u"1 star"_s : u"%1 stars"_s.arg(e.rating));
        if (e.favourite)
            parts << u"favourite"_s;
        return parts.join(u". "_s);
    }
    case IdRole:
        return job.id;
    case PromptRole:
        return job.request.prompt;
    case NegativePromptRole:
        return job.request.negativePrompt;
    case ModeTextRole: {
        const auto mode = job.request.mode();
        return mode ? GenerationRequest::modeName(*mode) : QString();
    }
    case SettingsTextRole:
        return settingsText(job.request);
    case DateTextRole:
        return dateText(job.createdAt);
    case ShortDateTextRole:
        return shortDateText(job.createdAt);
    case ShortSettingsTextRole:
        return shortSettingsText(job.request);
    case StateRole:
        return QVariant::fromValue(job.state);
    case StateTextRole:
        return jobStateText(job.state);
    case CostTextRole:
        return costText(job);
    case CostCentsRole:
        return costCents(job);
    case RatingRole:
        return e.rating;
    case FavouriteRole:
        return e.favourite;
    case TagsRole:
        return e.tags;
    case TagsTextRole:
        return e.tags.join(u", "_s);
    case NoteRole:
        return e.note;
    case ClipPathRole:
        return job.state == JobState::Ready ? job.clipPath : QString();
    case ClipTextRole:
        return clipText(e);
    case PosterRole:
        // Asked for lazily: only cells a view actually paints get a poster frame made.
        return job.state == JobState::Ready && !job.clipPath.isEmpty() && posters
                   ? posters->image(job.clipPath)
                   : QImage();
    case EntryRole:
        return QVariant::fromValue(e);
    default:
        return {};
    }
}

void LibraryModel::onPosterReady(const QString &path)
{
    const QString kept = m_posters->diskPath(path);
    const bool hasPoster = !m_posters->image(path).isNull();
    for (int row = 0; row < m_entries.size(); ++row) {
        LibraryEntry &entry = m_entries[row];
        if (entry.job.clipPath != path)
            continue;
        // The record says where its poster is, once there is one.
        if (hasPoster && entry.posterPath != kept && m_library && m_library->setPosterPath(entry.job.id, kept))
            entry.posterPath = kept;
        announce(row, {PosterRole});
    }
}

bool LibraryModel::setRating(int row, int rating)
{
    const qint64 id = idAt(row);
    rating = qBound(0, rating, 5);
    if (id == 0 || !m_library || !m_library->setRating(id, rating))
        return false;
    m_entries[row].rating = rating;
    announce(row, {RatingRole, Qt::AccessibleTextRole, EntryRole});
    return true;
}

bool LibraryModel::setFavourite(int row, bool favourite)
{
    const qint64 id = idAt(row);
    if (id == 0 || !m_library || !m_library->setFavourite(id, favourite))
        return false;
    m_entries[row].favourite = favourite;
    announce(row, {FavouriteRole, Qt::AccessibleTextRole, EntryRole});
    return true;
}

bool LibraryModel::setTags(int row, const QStringList &tags)
{
    const qint64 id = idAt(row);
    if (id == 0 || !m_library || !m_library->setTags(id, tags))
        return false;
    // The library cleans the tags (trimmed, no duplicates): show what it kept.
    const std::optional<LibraryEntry> stored = m_library->entry(id);
    m_entries[row].tags = stored ? stored->tags : tags;
    announce(row, {TagsRole, TagsTextRole, EntryRole});
    return true;
}

bool LibraryModel::setNote(int row, const QString &note)
{
    const qint64 id = idAt(row);
    if (id == 0 || !m_library || !m_library->setNote(id, note))
        return false;
    m_entries[row].note = note;
    announce(row, {NoteRole, Qt::ToolTipRole, EntryRole});
    return true;
}

bool LibraryModel::remove(int row, QString *error)
{
    const qint64 id = idAt(row);
    if (id == 0 || !m_library) {
        *error = u"Nothing is selected."_s;
        return false;
    }
    if (!m_library->remove(id, error))
        return false;
    Removed removed{m_entries.at(row), row};
    const QScopedValueRollback busy(m_notifying, true);
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    rebuildRows();
    m_total = qMax(0, m_total - 1);
    m_lastRemoved = removed;
    endRemoveRows();
    Q_EMIT totalCountChanged(m_total);
    return true;
}

bool LibraryModel::undoRemove(QString *error)
{
    if (!m_lastRemoved || !m_library) {
        *error = u"There is nothing to undo."_s;
        return false;
    }
    const qint64 id = m_lastRemoved->entry.job.id;
    if (!m_library->undoRemove(id, error))
        return false;
    const std::optional<LibraryEntry> back = m_library->entry(id);
    const int row = qBound(0, m_lastRemoved->row, int(m_entries.size()));
    m_lastRemoved.reset();
    if (!back)
        return true;
    // Back where it was, so that the view's current item can return to it.
    const QScopedValueRollback busy(m_notifying, true);
    beginInsertRows({}, row, row);
    m_entries.insert(row, *back);
    rebuildRows();
    ++m_total;
    endInsertRows();
    Q_EMIT totalCountChanged(m_total);
    return true;
}

bool LibraryModel::isFiltered(const LibraryQuery &q)
{
    return !q.text.simplified().isEmpty() || q.mode || q.resolution || q.aspect || q.state || q.minRating > 0 ||
           q.favouritesOnly || q.from.isValid() || q.to.isValid();
}

bool LibraryModel::canReorder(QString *why) const
{
    QString reason;
    if (!m_library || m_query.collectionId == 0)
        reason = u"Only a collection has an order of its own: show one with Collections, then move its takes."_s;
    else if (isFiltered(m_query))
        reason = u"Part of this collection is hidden by the search or the filters: clear them to reorder it."_s;
    if (why)
        *why = reason;
    return reason.isEmpty();
}

Qt::ItemFlags LibraryModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    if (!canReorder())
        return base;
    // Takes are dropped between takes (the left or right half of a poster says which side), never onto one.
    return index.isValid() ? base | Qt::ItemIsDragEnabled : base | Qt::ItemIsDropEnabled;
}

bool LibraryModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                            const QModelIndex &destinationParent, int destinationChild)
{
    if (!canReorder() || sourceParent.isValid() || destinationParent.isValid() ||
        !CollectionModel::isMove(int(m_entries.size()), sourceRow, count, destinationChild))
        return false;
    // The whole collection is shown, so the loaded rows are the start of its order; the rest keep their places.
    QList<qint64> order;
    for (const LibraryEntry &e : m_library->collectionEntries(m_query.collectionId))
        order << e.job.id;
    for (int row = 0; row < m_entries.size(); ++row) {
        if (order.value(row) != m_entries.at(row).job.id) {
            Q_EMIT reorderFailed(u"The collection changed meanwhile; nothing was moved. Try again."_s);
            return false;
        }
    }
    CollectionModel::move(order, sourceRow, count, destinationChild);
    QString error;
    if (!m_library->setCollectionOrder(m_query.collectionId, order, &error)) {
        Q_EMIT reorderFailed(error);
        return false;
    }
    const QScopedValueRollback busy(m_notifying, true);
    beginMoveRows({}, sourceRow, sourceRow + count - 1, {}, destinationChild);
    CollectionModel::move(m_entries, sourceRow, count, destinationChild);
    rebuildRows();
    endMoveRows();
    return true;
}

Qt::DropActions LibraryModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions LibraryModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

QStringList LibraryModel::mimeTypes() const
{
    return {QString::fromLatin1(CollectionModel::kMimeType)};
}

QMimeData *LibraryModel::mimeData(const QModelIndexList &indexes) const
{
    return CollectionModel::mimeDataForRows(indexes);
}

bool LibraryModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int, const QModelIndex &) const
{
    return canReorder() && CollectionModel::canDrop(data, action, [this](qint64 id) { return rowOf(id); });
}

bool LibraryModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                const QModelIndex &parent)
{
    if (canDropMimeData(data, action, row, column, parent))
        CollectionModel::dropBefore(this, data, row, parent, [this](qint64 id) { return rowOf(id); });
    return false;
}

qint64 LibraryModel::costCents(const Job &job)
{
    return job.chargedCents >= 0 ? job.chargedCents : job.estimatedCents;
}

QString LibraryModel::costText(const Job &job)
{
    if (job.chargedCents >= 0)
        return Pricing::formatCents(job.chargedCents);
    switch (job.state) {
    case JobState::Failed:
        // Only a failed download follows a completed, billed job; every other failure costs nothing.
        if (!job.downloadFailed)
            return u"not charged"_s;
        break;
    case JobState::Unknown:
        return u"maybe %1"_s.arg(Pricing::formatCents(job.estimatedCents));
    default:
        break;
    }
    return u"est. %1"_s.arg(Pricing::formatCents(job.estimatedCents));
}

QString LibraryModel::dateText(const QDateTime &time, const QDateTime &now)
{
    if (!time.isValid())
        return {};
    const QDateTime local = time.toLocalTime();
    const QDate today = now.toLocalTime().date();
    const QLocale locale;
    const QString clock = locale.toString(local.time(), QLocale::ShortFormat);
    if (local.date() == today)
        return u"Today %1"_s.arg(clock);
    if (local.date() == today.addDays(-1))
        return u"Yesterday %1"_s.arg(clock);
    const QString format = local.date().year() == today.year() ? u"d MMM"_s : u"d MMM yyyy"_s;
    return u"%1 %2"_s.arg(locale.toString(local.date(), format), clock);
}

QString LibraryModel::shortDateText(const QDateTime &time, const QDateTime &now)
{
    if (!time.isValid())
        return {};
    const QDateTime local = time.toLocalTime();
    const QDate today = now.toLocalTime().date();
    if (local.date().year() == today.year() || local.date() >= today.addDays(-1))
        return dateText(time, now);
    return QLocale().toString(local.date(), u"d MMM yyyy"_s);
}

QString LibraryModel::shortSettingsText(const GenerationRequest &request)
{
    return u"%1 s · %2"_s.arg(request.durationSeconds).arg(Pricing::resolutionName(request.resolution));
}

QString LibraryModel::settingsText(const GenerationRequest &request)
{
    return JobListModel::settingsText(request);
}

QString LibraryModel::clipText(const LibraryEntry &entry)
{
    if (entry.clipWidth > 0 && entry.clipHeight > 0)
        return u"%1×%2 · %3 s"_s.arg(entry.clipWidth).arg(entry.clipHeight).arg(entry.clipSeconds, 0, 'f', 1);
    return u"%1 s"_s.arg(entry.job.request.durationSeconds);
}

QString LibraryModel::jsonPathFor(const QString &clipTarget)
{
    const QFileInfo info(clipTarget);
    return info.dir().filePath(info.completeBaseName() + u".json"_s);
}

QJsonObject LibraryModel::exportJson(const LibraryEntry &entry)
{
    const Job &job = entry.job;
    const GenerationRequest &r = job.request;
    // The request in the service's own field names, so that it can be read against the API's documentation.
    QJsonObject request = Recipe::requestJson(r);
    if (!r.firstFrame.isEmpty())
        request.insert(u"image"_s, imageJson(r.firstFrame));
    QJsonArray references;
    for (const ImageSource &image : r.references) {
        if (!image.isEmpty())
            references.append(imageJson(image));
    }
    if (!references.isEmpty())
        request.insert(u"reference_images"_s, references);
    const auto mode = r.mode();

    QJsonObject costs{{u"estimated_cents"_s, job.estimatedCents},
                      {u"charged_cents"_s, job.chargedCents >= 0 ? QJsonValue(job.chargedCents) : QJsonValue()},
                      {u"text"_s, costText(job)}};
    QJsonObject times{{u"created"_s, timeJson(job.createdAt)},
                      {u"submitted"_s, timeJson(job.submittedAt)},
                      {u"accepted"_s, timeJson(job.acceptedAt)},
                      {u"completed"_s, timeJson(job.completedAt)},
                      {u"finished"_s, timeJson(job.finishedAt)}};
    QJsonObject clip{{u"width"_s, entry.clipWidth},
                     {u"height"_s, entry.clipHeight},
                     {u"seconds"_s, entry.clipSeconds},
                     {u"has_audio"_s, entry.clipHasAudio}};
    return QJsonObject{{u"model"_s, u"HappyHorse 1.1"_s},
                       {u"mode"_s, mode ? GenerationRequest::modeName(*mode) : QString()},
                       {u"request"_s, request},
                       {u"request_id"_s, job.requestId.isEmpty() ? QJsonValue() : QJsonValue(job.requestId)},
                       {u"state"_s, jobStateName(job.state)},
                       {u"costs"_s, costs},
                       {u"times"_s, times},
                       {u"clip"_s, clip},
                       {u"rating"_s, entry.rating},
                       {u"favourite"_s, entry.favourite},
                       {u"tags"_s, QJsonArray::fromStringList(entry.tags)},
                       {u"note"_s, entry.note}};
}

bool LibraryModel::exportEntry(const LibraryEntry &entry, const QString &clipTarget, QString *error)
{
    const QString source = entry.job.clipPath;
    // Static, so the library's folder is not known here: at least never open a pipe, a device or a link.
    QString why;
    if (entry.job.state != JobState::Ready || !StoredFile::isRegularFile(source, &why)) {
        *error = why.isEmpty() ? u"This generation has no clip on disk to export."_s
                               : u"This generation has no clip on disk to export. %1"_s.arg(why);
        return false;
    }
    if (QFileInfo(source).canonicalFilePath() == QFileInfo(clipTarget).canonicalFilePath()) {
        *error = u"Choose another place: that is the library's own copy of the clip."_s;
        return false;
    }
    // The recipe goes inside the clip. When that fails (a clip libavformat cannot remux) the clip is copied as it
    // is and the export still succeeds: the user asked for the clip, and its settings still go in the JSON beside
    // it. *error then says what is missing, for the caller to show beside the success.
    QString recipeProblem;
    if (!ClipRecipe::writeRecipe(source, clipTarget, Recipe::recipeBytes(entry), &recipeProblem) &&
        !copyClip(source, clipTarget, error))
        return false;
    QSaveFile json(jsonPathFor(clipTarget));
    if (!json.open(QIODevice::WriteOnly) ||
        json.write(QJsonDocument(exportJson(entry)).toJson(QJsonDocument::Indented)) < 0 || !json.commit()) {
        *error = u"The clip was exported, but its settings could not be written to %1: %2"_s.arg(
            QDir::toNativeSeparators(json.fileName()), json.errorString());
        return false;
    }
    error->clear();
    if (!recipeProblem.isEmpty())
        *error = u"Exported to %1, but without its recipe inside; its settings are in %2. %3"_s.arg(
            QDir::toNativeSeparators(clipTarget), QFileInfo(json.fileName()).fileName(), recipeProblem);
    return true;
}
