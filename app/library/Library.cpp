#include "library/Library.h"

#include "api/ApiResponses.h"
#include "api/SafeText.h"
#include "media/Mp4Info.h"
#include "media/StoredFile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

// Stable names for storage; never shown to people.
QString modeStorageName(std::optional<GenerationRequest::Mode> mode)
{
    if (!mode)
        return u"undecided"_s;
    switch (*mode) {
    case GenerationRequest::Mode::TextToVideo:
        return u"text-to-video"_s;
    case GenerationRequest::Mode::ImageToVideo:
        return u"image-to-video"_s;
    case GenerationRequest::Mode::ReferenceToVideo:
        return u"reference-to-video"_s;
    }
    return u"undecided"_s;
}

QVariant msOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// NOT NULL text columns: an empty QString that is also null would bind as SQL NULL.
QVariant notNullText(const QString &value)
{
    return value.isNull() ? QVariant(QString(u""_s)) : QVariant(value);
}

QVariant urlOrNull(const QUrl &url)
{
    return url.isValid() ? QVariant(url.toString()) : QVariant(QMetaType::fromType<QString>());
}

// Local midnight of a day, in ms since the epoch (UTC), for date filters.
qint64 startOfDayMs(const QDate &day)
{
    return day.startOfDay().toMSecsSinceEpoch();
}

QString lastError(const QSqlQuery &query)
{
    return query.lastError().text();
}

// Each statement of a migration, in order. Version n is reached by running kMigrations[n - 1].
const QStringList kMigration1 = {
    uR"(CREATE TABLE generations(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at INTEGER NOT NULL,
        mode TEXT NOT NULL,
        prompt TEXT NOT NULL,
        negative_prompt TEXT NOT NULL DEFAULT '',
        resolution TEXT NOT NULL,
        duration INTEGER NOT NULL,
        aspect_ratio TEXT NOT NULL,
        prompt_extend INTEGER NOT NULL DEFAULT 0,
        watermark INTEGER NOT NULL DEFAULT 0,
        seed INTEGER,
        mode_choice TEXT NOT NULL DEFAULT 'auto',
        state TEXT NOT NULL,
        remote_status TEXT,
        request_id TEXT,
        status_url TEXT, response_url TEXT, poll_url TEXT, output_url TEXT,
        submitted_at INTEGER, accepted_at INTEGER, completed_at INTEGER, finished_at INTEGER,
        error TEXT, error_kind TEXT,
        download_failed INTEGER NOT NULL DEFAULT 0,
        estimated_cents INTEGER NOT NULL DEFAULT 0,
        charged_cents INTEGER,
        metrics TEXT,
        clip_path TEXT, clip_width INTEGER, clip_height INTEGER, clip_seconds REAL, clip_has_audio INTEGER,
        poster_path TEXT,
        rating INTEGER NOT NULL DEFAULT 0,
        favourite INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        status_calls INTEGER NOT NULL DEFAULT 0,
        download_attempts INTEGER NOT NULL DEFAULT 0,
        service TEXT NOT NULL DEFAULT '',
        deleted_at INTEGER))"_s,
    u"CREATE INDEX generations_created ON generations(created_at)"_s,
    u"CREATE INDEX generations_state ON generations(state)"_s,
    u"CREATE INDEX generations_rating ON generations(rating)"_s,
    u"CREATE UNIQUE INDEX generations_request ON generations(request_id) WHERE request_id IS NOT NULL"_s,
    u"CREATE TABLE images(hash TEXT PRIMARY KEY, file_name TEXT NOT NULL, bytes INTEGER NOT NULL)"_s,
    uR"(CREATE TABLE generation_images(
        generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        position INTEGER NOT NULL,
        image_hash TEXT REFERENCES images(hash),
        url TEXT,
        PRIMARY KEY(generation_id, role, position)))"_s,
    uR"(CREATE TABLE state_history(
        generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
        state TEXT NOT NULL,
        at INTEGER NOT NULL))"_s,
    u"CREATE INDEX state_history_generation ON state_history(generation_id)"_s,
};

// Version 2: the service's request id named clips before (clips/<request_id>.mp4), so two jobs given the same id
// would have shared one file; ids may now repeat, and renameClipsToIds() renames each clip after its generation.
const QStringList kMigration2 = {
    u"DROP INDEX generations_request"_s,
    u"CREATE INDEX generations_request ON generations(request_id) WHERE request_id IS NOT NULL"_s,
};

// Version 3: the name each image had on the user's disk, for labels; images are stored under their content's hash.
const QStringList kMigration3 = {
    u"ALTER TABLE generation_images ADD COLUMN original_name TEXT"_s,
};

// Version 4: collections, named and ordered sets of takes. Names are unique whatever their ASCII case here, and
// whatever their case at all in createCollection(); a take in a collection keeps its place even while it is deleted.
const QStringList kMigration4 = {
    uR"(CREATE TABLE collections(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        created_at INTEGER NOT NULL))"_s,
    uR"(CREATE TABLE collection_items(
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        caption TEXT NOT NULL DEFAULT '',
        PRIMARY KEY(collection_id, generation_id)))"_s,
    u"CREATE INDEX collection_items_order ON collection_items(collection_id, position)"_s,
    u"CREATE INDEX collection_items_generation ON collection_items(generation_id)"_s,
};

// Version 5: storyboards, ordered strips of shots. A take of a shot is a generation; based_on_generation_id is the
// predecessor's take whose last frame it was made from, so that choosing another one shows which shots are stale.
const QStringList kMigration5 = {
    uR"(CREATE TABLE storyboards(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        created_at INTEGER NOT NULL,
        aspect_ratio TEXT NOT NULL DEFAULT '16:9',
        resolution TEXT NOT NULL DEFAULT '720P',
        duration_seconds INTEGER NOT NULL DEFAULT 5))"_s,
    uR"(CREATE TABLE storyboard_shots(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        storyboard_id INTEGER NOT NULL REFERENCES storyboards(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        prompt TEXT NOT NULL DEFAULT '',
        duration_seconds INTEGER,
        resolution TEXT,
        linked INTEGER NOT NULL DEFAULT 1,
        first_frame_path TEXT,
        reference_paths TEXT,
        chosen_generation_id INTEGER REFERENCES generations(id) ON DELETE SET NULL,
        stale INTEGER NOT NULL DEFAULT 0,
        based_on_generation_id INTEGER))"_s,
    u"CREATE INDEX storyboard_shots_order ON storyboard_shots(storyboard_id, position)"_s,
    uR"(CREATE TABLE storyboard_takes(
        shot_id INTEGER NOT NULL REFERENCES storyboard_shots(id) ON DELETE CASCADE,
        generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
        based_on_generation_id INTEGER,
        PRIMARY KEY(shot_id, generation_id)))"_s,
    u"CREATE INDEX storyboard_takes_generation ON storyboard_takes(generation_id)"_s,
};

// Version 6: what a storyboard was asked to generate and has not sent yet (so a restart sends that and nothing else),
// and the takes its stitched film was made of.
const QStringList kMigration6 = {
    u"ALTER TABLE storyboard_shots ADD COLUMN waiting INTEGER NOT NULL DEFAULT 0"_s,
    u"ALTER TABLE storyboards ADD COLUMN film_takes TEXT"_s,
};

// Full-text search over what people write, kept in step with the table by triggers.
const QStringList kFullTextSearch = {
    uR"(CREATE VIRTUAL TABLE generations_fts USING fts5(
        prompt, negative_prompt, tags, note, content='generations', content_rowid='id'))"_s,
    uR"(CREATE TRIGGER generations_fts_insert AFTER INSERT ON generations BEGIN
        INSERT INTO generations_fts(rowid, prompt, negative_prompt, tags, note)
        VALUES (new.id, new.prompt, new.negative_prompt, new.tags, new.note); END)"_s,
    uR"(CREATE TRIGGER generations_fts_delete AFTER DELETE ON generations BEGIN
        INSERT INTO generations_fts(generations_fts, rowid, prompt, negative_prompt, tags, note)
        VALUES ('delete', old.id, old.prompt, old.negative_prompt, old.tags, old.note); END)"_s,
    uR"(CREATE TRIGGER generations_fts_update AFTER UPDATE OF prompt, negative_prompt, tags, note ON generations BEGIN
        INSERT INTO generations_fts(generations_fts, rowid, prompt, negative_prompt, tags, note)
        VALUES ('delete', old.id, old.prompt, old.negative_prompt, old.tags, old.note);
        INSERT INTO generations_fts(rowid, prompt, negative_prompt, tags, note)
        VALUES (new.id, new.prompt, new.negative_prompt, new.tags, new.note); END)"_s,
};

// The columns select() reads, in this order.
const QString kColumns =
    u"g.id, g.created_at, g.prompt, g.negative_prompt, g.resolution, g.duration, g.aspect_ratio, g.prompt_extend, "
    u"g.watermark, g.seed, g.mode_choice, g.state, g.remote_status, g.request_id, g.status_url, g.response_url, "
    u"g.poll_url, g.output_url, g.submitted_at, g.accepted_at, g.completed_at, g.finished_at, g.error, "
    u"g.error_kind, g.download_failed, g.estimated_cents, g.charged_cents, g.metrics, g.clip_path, g.clip_width, "
    u"g.clip_height, g.clip_seconds, g.clip_has_audio, g.poster_path, g.rating, g.favourite, g.tags, g.note, "
    u"g.status_calls, g.download_attempts, g.service"_s;

