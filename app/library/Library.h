#pragma once

#include "jobs/JobStore.h"
#include "storyboard/Storyboard.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <optional>

class QJsonValue;
struct Mp4Info;

// What the review side can ask of the library: search text and filters, one page at a time.
struct LibraryQuery
{
    enum class Sort
    {
        Newest,
        Oldest,
        BestRated,
        MostExpensive
    };

    QString text; // words searched in prompts, negative prompts, tags and notes (all must match, as prefixes)
    std::optional<GenerationRequest::Mode> mode;
    std::optional<Pricing::Resolution> resolution;
    std::optional<AspectRatio> aspect;
    std::optional<JobState> state;
    int minRating = 0;
    bool favouritesOnly = false;
    QDate from; // inclusive, local dates; invalid = open
    QDate to;
    Sort sort = Sort::Newest;
    qint64 collectionId = 0; // only this collection's takes, in its order (sort is then ignored); 0 = all
    int limit = 200;
    int offset = 0;
};

// One generation as the review side shows it: the job plus what the user added to it.
struct LibraryEntry
{
    Job job;
    QString posterPath; // a small JPEG beside the clip, empty until made
    int clipWidth = 0;
    int clipHeight = 0;
    double clipSeconds = 0;
    bool clipHasAudio = false;
    int rating = 0; // 0-5
    bool favourite = false;
    QStringList tags;
    QString note;
};

// A named, ordered set of takes (a client review, a round of choices). A take can be in several.
struct LibraryCollection
{
    qint64 id = 0;
    QString name;
    QDateTime createdAt;
    int count = 0; // takes shown: deleted generations are not counted
};

// One take of a collection, in the collection's order, with the caption it has there.
struct CollectionItem
{
    LibraryEntry entry;
    QString caption;
};

// Money per local day, for the library's totals.
struct DailySpend
{
    QDate day;
    qint64 cents = 0;
    int generations = 0;
};

// The local library of generations: one SQLite database (WAL, schema version, migrations in transactions,
// prepared statements) plus the input images, stored once each by content, and the clips. It is the job
// store of the queue, so every job is written before its POST is sent and at every change after; after a
// crash or restart unfinishedJobs() hands them back to be resumed.
class Library final : public JobStore
{
public:
    // 2: clips are named by the generation's id (clips/<id>.mp4), and a request id may repeat.
    // 3: each image a generation used keeps the name it had on the user's disk (for labels only).
    // 4: collections, named and ordered sets of takes with a caption per take.
    // 5: storyboards, ordered strips of shots with their takes.
    static constexpr int kSchemaVersion = 6;
    // Longest collection name and caption kept; longer text is cut.
    static constexpr qsizetype kMaxCollectionNameLength = 80;
    static constexpr qsizetype kMaxCaptionLength = 500;
    // Longest image name kept for labels.
    static constexpr qsizetype kMaxImageNameLength = 255;

    ~Library() override;
    Library(const Library &) = delete;
    Library &operator=(const Library &) = delete;

    // Opens (creating and migrating as needed) the library in directory. Null with a message on failure.
    static std::unique_ptr<Library> open(const QString &directory, QString *error);
    // $PADDOCK_LIBRARY, else the folder the README names: <GenericDataLocation>/Paddock/library
    // (~/.local/share/Paddock/library).
    static QString defaultDirectory();
    // Where earlier versions kept the library: <AppDataLocation>/library (~/.local/share/Paddock/Paddock/library).
    static QString legacyDirectory();
    // The folder to open at start when no --library is given: defaultDirectory(), after moving a library left in
    // legacyDirectory() there (see adoptLegacyDirectory). note says what was done, empty when nothing was.
    static QString startupDirectory(QString *note);
    // Renames the folder legacy to target when legacy holds a library and target does not exist yet; returns the
    // folder to use: target, or legacy when the rename failed (nothing is copied, so nothing is half moved).
    static QString adoptLegacyDirectory(const QString &legacy, const QString &target, QString *note);
    // A name from the user's disk made fit to show: a file name only (no folders, no control characters).
    static QString safeImageName(const QString &name);

