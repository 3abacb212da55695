// Storyboards: the schema (and the migration from a version-4 library), shots kept in order with their takes, the
// rules of staleness and price, and chains of shots run against the simulator, each linked shot made from exactly
// the last frame of the one before, through a crash.
#include "SimFixture.h"
#include "TestLibraries.h"
#include "TestImages.h"
#include "jobs/JobQueue.h"
#include "library/Library.h"
#include "media/LastFrame.h"
#include "session/Session.h"
#include "storyboard/ChainRunner.h"
#include "storyboard/Storyboard.h"

#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int kSimTimeoutMs = 60000;

StoryboardTake take(qint64 id, qint64 basedOn, JobState state = JobState::Ready)
{
    StoryboardTake t;
    t.generationId = id;
    t.basedOn = basedOn;
    t.state = state;
    return t;
}

// A chain of shots as values: shot i has the takes given, the first chosen, based on what it was made from.
Storyboard board(const QList<QList<StoryboardTake>> &takes, const QList<bool> &linked = {})
{
    Storyboard b;
    b.id = 1;
    for (int i = 0; i < takes.size(); ++i) {
        Shot shot;
        shot.id = 100 + i;
        shot.prompt = u"Shot %1"_s.arg(i + 1);
        shot.linked = linked.isEmpty() || linked.at(i);
        shot.takes = takes.at(i);
        if (!shot.takes.isEmpty() && shot.takes.first().state == JobState::Ready) {
            shot.chosenTake = shot.takes.first().generationId;
            shot.basedOn = shot.takes.first().basedOn;
        }
        b.shots << shot;
    }
    return b;
}

// Paddock against the simulator with a library, as after a start: a session and a runner for one storyboard. The
// backend is the simulator as a Segmind endpoint, so that jobs re-attach after a "crash" as real ones do.
struct Rig
{
    Rig(SimFixture &sim, Library *library, qint64 storyboardId)
    {
        BackendChoice backend;
        backend.kind = BackendChoice::Kind::Segmind;
        backend.endpoint = sim.server().baseUrl();
        backend.reason = u"test"_s;
        JobQueueSettings settings = Session::queueSettingsFor(backend, library->clipsDirectory());
        settings.poll = PollPolicy().scaled(0.01);
        settings.msPerOutputSecond = 30;
        settings.retryBaseMs = 50;
        session = std::make_unique<Session>(backend, QString::fromLatin1(SimFixture::kKey), settings, library);
        runner = std::make_unique<ChainRunner>(library, session->queue(), storyboardId);
    }
    ~Rig()
    {
        runner.reset(); // it follows the session's queue
        session.reset();
    }

    std::unique_ptr<Session> session;
    std::unique_ptr<ChainRunner> runner;
};

using TestLibraries::allChosenReady;

QImage rgb(const QImage &image)
{
    return image.convertToFormat(QImage::Format_RGB888);
}

} // namespace