// FTS5 query text: each word a quoted prefix, so that punctuation in what people type is never syntax.
QString ftsQuery(const QString &text)
{
    QStringList terms;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (QString word : words) {
        word.replace(u'"', u"\"\""_s);
        terms << u"\""_s + word + u"\"*"_s;
    }
    return terms.join(u' ');
}

QString escapeLike(QString text)
{
    text.replace(u'\\', u"\\\\"_s);
    text.replace(u'%', u"\\%"_s);
    text.replace(u'_', u"\\_"_s);
    return text;
}

} // namespace

Library::Library(const QString &directory, const QString &connectionName)
    : m_directory(directory), m_connectionName(connectionName)
{
}

Library::~Library()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString Library::defaultDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable("PADDOCK_LIBRARY");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/Paddock/library"_s;
}

QString Library::legacyDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/library"_s;
}

QString Library::adoptLegacyDirectory(const QString &legacy, const QString &target, QString *note)
{
    note->clear();
    const QString from = QDir(legacy).absolutePath();
    const QString to = QDir(target).absolutePath();
    if (from == to || QFileInfo::exists(to) || !QFileInfo(from).isDir())
        return target;
    // One rename of the whole folder: the database, its WAL files, the clips and the images move together or
    // not at all. QDir::rename never copies, so a move across file systems fails whole instead of half done.
    if (QDir().mkpath(QFileInfo(to).absolutePath()) && QDir().rename(from, to)) {
        *note = u"Moved the library from %1 to %2."_s.arg(QDir::toNativeSeparators(from), QDir::toNativeSeparators(to));
        return target;
    }
    *note = u"Could not move the library from %1 to %2 (another disk, or no permission); it stays where it is and "
            u"is used there. Move the folder yourself while Paddock is closed to follow the new place."_s
                .arg(QDir::toNativeSeparators(from), QDir::toNativeSeparators(to));
    return legacy;
}

QString Library::startupDirectory(QString *note)
{
    note->clear();
    if (!qEnvironmentVariableIsEmpty("PADDOCK_LIBRARY"))
        return defaultDirectory();
    return adoptLegacyDirectory(legacyDirectory(), defaultDirectory(), note);
}

QString Library::safeImageName(const QString &name)
{
    // Only ever a label: the last part of whatever path it came with, without control or direction characters.
    QString clean = SafeText::clean(name, kMaxImageNameLength);
    clean = clean.mid(qMax(clean.lastIndexOf(u'/'), clean.lastIndexOf(u'\\')) + 1).trimmed();
    return clean == u"."_s || clean == u".."_s ? QString() : clean;
}

QString Library::clipsDirectory() const
{
    return m_directory + u"/clips"_s;
}

bool Library::isOwnFile(const QString &path, QString *why) const
{
    return StoredFile::isRegularFileInside(path, m_directory, why);
}

bool Library::renameClipsToIds(QString *error)
{
    // Each clip the library holds is renamed <id>.mp4, in two steps (all to a temporary name, then each to its
    // final one) so that an old name that happens to be another generation's new name is never overwritten. A
    // stored path that is not a regular file inside clips/ (written by a hostile answer, or a folder since moved)
    // is looked for by its name in clips/; a record whose clip cannot be found that way keeps no path at all,
    // so nothing outside the library is ever opened on its strength. Run again after an interruption, it finds
    // the files already renamed.
    const QString clips = clipsDirectory();
    struct Move
    {
        qint64 id;
        QString from;
        QString final;
    };
    QList<Move> moves;
    QList<qint64> lost;
    QSqlQuery rows(m_db);
    rows.setForwardOnly(true);
    if (!rows.exec(u"SELECT id, clip_path FROM generations WHERE clip_path IS NOT NULL AND clip_path != ''"_s)) {
        *error = u"Paddock could not read its library's clips: %1"_s.arg(lastError(rows));
        return false;
    }
    QList<QPair<qint64, QString>> stored;
    QSet<QString> claimed; // every stored path: another row's file is never taken for this one's
    while (rows.next()) {
        stored.append({rows.value(0).toLongLong(), rows.value(1).toString()});
        claimed.insert(QDir::cleanPath(stored.last().second));
    }
    for (const auto &[id, path] : std::as_const(stored)) {
        const QString final = clips + u"/%1.mp4"_s.arg(id);
        const QString fileName = QFileInfo(path).fileName();
        QString from;
        for (const QString &candidate :
             {path, fileName.isEmpty() ? QString() : clips + u"/"_s + fileName, final + u".migrating"_s, final}) {
            const QString clean = QDir::cleanPath(candidate);
            if (candidate != path && claimed.contains(clean))
                continue;
            if (StoredFile::isRegularFileInside(candidate, clips)) {
                from = clean;
                break;
            }
        }
        if (from.isEmpty())
            lost << id;
        else
            moves.append({id, from, final});
    }
    rows.finish();
    for (Move &move : moves) {
        if (move.from == move.final || move.from.endsWith(u".migrating"_s))
            continue;
        const QString temporary = move.final + u".migrating"_s;
        if (!QFile::rename(move.from, temporary)) {
            *error = u"Paddock could not rename the clip %1 in its library."_s.arg(QDir::toNativeSeparators(move.from));
            return false;
        }
        move.from = temporary;
    }
    for (const Move &move : std::as_const(moves)) {
        if (move.from != move.final) {
            QFile::remove(move.final);
            if (!QFile::rename(move.from, move.final)) {
                *error =
                    u"Paddock could not rename the clip %1 in its library."_s.arg(QDir::toNativeSeparators(move.from));
                return false;
            }
        }
        QSqlQuery update(m_db);
        update.prepare(u"UPDATE generations SET clip_path = ?, poster_path = NULL WHERE id = ?"_s);
        update.addBindValue(move.final);
        update.addBindValue(move.id);
        if (!update.exec()) {
            *error = lastError(update);
            return false;
        }
    }
    for (qint64 id : std::as_const(lost)) {
        QSqlQuery update(m_db);
        update.prepare(u"UPDATE generations SET clip_path = NULL, poster_path = NULL WHERE id = ?"_s);
        update.addBindValue(id);
        if (!update.exec()) {
            *error = lastError(update);
            return false;
        }
    }
    return true;
}

QString Library::imagesDirectory() const
{
    return m_directory + u"/images"_s;
}

std::unique_ptr<Library> Library::open(const QString &directory, QString *error)
{
    const QString absolute = QDir(directory).absolutePath();
    if (!QDir().mkpath(absolute + u"/clips"_s) || !QDir().mkpath(absolute + u"/images"_s)) {
        *error = u"Paddock could not create its library folder %1. Check that the disk is writable, or choose "
                 u"another folder with --library."_s.arg(QDir::toNativeSeparators(absolute));
        return nullptr;
    }
    const QString connection = u"paddock-library-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<Library> library(new Library(absolute, connection));
    library->m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
    library->m_db.setDatabaseName(absolute + u"/library.sqlite"_s);
    library->m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!library->m_db.open()) {
        *error = u"Paddock could not open its library (%1): %2"_s.arg(QDir::toNativeSeparators(absolute),
                                                                     library->m_db.lastError().text());
        return nullptr;
    }
    QSqlQuery pragma(library->m_db);
    // WAL keeps readers and the writer apart; FULL sync because every row may stand for money.
    for (const QString &statement : {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=FULL"_s,
                                     u"PRAGMA foreign_keys=ON"_s}) {
        if (!pragma.exec(statement)) {
            *error = u"Paddock could not prepare its library: %1"_s.arg(lastError(pragma));
            return nullptr;
        }
    }
    if (!library->migrate(error) || !library->findMovedClips(error))
        return nullptr;
    return library;
}

