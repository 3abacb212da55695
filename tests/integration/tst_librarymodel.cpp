// The library as a paged list model: pages load on demand, search and filters choose the rows, edits reach the
// database, removal can be undone, role texts read well, and a search over 10,000 generations stays fast.
#include "library/Library.h"
#include "library/LibraryModel.h"
#include "library/Recipe.h"
#include "media/ClipRecipe.h"
#include "media/PosterCache.h"

#include "TestTiming.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr int kGenerations = 500;
const QStringList kColours{u"crimson"_s, u"silver"_s, u"golden"_s, u"black"_s, u"white"_s};
const QStringList kAnimals{u"horse"_s, u"foal"_s, u"mare"_s, u"stallion"_s};

// What generation i is made of, so that tests can count what a filter should find.
struct Spec
{
    QString prompt;
    Pricing::Resolution resolution;
    AspectRatio aspect;
    int seconds;
    JobState state;
    int rating;
    bool favourite;
    bool charged;
};

Spec specFor(int i)
{
    const QList<AspectRatio> aspects = allAspectRatios();
    const JobState state = i % 10 < 7 ? JobState::Ready : (i % 10 < 9 ? JobState::Failed : JobState::Stopped);
    return Spec{u"A %1 %2 galloping, take %3"_s.arg(kColours.at(i % 5), kAnimals.at(i % 4)).arg(i),
                i % 2 ? Pricing::Resolution::P1080 : Pricing::Resolution::P720,
                aspects.at(i % aspects.size()),
                3 + i % 13,
                state,
                i % 6,
                i % 7 == 0,
                state == JobState::Ready && i % 2 == 0};
}

int countWhere(const std::function<bool(const Spec &)> &test)
{
    int n = 0;
    for (int i = 0; i < kGenerations; ++i)
        n += test(specFor(i)) ? 1 : 0;
    return n;
}

} // namespace