class TestStoryboard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QString error;
        m_library = Library::open(m_dir->filePath(u"lib"_s), &error);
        QVERIFY2(m_library, qPrintable(error));
    }

    void cleanup()
    {
        m_sim.reset();
        m_library.reset();
        m_dir.reset();
    }

    // A library of version 4 (before storyboards) opens, gains them, and keeps its generations.
    void version4LibraryMigrates()
    {
        QString error;
        Job job = TestLibraries::textJob(u"from version 4"_s);
        QVERIFY(m_library->saveJob(job, &error));
        m_library.reset();
        const QString path = m_dir->filePath(u"lib"_s);
        QVERIFY(TestLibraries::runStatements(path, {u"DROP TABLE storyboard_takes"_s, u"DROP TABLE storyboard_shots"_s,
                                                    u"DROP TABLE storyboards"_s,
                                                    u"UPDATE schema_version SET version = 4"_s}));
        m_library = Library::open(path, &error);
        QVERIFY2(m_library, qPrintable(error));
        QCOMPARE(m_library->integrityCheck(), u"ok"_s);
        QCOMPARE(m_library->job(job.id)->request.prompt, u"from version 4"_s);
        QVERIFY(m_library->storyboards().isEmpty());
        const qint64 id = m_library->createStoryboard(u"After the update"_s, &error);
        QVERIFY2(id > 0, qPrintable(error));
        Shot shot;
        shot.prompt = u"A horse at dawn"_s;
        QVERIFY2(m_library->addShot(id, shot, &error) > 0, qPrintable(error));
        QVERIFY2(m_library->addTake(m_library->storyboard(id)->shots.at(0).id, job.id, 0, &error), qPrintable(error));
        QCOMPARE(m_library->storyboard(id)->shots.at(0).takes.size(), 1);
    }

    // A library of version 5 (storyboards without their waiting shots and film) opens and keeps its shots; what is
    // asked for and the film's takes are then kept.
    void version5LibraryMigrates()
    {
        QString error;
        const qint64 id = threeShots();
        m_library.reset();
        const QString path = m_dir->filePath(u"lib"_s);
        QVERIFY(TestLibraries::runStatements(path, {u"ALTER TABLE storyboard_shots DROP COLUMN waiting"_s,
                                                    u"ALTER TABLE storyboards DROP COLUMN film_takes"_s,
                                                    u"UPDATE schema_version SET version = 5"_s}));
        m_library = Library::open(path, &error);
        QVERIFY2(m_library, qPrintable(error));
        QCOMPARE(m_library->integrityCheck(), u"ok"_s);
        Storyboard board = *m_library->storyboard(id);
        QCOMPARE(board.shots.size(), 3);
        QCOMPARE(board.shots.at(1).waiting, Shot::Waiting::No);
        QVERIFY(board.filmTakes.isEmpty());
        QVERIFY2(m_library->setShotWaiting(board.shots.at(1).id, Shot::Waiting::NewTake, &error), qPrintable(error));
        QVERIFY2(m_library->setFilmTakes(id, {7, 8, 9}, &error), qPrintable(error));
        board = *m_library->storyboard(id);
        QCOMPARE(board.shots.at(0).waiting, Shot::Waiting::No);
        QCOMPARE(board.shots.at(1).waiting, Shot::Waiting::NewTake);
        QCOMPARE(board.filmTakes, QList<qint64>({7, 8, 9}));
        QVERIFY2(m_library->setFilmTakes(id, {}, &error), qPrintable(error));
        QVERIFY(m_library->storyboard(id)->filmTakes.isEmpty());
    }

    // A library file is not trusted: a shot row cannot make Paddock read (and send) a file outside the library's
    // images, nor an address that is not a web address. Rows from before web addresses were kept still load.
    void aShotRowCannotPointOutsideTheLibrary()
    {
        QString error;
        const qint64 id = threeShots();
        const QString images = m_library->imagesDirectory();
        const qint64 shotId = m_library->storyboard(id)->shots.at(1).id;
        m_library.reset();
        const QString path = m_dir->filePath(u"lib"_s);
        const QString references =
            uR"j(["%1/old.png", "../../secret.png", {"file": "/etc/shadow", "name": "a/b\u0007.png"}, {"file": ".."},)j"
            uR"j( {"url": "file:///etc/passwd"}, {"url": "javascript:alert(1)"}, {"url": "https://example.com/h.png"}, 7])j"_s
                .arg(images);
        QVERIFY(TestLibraries::runStatements(
            path, {u"UPDATE storyboard_shots SET first_frame_path = '/etc/passwd', reference_paths = '%1' WHERE id = %2"_s
                       .arg(references)
                       .arg(shotId)}));
        m_library = Library::open(path, &error);
        QVERIFY2(m_library, qPrintable(error));
        const Shot shot = m_library->storyboard(id)->shots.at(1);
        QCOMPARE(shot.firstFrame, ImageSource::fromFile(images + u"/passwd"_s));
        QCOMPARE(shot.references.size(), 4);
        QCOMPARE(shot.references.at(0), ImageSource::fromFile(images + u"/old.png"_s));
        QCOMPARE(shot.references.at(1), ImageSource::fromFile(images + u"/secret.png"_s));
        QCOMPARE(shot.references.at(2).path, images + u"/shadow"_s);
        QVERIFY(!shot.references.at(2).originalName.contains(u'/'));
        QVERIFY(!shot.references.at(2).originalName.contains(QChar(7)));
        QCOMPARE(shot.references.at(3), ImageSource::fromUrl(QUrl(u"https://example.com/h.png"_s)));
    }

    void namesAreCleanedAndUnique()
    {
        QString error;
        const qint64 id = m_library->createStoryboard(u"  Dusk\tride \u0007 "_s, &error);
        QVERIFY2(id > 0, qPrintable(error));
        QCOMPARE(m_library->storyboard(id)->name, u"Dusk ride"_s);
        QCOMPARE(m_library->createStoryboard(u"DUSK RIDE"_s, &error), 0);
        QVERIFY(error.contains(u"already a storyboard"_s));
        QCOMPARE(m_library->createStoryboard(u"  \n "_s, &error), 0);
        QCOMPARE(error, u"A storyboard needs a name."_s);
        const qint64 other = m_library->createStoryboard(u"another"_s, &error);
        QVERIFY(other > 0);
        QVERIFY(!m_library->renameStoryboard(other, u"dusk Ride"_s, &error));
        QVERIFY(m_library->renameStoryboard(other, u"Another morning"_s, &error));
        QVERIFY(m_library->renameStoryboard(id, u"dusk ride"_s, &error)); // its own name in another case
        const QList<Storyboard> all = m_library->storyboards();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).name, u"Another morning"_s);
        QCOMPARE(all.at(1).name, u"dusk ride"_s);
        QVERIFY(m_library->removeStoryboard(other, &error));
        QVERIFY(!m_library->removeStoryboard(other, &error));
        QCOMPARE(m_library->storyboards().size(), 1);
        // Collections keep their own words.
        QCOMPARE(m_library->createCollection(QString(), &error), 0);
        QCOMPARE(error, u"A collection needs a name."_s);
    }

    void shotsKeepTheirOrderSettingsAndTakes()
    {
        QString error;
        const qint64 id = m_library->createStoryboard(u"Gallop"_s, &error);
        QVERIFY(m_library->setStoryboardDefaults(id, AspectRatio::R9x16, Pricing::Resolution::P1080, 8, &error));
        QList<qint64> shots;
        for (int i = 0; i < 4; ++i) {
            Shot shot;
            shot.prompt = u"Shot %1"_s.arg(i + 1);
            if (i == 2) {
                shot.durationSeconds = 3;
                shot.resolution = Pricing::Resolution::P720;
                shot.linked = false;
                const QString image = m_dir->filePath(u"own first.png"_s);
                QFile file(image);
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write(TestImages::encoded(QSize(640, 360), "PNG", 30));
                file.close();
                shot.firstFrame = ImageSource::fromFile(image);
                shot.references = {ImageSource::fromFile(image),
                                   ImageSource::fromUrl(QUrl(u"https://example.com/horse.jpg"_s))};
            }
            const qint64 shotId = m_library->addShot(id, shot, &error);
            QVERIFY2(shotId > 0, qPrintable(error));
            shots << shotId;
        }
        Storyboard b = *m_library->storyboard(id);
        QCOMPARE(b.aspect, AspectRatio::R9x16);
        QCOMPARE(b.resolution, Pricing::Resolution::P1080);
        QCOMPARE(b.durationSeconds, 8);
        QCOMPARE(b.shots.size(), 4);
        QVERIFY(b.shots.at(0).linked);
        QVERIFY(!b.shots.at(0).durationSeconds && !b.shots.at(0).resolution);
        const Shot &own = b.shots.at(2);
        QCOMPARE(own.durationSeconds, std::optional<int>(3));
        QCOMPARE(own.resolution, std::optional<Pricing::Resolution>(Pricing::Resolution::P720));
        QVERIFY(!own.linked);
        // Its image was kept in the library, once, under the name the user knows; a web address is kept as it is.
        QVERIFY(own.firstFrame.isLocalFile());
        QVERIFY(own.firstFrame.path.startsWith(m_library->imagesDirectory() + u"/"_s));
        QVERIFY(QFile::exists(own.firstFrame.path));
        QCOMPARE(own.firstFrame.originalName, u"own first.png"_s);
        QCOMPARE(own.references.size(), 2);
        QCOMPARE(own.references.at(0), own.firstFrame);
        QCOMPARE(own.references.at(1), ImageSource::fromUrl(QUrl(u"https://example.com/horse.jpg"_s)));

        QVERIFY(m_library->moveShot(id, 3, 0, &error));
        b = *m_library->storyboard(id);
        QCOMPARE(b.shots.at(0).id, shots.at(3));
        QCOMPARE(b.shots.at(1).id, shots.at(0));
        QVERIFY(!m_library->moveShot(id, 4, 0, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(m_library->removeShot(shots.at(0), &error));
        b = *m_library->storyboard(id);
        QCOMPARE(b.shots.size(), 3);
        QCOMPARE(b.shots.at(0).id, shots.at(3));
        QCOMPARE(b.shots.at(1).id, shots.at(1));
        QCOMPARE(b.shots.at(2).id, shots.at(2));

        Shot changed = b.shots.at(1);
        changed.prompt = u"The herd turns"_s;
        changed.linked = false;
        changed.durationSeconds = 10;
        QVERIFY(m_library->updateShot(changed, &error));
        QCOMPARE(m_library->storyboard(id)->shots.at(1).prompt, u"The herd turns"_s);
        QCOMPARE(m_library->storyboard(id)->shots.at(1).durationSeconds, std::optional<int>(10));

        // Takes: recorded in order, one chosen, the shot then based on what that one was made from.
        Job a = TestLibraries::textJob(u"a"_s), c = TestLibraries::textJob(u"c"_s), d = TestLibraries::textJob(u"d"_s);
        QVERIFY(m_library->saveJob(a, &error) && m_library->saveJob(c, &error) && m_library->saveJob(d, &error));
        const qint64 second = b.shots.at(1).id;
        QVERIFY(m_library->addTake(b.shots.at(0).id, a.id, 0, &error));
        QVERIFY(m_library->addTake(second, c.id, a.id, &error));
        QVERIFY(m_library->addTake(second, d.id, 77, &error));
        QVERIFY(!m_library->addTake(second, d.id, 77, &error)); // once
        QVERIFY(!m_library->chooseTake(second, a.id, &error));  // not one of its takes
        QVERIFY(m_library->chooseTake(second, d.id, &error));
        QVERIFY(m_library->setStaleShots(id, {second}, &error));
        b = *m_library->storyboard(id);
        QCOMPARE(b.shots.at(1).takes, (QList<StoryboardTake>{take(c.id, a.id, JobState::Queued),
                                                             take(d.id, 77, JobState::Queued)}));
        QCOMPARE(b.shots.at(1).chosenTake, d.id);
        QCOMPARE(b.shots.at(1).basedOn, qint64(77));
        QVERIFY(b.shots.at(1).stale);
        QVERIFY(!b.shots.at(0).stale);
        QVERIFY(m_library->chooseTake(second, c.id, &error));
        QCOMPARE(m_library->storyboard(id)->shots.at(1).basedOn, a.id);

        // A deleted generation is not shown as a take; the storyboard's removal leaves the generations.
        qputenv("XDG_DATA_HOME", m_dir->filePath(u"xdg-data"_s).toUtf8());
        QVERIFY(m_library->remove(d.id, &error));
        QCOMPARE(m_library->storyboard(id)->shots.at(1).takes.size(), 1);
        QVERIFY(m_library->removeStoryboard(id, &error));
        QVERIFY(!m_library->storyboard(id));
        QVERIFY(m_library->job(c.id));
    }

    void requestsTakeTheStoryboardsSettingsAndTheLastFrame()
    {
        Storyboard b = board({{}, {}, {}}, {true, true, false});
        b.aspect = AspectRatio::R1x1;
        b.resolution = Pricing::Resolution::P1080;
        b.durationSeconds = 6;
        b.shots[1].durationSeconds = 4;
        b.shots[1].resolution = Pricing::Resolution::P720;
        b.shots[2].references = {ImageSource::fromFile(u"/tmp/ref.png"_s)};

        const GenerationRequest first = StoryboardRules::requestFor(b, 0, u"/tmp/ignored.png"_s);
        QCOMPARE(first.prompt, u"Shot 1"_s);
        QCOMPARE(first.aspect, AspectRatio::R1x1);
        QCOMPARE(first.resolution, Pricing::Resolution::P1080);
        QCOMPARE(first.durationSeconds, 6);
        QVERIFY(first.firstFrame.isEmpty()); // nothing before it to continue from
        QCOMPARE(first.mode(), std::optional(GenerationRequest::Mode::TextToVideo));

        const GenerationRequest second = StoryboardRules::requestFor(b, 1, u"/tmp/last.png"_s);
        QCOMPARE(second.durationSeconds, 4);
        QCOMPARE(second.resolution, Pricing::Resolution::P720);
        QCOMPARE(second.firstFrame, ImageSource::fromFile(u"/tmp/last.png"_s));
        QCOMPARE(second.mode(), std::optional(GenerationRequest::Mode::ImageToVideo));

        const GenerationRequest third = StoryboardRules::requestFor(b, 2, u"/tmp/last.png"_s);
        QVERIFY(third.firstFrame.isEmpty());
        QCOMPARE(third.references, QList<ImageSource>{ImageSource::fromFile(u"/tmp/ref.png"_s)});
        QCOMPARE(third.mode(), std::optional(GenerationRequest::Mode::ReferenceToVideo));
    }

    void staleness_data()
    {
        QTest::addColumn<int>("shot");
        QTest::addColumn<qint64>("choice");
        QTest::addColumn<QList<bool>>("linked");
        QTest::addColumn<QList<int>>("stale");
        // The chain: shot 1 has takes 1 and 2 (1 chosen); shot 2 has take 11 made from 1 and take 12 made from 2;
        // shot 3 has take 21 made from 11; shot 4 has take 31 made from 21.
        QTest::newRow("same take") << 0 << qint64(1) << QList<bool>{true, true, true, true} << QList<int>{};
        QTest::newRow("another take of shot 1") << 0 << qint64(2) << QList<bool>{true, true, true, true}
                                                << QList<int>{1, 2, 3};
        QTest::newRow("shot 3 has its own first frame") << 0 << qint64(2) << QList<bool>{true, true, false, true}
                                                        << QList<int>{1};
        QTest::newRow("shot 2 has its own first frame") << 0 << qint64(2) << QList<bool>{true, false, true, true}
                                                        << QList<int>{};
        QTest::newRow("a take of shot 2 made from another") << 1 << qint64(12) << QList<bool>{true, true, true, true}
                                                            << QList<int>{2, 3};
        QTest::newRow("none chosen for shot 2") << 1 << qint64(0) << QList<bool>{true, true, true, true}
                                                << QList<int>{2, 3};
    }

    void staleness()
    {
        QFETCH(int, shot);
        QFETCH(qint64, choice);
        QFETCH(QList<bool>, linked);
        QFETCH(QList<int>, stale);
        const Storyboard b = board({{take(1, 0), take(2, 0)}, {take(11, 1), take(12, 2)}, {take(21, 11)}, {take(31, 21)}},
                                   linked);
        QVERIFY(StoryboardRules::staleShots(b).isEmpty());
        QCOMPARE(StoryboardRules::staleAfterChoosing(b, shot, choice), stale);
    }

    void price_data()
    {
        QTest::addColumn<bool>("includeStale");
        QTest::addColumn<QList<int>>("sent");
        QTest::addColumn<qint64>("cents");
        // Shot 1 done; shot 2 stale (made from take 2 while 1 is chosen); shot 3 continues from it, so stale too;
        // shot 4 (1080P) has a take on its way; shot 5 only a failed one; shot 6 none.
        QTest::newRow("without stale") << false << QList<int>{4, 5} << qint64(14 * 5 + 18 * 3);
        QTest::newRow("with stale") << true << QList<int>{1, 2, 4, 5} << qint64(14 * 5 * 2 + 14 * 5 + 18 * 3);
    }

    void price()
    {
        QFETCH(bool, includeStale);
        QFETCH(QList<int>, sent);
        QFETCH(qint64, cents);
        Storyboard b = board({{take(1, 0)}, {take(11, 2)}, {take(21, 11)}, {take(31, 0, JobState::Submitted)},
                              {take(41, 0, JobState::Failed)}, {}},
                             {true, true, true, false, false, false});
        b.shots[5].durationSeconds = 3;
        b.shots[5].resolution = Pricing::Resolution::P1080;
        QCOMPARE(StoryboardRules::staleShots(b), (QList<int>{1, 2}));
        QCOMPARE(StoryboardRules::shotsToGenerate(b, includeStale), sent);
        QCOMPARE(StoryboardRules::priceOfGenerateAll(b, includeStale), cents);
    }

    // Shots asked for and waiting for the shot before them are neither asked for nor priced again.
    void aWaitingShotIsNotPricedTwice()
    {
        Storyboard b = board({{take(1, 0, JobState::Submitted)}, {}, {}});
        QCOMPARE(StoryboardRules::shotsToGenerate(b, false), (QList<int>{1, 2}));
        b.shots[1].waiting = Shot::Waiting::Take;
        b.shots[2].waiting = Shot::Waiting::NewTake;
        QVERIFY(StoryboardRules::shotsToGenerate(b, false).isEmpty());
        QVERIFY(StoryboardRules::shotsToGenerate(b, true).isEmpty());
        QCOMPARE(StoryboardRules::priceOfGenerateAll(b, true), qint64(0));
    }

    // A stale shot whose new take is on its way is not counted again; the one after it still is.
    void aStaleShotBeingRemadeIsNotPricedTwice()
    {
        Storyboard b = board({{take(1, 0), take(2, 0)}, {take(11, 1), take(12, 2, JobState::Submitted)}, {take(21, 11)}});
        b.shots[0].chosenTake = 2;
        QCOMPARE(StoryboardRules::staleShots(b), (QList<int>{1, 2}));
        QCOMPARE(StoryboardRules::shotsToGenerate(b, true), QList<int>{2});
        QCOMPARE(StoryboardRules::priceOfGenerateAll(b, true), qint64(14 * 5));
    }

    // Three shots against the simulator: each linked shot sent once its predecessor's take is ready, from exactly
    // its last frame; then another take of shot 1 chosen makes the others stale without sending anything, and
    // "generate all, stale too" makes them again from the new take.
    void threeShotChain()
    {
        QCOMPARE(startSimulator(), QString());
        SimFixture &sim = *m_sim;
        const qint64 id = threeShots();
        Rig rig(sim, m_library.get(), id);
        QSignalSpy finished(rig.runner.get(), &ChainRunner::finished);
        QSignalSpy failed(rig.runner.get(), &ChainRunner::shotFailed);
        QSignalSpy sent(rig.runner.get(), &ChainRunner::shotSent);

        QCOMPARE(StoryboardRules::priceOfGenerateAll(*m_library->storyboard(id), false), qint64(3 * 14 * 3));
        QCOMPARE(rig.runner->generateAll(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(allChosenReady(*m_library->storyboard(id)), kSimTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kSimTimeoutMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
        QCOMPARE(sim.server().counters().submits, 3);
        QCOMPARE(sent.size(), 3);

        Storyboard b = *m_library->storyboard(id);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(b.shots.at(i).takes.size(), 1);
        QCOMPARE(b.shots.at(0).basedOn, qint64(0));
        QCOMPARE(m_library->job(b.shots.at(0).chosenTake)->request.mode(),
                 std::optional(GenerationRequest::Mode::TextToVideo));
        for (int i = 1; i < 3; ++i) {
            QCOMPARE(b.shots.at(i).basedOn, b.shots.at(i - 1).chosenTake);
            verifyMadeFromLastFrame(b.shots.at(i - 1).chosenTake, b.shots.at(i).chosenTake);
            if (QTest::currentTestFailed())
                return;
        }

        // Another take of shot 1, chosen: shots 2 and 3 are stale, kept, and nothing is sent by itself.
        QString error;
        QVERIFY2(rig.runner->generateShot(0, &error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(m_library->storyboard(id)->shots.at(0).takes.size(), 2, kSimTimeoutMs);
        const qint64 newTake = m_library->storyboard(id)->shots.at(0).takes.at(1).generationId;
        QTRY_COMPARE_WITH_TIMEOUT(m_library->job(newTake)->state, JobState::Ready, kSimTimeoutMs);
        QCOMPARE(sim.server().counters().submits, 4);
        QCOMPARE(m_library->storyboard(id)->shots.at(0).chosenTake, b.shots.at(0).chosenTake); // not chosen by itself
        QCOMPARE(StoryboardRules::staleAfterChoosing(*m_library->storyboard(id), 0, newTake), (QList<int>{1, 2}));
        QVERIFY2(rig.runner->chooseTake(0, newTake, &error), qPrintable(error));
        b = *m_library->storyboard(id);
        QVERIFY(!b.shots.at(0).stale && b.shots.at(1).stale && b.shots.at(2).stale);
        QCOMPARE(b.shots.at(1).takes.size(), 1);
        QTest::qWait(500);
        QCOMPARE(sim.server().counters().submits, 4);
        QCOMPARE(StoryboardRules::priceOfGenerateAll(b, false), qint64(0));
        QCOMPARE(StoryboardRules::priceOfGenerateAll(b, true), qint64(2 * 14 * 3));

        // Made again on demand: from the new take's last frame, chosen, no longer stale.
        QCOMPARE(rig.runner->generateAll(true), 2);
        QTRY_VERIFY_WITH_TIMEOUT(allChosenReady(*m_library->storyboard(id)), kSimTimeoutMs);
        QCOMPARE(sim.server().counters().submits, 6);
        b = *m_library->storyboard(id);
        QCOMPARE(b.shots.at(1).takes.size(), 2);
        QCOMPARE(b.shots.at(1).basedOn, newTake);
        QCOMPARE(b.shots.at(2).basedOn, b.shots.at(1).chosenTake);
        verifyMadeFromLastFrame(newTake, b.shots.at(1).chosenTake);
    }

    // Paddock stops (the runner and the session go) after shot 1 is sent; a new run re-attaches its job and
    // resume() carries the chain on: three shots, three submits.
    void aCrashMidChainResumes()
    {
        SimSettings settings = SimSettings::forTests();
        settings.processingMs = 1500; // time to stop while shot 1 runs
        QCOMPARE(startSimulator(settings), QString());
        SimFixture &sim = *m_sim;
        const qint64 id = threeShots();
        {
            Rig rig(sim, m_library.get(), id);
            QCOMPARE(rig.runner->generateAll(), 3);
            QTRY_VERIFY_WITH_TIMEOUT(m_library->storyboard(id)->shots.at(0).takes.size() == 1
                                         && !m_library->job(m_library->storyboard(id)->shots.at(0).takes.at(0)
                                                                .generationId)->requestId.isEmpty(),
                                     kSimTimeoutMs);
            QCOMPARE(sim.server().counters().submits, 1);
            QVERIFY(m_library->storyboard(id)->shots.at(1).takes.isEmpty());
        }
        Rig again(sim, m_library.get(), id);
        QCOMPARE(again.session->resumeUnfinished(m_library->unfinishedJobs()), 1);
        QSignalSpy failed(again.runner.get(), &ChainRunner::shotFailed);
        QCOMPARE(again.runner->resume(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(allChosenReady(*m_library->storyboard(id)), kSimTimeoutMs);
        QVERIFY(failed.isEmpty());
        QCOMPARE(sim.server().counters().submits, 3);
        const Storyboard b = *m_library->storyboard(id);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(b.shots.at(i).takes.size(), 1);
        verifyMadeFromLastFrame(b.shots.at(0).chosenTake, b.shots.at(1).chosenTake);

        // Resumed again with everything made, it sends nothing.
        Rig third(sim, m_library.get(), id);
        QCOMPARE(third.runner->resume(), 0);
        QTest::qWait(200);
        QCOMPARE(sim.server().counters().submits, 3);
    }

    // Only shot 1 was asked for when Paddock stopped: after a restart nothing else is sent, though shots 2 and 3
    // have no take. A shot asked for again (one more take) while it waited for its predecessor is sent after the
    // restart, once.
    void aRestartSendsOnlyWhatWasAskedFor()
    {
        SimSettings settings = SimSettings::forTests();
        settings.processingMs = 1500; // time to stop while shot 1 runs
        QCOMPARE(startSimulator(settings), QString());
        SimFixture &sim = *m_sim;
        const qint64 id = threeShots();
        QString error;
        {
            Rig rig(sim, m_library.get(), id);
            QVERIFY2(rig.runner->generateShot(0, &error), qPrintable(error));
            QVERIFY2(rig.runner->generateShot(1, &error), qPrintable(error));
            QTRY_VERIFY_WITH_TIMEOUT(m_library->storyboard(id)->shots.at(0).takes.size() == 1, kSimTimeoutMs);
            const Storyboard board = *m_library->storyboard(id);
            QCOMPARE(board.shots.at(0).waiting, Shot::Waiting::No); // sent
            QCOMPARE(board.shots.at(1).waiting, Shot::Waiting::NewTake); // waits for shot 1's take
            QCOMPARE(board.shots.at(2).waiting, Shot::Waiting::No); // never asked for
        }
        Rig again(sim, m_library.get(), id);
        QCOMPARE(again.session->resumeUnfinished(m_library->unfinishedJobs()), 1);
        QCOMPARE(again.runner->resume(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(m_library->storyboard(id)->shots.at(1).hasChosenReadyTake(), kSimTimeoutMs);
        QTest::qWait(300);
        QCOMPARE(sim.server().counters().submits, 2);
        const Storyboard b = *m_library->storyboard(id);
        QVERIFY(b.shots.at(2).takes.isEmpty());
        for (const Shot &shot : b.shots)
            QCOMPARE(shot.waiting, Shot::Waiting::No);
        verifyMadeFromLastFrame(b.shots.at(0).chosenTake, b.shots.at(1).chosenTake);
    }

    // A linked shot whose predecessor has no take and none coming is not sent, and says why.
    void aShotWithNothingToContinueFromIsNotSent()
    {
        QCOMPARE(startSimulator(), QString());
        SimFixture &sim = *m_sim;
        const qint64 id = threeShots();
        Rig rig(sim, m_library.get(), id);
        QString error;
        QSignalSpy failed(rig.runner.get(), &ChainRunner::shotFailed);
        QVERIFY(rig.runner->generateShot(1, &error));
        QVERIFY(!rig.runner->generateShot(1, &error));
        QVERIFY(!rig.runner->generateShot(7, &error));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kSimTimeoutMs);
        QCOMPARE(failed.first().at(0).toInt(), 1);
        QVERIFY(failed.first().at(1).toString().contains(u"Generate shot 1 first"_s));
        QVERIFY(!rig.runner->isRunning());
        QCOMPARE(sim.server().counters().submits, 0);
    }

private:
    // The simulator for this test, rendering into its folder: empty, or why it did not start.
    QString startSimulator(SimSettings settings = SimSettings::forTests())
    {
        settings.cacheDirectory = m_dir->filePath(u"renders"_s);
        m_sim = std::make_unique<SimFixture>(settings);
        return m_sim->started() ? QString() : m_sim->startError();
    }

    qint64 threeShots()
    {
        QString error;
        const qint64 id = m_library->createStoryboard(u"Three shots"_s, &error);
        m_library->setStoryboardDefaults(id, AspectRatio::R16x9, Pricing::Resolution::P720, 3, &error);
        const QStringList prompts = {u"A horse walks onto the beach"_s, u"It breaks into a gallop"_s,
                                     u"It stops at the water's edge"_s};
        for (const QString &prompt : prompts) {
            Shot shot;
            shot.prompt = prompt;
            m_library->addShot(id, shot, &error);
        }
        return id;
    }

    // The take `next` was sent with exactly the last frame of the take `previous`, pixel for pixel.
    void verifyMadeFromLastFrame(qint64 previous, qint64 next)
    {
        const std::optional<Job> before = m_library->job(previous);
        const std::optional<Job> after = m_library->job(next);
        QVERIFY(before && after);
        QCOMPARE(after->request.mode(), std::optional(GenerationRequest::Mode::ImageToVideo));
        QVERIFY(after->request.firstFrame.isLocalFile());
        QVERIFY(after->request.firstFrame.path.startsWith(m_library->imagesDirectory() + u"/"_s));
        QVERIFY(after->request.firstFrame.path.endsWith(u".png"_s));
        QString why;
        const std::optional<QImage> last = LastFrame::lastFrame(before->clipPath, &why);
        QVERIFY2(last, qPrintable(why));
        const QImage sentFrame(after->request.firstFrame.path);
        QVERIFY(!sentFrame.isNull());
        QCOMPARE(sentFrame.size(), last->size());
        QVERIFY(rgb(sentFrame) == rgb(*last));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    std::unique_ptr<SimFixture> m_sim;
};

QTEST_GUILESS_MAIN(TestStoryboard)
#include "tst_storyboard.moc"