bool Library::migrate(QString *error)
{
    QSqlQuery query(m_db);
    if (!query.exec(u"CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)"_s)) {
        *error = u"Paddock could not read its library's version: %1"_s.arg(lastError(query));
        return false;
    }
    int version = 0;
    if (query.exec(u"SELECT version FROM schema_version"_s) && query.next())
        version = query.value(0).toInt();
    query.finish(); // a statement left open would lock the tables a migration changes
    if (version > kSchemaVersion) {
        *error = u"This library was written by a newer Paddock (library version %1, this Paddock reads up to %2). "
                 u"Update Paddock, or choose another folder with --library."_s.arg(version).arg(kSchemaVersion);
        return false;
    }

    const QList<QStringList> migrations = {kMigration1, kMigration2, kMigration3, kMigration4,
                                           kMigration5, kMigration6};
    for (int next = version + 1; next <= kSchemaVersion; ++next) {
        if (!m_db.transaction()) {
            *error = u"Paddock could not update its library: %1"_s.arg(m_db.lastError().text());
            return false;
        }
        QStringList statements = migrations.at(next - 1);
        if (next == 1) {
            // Full-text search when this SQLite has FTS5; otherwise searches fall back to LIKE.
            QSqlQuery probe(m_db);
            if (probe.exec(u"CREATE VIRTUAL TABLE temp.fts_probe USING fts5(x)"_s)) {
                probe.exec(u"DROP TABLE temp.fts_probe"_s);
                statements += kFullTextSearch;
            }
        }
        statements << u"DELETE FROM schema_version"_s << u"INSERT INTO schema_version VALUES (%1)"_s.arg(next);
        for (const QString &statement : std::as_const(statements)) {
            QSqlQuery step(m_db);
            if (!step.exec(statement)) {
                *error = u"Paddock could not update its library to version %1: %2"_s.arg(next).arg(lastError(step));
                m_db.rollback();
                return false;
            }
        }
        if (next == 2 && !renameClipsToIds(error)) {
            m_db.rollback();
            return false;
        }
        if (!m_db.commit()) {
            *error = u"Paddock could not update its library: %1"_s.arg(m_db.lastError().text());
            return false;
        }
    }
    QSqlQuery fts(m_db);
    m_fts = fts.exec(u"SELECT 1 FROM sqlite_master WHERE name = 'generations_fts'"_s) && fts.next();
    return true;
}

bool Library::findMovedClips(QString *error)
{
    // Clips are recorded by their whole path, so a library whose folder was moved (adoptLegacyDirectory, or by
    // hand) still names the old place. Each such clip is looked for under its own name, clips/<id>.mp4, in this
    // folder; a path that names anything else is left as it is, and is never opened (isOwnFile refuses it).
    const QString prefix = clipsDirectory() + u"/"_s;
    QSqlQuery rows(m_db);
    rows.setForwardOnly(true);
    rows.prepare(u"SELECT id, clip_path FROM generations WHERE clip_path IS NOT NULL AND clip_path != '' "
                 u"AND substr(clip_path, 1, ?) != ?"_s);
    rows.addBindValue(prefix.size());
    rows.addBindValue(prefix);
    if (!rows.exec()) {
        *error = u"Paddock could not read its library's clips: %1"_s.arg(lastError(rows));
        return false;
    }
    QList<qint64> found;
    while (rows.next()) {
        const qint64 id = rows.value(0).toLongLong();
        const QString name = u"%1.mp4"_s.arg(id);
        if (QFileInfo(rows.value(1).toString()).fileName() == name && isOwnFile(prefix + name))
            found << id;
    }
    rows.finish();
    if (found.isEmpty())
        return true;
    if (!m_db.transaction()) {
        *error = u"Paddock could not update its library: %1"_s.arg(m_db.lastError().text());
        return false;
    }
    for (const qint64 id : std::as_const(found)) {
        QSqlQuery update(m_db);
        // The poster is made again from the clip in its new place.
        update.prepare(u"UPDATE generations SET clip_path = ?, poster_path = NULL WHERE id = ?"_s);
        update.addBindValue(prefix + u"%1.mp4"_s.arg(id));
        update.addBindValue(id);
        if (!update.exec()) {
            *error = u"Paddock could not update its library's clips: %1"_s.arg(lastError(update));
            m_db.rollback();
            return false;
        }
    }
    if (!m_db.commit()) {
        *error = u"Paddock could not update its library: %1"_s.arg(m_db.lastError().text());
        m_db.rollback();
        return false;
    }
    return true;
}

QString Library::storeImageFile(const QString &imagesDirectory, const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"Could not read the image %1 to keep it in the library: %2"_s.arg(QDir::toNativeSeparators(path),
                                                                                   file.errorString());
        return {};
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        *error = u"Could not read the image %1 to keep it in the library."_s.arg(QDir::toNativeSeparators(path));
        return {};
    }
    // Named by content: an image used in 50 takes is stored once.
    const QString digest = QString::fromLatin1(hash.result().toHex());
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QString target =
        imagesDirectory + u"/"_s + (suffix.isEmpty() ? digest : digest + u"."_s + suffix);
    if (QFile::exists(target))
        return target;
    // Copied under a temporary name and renamed, so a half-copied file never carries the final name.
    const QString partial = target + u".part"_s;
    QFile::remove(partial);
    if (!QFile::copy(path, partial) || !QFile::rename(partial, target)) {
        QFile::remove(partial);
        *error = u"Could not copy the image %1 into the library. Check the free disk space."_s.arg(
            QDir::toNativeSeparators(path));
        return {};
    }
    return target;
}

bool Library::storeImageFiles(const QString &imagesDirectory, GenerationRequest &request, QString *error)
{
    auto store = [&imagesDirectory, error](ImageSource &image) {
        if (!image.isLocalFile() || image.path.startsWith(imagesDirectory + u"/"_s))
            return true;
        const QString stored = storeImageFile(imagesDirectory, image.path, error);
        if (stored.isEmpty())
            return false;
        if (image.originalName.isEmpty())
            image.originalName = safeImageName(QFileInfo(image.path).fileName());
        image.path = stored;
        return true;
    };
    if (!store(request.firstFrame))
        return false;
    for (ImageSource &reference : request.references) {
        if (!store(reference))
            return false;
    }
    return true;
}

bool Library::importImages(GenerationRequest &request, QString *error)
{
    // Usually done already, off the GUI thread (storeImageFiles); here it only catches what was not.
    if (!storeImageFiles(imagesDirectory(), request, error))
        return false;
    QList<ImageSource> images = request.references;
    images.prepend(request.firstFrame);
    for (const ImageSource &image : std::as_const(images)) {
        if (!image.isLocalFile())
            continue;
        const QFileInfo info(image.path);
        QSqlQuery insert(m_db);
        insert.prepare(u"INSERT OR IGNORE INTO images(hash, file_name, bytes) VALUES (?, ?, ?)"_s);
        insert.addBindValue(info.completeBaseName());
        insert.addBindValue(info.fileName());
        insert.addBindValue(info.size());
        if (!insert.exec()) {
            *error = u"Could not record the image in the library: %1"_s.arg(lastError(insert));
            return false;
        }
    }
    return true;
}

bool Library::writeImages(const Job &job, QString *error)
{
    QSqlQuery clear(m_db);
    clear.prepare(u"DELETE FROM generation_images WHERE generation_id = ?"_s);
    clear.addBindValue(job.id);
    if (!clear.exec()) {
        *error = lastError(clear);
        return false;
    }
    auto write = [this, &job, error](const ImageSource &image, const QString &role, int position) {
        if (image.isEmpty())
            return true;
        QSqlQuery insert(m_db);
        insert.prepare(u"INSERT INTO generation_images(generation_id, role, position, image_hash, url, original_name) "
                       u"VALUES (?, ?, ?, ?, ?, ?)"_s);
        insert.addBindValue(job.id);
        insert.addBindValue(role);
        insert.addBindValue(position);
        const QString hash = image.isLocalFile() ? QFileInfo(image.path).completeBaseName() : QString();
        insert.addBindValue(textOrNull(hash));
        insert.addBindValue(image.isUrl() ? QVariant(image.url.toString()) : QVariant(QMetaType::fromType<QString>()));
        insert.addBindValue(textOrNull(image.isLocalFile() ? safeImageName(image.originalName) : QString()));
        if (!insert.exec()) {
            *error = lastError(insert);
            return false;
        }
        return true;
    };
    if (!write(job.request.firstFrame, u"first-frame"_s, 0))
        return false;
    for (int i = 0; i < job.request.references.size(); ++i) {
        if (!write(job.request.references.at(i), u"reference"_s, i))
            return false;
    }
    return true;
}

bool Library::saveJob(Job &job, QString *error)
{
    QList<Job> one{job};
    if (!saveJobs(one, error))
        return false;
    job = one.constFirst();
    return true;
}

bool Library::saveJobs(QList<Job> &jobs, QString *error)
{
    if (!m_db.transaction()) {
        *error = u"The library is busy or unwritable: %1"_s.arg(m_db.lastError().text());
        return false;
    }
    QList<Job> saved = jobs;
    for (Job &job : saved) {
        QString problem;
        if (!(job.id == 0 ? insertJob(job, &problem) : updateJob(job, &problem))) {
            m_db.rollback();
            *error = u"Paddock could not write to its library: %1"_s.arg(problem);
            return false;
        }
    }
    if (!m_db.commit()) {
        m_db.rollback();
        *error = u"Paddock could not write to its library: %1"_s.arg(m_db.lastError().text());
        return false;
    }
    jobs = saved;
    return true;
}

