// The storyboard window as a director uses it, against the simulator: a three-shot story written in the window,
// priced and guarded before anything is sent, generated as a chain, stitched into a film that plays, another take
// chosen (the shots after it stale, nothing billed), the folder exported; bad input refused in words; and a crash in
// the middle of the chain carried on by the next start, sending only what was asked for.
#include "PlayerWidget.h"
#include "SimFixture.h"
#include "TestLibraries.h"
#include "jobs/JobQueue.h"
#include "library/Library.h"
#include "session/Session.h"
#include "storyboard/ChainRunner.h"
#include "storyboard/ShotEditor.h"
#include "storyboard/StoryboardExport.h"
#include "storyboard/StoryboardFilm.h"
#include "storyboard/StoryboardWindow.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int kSimTimeoutMs = 90000;

const QStringList kPrompts = {u"A horse walks onto the beach at dawn"_s, u"It breaks into a gallop along the surf"_s,
                              u"It stops at the water's edge and looks at the sea"_s};

bool allChosenReady(const std::optional<Storyboard> &b)
{
    return b && TestLibraries::allChosenReady(*b);
}

} // namespace

class TestStoryboardWindow final : public QObject
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
        m_spent.clear();
        m_allowSpending = true;
    }

    void cleanup()
    {
        m_window.reset();
        m_session.reset();
        m_sim.reset();
        m_library.reset();
        m_dir.reset();
    }

    // The whole journey of issue: write three shots, see the price, generate all, stitch, watch, choose another
    // take, export.
    void aThreeShotStoryBecomesAFilm()
    {
        QVERIFY(startSimulator());
        openWindow();
        const qint64 id = writeThreeShots();

        // The price of what will be sent is on the button before anything is sent.
        QCOMPARE(m_window->generateAllButton()->text(), u"&Generate All · 3 shots · $1.26"_s);
        QVERIFY(m_window->generateAllButton()->isEnabled());
        QVERIFY(!m_window->stitchButton()->isEnabled());
        QTest::mouseClick(m_window->generateAllButton(), Qt::LeftButton);
        QCOMPARE(m_spent.size(), 1); // guarded once, for the total
        QCOMPARE(m_spent.first(), qint64(126));
        // While they wait, the shots asked for are not offered (or priced) again.
        QVERIFY(!m_window->generateAllButton()->isEnabled());
        QCOMPARE(m_window->generateAllButton()->text(), u"&Generate All"_s);
        QTRY_VERIFY_WITH_TIMEOUT(allChosenReady(m_library->storyboard(id)), kSimTimeoutMs);
        QCOMPARE(m_sim->server().counters().submits, 3);
        Storyboard board = *m_library->storyboard(id);
        for (int i = 1; i < 3; ++i) {
            const std::optional<Job> take = m_library->job(board.shots.at(i).chosenTake);
            QCOMPARE(take->request.mode(), std::optional(GenerationRequest::Mode::ImageToVideo));
            QVERIFY(take->request.firstFrame.path.startsWith(m_library->imagesDirectory()));
        }
        QTRY_VERIFY(m_window->strip()->item(2)->text().contains(u"Take 1 of 1"_s));
        QVERIFY(m_window->strip()->item(1)->text().startsWith(u"↪ 2."_s)); // continues from shot 1
        // A long prompt ends on its card at a word, with "…".
        QVERIFY2(m_window->strip()->item(2)->text().startsWith(u"↪ 3. It stops at the water's edge and looks…\n"_s),
                 qPrintable(m_window->strip()->item(2)->text()));

        // Stitch: the film plays inline, with its picture.
        QTRY_VERIFY(m_window->stitchButton()->isEnabled());
        QSignalSpy film(m_window.get(), &StoryboardWindow::filmFinished);
        QTest::mouseClick(m_window->stitchButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!film.isEmpty(), 60000);
        QVERIFY2(film.first().at(0).toBool(), qPrintable(film.first().at(1).toString()));
        const QString filmPath = film.first().at(1).toString();
        QVERIFY(QFileInfo(filmPath).isFile());
        QCOMPARE(m_window->player()->clip(), filmPath);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->player()->isShowingPicture(), 20000);
        QCOMPARE(m_window->filmLabel()->text(), u"Film up to date."_s);
        QVERIFY(m_window->statusLabel()->text().contains(u"every take joined as it is"_s));
        const QList<qint64> filmTakes = m_library->storyboard(id)->filmTakes;
        QCOMPARE(filmTakes, StoryboardRules::chosenTakes(board));

        // A take of shot 2 plays in the same player, with its picture (not only the first clip shown).
        m_window->selectShot(1);
        ShotEditor *editor = m_window->editor();
        QCOMPARE(editor->takeList()->count(), 1);
        editor->takeList()->setCurrentRow(0);
        QTest::mouseClick(findButton(editor, u"Play take"_s), Qt::LeftButton);
        const QString take2 = m_library->job(board.shots.at(1).chosenTake)->clipPath;
        QCOMPARE(m_window->player()->clip(), take2);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->player()->isShowingPicture(), 20000);

        // Another take of shot 1, then chosen: shots 2 and 3 are stale, nothing more is sent, the film is out of date.
        m_window->selectShot(0);
        QCOMPARE(editor->generateButton()->text(), u"Generate Another Take · $0.42"_s);
        QTest::mouseClick(editor->generateButton(), Qt::LeftButton);
        QCOMPARE(m_spent.last(), qint64(42));
        QTRY_VERIFY_WITH_TIMEOUT(m_library->storyboard(id)->shots.at(0).takes.size() == 2
                                     && m_library->storyboard(id)->shots.at(0).takes.at(1).state == JobState::Ready,
                                 kSimTimeoutMs);
        QCOMPARE(m_sim->server().counters().submits, 4);
        QTRY_COMPARE(editor->takeList()->count(), 2);
        editor->takeList()->setCurrentRow(1);
        QTRY_VERIFY(editor->chooseButton()->isEnabled()); // once the window has seen the take ready
        QTest::mouseClick(editor->chooseButton(), Qt::LeftButton);
        board = *m_library->storyboard(id);
        QCOMPARE(board.shots.at(0).chosenTake, board.shots.at(0).takes.at(1).generationId);
        QVERIFY(board.shots.at(1).stale && board.shots.at(2).stale);
        QVERIFY(m_window->statusLabel()->text().contains(u"Shots 2 and 3 depend on the old one, so they are marked stale"_s));
        QTRY_VERIFY(m_window->strip()->item(1)->text().contains(u"Stale"_s));
        QVERIFY(m_window->generateStaleButton()->isVisible());
        QCOMPARE(m_window->generateStaleButton()->text(), u"Generate Stale Again · 2 shots · $0.84"_s);
        QCOMPARE(m_window->filmLabel()->text(), u"Film out of date: the shots or their chosen takes have changed. Stitch again."_s);
        QTest::qWait(300);
        QCOMPARE(m_sim->server().counters().submits, 4); // choosing bills nothing

        // Export: the film (out of date: left out, and said), every take, the storyboard as JSON.
        const QString folder = m_dir->filePath(u"export"_s);
        QSignalSpy exported(m_window.get(), &StoryboardWindow::exportFinished);
        m_window->exportTo(folder);
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty(), 30000);
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
        QVERIFY(exported.first().at(1).toString().contains(u"without a film"_s));
        const QStringList files = QDir(folder).entryList(QDir::Files);
        QCOMPARE(files.filter(u".mp4"_s).size(), 4); // 2 takes of shot 1, one of shots 2 and 3
        QVERIFY(files.contains(u"storyboard.json"_s));
        QFile json(folder + u"/storyboard.json"_s);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject exportedBoard = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(exportedBoard.value(u"shots"_s).toArray().size(), 3);
        QVERIFY(!QString::fromUtf8(QJsonDocument(exportedBoard).toJson()).contains(m_dir->path()));

        // Stale shots made again when asked: two more submits, a film again, exported with it.
        QTest::mouseClick(m_window->generateStaleButton(), Qt::LeftButton);
        QCOMPARE(m_spent.last(), qint64(84));
        QTRY_VERIFY_WITH_TIMEOUT(allChosenReady(m_library->storyboard(id)), kSimTimeoutMs);
        QCOMPARE(m_sim->server().counters().submits, 6);
        film.clear();
        m_window->stitchFilm();
        QTRY_VERIFY_WITH_TIMEOUT(!film.isEmpty(), 60000);
        QVERIFY(film.first().at(0).toBool());
        exported.clear();
        m_window->exportTo(folder); // over the earlier export
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty(), 30000);
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
        QVERIFY(QFileInfo(folder + u"/film.mp4"_s).isFile());
        QCOMPARE(QDir(folder).entryList(QDir::Files).filter(u".mp4"_s).size(), 7); // the film and six takes
    }

    // Bad input is refused in words, and nothing is sent: an empty prompt, spending turned down, a foreign folder.
    void badInputSendsNothing()
    {
        QVERIFY(startSimulator());
        openWindow();
        const qint64 id = m_window->newStoryboard(u"Refusals"_s);
        QVERIFY(id > 0);
        QVERIFY(m_window->newStoryboard(u"refusals"_s) == 0); // names are unique whatever their case
        QVERIFY(m_window->statusLabel()->text().contains(u"already"_s));
        m_window->showStoryboard(id);
        m_window->addShot();
        QCOMPARE(m_window->strip()->count(), 2);
        m_window->selectShot(0);
        setPrompt(kPrompts.at(0));
        m_window->generateAll(false);
        QVERIFY2(m_window->statusLabel()->text().startsWith(u"Shot 2: "_s), qPrintable(m_window->statusLabel()->text()));
        QVERIFY(m_window->statusLabel()->text().endsWith(u"Nothing was sent."_s));
        QVERIFY(m_spent.isEmpty());

        m_window->selectShot(1);
        setPrompt(kPrompts.at(1));
        m_allowSpending = false;
        m_window->generateAll(false);
        QCOMPARE(m_spent.size(), 1);
        QTest::qWait(300);
        QCOMPARE(m_sim->server().counters().submits, 0);
        const Storyboard refused = *m_library->storyboard(id);
        for (const Shot &shot : refused.shots)
            QCOMPARE(shot.waiting, Shot::Waiting::No);

        m_window->stitchFilm(); // no takes: the button is off, and the call says why
        QVERIFY(!m_window->stitchButton()->isEnabled());
        QVERIFY(m_window->statusLabel()->text().contains(u"Shot 1"_s));

        const QString foreign = m_dir->filePath(u"someone-elses"_s);
        QVERIFY(QDir().mkpath(foreign));
        QFile other(foreign + u"/thesis.txt"_s);
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("not to be overwritten");
        other.close();
        QSignalSpy exported(m_window.get(), &StoryboardWindow::exportFinished);
        m_window->exportTo(foreign);
        QCOMPARE(exported.size(), 1);
        QVERIFY(!exported.first().at(0).toBool());
        QVERIFY(QFileInfo(foreign + u"/thesis.txt"_s).isFile());
        QCOMPARE(QDir(foreign).entryList(QDir::Files).size(), 1);

        // A prompt longer than the service reads is counted in red and said before the shot is sent, as on the
        // main form; it does not stop the shot (the service reads its start).
        m_window->selectShot(0);
        QPlainTextEdit *prompt = m_window->editor()->promptEdit();
        prompt->setPlainText(QString(5200, u'a'));
        m_window->editor()->flush();
        QLabel *counter = nullptr;
        QLabel *before = nullptr;
        for (QLabel *label : m_window->editor()->findChildren<QLabel *>()) {
            if (label->accessibleName() == u"Prompt length"_s)
                counter = label;
            if (label->accessibleName() == u"Before generating this shot"_s)
                before = label;
        }
        QVERIFY(counter);
        QCOMPARE(counter->text(), u"5,200 / 5,000"_s);
        QVERIFY(before);
        QTRY_VERIFY2(before->text().contains(u"reads only the first 5,000"_s), qPrintable(before->text()));
        QVERIFY(!before->isHidden());
        QVERIFY(findButton(m_window->editor(), u"Generate this shot"_s)->isEnabled());
    }

    // A take that expired (demo mode quit while it ran, say) says why on its row, not only in the main window.
    void anExpiredTakeSaysWhy()
    {
        QVERIFY(startSimulator());
        openWindow();
        const qint64 id = m_window->newStoryboard(u"Lost take"_s);
        setPrompt(kPrompts.at(0));
        Job lost = TestLibraries::textJob(kPrompts.at(0));
        lost.state = JobState::Expired;
        lost.error = u"The service no longer knows this job; nothing was charged."_s;
        QString error;
        QVERIFY2(m_library->saveJob(lost, &error), qPrintable(error));
        QVERIFY2(m_library->addTake(m_library->storyboard(id)->shots.at(0).id, lost.id, 0, &error), qPrintable(error));
        m_window->showStoryboard(id);
        QListWidget *takes = m_window->editor()->takeList();
        QTRY_COMPARE(takes->count(), 1);
        QVERIFY2(takes->item(0)->text().contains(u"nothing was charged"_s), qPrintable(takes->item(0)->text()));
        QCOMPARE(takes->item(0)->toolTip(), lost.error);
    }

    // Paddock stops after shot 1 is sent; the next start (a new session and window) carries the chain on by itself
    // and sends shots 2 and 3 once each.
    void aCrashMidChainResumesInTheWindow()
    {
        SimSettings settings = SimSettings::forTests();
        settings.processingMs = 1500;
        QVERIFY(startSimulator(settings));
        openWindow();
        const qint64 id = writeThreeShots();
        m_window->generateAll(false);
        // Recorded before it is sent: stopped once the service has it.
        QTRY_VERIFY_WITH_TIMEOUT(m_sim->server().counters().submits == 1
                                     && !m_library->job(m_library->storyboard(id)->shots.at(0).takes.at(0).generationId)
                                             ->requestId.isEmpty(),
                                 kSimTimeoutMs);
        m_window.reset();
        m_session.reset();

        openWindow();
        QCOMPARE(m_session->resumeUnfinished(m_library->unfinishedJobs()), 1);
        QCOMPARE(m_window->resumeAll(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(allChosenReady(m_library->storyboard(id)), kSimTimeoutMs);
        QTest::qWait(300);
        QCOMPARE(m_sim->server().counters().submits, 3);
        m_window->showStoryboard(id);
        QTRY_VERIFY(m_window->strip()->item(2)->text().contains(u"Take 1 of 1"_s));
    }

private:
    bool startSimulator(SimSettings settings = SimSettings::forTests())
    {
        settings.cacheDirectory = m_dir->filePath(u"renders"_s);
        m_sim = std::make_unique<SimFixture>(settings);
        if (!m_sim->started())
            qWarning("%s", qPrintable(m_sim->startError()));
        return m_sim->started();
    }

    // A session on the simulator as a Segmind endpoint (so jobs re-attach after a restart) and the window on it.
    void openWindow()
    {
        BackendChoice backend;
        backend.kind = BackendChoice::Kind::Segmind;
        backend.endpoint = m_sim->server().baseUrl();
        backend.reason = u"test"_s;
        JobQueueSettings settings = Session::queueSettingsFor(backend, m_library->clipsDirectory());
        settings.poll = PollPolicy().scaled(0.01);
        settings.msPerOutputSecond = 30;
        settings.retryBaseMs = 50;
        m_session = std::make_unique<Session>(backend, QString::fromLatin1(SimFixture::kKey), settings, m_library.get());
        m_window = std::make_unique<StoryboardWindow>(m_library.get(), m_session->queue(), [this](qint64 cents) {
            m_spent << cents;
            return m_allowSpending;
        });
        m_window->setConfirm([](const QString &, const QString &) { return true; });
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    // Types kPrompts into three shots of a new storyboard of 3 s shots, as a user does.
    qint64 writeThreeShots()
    {
        const qint64 id = m_window->newStoryboard(u"Beach"_s);
        m_window->durationSpin()->setValue(3);
        setPrompt(kPrompts.at(0));
        for (int i = 1; i < 3; ++i) {
            m_window->addShot();
            setPrompt(kPrompts.at(i));
        }
        m_window->selectShot(0);
        const Storyboard board = *m_library->storyboard(id);
        for (int i = 0; i < 3; ++i)
            [&] { QCOMPARE(board.shots.at(i).prompt, kPrompts.at(i)); }();
        return id;
    }

    void setPrompt(const QString &text)
    {
        QPlainTextEdit *prompt = m_window->editor()->promptEdit();
        prompt->setFocus();
        prompt->selectAll();
        QTest::keyClicks(prompt, text);
        m_window->editor()->flush();
    }

    static QPushButton *findButton(QWidget *parent, const QString &accessibleName)
    {
        for (QPushButton *button : parent->findChildren<QPushButton *>()) {
            if (button->accessibleName() == accessibleName)
                return button;
        }
        return nullptr;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Library> m_library;
    std::unique_ptr<SimFixture> m_sim;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<StoryboardWindow> m_window;
    QList<qint64> m_spent;
    bool m_allowSpending = true;
};

QTEST_MAIN(TestStoryboardWindow)
#include "tst_storyboardwindow.moc"