class TestLibraryModel final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Library> m_library;
    QDateTime m_base = QDateTime(QDate(2025, 3, 1), QTime(10, 0)).toUTC();
    QList<qint64> m_ids; // by i

    QString clipPathFor(int i) const { return m_library->clipsDirectory() + u"/clip-%1.mp4"_s.arg(i); }

    // Saves job as a new generation, then as finished with clip, as the queue does.
    bool saveReady(Job &job, const QString &clip)
    {
        QString error;
        if (!m_library->saveJob(job, &error))
            return false;
        job.state = JobState::Ready;
        job.completedAt = job.createdAt;
        job.clipPath = clip;
        return m_library->saveJob(job, &error);
    }

    // A real 1 s H.264 clip (with AAC sound when asked) made by the ffmpeg program.
    static bool makeRealClip(const QString &path, bool sound)
    {
        QStringList args{u"-y"_s, u"-loglevel"_s, u"error"_s, u"-f"_s, u"lavfi"_s, u"-i"_s, u"testsrc=s=320x180:d=1"_s};
        if (sound)
            args << u"-f"_s << u"lavfi"_s << u"-i"_s << u"sine=d=1"_s << u"-c:a"_s << u"aac"_s;
        args << u"-c:v"_s << u"libx264"_s << u"-pix_fmt"_s << u"yuv420p"_s << path;
        QProcess ffmpeg;
        ffmpeg.start(u"ffmpeg"_s, args);
        return ffmpeg.waitForFinished(60000) && ffmpeg.exitStatus() == QProcess::NormalExit && ffmpeg.exitCode() == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The system trash lives under XDG_DATA_HOME: keep it inside the test's folder.
        QDir().mkpath(m_dir.filePath(u"xdg-data"_s));
        qputenv("XDG_DATA_HOME", m_dir.filePath(u"xdg-data"_s).toUtf8());
        QString error;
        m_library = Library::open(m_dir.filePath(u"lib"_s), &error);
        QVERIFY2(m_library, qPrintable(error));
        for (int i = 0; i < kGenerations; ++i) {
            const Spec s = specFor(i);
            Job job;
            job.request.prompt = s.prompt;
            job.request.resolution = s.resolution;
            job.request.aspect = s.aspect;
            job.request.durationSeconds = s.seconds;
            job.request.seed = 1000 + i;
            job.createdAt = m_base.addSecs(60LL * i);
            job.estimatedCents = job.request.costCents();
            QVERIFY2(m_library->saveJob(job, &error), qPrintable(error));
            job.state = s.state;
            if (s.state == JobState::Ready) {
                job.completedAt = job.createdAt.addSecs(30);
                job.requestId = u"req-%1"_s.arg(i);
                if (s.charged)
                    job.chargedCents = job.estimatedCents;
                job.clipPath = clipPathFor(i);
                QFile clip(job.clipPath); // not an MP4: enough for everything but playback and posters
                QVERIFY(clip.open(QIODevice::WriteOnly) && clip.write("clip") == 4);
            } else if (s.state == JobState::Failed) {
                job.error = u"The service said no."_s;
            }
            job.finishedAt = job.createdAt.addSecs(40);
            QVERIFY2(m_library->saveJob(job, &error), qPrintable(error));
            QVERIFY(m_library->setRating(job.id, s.rating));
            QVERIFY(m_library->setFavourite(job.id, s.favourite));
            m_ids << job.id;
        }
    }

    void pagesLoadOnDemand()
    {
        // No tester on this one: QAbstractItemModelTester fetches every page itself as soon as it is attached.
        LibraryModel model(m_library.get());
        QCOMPARE(model.totalCount(), kGenerations);
        QCOMPARE(model.rowCount(), LibraryModel::kDefaultPageSize);
        QVERIFY(model.canFetchMore({}));
        QCOMPARE(model.idAt(0), m_ids.last()); // newest first
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2 * LibraryModel::kDefaultPageSize);
        QCOMPARE(inserted.size(), 1);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), kGenerations);
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), kGenerations);
        QCOMPARE(inserted.size(), 2);
        // Every generation exactly once, in order.
        for (int row = 0; row < kGenerations; ++row)
            QCOMPARE(model.idAt(row), m_ids.at(kGenerations - 1 - row));

        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(64);
        LibraryQuery oldest;
        oldest.sort = LibraryQuery::Sort::Oldest;
        model.setQuery(oldest);
        QCOMPARE(model.idAt(0), m_ids.first());
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), kGenerations);
        QCOMPARE(model.idAt(kGenerations - 1), m_ids.last());
    }

    void searchAndFiltersChooseTheRows()
    {
        LibraryModel model(m_library.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy totals(&model, &LibraryModel::totalCountChanged);

        LibraryQuery q;
        q.text = u"crimson"_s;
        model.setQuery(q);
        QCOMPARE(model.totalCount(), countWhere([](const Spec &s) { return s.prompt.contains(u"crimson"_s); }));
        QCOMPARE(totals.size(), 1);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.index(row).data(LibraryModel::PromptRole).toString().contains(u"crimson"_s));

        q.text = u"gold mare"_s; // both words, as prefixes
        model.setQuery(q);
        const int goldMares = countWhere([](const Spec &s) {
            return s.prompt.contains(u"golden"_s) && s.prompt.contains(u" mare "_s);
        });
        QVERIFY(goldMares > 0);
        QCOMPARE(model.totalCount(), goldMares);

        LibraryQuery filters;
        filters.resolution = Pricing::Resolution::P1080;
        filters.state = JobState::Failed;
        model.setQuery(filters);
        const int failed1080 = countWhere([](const Spec &s) {
            return s.resolution == Pricing::Resolution::P1080 && s.state == JobState::Failed;
        });
        QVERIFY(failed1080 > 0);
        QCOMPARE(model.totalCount(), failed1080);
        QCOMPARE(model.rowCount(), failed1080);
        for (int row = 0; row < model.rowCount(); ++row) {
            QCOMPARE(model.index(row).data(LibraryModel::StateRole).value<JobState>(), JobState::Failed);
            QVERIFY(model.index(row).data(LibraryModel::SettingsTextRole).toString().contains(u"1080P"_s));
        }

        LibraryQuery rated;
        rated.minRating = 4;
        rated.favouritesOnly = true;
        rated.sort = LibraryQuery::Sort::BestRated;
        model.setQuery(rated);
        QCOMPARE(model.totalCount(), countWhere([](const Spec &s) { return s.rating >= 4 && s.favourite; }));
        QCOMPARE(model.index(0).data(LibraryModel::RatingRole).toInt(), 5);

        LibraryQuery nothing;
        nothing.text = u"zebra"_s;
        model.setQuery(nothing);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalCount(), 0);
        QVERIFY(!model.canFetchMore({}));
    }

    void rolesReadWell()
    {
        LibraryModel model(m_library.get());
        LibraryQuery q;
        q.text = u"take 2"_s; // generation 2: Ready, charged, 720P, 5 s
        model.setQuery(q);
        int row = -1;
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.idAt(r) == m_ids.at(2))
                row = r;
        }
        QVERIFY(row >= 0);
        const QModelIndex at = model.index(row);
        const Spec s = specFor(2);
        const QList<AspectRatio> aspects = allAspectRatios();
        QCOMPARE(at.data(LibraryModel::IdRole).toLongLong(), m_ids.at(2));
        QCOMPARE(at.data(LibraryModel::PromptRole).toString(), s.prompt);
        QCOMPARE(at.data(LibraryModel::ModeTextRole).toString(),
                 GenerationRequest::modeName(GenerationRequest::Mode::TextToVideo));
        QCOMPARE(at.data(LibraryModel::SettingsTextRole).toString(),
                 u"5 s · 720P · %1"_s.arg(aspectRatioName(aspects.at(2 % aspects.size()))));
        QCOMPARE(at.data(LibraryModel::CostTextRole).toString(), u"$0.70"_s);
        QCOMPARE(at.data(LibraryModel::CostCentsRole).toLongLong(), 70);
        QCOMPARE(at.data(LibraryModel::ClipPathRole).toString(), clipPathFor(2));
        QCOMPARE(at.data(LibraryModel::ClipTextRole).toString(), u"5 s"_s); // the fake clip has no size to read
        QCOMPARE(at.data(LibraryModel::StateTextRole).toString(), jobStateText(JobState::Ready));
        QVERIFY(at.data(LibraryModel::DateTextRole).toString().contains(u"Mar 2025"_s));
        const auto entry = at.data(LibraryModel::EntryRole).value<LibraryEntry>();
        QCOMPARE(entry.job.id, m_ids.at(2));
        QCOMPARE(entry.job.requestId, u"req-2"_s);
        QCOMPARE(entry.job.request.seed, std::optional<qint64>(1002));

        // Generation 3 is Ready but was never charged: its cost is an estimate. 1080P, 6 s.
        const auto three = m_library->entry(m_ids.at(3));
        QVERIFY(three);
        QCOMPARE(LibraryModel::costText(three->job), u"est. $1.08"_s);
        const auto seven = m_library->entry(m_ids.at(7)); // failed before any charge
        QCOMPARE(LibraryModel::costText(seven->job), u"not charged"_s);

        const QDateTime now(QDate(2025, 6, 10), QTime(18, 0));
        QCOMPARE(LibraryModel::dateText(QDateTime(QDate(2025, 6, 10), QTime(9, 5)), now).left(6), u"Today "_s);
        QVERIFY(LibraryModel::dateText(QDateTime(QDate(2025, 6, 9), QTime(9, 5)), now).startsWith(u"Yesterday"_s));
        QVERIFY(LibraryModel::dateText(QDateTime(QDate(2024, 6, 9), QTime(9, 5)), now).contains(u"2024"_s));

        LibraryEntry sized;
        sized.clipWidth = 1920;
        sized.clipHeight = 1080;
        sized.clipSeconds = 8;
        QCOMPARE(LibraryModel::clipText(sized), u"1920×1080 · 8.0 s"_s);
    }

    void editsWriteThrough()
    {
        const qint64 id = m_ids.at(11);
        {
            LibraryModel model(m_library.get());
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            const int row = model.rowOf(id);
            QVERIFY(row >= 0);
            QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
            QVERIFY(model.setRating(row, 5));
            QVERIFY(model.setFavourite(row, true));
            QVERIFY(model.setTags(row, {u" dusk "_s, u"keeper"_s, u"Dusk"_s}));
            QVERIFY(model.setNote(row, u"Try it at 1080P"_s));
            QCOMPARE(changed.size(), 4);
            QCOMPARE(model.index(row).data(LibraryModel::RatingRole).toInt(), 5);
            QVERIFY(model.index(row).data(LibraryModel::FavouriteRole).toBool());
            QCOMPARE(model.index(row).data(LibraryModel::TagsRole).toStringList(), QStringList({u"dusk"_s, u"keeper"_s}));
            QCOMPARE(model.index(row).data(LibraryModel::TagsTextRole).toString(), u"dusk, keeper"_s);
            QCOMPARE(model.index(row).data(LibraryModel::NoteRole).toString(), u"Try it at 1080P"_s);
            QVERIFY(!model.setRating(-1, 3));
        }
        // Another connection to the same database sees them: they were written, not only shown.
        QString error;
        auto reopened = Library::open(m_library->directory(), &error);
        QVERIFY2(reopened, qPrintable(error));
        const auto entry = reopened->entry(id);
        QVERIFY(entry);
        QCOMPARE(entry->rating, 5);
        QVERIFY(entry->favourite);
        QCOMPARE(entry->tags, QStringList({u"dusk"_s, u"keeper"_s}));
        QCOMPARE(entry->note, u"Try it at 1080P"_s);
        LibraryQuery byTag;
        byTag.text = u"keeper"_s;
        QCOMPARE(reopened->count(byTag), 1);
    }

    void removeAndUndo()
    {
        LibraryModel model(m_library.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int row = 3;
        const qint64 id = model.idAt(row);
        const auto entry = model.entryAt(row);
        QVERIFY(entry && entry->job.state == JobState::Ready && QFile::exists(entry->job.clipPath));
        const int before = model.totalCount();
        QVERIFY(!model.canUndoRemove());

        QString error;
        QVERIFY2(model.remove(row, &error), qPrintable(error));
        QCOMPARE(model.totalCount(), before - 1);
        QCOMPARE(model.rowOf(id), -1);
        QVERIFY(model.idAt(row) != id);
        QVERIFY(!QFile::exists(entry->job.clipPath)); // in the trash
        QCOMPARE(m_library->count({}), before - 1);
        QVERIFY(model.canUndoRemove());
        QCOMPARE(model.lastRemovedId(), id);

        // Paging goes on without skipping or repeating rows after a removal.
        while (model.canFetchMore({}))
            model.fetchMore({});
        QCOMPARE(model.rowCount(), before - 1);

        QVERIFY2(model.undoRemove(&error), qPrintable(error));
        QCOMPARE(model.rowOf(id), row);
        QCOMPARE(model.totalCount(), before);
        QVERIFY(QFile::exists(entry->job.clipPath));
        QCOMPARE(m_library->count({}), before);
        QVERIFY(!model.canUndoRemove());
        QVERIFY(!model.undoRemove(&error));
        QVERIFY(!error.isEmpty());
    }

    void refreshUpdatesInPlaceOrResets()
    {
        LibraryModel model(m_library.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const qint64 id = model.idAt(5);

        QVERIFY(m_library->setNote(id, u"changed elsewhere"_s));
        model.refresh();
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 5);
        QCOMPARE(model.index(5).data(LibraryModel::NoteRole).toString(), u"changed elsewhere"_s);

        Job job;
        job.request.prompt = u"A brand new take"_s;
        job.createdAt = QDateTime::currentDateTimeUtc();
        QString error;
        QVERIFY(m_library->saveJob(job, &error));
        model.refresh();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.idAt(0), job.id);
        QCOMPARE(model.totalCount(), m_library->count({}));
        QVERIFY(m_library->remove(job.id, &error));
    }

    void postersAreMadeForRealClips()
    {
        if (QStandardPaths::findExecutable(u"ffmpeg"_s).isEmpty())
            QSKIP("The ffmpeg program is needed to make a real MP4 (Debian package ffmpeg).");
        // Inside the library: a clip anywhere else is never opened on the strength of a record.
        const QString path = m_library->clipsDirectory() + u"/real.mp4"_s;
        QVERIFY(makeRealClip(path, false));
        Job job;
        job.request.prompt = u"poster subject"_s;
        job.createdAt = QDateTime::currentDateTimeUtc();
        QString error;
        QVERIFY(saveReady(job, path));

        LibraryModel model(m_library.get());
        LibraryQuery q;
        q.text = u"poster subject"_s;
        model.setQuery(q);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0).data(LibraryModel::ClipTextRole).toString(), u"320×180 · 1.0 s"_s);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.index(0).data(LibraryModel::PosterRole).value<QImage>().isNull()); // asked for: being made
        QTRY_VERIFY_WITH_TIMEOUT(!model.index(0).data(LibraryModel::PosterRole).value<QImage>().isNull(), 30000);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(changed.last().at(2).value<QList<int>>(), QList<int>{LibraryModel::PosterRole});

        // The poster is kept with the library and recorded with the generation...
        const QString kept = m_library->entry(job.id)->posterPath;
        QVERIFY(kept.startsWith(m_library->directory() + u"/posters/"_s));
        QTRY_VERIFY(QFile::exists(kept));
        // ...so a later session shows it without decoding the clip (gone here, to prove it).
        QVERIFY(QFile::rename(path, path + u".away"_s));
        LibraryModel later(m_library.get());
        later.setQuery(q);
        QVERIFY(later.index(0).data(LibraryModel::PosterRole).value<QImage>().isNull());
        QTRY_VERIFY_WITH_TIMEOUT(!later.index(0).data(LibraryModel::PosterRole).value<QImage>().isNull(), 10000);
        QVERIFY(QFile::rename(path + u".away"_s, path));
        QVERIFY(m_library->remove(job.id, &error));
    }

    void exportWritesClipAndJson()
    {
        const auto entry = m_library->entry(m_ids.at(4));
        QVERIFY(entry);
        const QString target = m_dir.filePath(u"out/take.mp4"_s);
        QDir().mkpath(m_dir.filePath(u"out"_s));
        QString error;
        QVERIFY2(LibraryModel::exportEntry(*entry, target, &error), qPrintable(error));
        // The fake clip cannot be remuxed: it is copied as it is, and the export says the recipe is not inside.
        QVERIFY2(error.startsWith(u"Exported to "_s) && error.contains(u"but without its recipe inside"_s), qPrintable(error));
        QVERIFY2(error.contains(u"its settings are in take.json. The clip could not be read as an MP4"_s),
                 qPrintable(error));
        QFile clip(target);
        QVERIFY(clip.open(QIODevice::ReadOnly));
        QCOMPARE(clip.readAll(), QByteArray("clip"));
        QFile json(m_dir.filePath(u"out/take.json"_s));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(o.value(u"request_id"_s).toString(), u"req-4"_s);
        QCOMPARE(o.value(u"request"_s).toObject().value(u"prompt"_s).toString(), specFor(4).prompt);
        QCOMPARE(o.value(u"request"_s).toObject().value(u"seed"_s).toInteger(), 1004);
        QCOMPARE(o.value(u"costs"_s).toObject().value(u"charged_cents"_s).toInteger(), entry->job.chargedCents);
        QVERIFY(o.value(u"times"_s).toObject().value(u"completed"_s).toString().startsWith(u"2025-03-01T"_s));
        // Exporting again replaces the files; a generation without a clip has nothing to export.
        QVERIFY2(LibraryModel::exportEntry(*entry, target, &error), qPrintable(error));
        QVERIFY(!LibraryModel::exportEntry(*m_library->entry(m_ids.at(7)), target, &error));
        QVERIFY(!error.isEmpty());
    }

    // A real clip is exported with its recipe inside (stream-copied, see tst_cliprecipe) and the JSON beside it.
    void exportEmbedsTheRecipe()
    {
        if (QStandardPaths::findExecutable(u"ffmpeg"_s).isEmpty())
            QSKIP("The ffmpeg program is needed to make a real MP4 (Debian package ffmpeg).");
        const QString path = m_library->clipsDirectory() + u"/recipe.mp4"_s;
        QVERIFY(makeRealClip(path, true));
        const QString picture = m_dir.filePath(u"my frame.png"_s);
        QFile frame(picture);
        QVERIFY(frame.open(QIODevice::WriteOnly) && frame.write("frame bytes") == 11);
        frame.close();
        Job job;
        job.request.prompt = u"recipe subject"_s;
        job.request.seed = 77;
        job.request.firstFrame = ImageSource::fromFile(picture);
        job.requestId = u"req-recipe"_s;
        job.createdAt = QDateTime(QDate(2025, 3, 2), QTime(9, 30), Qt::UTC);
        job.chargedCents = 70;
        QVERIFY(saveReady(job, path));
        QString error;
        const auto entry = m_library->entry(job.id);
        QVERIFY(entry);

        const QString target = m_dir.filePath(u"out/with recipe.mp4"_s);
        QDir().mkpath(m_dir.filePath(u"out"_s));
        QVERIFY2(LibraryModel::exportEntry(*entry, target, &error), qPrintable(error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString why;
        const auto recipe = ClipRecipe::readRecipe(target, &why);
        QVERIFY2(recipe, qPrintable(why));
        const QJsonObject o = QJsonDocument::fromJson(*recipe).object();
        QCOMPARE(o.value(u"paddock_recipe"_s).toInt(), 1);
        QCOMPARE(o.value(u"request_id"_s).toString(), u"req-recipe"_s);
        QCOMPARE(o.value(u"cost_cents"_s).toInteger(), 70);
        QCOMPARE(o.value(u"created"_s).toString(), u"2025-03-02T09:30:00.000Z"_s);
        QCOMPARE(o.value(u"request"_s).toObject().value(u"seed"_s).toInteger(), 77);
        // The image is named by the hash the library keeps it under, and by the name it had on the user's disk.
        const QJsonObject image = o.value(u"images"_s).toArray().at(0).toObject();
        QCOMPARE(image.value(u"sha256"_s).toString(), QFileInfo(entry->job.request.firstFrame.path).completeBaseName());
        QCOMPARE(image.value(u"name"_s).toString(), u"my frame.png"_s);
        QStringList problems;
        const auto request = Recipe::recipeToRequest(o, &problems);
        QVERIFY2(request, qPrintable(problems.join(u" "_s)));
        QCOMPARE(request->prompt, u"recipe subject"_s);
        QVERIFY(QFile::exists(m_dir.filePath(u"out/with recipe.json"_s)));
        QVERIFY(m_library->remove(job.id, &error));
    }

    // The budget is 50 ms for a search over 10,000 generations, on the GUI thread; the figures are printed.
    void searchOverTenThousandStaysFast()
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"grow"_s);
            db.setDatabaseName(m_library->directory() + u"/library.sqlite"_s);
            QVERIFY(db.open());
            QSqlQuery grow(db);
            QVERIFY(db.transaction());
            const QString copy = u"INSERT INTO generations(created_at, mode, prompt, negative_prompt, resolution, "
                                 u"duration, aspect_ratio, state, estimated_cents, charged_cents, completed_at, "
                                 u"rating, favourite, tags, note, clip_path) SELECT created_at + 1, mode, prompt, "
                                 u"negative_prompt, resolution, duration, aspect_ratio, state, estimated_cents, "
                                 u"charged_cents, completed_at, rating, favourite, tags, note, clip_path FROM "
                                 u"generations WHERE deleted_at IS NULL LIMIT ?"_s;
            while (true) {
                QVERIFY(grow.exec(u"SELECT COUNT(*) FROM generations WHERE deleted_at IS NULL"_s) && grow.next());
                const int have = grow.value(0).toInt();
                if (have >= 10000)
                    break;
                QVERIFY(grow.prepare(copy));
                grow.addBindValue(10000 - have);
                QVERIFY2(grow.exec(), qPrintable(grow.lastError().text()));
            }
            QVERIFY(db.commit());
            grow.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(u"grow"_s);
        QVERIFY(m_library->count({}) >= 10000);

        LibraryModel model(m_library.get());
        const QStringList searches{u"cri"_s, u"golden stallion"_s, u"take 12"_s, u"zebra"_s};
        for (const QString &text : searches) {
            LibraryQuery q;
            q.text = text;
            QElapsedTimer timer;
            timer.start();
            model.setQuery(q);
            const qint64 ms = timer.elapsed();
            qInfo("search \"%s\" over %d generations: %d rows of %d loaded in %lld ms", qPrintable(text),
                  m_library->count({}), model.rowCount(), model.totalCount(), ms);
            QVERIFY2(ms < TestTiming::scaledMs(150), "a search should stay well within a frame or two");
        }
        LibraryQuery filtered;
        filtered.minRating = 3;
        filtered.resolution = Pricing::Resolution::P1080;
        filtered.sort = LibraryQuery::Sort::MostExpensive;
        QElapsedTimer timer;
        timer.start();
        model.setQuery(filtered);
        qInfo("filters over 10,000, most expensive first: %lld ms", timer.elapsed());
        QVERIFY(timer.elapsed() < TestTiming::scaledMs(150));
    }
};

QTEST_GUILESS_MAIN(TestLibraryModel)
#include "tst_librarymodel.moc"