bool Library::insertJob(Job &job, QString *error)
{
    Job stored = job;
    if (!importImages(stored.request, error))
        return false;
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO generations(created_at, mode, prompt, negative_prompt, resolution, duration, "
                   u"aspect_ratio, prompt_extend, watermark, seed, mode_choice, state, estimated_cents, service) "
                   u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    const GenerationRequest &r = stored.request;
    insert.addBindValue((stored.createdAt.isValid() ? stored.createdAt : QDateTime::currentDateTimeUtc())
                            .toMSecsSinceEpoch());
    insert.addBindValue(modeStorageName(r.mode()));
    insert.addBindValue(notNullText(r.prompt));
    insert.addBindValue(notNullText(r.negativePrompt));
    insert.addBindValue(Pricing::resolutionName(r.resolution));
    insert.addBindValue(r.durationSeconds);
    insert.addBindValue(aspectRatioName(r.aspect));
    insert.addBindValue(r.promptExtend);
    insert.addBindValue(r.watermark);
    insert.addBindValue(r.seed ? QVariant(*r.seed) : QVariant(QMetaType::fromType<qint64>()));
    insert.addBindValue(GenerationRequest::modeChoiceKey(r.modeChoice));
    insert.addBindValue(jobStateName(stored.state));
    insert.addBindValue(stored.estimatedCents);
    insert.addBindValue(notNullText(stored.service));
    if (!insert.exec()) {
        *error = lastError(insert);
        return false;
    }
    stored.id = insert.lastInsertId().toLongLong();
    if (!updateJob(stored, error) || !writeImages(stored, error))
        return false;
    job = stored; // the queue goes on with the library's copies of the images
    return true;
}

bool Library::updateJob(const Job &job, QString *error)
{
    // Each state a job reaches is kept with its time.
    QSqlQuery history(m_db);
    history.prepare(u"INSERT INTO state_history(generation_id, state, at) SELECT ?, ?, ? "
                    u"WHERE NOT EXISTS (SELECT 1 FROM state_history WHERE generation_id = ? AND rowid = "
                    u"(SELECT MAX(rowid) FROM state_history WHERE generation_id = ?) AND state = ?)"_s);
    const QString state = jobStateName(job.state);
    history.addBindValue(job.id);
    history.addBindValue(state);
    history.addBindValue(QDateTime::currentMSecsSinceEpoch());
    history.addBindValue(job.id);
    history.addBindValue(job.id);
    history.addBindValue(state);
    if (!history.exec()) {
        *error = lastError(history);
        return false;
    }

    QSqlQuery update(m_db);
    update.prepare(u"UPDATE generations SET state = ?, remote_status = ?, request_id = ?, status_url = ?, "
                   u"response_url = ?, poll_url = ?, output_url = ?, submitted_at = ?, accepted_at = ?, "
                   u"completed_at = ?, finished_at = ?, error = ?, error_kind = ?, download_failed = ?, "
                   u"estimated_cents = ?, charged_cents = ?, metrics = ?, clip_path = ?, status_calls = ?, "
                   u"download_attempts = ? WHERE id = ?"_s);
    update.addBindValue(state);
    update.addBindValue(textOrNull(job.remoteStatus));
    update.addBindValue(textOrNull(job.requestId));
    update.addBindValue(urlOrNull(job.statusUrl));
    update.addBindValue(urlOrNull(job.responseUrl));
    update.addBindValue(urlOrNull(job.pollUrl));
    update.addBindValue(urlOrNull(job.outputUrl));
    update.addBindValue(msOrNull(job.submittedAt));
    update.addBindValue(msOrNull(job.acceptedAt));
    update.addBindValue(msOrNull(job.completedAt));
    update.addBindValue(msOrNull(job.finishedAt));
    update.addBindValue(textOrNull(job.error));
    update.addBindValue(job.errorKind == ApiError::Kind::None ? QVariant(QMetaType::fromType<QString>())
                                                              : QVariant(ApiError::kindName(job.errorKind)));
    update.addBindValue(job.downloadFailed);
    update.addBindValue(job.estimatedCents);
    update.addBindValue(job.chargedCents >= 0 ? QVariant(job.chargedCents) : QVariant(QMetaType::fromType<qint64>()));
    update.addBindValue(job.metrics.raw.isEmpty()
                            ? QVariant(QMetaType::fromType<QString>())
                            : QVariant(QString::fromUtf8(QJsonDocument(job.metrics.raw).toJson(QJsonDocument::Compact))));
    update.addBindValue(textOrNull(job.clipPath));
    update.addBindValue(job.statusCalls);
    update.addBindValue(job.downloadAttempts);
    update.addBindValue(job.id);
    if (!update.exec()) {
        *error = lastError(update);
        return false;
    }
    if (update.numRowsAffected() != 1) {
        *error = u"the generation %1 is not in the library"_s.arg(job.id);
        return false;
    }
    if (job.state == JobState::Ready && isOwnFile(job.clipPath)) {
        // What the clip really is, for the review side: its boxes only, a millisecond's read.
        const Mp4Info info = Mp4Info::fromFile(job.clipPath);
        if (info.valid && !setClipInfo(job.id, info)) {
            *error = u"could not record the clip's size"_s;
            return false;
        }
    }
    return true;
}

QList<LibraryEntry> Library::select(const QString &where, const QVariantList &values, const QString &tail) const
{
    QList<LibraryEntry> entries;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT "_s + kColumns + u" FROM generations g "_s + where + u" "_s + tail);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        qWarning("Library query failed: %s", qPrintable(lastError(query)));
        return entries;
    }
    while (query.next()) {
        LibraryEntry entry;
        Job &job = entry.job;
        int c = 0;
        auto next = [&query, &c] { return query.value(c++); };
        job.id = next().toLongLong();
        job.createdAt = timeFrom(next());
        GenerationRequest &r = job.request;
        r.prompt = next().toString();
        r.negativePrompt = next().toString();
        Pricing::parseResolution(next().toString(), &r.resolution);
        r.durationSeconds = next().toInt();
        parseAspectRatio(next().toString(), &r.aspect);
        r.promptExtend = next().toBool();
        r.watermark = next().toBool();
        const QVariant seed = next();
        if (!seed.isNull())
            r.seed = seed.toLongLong();
        r.modeChoice = GenerationRequest::modeChoiceFromKey(next().toString());
        job.state = jobStateFromName(next().toString());
        job.remoteStatus = next().toString();
        job.requestId = next().toString();
        job.statusUrl = QUrl(next().toString());
        job.responseUrl = QUrl(next().toString());
        job.pollUrl = QUrl(next().toString());
        job.outputUrl = QUrl(next().toString());
        job.submittedAt = timeFrom(next());
        job.acceptedAt = timeFrom(next());
        job.completedAt = timeFrom(next());
        job.finishedAt = timeFrom(next());
        job.error = next().toString();
        job.errorKind = ApiError::kindFromName(next().toString());
        job.downloadFailed = next().toBool();
        job.estimatedCents = next().toLongLong();
        const QVariant charged = next();
        job.chargedCents = charged.isNull() ? -1 : charged.toLongLong();
        const QByteArray metrics = next().toString().toUtf8();
        if (!metrics.isEmpty())
            job.metrics = ApiResponses::parseMetrics(QJsonDocument::fromJson(metrics).object());
        job.clipPath = next().toString();
        entry.clipWidth = next().toInt();
        entry.clipHeight = next().toInt();
        entry.clipSeconds = next().toDouble();
        entry.clipHasAudio = next().toBool();
        entry.posterPath = next().toString();
        entry.rating = next().toInt();
        entry.favourite = next().toBool();
        entry.tags = next().toString().split(u',', Qt::SkipEmptyParts);
        entry.note = next().toString();
        job.statusCalls = next().toInt();
        job.downloadAttempts = next().toInt();
        job.service = next().toString();
        entries.append(entry);
    }

    // The images of every generation read, in one pass.
    if (entries.isEmpty())
        return entries;
    QHash<qint64, qsizetype> byId;
    QStringList ids;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        byId.insert(entries.at(i).job.id, i);
        ids << QString::number(entries.at(i).job.id);
    }
    QSqlQuery images(m_db);
    images.setForwardOnly(true);
    if (images.exec(u"SELECT gi.generation_id, gi.role, gi.position, i.file_name, gi.url, gi.original_name "
                    u"FROM generation_images gi "
                    u"LEFT JOIN images i ON i.hash = gi.image_hash WHERE gi.generation_id IN (%1) "
                    u"ORDER BY gi.generation_id, gi.role, gi.position"_s.arg(ids.join(u',')))) {
        while (images.next()) {
            GenerationRequest &r = entries[byId.value(images.value(0).toLongLong())].job.request;
            ImageSource image = images.value(3).isNull()
                                    ? ImageSource::fromUrl(QUrl(images.value(4).toString()))
                                    : ImageSource::fromFile(keptImagePath(images.value(3).toString()));
            if (image.isLocalFile()) // rows from before version 3 have none: the stored file's name is shown
                image.originalName = safeImageName(images.value(5).toString());
            if (images.value(1).toString() == u"first-frame"_s) {
                r.firstFrame = image;
            } else {
                const int position = images.value(2).toInt();
                while (r.references.size() < position)
                    r.references.append(ImageSource{});
                r.references.append(image);
            }
        }
    }
    return entries;
}

std::optional<LibraryEntry> Library::entry(qint64 id) const
{
    const QList<LibraryEntry> found = select(u"WHERE g.id = ?"_s, {id}, {});
    return found.isEmpty() ? std::nullopt : std::optional<LibraryEntry>(found.first());
}