    QString directory() const { return m_directory; }
    QString clipsDirectory() const;
    // True when path may be opened as one of this library's files: a regular file inside its folder.
    bool isOwnFile(const QString &path, QString *why = nullptr) const;
    QString imagesDirectory() const;
    bool hasFullTextSearch() const { return m_fts; }

    // Copies the request's local images into imagesDirectory (named by content; each stored once) and points the
    // request at the copies, keeping each file's own name in ImageSource::originalName for labels. Reads and hashes whole files, and touches no database: call it off the GUI thread
    // before saving a job with large images (saveJob does it too, for whatever is left).
    static bool storeImageFiles(const QString &imagesDirectory, GenerationRequest &request, QString *error);

    // JobStore: inserts (copying the request's local images into the library) or updates the job.
    bool saveJob(Job &job, QString *error) override;

    // Several new or changed jobs in one transaction (imports, tools): all are written or none.
    bool saveJobs(QList<Job> &jobs, QString *error);

    std::optional<Job> job(qint64 id) const;
    std::optional<LibraryEntry> entry(qint64 id) const;
    // Jobs not in a final state, oldest first: what a restart must carry on.
    QList<Job> unfinishedJobs() const;
    QList<LibraryEntry> query(const LibraryQuery &query) const;
    int count(const LibraryQuery &query) const;

    bool setRating(qint64 id, int rating);
    bool setFavourite(qint64 id, bool favourite);
    bool setTags(qint64 id, const QStringList &tags);
    bool setNote(qint64 id, const QString &note);
    // What the clip really is, read from the file once it is on disk.
    bool setClipInfo(qint64 id, const Mp4Info &info);
    bool setPosterPath(qint64 id, const QString &path);

    // Hides the generation and moves its clip to the system trash (undo brings both back this session).
    bool remove(qint64 id, QString *error);
    bool undoRemove(qint64 id, QString *error);

    // Collections. Names and captions are cleaned (control characters removed, white space folded) and cut to
    // their longest; names are unique whatever their case. Deleted generations stay members but are not shown, so
    // that undoing a delete brings a take back where it was. On failure, error says why in plain words.
    qint64 createCollection(const QString &name, QString *error); // its id, 0 on failure
    bool renameCollection(qint64 id, const QString &name, QString *error);
    bool removeCollection(qint64 id, QString *error); // the takes stay in the library
    QList<LibraryCollection> collections() const;      // by name
    std::optional<LibraryCollection> collection(qint64 id) const;
    std::optional<LibraryCollection> collectionNamed(const QString &name) const; // whatever its case
    QList<LibraryEntry> collectionEntries(qint64 id) const; // in order
    // Appends the generations not yet in the collection, in the order given; returns how many were added, -1 on
    // failure.
    int addToCollection(qint64 id, const QList<qint64> &generationIds, QString *error);
    bool removeFromCollection(qint64 id, const QList<qint64> &generationIds, QString *error);
    // Moves the take shown at row from to row to (rows of collectionEntries()).
    bool moveInCollection(qint64 id, int from, int to, QString *error);
    // Puts the takes shown in this order; every shown take must be named once.
    bool setCollectionOrder(qint64 id, const QList<qint64> &generationIds, QString *error);
    bool setCaption(qint64 collectionId, qint64 generationId, const QString &caption);

    // What a presentation plays, in order, with captions: a collection's takes (by id or by name, whatever its
    // case; empty when there is no such collection), or the favourites, oldest first, without captions.
    QList<CollectionItem> collectionItems(qint64 id) const;
    QList<CollectionItem> collectionItems(const QString &name) const;
    QList<CollectionItem> favouriteItems() const;

    // What finished generations cost: charged where the service said so, else the estimate.
    QList<DailySpend> spendByDay() const;
    qint64 spentCents(const QDate &from = {}, const QDate &to = {}) const;

