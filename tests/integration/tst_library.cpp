// The library: schema and migrations, every field of a job kept, images stored once by content, search and
// filters, the user's ratings and notes, deleting with undo, money per day, and a real queue writing to it.
#include "SimFixture.h"
#include "TestImages.h"
#include "TestLibraries.h"
#include "api/SegmindClient.h"
#include "jobs/JobQueue.h"
#include "library/Library.h"
#include "media/ClipRecipe.h"
#include "media/Mp4Info.h"
#include "session/Session.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

QString writeImage(const QString &directory, const QString &name, QSize size, int hue)
{
    const QString path = directory + u"/"_s + name;
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(TestImages::encoded(size, "PNG", hue));
    return path;
}

} // namespace

class TestLibrary final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        // The system trash lives under XDG_DATA_HOME: keep it inside the test's folder.
        QDir().mkpath(m_dir->filePath(u"xdg-data"_s));
        qputenv("XDG_DATA_HOME", m_dir->filePath(u"xdg-data"_s).toUtf8());
    }

    void opensCreatesAndReopens()
    {
        QString error;
        const QString path = m_dir->filePath(u"lib"_s);
        {
            auto library = Library::open(path, &error);
            QVERIFY2(library, qPrintable(error));
            QVERIFY(QFile::exists(path + u"/library.sqlite"_s));
            QVERIFY(QDir(library->clipsDirectory()).exists());
            QVERIFY(library->hasFullTextSearch()); // Debian's SQLite has FTS5
            Job job = TestLibraries::textJob(u"kept"_s);
            QVERIFY(library->saveJob(job, &error));
            QCOMPARE(job.id, qint64(1));
        }
        auto again = Library::open(path, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->job(1)->request.prompt, u"kept"_s);
        QCOMPARE(again->integrityCheck(), u"ok"_s);

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"peek"_s);
        db.setDatabaseName(path + u"/library.sqlite"_s);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA journal_mode"_s) && query.next());
        QCOMPARE(query.value(0).toString(), u"wal"_s);
        QVERIFY(query.exec(u"SELECT version FROM schema_version"_s) && query.next());
        QCOMPARE(query.value(0).toInt(), Library::kSchemaVersion);
        QVERIFY(query.exec(u"UPDATE schema_version SET version = 99"_s));
        query.finish();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"peek"_s);
        again.reset();

        QVERIFY(!Library::open(path, &error)); // a newer Paddock's library is never overwritten
        QVERIFY2(error.contains(u"newer Paddock"_s), qPrintable(error));
    }

    void everyFieldOfAJobIsKept()
    {
        QString error;
        auto library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY(library);
        Job job = TestLibraries::textJob(u"A grey horse in fog"_s);
        job.request.negativePrompt = u"text"_s;
        job.request.resolution = Pricing::Resolution::P1080;
        job.request.durationSeconds = 12;
        job.request.aspect = AspectRatio::R9x16;
        job.request.promptExtend = true;
        job.request.watermark = true;
        job.request.seed = 2147483647;
        job.estimatedCents = job.request.costCents();
        QVERIFY(library->saveJob(job, &error));

        job.state = JobState::Ready;
        job.remoteStatus = u"COMPLETED"_s;
        job.requestId = u"0b6c3c52-0000-4000-8000-000000000001"_s;
        job.statusUrl = QUrl(u"https://api.segmind.com/v2/requests/r/status"_s);
        job.responseUrl = QUrl(u"https://api.segmind.com/v2/requests/r"_s);
        job.pollUrl = QUrl(u"https://api.segmind.com/v1/requests/r"_s);
        job.outputUrl = QUrl(u"https://files.example/r.mp4"_s);
        job.submittedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
        job.acceptedAt = job.submittedAt.addMSecs(300);
        job.completedAt = job.submittedAt.addSecs(150);
        job.finishedAt = job.submittedAt.addSecs(152);
        job.chargedCents = 216;
        job.metrics.raw = QJsonObject{{u"cost"_s, 2.16}, {u"total_time"_s, 150.5}};
        job.clipPath = library->clipsDirectory() + u"/r.mp4"_s;
        job.statusCalls = 11;
        job.downloadAttempts = 1;
        QVERIFY(library->saveJob(job, &error));

        const std::optional<Job> back = library->job(job.id);
        QVERIFY(back);
        QCOMPARE(back->request, job.request);
        QCOMPARE(back->state, JobState::Ready);
        QCOMPARE(back->requestId, job.requestId);
        QCOMPARE(back->statusUrl, job.statusUrl);
        QCOMPARE(back->responseUrl, job.responseUrl);
        QCOMPARE(back->pollUrl, job.pollUrl);
        QCOMPARE(back->outputUrl, job.outputUrl);
        QCOMPARE(back->submittedAt, job.submittedAt);
        QCOMPARE(back->completedAt, job.completedAt);
        QCOMPARE(back->chargedCents, qint64(216));
        QCOMPARE(back->metrics.costCents, std::optional<qint64>(216));
        QCOMPARE(back->metrics.totalSeconds, std::optional<double>(150.5));
        QCOMPARE(back->clipPath, job.clipPath);
        QCOMPARE(back->statusCalls, 11);

        Job failed = TestLibraries::textJob(u"flagged"_s);
        QVERIFY(library->saveJob(failed, &error));
        failed.state = JobState::Failed;
        failed.error = u"The content was flagged."_s;
        failed.errorKind = ApiError::Kind::JobFailed;
        failed.chargedCents = 0;
        QVERIFY(library->saveJob(failed, &error));
        QCOMPARE(library->job(failed.id)->errorKind, ApiError::Kind::JobFailed);
        QCOMPARE(library->job(failed.id)->error, failed.error);
    }

    void imagesAreCopiedInAndStoredOnce()
    {
        QString error;
        auto library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY(library);
        const QString outside = m_dir->filePath(u"outside"_s);
        QDir().mkpath(outside);
        const QString a = writeImage(outside, u"a.png"_s, QSize(640, 480), 10);
        const QString b = writeImage(outside, u"b.png"_s, QSize(640, 480), 200);

        QList<qint64> ids;
        for (int i = 0; i < 50; ++i) {
            Job job = TestLibraries::textJob(u"take %1"_s.arg(i));
            job.request.references = {ImageSource::fromFile(a), ImageSource::fromUrl(QUrl(u"https://x/y.png"_s)),
                                      ImageSource::fromFile(b)};
            QVERIFY2(library->saveJob(job, &error), qPrintable(error));
            // The queue goes on with the library's copy, so moving the original later loses nothing.
            QVERIFY(job.request.references.at(0).path.startsWith(library->imagesDirectory()));
            ids << job.id;
        }
        const QStringList stored = QDir(library->imagesDirectory()).entryList(QDir::Files);
        QCOMPARE(stored.size(), 2); // 50 takes, two distinct images
        QFile::remove(a);
        const GenerationRequest back = library->job(ids.last())->request;
        QCOMPARE(back.references.size(), 3);
        QVERIFY(QFile::exists(back.references.at(0).path));
        QCOMPARE(back.references.at(1).url, QUrl(u"https://x/y.png"_s));
        QVERIFY(back.references.at(2).path.startsWith(library->imagesDirectory()));
        QCOMPARE(back.mode(), GenerationRequest::Mode::ReferenceToVideo);
    }

    void imagesStoredAheadAreRecordedWithTheJob()
    {
        QString error;
        auto library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY(library);
        const QString outside = m_dir->filePath(u"elsewhere"_s);
        QDir().mkpath(outside);
        Job job = TestLibraries::textJob(u"first frame stored off the GUI thread"_s);
        job.request.firstFrame = ImageSource::fromFile(writeImage(outside, u"f.png"_s, QSize(640, 480), 40));
        // What the window does on a worker thread before it queues the job: no database involved.
        QVERIFY2(Library::storeImageFiles(library->imagesDirectory(), job.request, &error), qPrintable(error));
        QVERIFY(job.request.firstFrame.path.startsWith(library->imagesDirectory() + u"/"_s));
        QVERIFY(library->saveJob(job, &error)); // the image is recorded with it (a foreign key would refuse it)
        QCOMPARE(library->job(job.id)->request.firstFrame.path, job.request.firstFrame.path);

        // A file that has gone by then is said plainly, and nothing is stored.
        GenerationRequest missing = TestLibraries::textJob(u"gone"_s).request;
        missing.firstFrame = ImageSource::fromFile(outside + u"/gone.png"_s);
        QVERIFY(!Library::storeImageFiles(library->imagesDirectory(), missing, &error));
        QVERIFY2(error.contains(u"Could not read the image"_s), qPrintable(error));
    }

    // The library keeps images under their content's hash; "Use these settings" still shows the user's names.
    void imagesKeepTheirOriginalNames()
    {
        QString error;
        auto library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY(library);
        const QString outside = m_dir->filePath(u"holiday"_s);
        QDir().mkpath(outside);
        Job job = TestLibraries::textJob(u"the beach at dusk"_s);
        job.request.references = {ImageSource::fromFile(writeImage(outside, u"beach sunset.jpg"_s, QSize(640, 480), 30)),
                                  ImageSource::fromUrl(QUrl(u"https://x/y.png"_s)),
                                  ImageSource::fromFile(writeImage(outside, u"cliff.png"_s, QSize(640, 480), 90))};
        QVERIFY2(library->saveJob(job, &error), qPrintable(error));
        QCOMPARE(job.request.references.at(0).displayName(), u"beach sunset.jpg"_s); // the queue's copy too

        const GenerationRequest back = library->entry(job.id)->job.request;
        const ImageSource &beach = back.references.at(0);
        QCOMPARE(beach.displayName(), u"beach sunset.jpg"_s);
        QVERIFY2(beach.path.startsWith(library->imagesDirectory() + u"/"_s), qPrintable(beach.path));
        QVERIFY(!beach.path.contains(u"beach"_s)); // named by content
        QVERIFY(QFile::exists(beach.path));
        QCOMPARE(back.references.at(1).displayName(), u"https://x/y.png"_s);
        QCOMPARE(back.references.at(2).displayName(), u"cliff.png"_s);

        // The same content under another name is stored once, and each generation keeps its own name.
        Job again = TestLibraries::textJob(u"the same picture, renamed"_s);
        QVERIFY(QFile::copy(outside + u"/beach sunset.jpg"_s, outside + u"/copy.jpg"_s));
        again.request.firstFrame = ImageSource::fromFile(outside + u"/copy.jpg"_s);
        QVERIFY2(library->saveJob(again, &error), qPrintable(error));
        const ImageSource copy = library->job(again.id)->request.firstFrame;
        QCOMPARE(copy.path, beach.path);
        QCOMPARE(copy.displayName(), u"copy.jpg"_s);
        QCOMPARE(library->job(job.id)->request.references.at(0).displayName(), u"beach sunset.jpg"_s);
    }

    // A name read back from the file is text from outside: only ever a file name, without control characters.
    void hostileImageNamesAreOnlyLabels_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<QString>("shown");
        QTest::newRow("plain") << u"beach sunset.jpg"_s << u"beach sunset.jpg"_s;
        QTest::newRow("a path") << u"../../etc/passwd"_s << u"passwd"_s;
        QTest::newRow("a windows path") << u"C:\\Users\\me\\a.png"_s << u"a.png"_s;
        QTest::newRow("control characters") << u"a\u0000b\u0007c\nd.png"_s << u"abc d.png"_s;
        QTest::newRow("direction override") << u"evil\u202Egnp.exe"_s << u"evilgnp.exe"_s;
        QTest::newRow("dots") << u".."_s << QString();
    }

    void hostileImageNamesAreOnlyLabels()
    {
        QFETCH(QString, stored);
        QFETCH(QString, shown);
        QString error;
        const QString path = m_dir->filePath(u"lib"_s);
        qint64 id = 0;
        {
            auto library = Library::open(path, &error);
            QVERIFY(library);
            Job job = TestLibraries::textJob(u"named from outside"_s);
            job.request.firstFrame = ImageSource::fromFile(writeImage(m_dir->path(), u"f.png"_s, QSize(640, 480), 5));
            QVERIFY(library->saveJob(job, &error));
            id = job.id;
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
            db.setDatabaseName(path + u"/library.sqlite"_s);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.prepare(u"UPDATE generation_images SET original_name = ?"_s));
            q.addBindValue(stored);
            QVERIFY(q.exec());
            q.finish();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(u"tamper"_s);
        }
        auto library = Library::open(path, &error);
        QVERIFY(library);
        const ImageSource image = library->job(id)->request.firstFrame;
        QCOMPARE(image.originalName, shown);
        QVERIFY(image.path.startsWith(library->imagesDirectory() + u"/"_s)); // the name never names the file read
        if (shown.isEmpty())
            QCOMPARE(image.displayName(), QFileInfo(image.path).fileName());
    }

    // A library of version 2 (before images kept their names) opens, its images show their stored names, and new
    // generations keep theirs.
    void version2ImagesFallBackToTheirStoredNames()
    {
        QString error;
        const QString path = m_dir->filePath(u"v2"_s);
        qint64 id = 0;
        QString storedPath;
        {
            auto library = Library::open(path, &error);
            QVERIFY(library);
            Job job = TestLibraries::textJob(u"from version 2"_s);
            job.request.firstFrame = ImageSource::fromFile(writeImage(m_dir->path(), u"old.png"_s, QSize(640, 480), 7));
            QVERIFY(library->saveJob(job, &error));
            id = job.id;
            storedPath = job.request.firstFrame.path;
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"downgrade2"_s);
            db.setDatabaseName(path + u"/library.sqlite"_s);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"ALTER TABLE generation_images DROP COLUMN original_name"_s));
            QVERIFY(q.exec(u"DROP TABLE storyboard_takes"_s)); // version 5
            QVERIFY(q.exec(u"DROP TABLE storyboard_shots"_s));
            QVERIFY(q.exec(u"DROP TABLE storyboards"_s));
            QVERIFY(q.exec(u"DROP TABLE collection_items"_s)); // version 4
            QVERIFY(q.exec(u"DROP TABLE collections"_s));
            QVERIFY(q.exec(u"UPDATE schema_version SET version = 2"_s));
            q.finish();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(u"downgrade2"_s);
        }
        auto library = Library::open(path, &error);
        QVERIFY2(library, qPrintable(error));
        QCOMPARE(library->integrityCheck(), u"ok"_s);
        const ImageSource image = library->job(id)->request.firstFrame;
        QCOMPARE(image.path, storedPath);
        QVERIFY(image.originalName.isEmpty());
        QCOMPARE(image.displayName(), QFileInfo(storedPath).fileName());
        Job fresh = TestLibraries::textJob(u"after the update"_s);
        fresh.request.firstFrame = ImageSource::fromFile(writeImage(m_dir->path(), u"new name.png"_s, QSize(640, 480), 8));
        QVERIFY2(library->saveJob(fresh, &error), qPrintable(error));
        QCOMPARE(library->job(fresh.id)->request.firstFrame.displayName(), u"new name.png"_s);
    }

    // The library moves from where earlier versions kept it (~/.local/share/Paddock/Paddock/library) to the place
    // the README names (~/.local/share/Paddock/library), once, by a rename of its folder.
    void anOldLibraryMovesToTheDocumentedPlace()
    {
        const QByteArray savedLibrary = qgetenv("PADDOCK_LIBRARY");
        qunsetenv("PADDOCK_LIBRARY");
        const QString savedOrganization = QCoreApplication::organizationName();
        const QString savedApplication = QCoreApplication::applicationName();
        QCoreApplication::setOrganizationName(u"Paddock"_s);
        QCoreApplication::setApplicationName(u"Paddock"_s);
        const auto restore = qScopeGuard([&] {
            QCoreApplication::setOrganizationName(savedOrganization);
            QCoreApplication::setApplicationName(savedApplication);
            if (!savedLibrary.isNull())
                qputenv("PADDOCK_LIBRARY", savedLibrary);
        });
        const QString data = m_dir->filePath(u"xdg-data"_s);
        QCOMPARE(Library::defaultDirectory(), data + u"/Paddock/library"_s);
        QCOMPARE(Library::legacyDirectory(), data + u"/Paddock/Paddock/library"_s);

        QString error;
        qint64 id = 0;
        {
            auto old = Library::open(Library::legacyDirectory(), &error);
            QVERIFY2(old, qPrintable(error));
            Job job = TestLibraries::textJob(u"made before the move"_s);
            QVERIFY(old->saveJob(job, &error));
            job.state = JobState::Ready;
            job.completedAt = job.createdAt;
            job.clipPath = old->clipsDirectory() + u"/%1.mp4"_s.arg(job.id);
            QFile clip(job.clipPath);
            QVERIFY(clip.open(QIODevice::WriteOnly) && clip.write("the clip") == 8);
            clip.close();
            QVERIFY(old->saveJob(job, &error));
            id = job.id;
        }
        QString note;
        const QString directory = Library::startupDirectory(&note);
        QCOMPARE(directory, Library::defaultDirectory());
        QVERIFY2(note.contains(u"Moved the library"_s), qPrintable(note));
        QVERIFY(!QFileInfo::exists(Library::legacyDirectory()));
        auto moved = Library::open(directory, &error);
        QVERIFY2(moved, qPrintable(error));
        const LibraryEntry entry = *moved->entry(id);
        QCOMPARE(entry.job.request.prompt, u"made before the move"_s);
        // The stored clip path named the old folder; the library finds the clip in its own clips folder.
        const QString clip = moved->clipsDirectory() + u"/%1.mp4"_s.arg(id);
        QVERIFY(QFile::exists(clip));
        QVERIFY2(entry.job.clipPath == clip, qPrintable(entry.job.clipPath));
        QVERIFY(moved->isOwnFile(entry.job.clipPath));
        moved.reset();

        // Once moved, a start does nothing more.
        QCOMPARE(Library::startupDirectory(&note), Library::defaultDirectory());
        QVERIFY(note.isEmpty());

        // $PADDOCK_LIBRARY comes first, and nothing is moved for it.
        qputenv("PADDOCK_LIBRARY", m_dir->filePath(u"chosen"_s).toUtf8());
        QCOMPARE(Library::startupDirectory(&note), m_dir->filePath(u"chosen"_s));
        QVERIFY(note.isEmpty());
        qunsetenv("PADDOCK_LIBRARY");
    }

    void anExistingNewLibraryIsLeftAlone()
    {
        const QString legacy = m_dir->filePath(u"data/Paddock/Paddock/library"_s);
        const QString target = m_dir->filePath(u"data/Paddock/library"_s);
        QString error;
        {
            auto old = Library::open(legacy, &error);
            QVERIFY(old);
            Job job = TestLibraries::textJob(u"in the old place"_s);
            QVERIFY(old->saveJob(job, &error));
            auto current = Library::open(target, &error);
            QVERIFY(current);
            Job other = TestLibraries::textJob(u"in the new place"_s);
            QVERIFY(current->saveJob(other, &error));
        }
        QString note;
        QCOMPARE(Library::adoptLegacyDirectory(legacy, target, &note), target);
        QVERIFY(note.isEmpty());
        auto old = Library::open(legacy, &error);
        QCOMPARE(old->job(1)->request.prompt, u"in the old place"_s);
        auto current = Library::open(target, &error);
        QCOMPARE(current->job(1)->request.prompt, u"in the new place"_s);
        QCOMPARE(current->count(LibraryQuery{}), 1);

        // Nothing in the old place: nothing to do, and the new place is made by opening it.
        QCOMPARE(Library::adoptLegacyDirectory(m_dir->filePath(u"nowhere"_s), m_dir->filePath(u"fresh"_s), &note),
                 m_dir->filePath(u"fresh"_s));
        QVERIFY(note.isEmpty());
    }

    void aLibraryThatCannotBeMovedIsUsedWhereItIs()
    {
        const QString legacy = m_dir->filePath(u"old/library"_s);
        QString error;
        {
            auto old = Library::open(legacy, &error);
            QVERIFY(old);
            Job job = TestLibraries::textJob(u"stays"_s);
            QVERIFY(old->saveJob(job, &error));
        }
        // The new place's parent cannot be made (a file is in the way): the rename fails, nothing is lost.
        QFile blocker(m_dir->filePath(u"blocked"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QString note;
        QCOMPARE(Library::adoptLegacyDirectory(legacy, m_dir->filePath(u"blocked/library"_s), &note), legacy);
        QVERIFY2(note.contains(u"Could not move the library"_s), qPrintable(note));
        auto old = Library::open(legacy, &error);
        QVERIFY(old);
        QCOMPARE(old->job(1)->request.prompt, u"stays"_s);
    }

    void unfinishedJobsAreHandedBack()
    {
        QString error;
        auto library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY(library);
        const QList<JobState> states{JobState::Queued, JobState::Submitting, JobState::Submitted,
                                     JobState::Downloading, JobState::Ready, JobState::Failed,
                                     JobState::Expired, JobState::Unknown, JobState::Stopped};
        for (JobState state : states) {
            Job job = TestLibraries::textJob(jobStateName(state));
            QVERIFY(library->saveJob(job, &error));
            job.state = state;
            QVERIFY(library->saveJob(job, &error));
        }
        const QList<Job> unfinished = library->unfinishedJobs();
        QStringList names;
        for (const Job &job : unfinished)
            names << job.request.prompt;
        QCOMPARE(names, (QStringList{u"queued"_s, u"submitting"_s, u"submitted"_s, u"downloading"_s}));
    }

    void searchFiltersAndSort()
    {
        QString error;
        auto library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY(library);
        struct Row
        {
            QString prompt;
            Pricing::Resolution resolution;
            int rating;
            bool favourite;
            qint64 cents;
        };
        const QList<Row> rows{{u"A white horse galloping through surf"_s, Pricing::Resolution::P720, 5, true, 70},
                              {u"A foal sleeping in straw, soft light"_s, Pricing::Resolution::P1080, 3, false, 270},
                              {u"Horses crossing a river at dawn"_s, Pricing::Resolution::P720, 0, false, 140}};
        QList<qint64> ids;
        for (const Row &row : rows) {
            Job job = TestLibraries::textJob(row.prompt);
            job.request.resolution = row.resolution;
            QVERIFY(library->saveJob(job, &error));
            job.state = JobState::Ready;
            job.completedAt = QDateTime::currentDateTimeUtc();
            job.chargedCents = row.cents;
            QVERIFY(library->saveJob(job, &error));
            QVERIFY(library->setRating(job.id, row.rating));
            QVERIFY(library->setFavourite(job.id, row.favourite));
            ids << job.id;
        }
        QVERIFY(library->setTags(ids[1], {u"client-acme"_s, u" dreamy "_s, u"client-acme"_s}));
        QVERIFY(library->setNote(ids[2], u"Use for the river sequence"_s));
        QCOMPARE(library->entry(ids[1])->tags, (QStringList{u"client-acme"_s, u"dreamy"_s}));

        auto prompts = [&library](const LibraryQuery &q) {
            QStringList found;
            for (const LibraryEntry &e : library->query(q))
                found << e.job.request.prompt.section(u' ', 1, 1);
            return found;
        };
        LibraryQuery q;
        QCOMPARE(prompts(q), (QStringList{u"crossing"_s, u"foal"_s, u"white"_s})); // newest first
        q.text = u"hors"_s;                                                          // prefixes, any case
        QCOMPARE(prompts(q), (QStringList{u"crossing"_s, u"white"_s}));
        q.text = u"client-acme"_s; // tags
        QCOMPARE(prompts(q), QStringList{u"foal"_s});
        q.text = u"river sequence"_s; // notes, every word must match
        QCOMPARE(prompts(q), QStringList{u"crossing"_s});
        q.text = u"\"unbalanced (quote*"_s; // typed text is never query syntax
        QVERIFY(prompts(q).isEmpty());
        q = {};
        q.resolution = Pricing::Resolution::P720;
        q.sort = LibraryQuery::Sort::MostExpensive;
        QCOMPARE(prompts(q), (QStringList{u"crossing"_s, u"white"_s}));
        q = {};
        q.minRating = 3;
        q.sort = LibraryQuery::Sort::BestRated;
        QCOMPARE(prompts(q), (QStringList{u"white"_s, u"foal"_s}));
        q = {};
        q.favouritesOnly = true;
        QCOMPARE(library->count(q), 1);
        q = {};
        q.from = QDate::currentDate().addDays(1);
        QCOMPARE(library->count(q), 0);
        q.from = QDate::currentDate();
        q.to = QDate::currentDate();
        QCOMPARE(library->count(q), 3);

        QCOMPARE(library->spentCents(), qint64(480));
        const QList<DailySpend> days = library->spendByDay();
        QCOMPARE(days.size(), 1);
        QCOMPARE(days.first().day, QDate::currentDate());
        QCOMPARE(days.first().cents, qint64(480));
        QCOMPARE(days.first().generations, 3);
    }

    // A library written when request ids named clips: each clip is renamed after its generation, a name that is
    // another generation's new name is not overwritten, and a record naming a file outside is left pointing nowhere.
    void version1ClipsAreRenamedToTheirIds()
    {
        const QString path = m_dir->filePath(u"old"_s);
        QString error;
        QList<qint64> ids;
        {
            auto library = Library::open(path, &error);
            QVERIFY(library);
            for (int i = 0; i < 4; ++i) {
                Job job = TestLibraries::textJob(u"old %1"_s.arg(i));
                QVERIFY(library->saveJob(job, &error));
                ids << job.id;
            }
        }
        auto writeFile = [](const QString &file, const QByteArray &bytes) {
            QFile f(file);
            return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
        };
        const QString clips = path + u"/clips"_s;
        const QString outside = m_dir->filePath(u"outside.mp4"_s);
        QVERIFY(writeFile(clips + u"/req-a.mp4"_s, "clip of the first"));
        QVERIFY(writeFile(clips + u"/%1.mp4"_s.arg(ids.at(2)), "clip of the second")); // an old id that is a number
        QVERIFY(writeFile(outside, "a file of the user's"));
        {
            // Back to version 1 by hand: request ids name the clips and are unique.
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"downgrade"_s);
            db.setDatabaseName(path + u"/library.sqlite"_s);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"DROP TABLE storyboard_takes"_s)); // version 5
            QVERIFY(q.exec(u"DROP TABLE storyboard_shots"_s));
            QVERIFY(q.exec(u"DROP TABLE storyboards"_s));
            QVERIFY(q.exec(u"DROP TABLE collection_items"_s)); // version 4
            QVERIFY(q.exec(u"DROP TABLE collections"_s));
            QVERIFY(q.exec(u"UPDATE schema_version SET version = 1"_s));
            QVERIFY(q.exec(u"ALTER TABLE generation_images DROP COLUMN original_name"_s));
            QVERIFY(q.exec(u"DROP INDEX generations_request"_s));
            QVERIFY(q.exec(u"CREATE UNIQUE INDEX generations_request ON generations(request_id) "
                           u"WHERE request_id IS NOT NULL"_s));
            const QList<QPair<QString, QString>> rows = {
                {u"req-a"_s, clips + u"/req-a.mp4"_s},
                {QString::number(ids.at(2)), clips + u"/%1.mp4"_s.arg(ids.at(2))},
                {u"evil"_s, outside},
                {u"gone"_s, clips + u"/gone.mp4"_s}};
            for (int i = 0; i < rows.size(); ++i) {
                q.prepare(u"UPDATE generations SET state = 'ready', request_id = ?, clip_path = ? WHERE id = ?"_s);
                q.addBindValue(rows.at(i).first);
                q.addBindValue(rows.at(i).second);
                q.addBindValue(ids.at(i));
                QVERIFY(q.exec());
            }
            q.finish();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(u"downgrade"_s);
        }

        auto library = Library::open(path, &error);
        QVERIFY2(library, qPrintable(error));
        auto contents = [](const QString &file) {
            QFile f(file);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QCOMPARE(library->job(ids.at(0))->clipPath, clips + u"/%1.mp4"_s.arg(ids.at(0)));
        QCOMPARE(contents(library->job(ids.at(0))->clipPath), QByteArray("clip of the first"));
        QCOMPARE(library->job(ids.at(1))->clipPath, clips + u"/%1.mp4"_s.arg(ids.at(1)));
        QCOMPARE(contents(library->job(ids.at(1))->clipPath), QByteArray("clip of the second"));
        QCOMPARE(library->job(ids.at(2))->clipPath, QString()); // outside the library: never opened again
        QCOMPARE(contents(outside), QByteArray("a file of the user's"));
        QCOMPARE(library->job(ids.at(3))->clipPath, QString());
        QCOMPARE(QDir(clips).entryList(QDir::Files),
                 (QStringList{u"%1.mp4"_s.arg(ids.at(0)), u"%1.mp4"_s.arg(ids.at(1))}));

        // A request id may now repeat: two jobs given the same one are both recorded.
        Job twin = TestLibraries::textJob(u"twin"_s);
        QVERIFY(library->saveJob(twin, &error));
        twin.requestId = u"req-a"_s;
        QVERIFY2(library->saveJob(twin, &error), qPrintable(error));
    }

    void deleteGoesToTheTrashAndCanBeUndone()
    {
        QString error;
        auto library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY(library);
        Job job = TestLibraries::textJob(u"to delete"_s);
        QVERIFY(library->saveJob(job, &error));
        job.clipPath = library->clipsDirectory() + u"/clip.mp4"_s;
        QFile clip(job.clipPath);
        QVERIFY(clip.open(QIODevice::WriteOnly));
        clip.write("not really a clip");
        clip.close();
        job.state = JobState::Ready;
        QVERIFY(library->saveJob(job, &error));

        QVERIFY2(library->remove(job.id, &error), qPrintable(error));
        QVERIFY(!QFile::exists(job.clipPath));
        QCOMPARE(library->count({}), 0);
        QVERIFY(!QDir(m_dir->filePath(u"xdg-data/Trash/files"_s)).isEmpty());

        QVERIFY2(library->undoRemove(job.id, &error), qPrintable(error));
        QVERIFY(QFile::exists(job.clipPath));
        QCOMPARE(library->count({}), 1);
    }

    void aRealQueueWritesEveryStep()
    {
        QString error;
        auto library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY(library);
        SimSettings simSettings = SimSettings::forTests();
        simSettings.cacheDirectory = m_dir->filePath(u"renders"_s);
        SimFixture sim(simSettings);
        QVERIFY(sim.started());
        QNetworkAccessManager network;
        SegmindClient client(&network);
        client.setBaseUrl(sim.server().baseUrl());
        client.setApiKey(QString::fromLatin1(SimFixture::kKey));
        JobQueueSettings settings;
        settings.downloadDirectory = library->clipsDirectory();
        settings.poll = PollPolicy().scaled(0.01);
        settings.msPerOutputSecond = 30;
        JobQueue queue(&client, library.get(), settings);

        GenerationRequest request;
        request.prompt = u"Written at every step"_s;
        request.durationSeconds = 3;
        request.seed = 7;
        request.firstFrame = ImageSource::fromFile(writeImage(m_dir->path(), u"first.png"_s, QSize(640, 360), 90));
        const qint64 id = queue.enqueue(request);
        QVERIFY(id > 0);
        QCOMPARE(library->job(id)->state, JobState::Queued); // written before anything was sent
        QTRY_COMPARE_WITH_TIMEOUT(queue.job(id)->state, JobState::Ready, 60000);

        const LibraryEntry entry = *library->entry(id);
        QCOMPARE(entry.job.state, JobState::Ready);
        QVERIFY(!entry.job.requestId.isEmpty());
        QVERIFY(QFile::exists(entry.job.clipPath));
        QVERIFY(entry.job.request.firstFrame.path.startsWith(library->imagesDirectory()));
        QVERIFY(Mp4Info::fromFile(entry.job.clipPath).valid);

        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"history"_s);
        db.setDatabaseName(library->directory() + u"/library.sqlite"_s);
        QVERIFY(db.open());
        {
            QSqlQuery history(db);
            QVERIFY(history.exec(u"SELECT state FROM state_history WHERE generation_id = %1 ORDER BY rowid"_s.arg(id)));
            QStringList states;
            while (history.next())
                states << history.value(0).toString();
            QCOMPARE(states, (QStringList{u"queued"_s, u"submitting"_s, u"submitted"_s, u"downloading"_s, u"ready"_s}));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"history"_s);
    }

    void aRestartCarriesOnOnlyWhatItCan()
    {
        QString error;
        auto library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY(library);
        auto stored = [&](const QString &prompt, const QString &service, JobState state) {
            Job job = TestLibraries::textJob(prompt);
            job.service = service;
            job.request.seed = 7;
            job.request.durationSeconds = 3;
            library->saveJob(job, &error);
            job.state = state;
            if (state != JobState::Queued) {
                job.submittedAt = QDateTime::currentDateTimeUtc();
                job.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
                job.statusUrl = QUrl(u"http://127.0.0.1:9/v2/requests/%1/status"_s.arg(job.requestId));
            }
            library->saveJob(job, &error);
            return job.id;
        };
        const qint64 demoSent = stored(u"demo, sent"_s, u"demo"_s, JobState::Submitted);
        const qint64 demoQueued = stored(u"demo, never sent"_s, u"demo"_s, JobState::Queued);
        const qint64 segmind = stored(u"segmind, sent"_s, u"https://api.segmind.com"_s, JobState::Submitted);
        // Saved as Submitting while its body was prepared, before the POST could leave: never sent.
        Job preparing = TestLibraries::textJob(u"demo, being prepared"_s);
        preparing.service = u"demo"_s;
        preparing.request.seed = 7;
        preparing.request.durationSeconds = 3;
        QVERIFY(library->saveJob(preparing, &error));
        preparing.state = JobState::Submitting;
        QVERIFY(library->saveJob(preparing, &error));

        SimSettings simSettings = SimSettings::forTests();
        simSettings.cacheDirectory = m_dir->filePath(u"renders"_s);
        SimFixture sim(simSettings);
        BackendChoice demo;
        demo.kind = BackendChoice::Kind::Demo;
        demo.endpoint = sim.server().baseUrl();
        JobQueueSettings settings = Session::queueSettingsFor(demo, library->clipsDirectory());
        settings.poll = PollPolicy().scaled(0.01);
        settings.msPerOutputSecond = 30;
        Session session(demo, QString::fromLatin1(SimFixture::kKey), settings, library.get());
        QCOMPARE(session.resumeUnfinished(library->unfinishedJobs()), 2);

        // The simulator that had the sent demo job is gone: it ends, not charged, with its record kept.
        QCOMPARE(library->job(demoSent)->state, JobState::Expired);
        QVERIFY(library->job(demoSent)->error.contains(u"Nothing was charged"_s));
        // Never sent: it goes now, to this run's simulator, once.
        QTRY_COMPARE_WITH_TIMEOUT(library->job(demoQueued)->state, JobState::Ready, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(library->job(preparing.id)->state, JobState::Ready, 60000);
        QCOMPARE(sim.server().counters().submits, 2);
        // Every clip kept carries its recipe inside.
        const std::optional<Job> kept = library->job(preparing.id);
        QString why;
        const std::optional<QByteArray> recipe = ClipRecipe::readRecipe(kept->clipPath, &why);
        QVERIFY2(recipe, qPrintable(why));
        const QJsonObject recipeObject = QJsonDocument::fromJson(*recipe).object();
        QCOMPARE(recipeObject.value(u"request_id"_s).toString(), kept->requestId);
        QCOMPARE(recipeObject.value(u"request"_s).toObject().value(u"prompt"_s).toString(), kept->request.prompt);
        QCOMPARE(recipeObject.value(u"request"_s).toObject().value(u"seed"_s).toInteger(), 7);
        const Mp4Info info = Mp4Info::fromFile(kept->clipPath);
        QVERIFY(info.valid && info.complete && info.hasVideo && info.hasAudio);
        // Another service's job waits, untouched, for a run that uses that service.
        QCOMPARE(library->job(segmind)->state, JobState::Submitted);
        QVERIFY(!session.queue()->job(segmind));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestLibrary)
#include "tst_library.moc"