std::optional<Job> Library::job(qint64 id) const
{
    const std::optional<LibraryEntry> found = entry(id);
    return found ? std::optional<Job>(found->job) : std::nullopt;
}

QList<Job> Library::unfinishedJobs() const
{
    QStringList states;
    QVariantList values;
    for (JobState state : {JobState::Queued, JobState::Submitting, JobState::Submitted, JobState::Downloading}) {
        states << u"?"_s;
        values << jobStateName(state);
    }
    QList<Job> jobs;
    const QList<LibraryEntry> entries =
        select(u"WHERE g.deleted_at IS NULL AND g.state IN (%1)"_s.arg(states.join(u',')), values, u"ORDER BY g.id"_s);
    for (const LibraryEntry &e : entries)
        jobs.append(e.job);
    return jobs;
}

namespace {

// WHERE clause and values for a query's filters (shared by query() and count()).
QString whereFor(const LibraryQuery &q, bool fts, QVariantList *values)
{
    QString join;
    if (q.collectionId != 0) {
        join = u"JOIN collection_items ci ON ci.generation_id = g.id AND ci.collection_id = ? "_s;
        *values << q.collectionId;
    }
    QStringList conditions{u"g.deleted_at IS NULL"_s};
    const QString text = q.text.simplified();
    if (!text.isEmpty()) {
        if (fts) {
            conditions << u"g.id IN (SELECT rowid FROM generations_fts WHERE generations_fts MATCH ?)"_s;
            *values << ftsQuery(text);
        } else {
            const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
            for (const QString &word : words) {
                conditions << u"(g.prompt LIKE ? ESCAPE '\\' OR g.negative_prompt LIKE ? ESCAPE '\\' OR g.tags LIKE ? "
                              u"ESCAPE '\\' OR g.note LIKE ? ESCAPE '\\')"_s;
                const QString pattern = u"%"_s + escapeLike(word) + u"%"_s;
                *values << pattern << pattern << pattern << pattern;
            }
        }
    }
    if (q.mode) {
        conditions << u"g.mode = ?"_s;
        *values << modeStorageName(q.mode);
    }
    if (q.resolution) {
        conditions << u"g.resolution = ?"_s;
        *values << Pricing::resolutionName(*q.resolution);
    }
    if (q.aspect) {
        conditions << u"g.aspect_ratio = ?"_s;
        *values << aspectRatioName(*q.aspect);
    }
    if (q.state) {
        conditions << u"g.state = ?"_s;
        *values << jobStateName(*q.state);
    }
    if (q.minRating > 0) {
        conditions << u"g.rating >= ?"_s;
        *values << q.minRating;
    }
    if (q.favouritesOnly)
        conditions << u"g.favourite = 1"_s;
    if (q.from.isValid()) {
        conditions << u"g.created_at >= ?"_s;
        *values << startOfDayMs(q.from);
    }
    if (q.to.isValid()) {
        conditions << u"g.created_at < ?"_s;
        *values << startOfDayMs(q.to.addDays(1));
    }
    return join + u"WHERE "_s + conditions.join(u" AND "_s);
}

QString orderFor(const LibraryQuery &q)
{
    if (q.collectionId != 0)
        return u"ORDER BY ci.position, g.id"_s;
    switch (q.sort) {
    case LibraryQuery::Sort::Oldest:
        return u"ORDER BY g.created_at ASC, g.id ASC"_s;
    case LibraryQuery::Sort::BestRated:
        return u"ORDER BY g.rating DESC, g.created_at DESC"_s;
    case LibraryQuery::Sort::MostExpensive:
        return u"ORDER BY COALESCE(g.charged_cents, g.estimated_cents) DESC, g.created_at DESC"_s;
    case LibraryQuery::Sort::Newest:
        break;
    }
    return u"ORDER BY g.created_at DESC, g.id DESC"_s;
}

} // namespace

QList<LibraryEntry> Library::query(const LibraryQuery &q) const
{
    QVariantList values;
    const QString where = whereFor(q, m_fts, &values);
    return select(where, values, orderFor(q) + u" LIMIT %1 OFFSET %2"_s.arg(qMax(0, q.limit)).arg(qMax(0, q.offset)));
}

int Library::count(const LibraryQuery &q) const
{
    QVariantList values;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT COUNT(*) FROM generations g "_s + whereFor(q, m_fts, &values));
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    return query.exec() && query.next() ? query.value(0).toInt() : 0;
}

bool Library::setColumn(qint64 id, const char *column, const QVariant &value)
{
    QSqlQuery update(m_db);
    update.prepare(u"UPDATE generations SET %1 = ? WHERE id = ?"_s.arg(QLatin1StringView(column)));
    update.addBindValue(value);
    update.addBindValue(id);
    return update.exec() && update.numRowsAffected() == 1;
}

bool Library::setRating(qint64 id, int rating)
{
    return setColumn(id, "rating", qBound(0, rating, 5));
}

bool Library::setFavourite(qint64 id, bool favourite)
{
    return setColumn(id, "favourite", favourite);
}

bool Library::setTags(qint64 id, const QStringList &tags)
{
    QStringList clean;
    for (const QString &tag : tags) {
        const QString t = tag.simplified().remove(u',');
        if (!t.isEmpty() && !clean.contains(t, Qt::CaseInsensitive))
            clean << t;
    }
    return setColumn(id, "tags", notNullText(clean.join(u',')));
}

bool Library::setNote(qint64 id, const QString &note)
{
    return setColumn(id, "note", notNullText(note));
}

bool Library::setClipInfo(qint64 id, const Mp4Info &info)
{
    QSqlQuery update(m_db);
    update.prepare(u"UPDATE generations SET clip_width = ?, clip_height = ?, clip_seconds = ?, clip_has_audio = ? "
                   u"WHERE id = ?"_s);
    update.addBindValue(info.width);
    update.addBindValue(info.height);
    update.addBindValue(info.durationSeconds);
    update.addBindValue(info.hasAudio);
    update.addBindValue(id);
    return update.exec() && update.numRowsAffected() == 1;
}

bool Library::setPosterPath(qint64 id, const QString &path)
{
    return setColumn(id, "poster_path", path);
}

bool Library::remove(qint64 id, QString *error)
{
    const std::optional<Job> found = job(id);
    if (!found) {
        *error = u"This generation is no longer in the library."_s;
        return false;
    }
    // Only the library's own file goes to the trash: a record naming anything else leaves it alone.
    if (isOwnFile(found->clipPath)) {
        QFile clip(found->clipPath);
        if (!clip.moveToTrash()) {
            *error = u"Could not move the clip to the trash (%1). Nothing was deleted."_s.arg(clip.errorString());
            return false;
        }
        m_trashed.insert(id, clip.fileName());
    }
    if (!setColumn(id, "deleted_at", QDateTime::currentMSecsSinceEpoch())) {
        *error = u"Could not update the library."_s;
        return false;
    }
    return true;
}

bool Library::undoRemove(qint64 id, QString *error)
{
    const std::optional<Job> found = job(id);
    if (!found) {
        *error = u"This generation is no longer in the library."_s;
        return false;
    }
    const QString trashed = m_trashed.value(id);
    if (!trashed.isEmpty() && !found->clipPath.isEmpty() && !QFile::rename(trashed, found->clipPath)) {
        *error = u"Could not bring the clip back from the trash (%1)."_s.arg(QDir::toNativeSeparators(trashed));
        return false;
    }
    m_trashed.remove(id);
    if (!setColumn(id, "deleted_at", QVariant(QMetaType::fromType<qint64>()))) {
        *error = u"Could not update the library."_s;
        return false;
    }
    return true;
}

QList<DailySpend> Library::spendByDay() const
{
    // Days are the user's local days; SQLite only knows UTC, so they are grouped here.
    QList<DailySpend> days;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT created_at, COALESCE(charged_cents, estimated_cents) FROM generations "
                    u"WHERE completed_at IS NOT NULL ORDER BY created_at DESC"_s))
        return days;
    while (query.next()) {
        const QDate day = QDateTime::fromMSecsSinceEpoch(query.value(0).toLongLong()).toLocalTime().date();
        if (days.isEmpty() || days.last().day != day)
            days.append(DailySpend{day, 0, 0});
        days.last().cents += query.value(1).toLongLong();
        ++days.last().generations;
    }
    return days;
}

qint64 Library::spentCents(const QDate &from, const QDate &to) const
{
    QString sql = u"SELECT COALESCE(SUM(COALESCE(charged_cents, estimated_cents)), 0) FROM generations "
                  u"WHERE completed_at IS NOT NULL"_s;
    QVariantList values;
    if (from.isValid()) {
        sql += u" AND created_at >= ?"_s;
        values << startOfDayMs(from);
    }
    if (to.isValid()) {
        sql += u" AND created_at < ?"_s;
        values << startOfDayMs(to.addDays(1));
    }
    QSqlQuery query(m_db);
    query.prepare(sql);
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    return query.exec() && query.next() ? query.value(0).toLongLong() : 0;
}

QString Library::integrityCheck() const
{
    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA integrity_check"_s) || !query.next())
        return lastError(query);
    return query.value(0).toString();
}