    // Storyboards. Names are cleaned and unique whatever their case, as collections' are. A shot's own images
    // are stored in imagesDirectory() like a generation's. On failure, error says why in plain words.
    qint64 createStoryboard(const QString &name, QString *error); // its id, 0 on failure
    bool renameStoryboard(qint64 id, const QString &name, QString *error);
    bool removeStoryboard(qint64 id, QString *error); // its shots go with it; the takes stay in the library
    // Aspect, resolution and duration every shot starts from.
    bool setStoryboardDefaults(qint64 id, AspectRatio aspect, Pricing::Resolution resolution, int durationSeconds,
                               QString *error);
    QList<Storyboard> storyboards() const; // by name, without their shots
    std::optional<Storyboard> storyboard(qint64 id) const; // whole: shots in order, each with its takes
    // Appends a shot (its id, takes and choice ignored); returns its id, 0 on failure.
    qint64 addShot(qint64 storyboardId, const Shot &shot, QString *error);
    // Writes what the user sets on a shot: prompt, duration, resolution, link and own images.
    bool updateShot(const Shot &shot, QString *error);
    bool moveShot(qint64 storyboardId, int from, int to, QString *error);
    bool removeShot(qint64 shotId, QString *error); // its takes stay in the library
    // Records a generation made for the shot from the predecessor take basedOn (0: from none).
    bool addTake(qint64 shotId, qint64 generationId, qint64 basedOn, QString *error);
    // Makes one of the shot's takes the chosen one (0: none); the shot is then based on what that take was made from.
    bool chooseTake(qint64 shotId, qint64 generationId, QString *error);
    // Marks these shots of the storyboard stale and the others not.
    bool setStaleShots(qint64 storyboardId, const QList<qint64> &staleShotIds, QString *error);
    // Records that a shot is asked for and not yet sent (or no longer is), so that a restart carries on with it.
    bool setShotWaiting(qint64 shotId, Shot::Waiting waiting, QString *error);
    // Records the takes the storyboard's film was just made of.
    bool setFilmTakes(qint64 storyboardId, const QList<qint64> &takes, QString *error);

    // Copies an image into imagesDirectory, named by its content (stored once); returns the copy's path, or an empty
    // string with *error set. Reads and hashes the whole file and touches no database: safe off the GUI thread.
    static QString storeImageFile(const QString &imagesDirectory, const QString &path, QString *error);

    // SQLite's own check, "ok" when the file is sound.
    QString integrityCheck() const;

private:
    Library(const QString &directory, const QString &connectionName);
    bool migrate(QString *error);
    bool renameClipsToIds(QString *error);
    bool findMovedClips(QString *error);
    bool importImages(GenerationRequest &request, QString *error);
    bool insertJob(Job &job, QString *error);
    bool updateJob(const Job &job, QString *error);
    bool writeImages(const Job &job, QString *error);
    QList<LibraryEntry> select(const QString &where, const QVariantList &values, const QString &tail) const;
    bool setColumn(qint64 id, const char *column, const QVariant &value);
    // Collections and storyboards: rows with a name, cleaned and unique whatever its case, in table.
    QList<QPair<qint64, QString>> namesIn(const QString &table) const;
    qint64 createNamed(const QString &table, const QString &what, const QString &name, QString *error);
    bool renameNamed(const QString &table, const QString &what, qint64 id, const QString &name, QString *error);
    bool removeNamed(const QString &table, const QString &what, qint64 id, QString *error);
    bool storeShotImages(Shot &shot, QString *error) const;
    // Where a kept image is, from the name a row gives: inside imagesDirectory() only; empty when it cannot be one.
    QString keptImagePath(const QString &name) const;
    static QJsonValue shotImageJson(const ImageSource &image);
    ImageSource shotImageFromJson(const QJsonValue &value) const;
    static QString shotImageText(const ImageSource &image);
    ImageSource shotImageFromText(const QString &text) const;
    static QVariant shotReferencesOrNull(const QList<ImageSource> &references);
    bool writeShotOrder(qint64 storyboardId, const QList<qint64> &shotIds, QString *error);
    QList<qint64> shotIds(qint64 storyboardId) const;
    QList<qint64> collectionMembers(qint64 id, bool shownOnly) const;
    bool writeCollectionOrder(qint64 id, const QList<qint64> &all, QString *error);
    bool writeAll(const QList<QPair<QString, QVariantList>> &statements, const QString &failure, QString *error);

    QString m_directory;
    QString m_connectionName;
    QSqlDatabase m_db;
    bool m_fts = false;
    QHash<qint64, QString> m_trashed; // id -> where its clip went in the trash, for undo
};