namespace {

// A name cleaned of control characters and folded white space, cut to its longest, unique among others (id, name)
// whatever its case; empty with *error set when it is empty or taken. what: "collection", "storyboard".
QString cleanUniqueName(const QString &name, const QList<QPair<qint64, QString>> &others, qint64 except,
                        const QString &what, QString *error)
{
    const QString clean = SafeText::clean(name, Library::kMaxCollectionNameLength).trimmed();
    if (clean.isEmpty()) {
        *error = u"A %1 needs a name."_s.arg(what);
        return {};
    }
    // SQLite folds only ASCII letters: names that differ in other letters' case are caught here.
    for (const auto &[id, other] : others) {
        if (id != except && other.compare(clean, Qt::CaseInsensitive) == 0) {
            *error = u"There is already a %1 called \u201c%2\u201d. Choose another name."_s.arg(what, other);
            return {};
        }
    }
    return clean;
}

} // namespace

// Collections and storyboards: rows with a name, created, renamed and removed alike. table is one of this file's own
// table names, never text from outside.
QList<QPair<qint64, QString>> Library::namesIn(const QString &table) const
{
    QList<QPair<qint64, QString>> names;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (query.exec(u"SELECT id, name FROM %1"_s.arg(table))) {
        while (query.next())
            names.append({query.value(0).toLongLong(), query.value(1).toString()});
    }
    return names;
}

qint64 Library::createNamed(const QString &table, const QString &what, const QString &name, QString *error)
{
    const QString clean = cleanUniqueName(name, namesIn(table), 0, what, error);
    if (clean.isEmpty())
        return 0;
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO %1(name, created_at) VALUES (?, ?)"_s.arg(table));
    insert.addBindValue(clean);
    insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!insert.exec()) {
        *error = u"Could not create the %1: %2"_s.arg(what, lastError(insert));
        return 0;
    }
    return insert.lastInsertId().toLongLong();
}

bool Library::renameNamed(const QString &table, const QString &what, qint64 id, const QString &name, QString *error)
{
    const QString clean = cleanUniqueName(name, namesIn(table), id, what, error);
    if (clean.isEmpty())
        return false;
    QSqlQuery update(m_db);
    update.prepare(u"UPDATE %1 SET name = ? WHERE id = ?"_s.arg(table));
    update.addBindValue(clean);
    update.addBindValue(id);
    if (!update.exec() || update.numRowsAffected() != 1) {
        *error = u"Could not rename the %1; it may have been deleted."_s.arg(what);
        return false;
    }
    return true;
}

bool Library::removeNamed(const QString &table, const QString &what, qint64 id, QString *error)
{
    QSqlQuery remove(m_db);
    remove.prepare(u"DELETE FROM %1 WHERE id = ?"_s.arg(table));
    remove.addBindValue(id);
    if (!remove.exec() || remove.numRowsAffected() != 1) {
        *error = u"Could not delete the %1; it may already be gone."_s.arg(what);
        return false;
    }
    return true;
}

qint64 Library::createCollection(const QString &name, QString *error)
{
    return createNamed(u"collections"_s, u"collection"_s, name, error);
}

bool Library::renameCollection(qint64 id, const QString &name, QString *error)
{
    return renameNamed(u"collections"_s, u"collection"_s, id, name, error);
}

bool Library::removeCollection(qint64 id, QString *error)
{
    return removeNamed(u"collections"_s, u"collection"_s, id, error); // its members go with it; the takes stay
}

QList<LibraryCollection> Library::collections() const
{
    QList<LibraryCollection> found;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT c.id, c.name, c.created_at, "
                    u"(SELECT COUNT(*) FROM collection_items ci JOIN generations g ON g.id = ci.generation_id "
                    u"WHERE ci.collection_id = c.id AND g.deleted_at IS NULL) "
                    u"FROM collections c ORDER BY c.name COLLATE NOCASE, c.id"_s))
        return found;
    while (query.next())
        found.append({query.value(0).toLongLong(), query.value(1).toString(), timeFrom(query.value(2)),
                      query.value(3).toInt()});
    return found;
}

std::optional<LibraryCollection> Library::collection(qint64 id) const
{
    for (const LibraryCollection &c : collections()) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

std::optional<LibraryCollection> Library::collectionNamed(const QString &name) const
{
    const QString wanted = name.trimmed();
    for (const LibraryCollection &c : collections()) {
        if (c.name.compare(wanted, Qt::CaseInsensitive) == 0)
            return c;
    }
    return std::nullopt;
}

QList<LibraryEntry> Library::collectionEntries(qint64 id) const
{
    if (id == 0)
        return {};
    LibraryQuery q;
    q.collectionId = id;
    q.limit = std::numeric_limits<int>::max();
    return query(q);
}

QList<qint64> Library::collectionMembers(qint64 id, bool shownOnly) const
{
    QList<qint64> ids;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT ci.generation_id FROM collection_items ci JOIN generations g ON g.id = ci.generation_id "
                  u"WHERE ci.collection_id = ? %1 ORDER BY ci.position, g.id"_s.arg(
                      shownOnly ? u"AND g.deleted_at IS NULL"_s : QString()));
    query.addBindValue(id);
    if (query.exec()) {
        while (query.next())
            ids << query.value(0).toLongLong();
    }
    return ids;
}

// Runs each statement with its values in one transaction: all are written or none. failure begins the message.
bool Library::writeAll(const QList<QPair<QString, QVariantList>> &statements, const QString &failure, QString *error)
{
    if (!m_db.transaction()) {
        *error = u"%1: %2"_s.arg(failure, m_db.lastError().text());
        return false;
    }
    for (const auto &[sql, values] : statements) {
        QSqlQuery statement(m_db);
        statement.prepare(sql);
        for (const QVariant &value : values)
            statement.addBindValue(value);
        if (!statement.exec()) {
            *error = u"%1: %2"_s.arg(failure, lastError(statement));
            m_db.rollback();
            return false;
        }
    }
    if (!m_db.commit()) {
        *error = u"%1: %2"_s.arg(failure, m_db.lastError().text());
        m_db.rollback();
        return false;
    }
    return true;
}

bool Library::writeCollectionOrder(qint64 id, const QList<qint64> &all, QString *error)
{
    QList<QPair<QString, QVariantList>> updates;
    for (qsizetype position = 0; position < all.size(); ++position)
        updates.append({u"UPDATE collection_items SET position = ? WHERE collection_id = ? AND generation_id = ?"_s,
                        {position, id, all.at(position)}});
    return writeAll(updates, u"Could not update the collection"_s, error);
}

int Library::addToCollection(qint64 id, const QList<qint64> &generationIds, QString *error)
{
    if (!collection(id)) {
        *error = u"This collection no longer exists."_s;
        return -1;
    }
    const QList<qint64> present = collectionMembers(id, false);
    QSet<qint64> seen(present.cbegin(), present.cend());
    if (!m_db.transaction()) {
        *error = u"Could not update the collection: %1"_s.arg(m_db.lastError().text());
        return -1;
    }
    int added = 0;
    qsizetype position = present.size();
    for (qint64 generation : generationIds) {
        if (seen.contains(generation) || !entry(generation))
            continue;
        seen.insert(generation);
        QSqlQuery insert(m_db);
        insert.prepare(u"INSERT INTO collection_items(collection_id, generation_id, position) VALUES (?, ?, ?)"_s);
        insert.addBindValue(id);
        insert.addBindValue(generation);
        insert.addBindValue(position++);
        if (!insert.exec()) {
            *error = u"Could not add to the collection: %1"_s.arg(lastError(insert));
            m_db.rollback();
            return -1;
        }
        ++added;
    }
    if (!m_db.commit()) {
        *error = u"Could not update the collection: %1"_s.arg(m_db.lastError().text());
        return -1;
    }
    return added;
}

bool Library::removeFromCollection(qint64 id, const QList<qint64> &generationIds, QString *error)
{
    for (qint64 generation : generationIds) {
        QSqlQuery remove(m_db);
        remove.prepare(u"DELETE FROM collection_items WHERE collection_id = ? AND generation_id = ?"_s);
        remove.addBindValue(id);
        remove.addBindValue(generation);
        if (!remove.exec()) {
            *error = u"Could not remove from the collection: %1"_s.arg(lastError(remove));
            return false;
        }
    }
    return true;
}

bool Library::setCollectionOrder(qint64 id, const QList<qint64> &generationIds, QString *error)
{
    const QList<qint64> shown = collectionMembers(id, true);
    QList<qint64> sortedShown = shown;
    QList<qint64> sortedWanted = generationIds;
    std::sort(sortedShown.begin(), sortedShown.end());
    std::sort(sortedWanted.begin(), sortedWanted.end());
    if (sortedShown != sortedWanted) {
        *error = u"The collection changed meanwhile; nothing was moved."_s;
        return false;
    }
    // A deleted take follows the take it followed, so that undoing the delete puts it back between its neighbours.
    const QSet<qint64> shownSet(shown.cbegin(), shown.cend());
    QHash<qint64, QList<qint64>> hiddenAfter; // 0: before every shown take
    qint64 previous = 0;
    for (qint64 member : collectionMembers(id, false)) {
        if (shownSet.contains(member))
            previous = member;
        else
            hiddenAfter[previous] << member;
    }
    QList<qint64> all = hiddenAfter.value(0);
    for (qint64 member : generationIds)
        all << member << hiddenAfter.value(member);
    return writeCollectionOrder(id, all, error);
}

bool Library::moveInCollection(qint64 id, int from, int to, QString *error)
{
    QList<qint64> shown = collectionMembers(id, true);
    if (from < 0 || to < 0 || from >= shown.size() || to >= shown.size()) {
        *error = u"There is no take at that place in the collection."_s;
        return false;
    }
    shown.move(from, to);
    return setCollectionOrder(id, shown, error);
}

bool Library::setCaption(qint64 collectionId, qint64 generationId, const QString &caption)
{
    QSqlQuery update(m_db);
    update.prepare(u"UPDATE collection_items SET caption = ? WHERE collection_id = ? AND generation_id = ?"_s);
    update.addBindValue(notNullText(SafeText::clean(caption, kMaxCaptionLength).trimmed()));
    update.addBindValue(collectionId);
    update.addBindValue(generationId);
    return update.exec() && update.numRowsAffected() == 1;
}

QList<CollectionItem> Library::collectionItems(qint64 id) const
{
    QHash<qint64, QString> captions;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT generation_id, caption FROM collection_items WHERE collection_id = ?"_s);
    query.addBindValue(id);
    if (query.exec()) {
        while (query.next())
            captions.insert(query.value(0).toLongLong(), query.value(1).toString());
    }
    QList<CollectionItem> items;
    const QList<LibraryEntry> entries = collectionEntries(id);
    for (const LibraryEntry &e : entries)
        items.append({e, captions.value(e.job.id)});
    return items;
}

QList<CollectionItem> Library::collectionItems(const QString &name) const
{
    const std::optional<LibraryCollection> found = collectionNamed(name);
    return found ? collectionItems(found->id) : QList<CollectionItem>();
}

QList<CollectionItem> Library::favouriteItems() const
{
    LibraryQuery q;
    q.favouritesOnly = true;
    q.sort = LibraryQuery::Sort::Oldest;
    q.limit = std::numeric_limits<int>::max();
    QList<CollectionItem> items;
    const QList<LibraryEntry> entries = query(q);
    for (const LibraryEntry &e : entries)
        items.append({e, QString()});
    return items;
}

qint64 Library::createStoryboard(const QString &name, QString *error)
{
    return createNamed(u"storyboards"_s, u"storyboard"_s, name, error);
}

bool Library::renameStoryboard(qint64 id, const QString &name, QString *error)
{
    return renameNamed(u"storyboards"_s, u"storyboard"_s, id, name, error);
}

bool Library::removeStoryboard(qint64 id, QString *error)
{
    return removeNamed(u"storyboards"_s, u"storyboard"_s, id, error); // its shots go with it; the takes stay
}

bool Library::setStoryboardDefaults(qint64 id, AspectRatio aspect, Pricing::Resolution resolution,
                                    int durationSeconds, QString *error)
{
    QSqlQuery update(m_db);
    update.prepare(u"UPDATE storyboards SET aspect_ratio = ?, resolution = ?, duration_seconds = ? WHERE id = ?"_s);
    update.addBindValue(aspectRatioName(aspect));
    update.addBindValue(Pricing::resolutionName(resolution));
    update.addBindValue(durationSeconds);
    update.addBindValue(id);
    if (!update.exec() || update.numRowsAffected() != 1) {
        *error = u"Could not change the storyboard's settings; it may have been deleted."_s;
        return false;
    }
    return true;
}

QList<Storyboard> Library::storyboards() const
{
    QList<Storyboard> found;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT id, name, created_at, aspect_ratio, resolution, duration_seconds, film_takes "
                    u"FROM storyboards ORDER BY name COLLATE NOCASE, id"_s))
        return found;
    while (query.next()) {
        Storyboard board;
        board.id = query.value(0).toLongLong();
        board.name = query.value(1).toString();
        board.createdAt = timeFrom(query.value(2));
        parseAspectRatio(query.value(3).toString(), &board.aspect); // an unknown one keeps 16:9
        Pricing::parseResolution(query.value(4).toString(), &board.resolution);
        board.durationSeconds = query.value(5).toInt();
        const QJsonArray filmTakes = QJsonDocument::fromJson(query.value(6).toString().toUtf8()).array();
        for (const QJsonValue &take : filmTakes)
            board.filmTakes << take.toInteger();
        found << board;
    }
    return found;
}

std::optional<Storyboard> Library::storyboard(qint64 id) const
{
    std::optional<Storyboard> board;
    for (const Storyboard &b : storyboards()) {
        if (b.id == id)
            board = b;
    }
    if (!board)
        return std::nullopt;
    QSqlQuery shots(m_db);
    shots.setForwardOnly(true);
    shots.prepare(u"SELECT id, prompt, duration_seconds, resolution, linked, first_frame_path, reference_paths, "
                  u"chosen_generation_id, stale, based_on_generation_id, waiting FROM storyboard_shots "
                  u"WHERE storyboard_id = ? ORDER BY position, id"_s);
    shots.addBindValue(id);
    if (!shots.exec())
        return std::nullopt;
    while (shots.next()) {
        Shot shot;
        shot.id = shots.value(0).toLongLong();
        shot.prompt = shots.value(1).toString();
        if (!shots.value(2).isNull())
            shot.durationSeconds = shots.value(2).toInt();
        Pricing::Resolution resolution = Pricing::Resolution::P720;
        if (!shots.value(3).isNull() && Pricing::parseResolution(shots.value(3).toString(), &resolution))
            shot.resolution = resolution;
        shot.linked = shots.value(4).toBool();
        shot.firstFrame = shotImageFromText(shots.value(5).toString());
        const QJsonArray references = QJsonDocument::fromJson(shots.value(6).toString().toUtf8()).array();
        for (const QJsonValue &reference : references) {
            const ImageSource image = shotImageFromJson(reference);
            if (!image.isEmpty())
                shot.references << image;
        }
        shot.chosenTake = shots.value(7).toLongLong();
        shot.stale = shots.value(8).toBool();
        shot.basedOn = shots.value(9).toLongLong();
        const int waiting = shots.value(10).toInt();
        shot.waiting = waiting == 2 ? Shot::Waiting::NewTake : waiting == 1 ? Shot::Waiting::Take : Shot::Waiting::No;
        board->shots << shot;
    }
    shots.finish();
    // Deleted generations are not shown as takes; undoing the delete brings them back.
    QSqlQuery takes(m_db);
    takes.setForwardOnly(true);
    takes.prepare(u"SELECT t.shot_id, t.generation_id, t.based_on_generation_id, g.state FROM storyboard_takes t "
                  u"JOIN storyboard_shots s ON s.id = t.shot_id JOIN generations g ON g.id = t.generation_id "
                  u"WHERE s.storyboard_id = ? AND g.deleted_at IS NULL ORDER BY t.rowid"_s);
    takes.addBindValue(id);
    if (!takes.exec())
        return std::nullopt;
    while (takes.next()) {
        const int index = board->indexOfShot(takes.value(0).toLongLong());
        if (index < 0)
            continue;
        StoryboardTake take;
        take.generationId = takes.value(1).toLongLong();
        take.basedOn = takes.value(2).toLongLong();
        take.state = jobStateFromName(takes.value(3).toString());
        board->shots[index].takes << take;
    }
    return board;
}

bool Library::storeShotImages(Shot &shot, QString *error) const
{
    // The shot's own images are kept in the library, so that a take made later finds them whatever the user did with
    // the originals.
    // A web address is kept as it is.
    GenerationRequest images;
    images.firstFrame = shot.firstFrame;
    images.references = shot.references;
    if (!storeImageFiles(imagesDirectory(), images, error))
        return false;
    shot.firstFrame = images.firstFrame;
    shot.references = images.references;
    return true;
}

QString Library::keptImagePath(const QString &name) const
{
    // Only a plain name inside the images folder, whatever the row says: a library file is not trusted to point
    // anywhere else on the disk (its images are sent to the service).
    const QString plain = QFileInfo(name).fileName();
    if (plain.isEmpty() || plain.startsWith(u'.'))
        return {};
    return imagesDirectory() + u"/"_s + plain;
}

// A shot's own image as stored: {"file": "<content hash>.png", "name": "beach.png"} for a file kept in the library's
// images, {"url": "https://…"} for a web address. Rows written before web addresses were kept hold the file's path
// as a plain string.
QJsonValue Library::shotImageJson(const ImageSource &image)
{
    if (image.isUrl())
        return QJsonObject{{u"url"_s, image.url.toString(QUrl::FullyEncoded)}};
    if (image.isLocalFile())
        return QJsonObject{{u"file"_s, QFileInfo(image.path).fileName()}, {u"name"_s, image.originalName}};
    return {};
}

ImageSource Library::shotImageFromJson(const QJsonValue &value) const
{
    if (value.isString()) {
        const QString path = keptImagePath(value.toString());
        return path.isEmpty() ? ImageSource() : ImageSource::fromFile(path);
    }
    const QJsonObject object = value.toObject();
    if (object.contains(u"url"_s)) {
        const QUrl url(object.value(u"url"_s).toString(), QUrl::StrictMode);
        return urlProblem(url).isEmpty() ? ImageSource::fromUrl(url) : ImageSource();
    }
    const QString path = keptImagePath(object.value(u"file"_s).toString());
    if (path.isEmpty())
        return {};
    ImageSource image = ImageSource::fromFile(path);
    image.originalName = safeImageName(object.value(u"name"_s).toString());
    return image;
}

QString Library::shotImageText(const ImageSource &image)
{
    const QJsonValue json = shotImageJson(image);
    if (!json.isObject())
        return {};
    return QString::fromUtf8(QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact));
}

ImageSource Library::shotImageFromText(const QString &text) const
{
    if (text.isEmpty())
        return {};
    if (!text.startsWith(u'{'))
        return shotImageFromJson(QJsonValue(text));
    return shotImageFromJson(QJsonDocument::fromJson(text.toUtf8()).object());
}

QVariant Library::shotReferencesOrNull(const QList<ImageSource> &references)
{
    QJsonArray array;
    for (const ImageSource &reference : references) {
        const QJsonValue json = shotImageJson(reference);
        if (json.isObject())
            array.append(json);
    }
    if (array.isEmpty())
        return QVariant(QMetaType::fromType<QString>());
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

namespace {


QVariant intOrNull(const std::optional<int> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<int>());
}

QVariant resolutionOrNull(const std::optional<Pricing::Resolution> &value)
{
    return value ? QVariant(Pricing::resolutionName(*value)) : QVariant(QMetaType::fromType<QString>());
}

} // namespace

QList<qint64> Library::shotIds(qint64 storyboardId) const
{
    QList<qint64> ids;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT id FROM storyboard_shots WHERE storyboard_id = ? ORDER BY position, id"_s);
    query.addBindValue(storyboardId);
    if (query.exec()) {
        while (query.next())
            ids << query.value(0).toLongLong();
    }
    return ids;
}

qint64 Library::addShot(qint64 storyboardId, const Shot &shot, QString *error)
{
    if (!storyboard(storyboardId)) {
        *error = u"This storyboard no longer exists."_s;
        return 0;
    }
    Shot stored = shot;
    if (!storeShotImages(stored, error))
        return 0;
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO storyboard_shots(storyboard_id, position, prompt, duration_seconds, resolution, "
                   u"linked, first_frame_path, reference_paths) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    insert.addBindValue(storyboardId);
    insert.addBindValue(shotIds(storyboardId).size());
    insert.addBindValue(notNullText(stored.prompt));
    insert.addBindValue(intOrNull(stored.durationSeconds));
    insert.addBindValue(resolutionOrNull(stored.resolution));
    insert.addBindValue(stored.linked ? 1 : 0);
    insert.addBindValue(textOrNull(shotImageText(stored.firstFrame)));
    insert.addBindValue(shotReferencesOrNull(stored.references));
    if (!insert.exec()) {
        *error = u"Could not add the shot: %1"_s.arg(lastError(insert));
        return 0;
    }
    return insert.lastInsertId().toLongLong();
}

bool Library::updateShot(const Shot &shot, QString *error)
{
    Shot stored = shot;
    if (!storeShotImages(stored, error))
        return false;
    QSqlQuery update(m_db);
    update.prepare(u"UPDATE storyboard_shots SET prompt = ?, duration_seconds = ?, resolution = ?, linked = ?, "
                   u"first_frame_path = ?, reference_paths = ? WHERE id = ?"_s);
    update.addBindValue(notNullText(stored.prompt));
    update.addBindValue(intOrNull(stored.durationSeconds));
    update.addBindValue(resolutionOrNull(stored.resolution));
    update.addBindValue(stored.linked ? 1 : 0);
    update.addBindValue(textOrNull(shotImageText(stored.firstFrame)));
    update.addBindValue(shotReferencesOrNull(stored.references));
    update.addBindValue(stored.id);
    if (!update.exec() || update.numRowsAffected() != 1) {
        *error = u"Could not change the shot; it may have been deleted."_s;
        return false;
    }
    return true;
}

bool Library::writeShotOrder(qint64 storyboardId, const QList<qint64> &ids, QString *error)
{
    QList<QPair<QString, QVariantList>> updates;
    for (qsizetype position = 0; position < ids.size(); ++position)
        updates.append({u"UPDATE storyboard_shots SET position = ? WHERE id = ? AND storyboard_id = ?"_s,
                        {position, ids.at(position), storyboardId}});
    return writeAll(updates, u"Could not update the storyboard"_s, error);
}

bool Library::moveShot(qint64 storyboardId, int from, int to, QString *error)
{
    QList<qint64> ids = shotIds(storyboardId);
    if (from < 0 || from >= ids.size() || to < 0 || to >= ids.size()) {
        *error = u"There is no shot at that place in the storyboard."_s;
        return false;
    }
    ids.move(from, to);
    return writeShotOrder(storyboardId, ids, error);
}

bool Library::removeShot(qint64 shotId, QString *error)
{
    QSqlQuery owner(m_db);
    owner.prepare(u"SELECT storyboard_id FROM storyboard_shots WHERE id = ?"_s);
    owner.addBindValue(shotId);
    if (!owner.exec() || !owner.next()) {
        *error = u"Could not delete the shot; it may already be gone."_s;
        return false;
    }
    const qint64 storyboardId = owner.value(0).toLongLong();
    owner.finish();
    QSqlQuery remove(m_db);
    remove.prepare(u"DELETE FROM storyboard_shots WHERE id = ?"_s); // its takes stay in the library
    remove.addBindValue(shotId);
    if (!remove.exec() || remove.numRowsAffected() != 1) {
        *error = u"Could not delete the shot; it may already be gone."_s;
        return false;
    }
    return writeShotOrder(storyboardId, shotIds(storyboardId), error);
}

bool Library::addTake(qint64 shotId, qint64 generationId, qint64 basedOn, QString *error)
{
    const QVariant basis = basedOn == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(basedOn);
    return writeAll({{u"INSERT INTO storyboard_takes(shot_id, generation_id, based_on_generation_id) VALUES (?, ?, ?)"_s,
                      {shotId, generationId, basis}},
                     // A shot with no chosen take is based on what its newest take is made from.
                     {u"UPDATE storyboard_shots SET based_on_generation_id = ? "
                      u"WHERE id = ? AND chosen_generation_id IS NULL"_s,
                      {basis, shotId}}},
                    u"Could not record the take"_s, error);
}

bool Library::chooseTake(qint64 shotId, qint64 generationId, QString *error)
{
    QVariant basedOn(QMetaType::fromType<qint64>());
    if (generationId != 0) {
        QSqlQuery take(m_db);
        take.prepare(u"SELECT based_on_generation_id FROM storyboard_takes WHERE shot_id = ? AND generation_id = ?"_s);
        take.addBindValue(shotId);
        take.addBindValue(generationId);
        if (!take.exec() || !take.next()) {
            *error = u"That generation is not a take of this shot."_s;
            return false;
        }
        basedOn = take.value(0);
    }
    QSqlQuery update(m_db);
    update.prepare(u"UPDATE storyboard_shots SET chosen_generation_id = ?, based_on_generation_id = ? WHERE id = ?"_s);
    update.addBindValue(generationId == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(generationId));
    update.addBindValue(basedOn);
    update.addBindValue(shotId);
    if (!update.exec() || update.numRowsAffected() != 1) {
        *error = u"Could not choose the take; the shot may have been deleted."_s;
        return false;
    }
    return true;
}

bool Library::setShotWaiting(qint64 shotId, Shot::Waiting waiting, QString *error)
{
    const int value = waiting == Shot::Waiting::NewTake ? 2 : waiting == Shot::Waiting::Take ? 1 : 0;
    return writeAll({{u"UPDATE storyboard_shots SET waiting = ? WHERE id = ?"_s, {value, shotId}}},
                    u"Could not update the storyboard"_s, error);
}

bool Library::setFilmTakes(qint64 storyboardId, const QList<qint64> &takes, QString *error)
{
    QJsonArray ids;
    for (const qint64 take : takes)
        ids.append(take);
    const QVariant value = takes.isEmpty()
                               ? QVariant(QMetaType::fromType<QString>())
                               : QVariant(QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact)));
    return writeAll({{u"UPDATE storyboards SET film_takes = ? WHERE id = ?"_s, {value, storyboardId}}},
                    u"Could not update the storyboard"_s, error);
}

bool Library::setStaleShots(qint64 storyboardId, const QList<qint64> &staleShotIds, QString *error)
{
    QList<QPair<QString, QVariantList>> updates;
    for (const qint64 id : shotIds(storyboardId))
        updates.append({u"UPDATE storyboard_shots SET stale = ? WHERE id = ?"_s, {staleShotIds.contains(id) ? 1 : 0, id}});
    return writeAll(updates, u"Could not update the storyboard"_s, error);
}
