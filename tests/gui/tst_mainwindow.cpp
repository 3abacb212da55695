// The playground window end to end against the in-process simulator: type a prompt, Ctrl+Enter, and the clip
// plays with video and audio; a batch of takes; the status bar; remembering the form; quitting with paid jobs.
#include "account/ApiKeyStore.h"
#include "api/Sweep.h"
#include "ElidedLabel.h"
#include "FormPanel.h"
#include "HelpContent.h"
#include "ImageSlot.h"
#include "ReferenceGallery.h"
#include "TestImages.h"
#include "jobs/JobListModel.h"
#include "library/Library.h"
#include "storyboard/StoryboardWindow.h"
#include "media/ClipRecipe.h"
#include "LibraryView.h"
#include "MainWindow.h"
#include "PlayerWidget.h"
#include "QueueView.h"
#include "session/Session.h"
#include "settings/AppSettings.h"
#include "SettingsDialog.h"
#include "SweepDialog.h"
#include "SimFixture.h"
#include "review/CompareWindow.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QClipboard>
#include <QDirIterator>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QDropEvent>
#include <QMimeData>
#include <QMessageBox>
#include <QListView>
#include <QMediaPlayer>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QShortcut>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// One simulator, session, settings file and window: what a person gets from `paddock` in demo mode.
struct Rig
{
    explicit Rig(const QString &directory, BackendChoice::Kind kind = BackendChoice::Kind::Demo,
                 SimSettings simSettings = SimSettings::forTests(), bool withLibrary = false)
        : sim(withCache(simSettings, directory)), settings(directory + u"/paddock.ini"_s)
    {
        if (withLibrary) {
            QString error;
            library = Library::open(directory + u"/library"_s, &error);
        }
        BackendChoice backend;
        backend.kind = kind;
        backend.endpoint = sim.server().baseUrl();
        backend.reason = u"test"_s;
        // As in the app: with a library, clips are kept in it.
        JobQueueSettings queueSettings =
            Session::queueSettingsFor(backend, library ? library->clipsDirectory() : directory + u"/clips"_s);
        queueSettings.poll = PollPolicy().scaled(0.01);
        queueSettings.msPerOutputSecond = 30;
        session =
            std::make_unique<Session>(backend, QString::fromLatin1(SimFixture::kKey), queueSettings, library.get());
        window = std::make_unique<MainWindow>(session.get(), &settings, library.get());
    }

    static SimSettings withCache(SimSettings s, const QString &directory)
    {
        s.cacheDirectory = directory + u"/renders"_s;
        return s;
    }

    QPlainTextEdit *prompt() const
    {
        const auto editors = window->findChildren<QPlainTextEdit *>();
        for (QPlainTextEdit *editor : editors) {
            if (editor->accessibleName() == u"Prompt"_s)
                return editor;
        }
        return nullptr;
    }
    template <typename T> T *child(const QString &name) const { return window->findChild<T *>(name); }

    SimFixture sim;
    AppSettings settings;
    std::unique_ptr<Library> library;
    std::unique_ptr<Session> session;
    std::unique_ptr<MainWindow> window;
};

} // namespace

class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void demoModeSaysSoAndThePromptHasFocus()
    {
        Rig rig(m_dir.filePath(u"focus"_s));
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowActive(rig.window.get()));
        QCOMPARE(rig.window->backendText(), u"Demo — simulated, nothing is charged"_s);
        QVERIFY(rig.window->windowTitle().contains(u"demo"_s));
        QVERIFY(rig.prompt());
        QTRY_COMPARE(QApplication::focusWidget(), rig.prompt());
        QCOMPARE(rig.window->summaryText(), u"No jobs running · $0.00 simulated this session"_s);
    }

    void typeGenerateAndWatch()
    {
        Rig rig(m_dir.filePath(u"watch"_s));
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowActive(rig.window.get()));
        QSignalSpy loaded(rig.window->player(), &PlayerWidget::clipLoaded);

        QTest::keyClicks(rig.prompt(), u"A horse galloping through surf at sunset"_s);
        auto *generate = rig.child<QPushButton>(u"generateButton"_s);
        QVERIFY(generate);
        QTRY_VERIFY(generate->isEnabled());
        QTest::keyClick(rig.prompt(), Qt::Key_Return, Qt::ControlModifier);

        QTRY_COMPARE(rig.window->queueView()->model()->rowCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 60000);
        QCOMPARE(loaded.first().at(1).toBool(), true); // video
        QCOMPARE(loaded.first().at(2).toBool(), true); // audio
        QVERIFY(QFile::exists(rig.window->player()->clip()));
        QCOMPARE(rig.sim.server().counters().submits, 1);
        QTRY_COMPARE(rig.window->summaryText(), u"No jobs running · $0.70 simulated this session"_s);
        // Nothing was typed into the prompt by Ctrl+Enter.
        QCOMPARE(rig.prompt()->toPlainText(), u"A horse galloping through surf at sunset"_s);
    }

    void aBatchShowsItsTotalFirstThenOneRowPerTake()
    {
        Rig rig(m_dir.filePath(u"batch"_s));
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.window.get()));
        QTest::keyClicks(rig.prompt(), u"Three takes of a foal"_s);
        auto *takes = rig.child<QSpinBox>(u"takes"_s);
        QVERIFY(takes);
        takes->setValue(3);
        auto *total = rig.child<QLabel>(u"takesTotal"_s);
        QVERIFY(total);
        QTRY_VERIFY(total->text().contains(u"$2.10"_s)); // 3 × 5 s at 720P, shown before anything is sent
        QCOMPARE(rig.sim.server().counters().submits, 0);

        auto *generate = rig.child<QPushButton>(u"generateButton"_s);
        QTRY_VERIFY(generate->isEnabled());
        QTest::mouseClick(generate, Qt::LeftButton);
        QTRY_COMPARE(rig.window->queueView()->model()->rowCount(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(rig.session->runningCount(), 0, 60000);
        QCOMPARE(rig.sim.server().counters().submits, 3);
        QCOMPARE(rig.session->spentCents(), qint64(210));
    }

    void takesInTheQueuePlayInAnyOrder()
    {
        // Three takes made, then chosen in the queue one after another and back, by mouse and by keyboard: each
        // shows its own picture (a frame of that clip reaches the picture) and is named by its prompt.
        Rig rig(m_dir.filePath(u"flip"_s));
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowActive(rig.window.get()));
        QTest::keyClicks(rig.prompt(), u"Three takes of a grey foal"_s);
        rig.child<QSpinBox>(u"takes"_s)->setValue(3);
        auto *generate = rig.child<QPushButton>(u"generateButton"_s);
        QTRY_VERIFY(generate->isEnabled());
        // No media backend at start (it costs start-up time); it is started as soon as a take is on its way.
        QCOMPARE(rig.window->player()->player(), nullptr);
        QTest::mouseClick(generate, Qt::LeftButton);
        QTRY_COMPARE(rig.window->queueView()->model()->rowCount(), 3);
        QVERIFY(rig.window->player()->player());
        QTRY_COMPARE_WITH_TIMEOUT(rig.session->runningCount(), 0, 60000);

        PlayerWidget *player = rig.window->player();
        QListView *list = rig.window->queueView()->listView();
        JobListModel *model = rig.window->queueView()->model();
        QSignalSpy shown(player, &PlayerWidget::pictureShown);
        const auto choose = [&](int row, bool byMouse) {
            const QModelIndex index = model->index(row);
            const QString clip = index.data(JobListModel::ClipPathRole).toString();
            QVERIFY(QFile::exists(clip));
            shown.clear();
            if (byMouse) {
                QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(index).center());
            } else {
                list->setFocus();
                const int from = list->currentIndex().row();
                for (int step = 0; step < std::abs(row - from); ++step)
                    QTest::keyClick(list, row > from ? Qt::Key_Down : Qt::Key_Up);
            }
            QTRY_COMPARE(player->clip(), clip);
            // A frame of this clip reached the picture (the row may have been playing already, chosen by itself).
            QTRY_VERIFY_WITH_TIMEOUT(player->isShowingPicture(), 20000);
            QVERIFY(shown.isEmpty() || shown.last().at(0).toString() == clip);
            QVERIFY(player->findChild<QWidget *>(u"playerVideo"_s)->isVisible());
            QVERIFY(!player->findChild<QLabel *>(u"playerMessage"_s)->isVisible());
            QCOMPARE(player->caption(), u"Three takes of a grey foal"_s);
            QTRY_VERIFY_WITH_TIMEOUT(std::abs(player->player()->duration() - 5000) < 200, 20000);
        };
        for (const int row : {0, 1, 2, 0, 2}) {
            choose(row, true);
            if (QTest::currentTestFailed())
                return;
        }
        for (const int row : {1, 0, 2}) {
            choose(row, false);
            if (QTest::currentTestFailed())
                return;
        }
    }

    void theFormAndLayoutAreRemembered()
    {
        const QString directory = m_dir.filePath(u"remember"_s);
        {
            Rig rig(directory);
            rig.window->show();
            QVERIFY(QTest::qWaitForWindowExposed(rig.window.get()));
            GenerationRequest request;
            request.prompt = u"Remember me"_s;
            request.durationSeconds = 9;
            request.resolution = Pricing::Resolution::P1080;
            request.aspect = AspectRatio::R1x1;
            rig.window->form()->setRequest(request);
            rig.window->resize(1111, 777);
            QVERIFY(rig.window->close());
        }
        Rig again(directory);
        const GenerationRequest restored = again.window->form()->request();
        QCOMPARE(restored.prompt, u"Remember me"_s);
        QCOMPARE(restored.durationSeconds, 9);
        QCOMPARE(restored.resolution, Pricing::Resolution::P1080);
        QCOMPARE(restored.aspect, AspectRatio::R1x1);
        QCOMPARE(again.window->size(), QSize(1111, 777));
    }

    void quittingWhilePaidJobsRunAsksFirst()
    {
        SimSettings slow = SimSettings::forTests();
        slow.processingMs = 60000; // still running when the user quits
        Rig rig(m_dir.filePath(u"quit"_s), BackendChoice::Kind::Segmind, slow);
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.window.get()));
        QCOMPARE(rig.window->backendText().startsWith(u"Segmind"_s), true);
        QStringList asked;
        bool answer = false;
        rig.window->setConfirm([&](const QString &, const QString &text) {
            asked << text;
            return answer;
        });
        GenerationRequest request;
        request.prompt = u"A long job"_s;
        rig.window->form()->setRequest(request);
        rig.window->form()->generate();
        QTRY_COMPARE_WITH_TIMEOUT(rig.session->sentAndUnfinishedCount(), 1, 20000);
        QTRY_VERIFY(rig.sim.server().counters().jobsCreated == 1);

        QVERIFY(!rig.window->close()); // declined: the window stays
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked.first().contains(u"still run and are billed"_s));
        QVERIFY(rig.window->isVisible());

        answer = true;
        QVERIFY(rig.window->close());
        QCOMPARE(asked.size(), 2);
    }

    void demoModeNeverAsksBeforeQuitting()
    {
        SimSettings slow = SimSettings::forTests();
        slow.processingMs = 60000;
        Rig rig(m_dir.filePath(u"quitdemo"_s), BackendChoice::Kind::Demo, slow);
        rig.window->show();
        int asked = 0;
        rig.window->setConfirm([&](const QString &, const QString &) { return ++asked, false; });
        GenerationRequest request;
        request.prompt = u"Simulated"_s;
        rig.window->form()->setRequest(request);
        rig.window->form()->generate();
        QTRY_COMPARE_WITH_TIMEOUT(rig.session->sentAndUnfinishedCount(), 1, 20000);
        QVERIFY(rig.window->close()); // nothing is billed in demo mode
        QCOMPARE(asked, 0);
    }

    void aCostlySubmitAsksFirstWithTheNumbers()
    {
        Rig rig(m_dir.filePath(u"guard"_s), BackendChoice::Kind::Segmind);
        rig.settings.setConfirmAboveCents(100);
        rig.window->show();
        QStringList asked;
        bool answer = false;
        rig.window->setConfirm([&](const QString &, const QString &text) {
            asked << text;
            return answer;
        });
        GenerationRequest request;
        request.prompt = u"Three takes at once"_s;
        request.seed = 7;
        rig.window->form()->setRequest(request);
        auto *takes = rig.child<QSpinBox>(u"takes"_s);
        takes->setValue(3);
        rig.window->form()->generate();
        QTRY_COMPARE(asked.size(), 1);
        QVERIFY2(asked.first().contains(u"This submit costs $2.10, more than the $1.00"_s), qPrintable(asked.first()));
        QTest::qWait(50);
        QCOMPARE(rig.window->queueView()->model()->rowCount(), 0); // declined: nothing queued, nothing sent

        answer = true;
        rig.window->form()->generate();
        QTRY_COMPARE(rig.window->queueView()->model()->rowCount(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(rig.session->runningCount(), 0, 60000);
        QCOMPARE(rig.sim.server().counters().submits, 3);
    }

    void theBalanceIsInTheStatusBar()
    {
        Rig rig(m_dir.filePath(u"balance"_s));
        rig.window->show();
        QTRY_COMPARE(rig.window->balanceText(), u"Simulated balance $25.00"_s);
        GenerationRequest request;
        request.prompt = u"Costs the simulated balance $0.70"_s;
        rig.window->form()->setRequest(request);
        rig.window->form()->generate();
        QTRY_COMPARE_WITH_TIMEOUT(rig.window->balanceText(), u"Simulated balance $24.30"_s, 60000);
    }

    // An account the service keeps no balance for ("No credits found for the user", 404): the status bar says the
    // balance is unknown and its tooltip says why in plain words; it never shows $0.00.
    void anAccountWithoutABalanceRecordShowsAnUnknownBalance()
    {
        SimSettings simSettings = SimSettings::forTests();
        simSettings.creditsNotFound = true;
        Rig rig(m_dir.filePath(u"nocredits"_s), BackendChoice::Kind::Segmind, simSettings);
        rig.window->show();
        QTRY_COMPARE(rig.sim.server().counters().creditCalls, 1);
        QTRY_COMPARE(rig.window->balanceText(), u"Balance unknown"_s);
        const auto labels = rig.window->findChildren<QLabel *>();
        const auto balance = std::find_if(labels.cbegin(), labels.cend(),
                                          [](const QLabel *label) { return label->accessibleName() == u"Balance"_s; });
        QVERIFY(balance != labels.cend());
        QVERIFY2((*balance)->toolTip().contains(u"no balance on record"_s), qPrintable((*balance)->toolTip()));
        QVERIFY(!rig.window->balanceText().contains(u"$"_s));
    }

    void aRateLimitSaysFinishedJobsAreNoticedLate()
    {
        SimSettings simSettings = SimSettings::forTests();
        simSettings.rateLimitPerMinute = 2; // the balance and the submit use it up; the first status call gets 429
        simSettings.rateWindowMs = 1500;
        Rig rig(m_dir.filePath(u"ratelimit"_s), BackendChoice::Kind::Demo, simSettings);
        rig.window->show();
        const auto labels = rig.window->findChildren<QLabel *>();
        const auto found = std::find_if(labels.cbegin(), labels.cend(),
                                        [](const QLabel *label) { return label->accessibleName() == u"Queue paused"_s; });
        QVERIFY(found != labels.cend());
        QLabel *paused = *found;
        GenerationRequest request;
        request.prompt = u"Polled against a tight rate limit"_s;
        rig.window->form()->setRequest(request);
        rig.window->form()->generate();
        QTRY_VERIFY_WITH_TIMEOUT(paused->isVisible(), 20000);
        QVERIFY2(paused->text().startsWith(u"Rate limited until "_s), qPrintable(paused->text()));
        QVERIFY2(paused->toolTip().contains(u"rate limit"_s), qPrintable(paused->toolTip()));
        QVERIFY2(paused->toolTip().contains(u"noticed then rather than within the usual 10 s"_s),
                 qPrintable(paused->toolTip()));
        QVERIFY(rig.window->statusBar()->currentMessage().contains(u"jobs that finish meanwhile are noticed then"_s));
        // The limit lifts, the queue goes on, and the job still finishes.
        QTRY_COMPARE_WITH_TIMEOUT(rig.window->summaryText(), u"No jobs running · $0.70 simulated this session"_s, 60000);
    }

    void copyAsCurlNeverCopiesTheKey()
    {
        Rig rig(m_dir.filePath(u"copy"_s), BackendChoice::Kind::Segmind);
        rig.window->show();
        GenerationRequest request;
        request.prompt = u"Copied, not sent"_s;
        rig.window->form()->setRequest(request);
        QAction *curl = nullptr;
        const auto actions = rig.window->findChildren<QAction *>();
        for (QAction *action : actions) {
            if (action->text() == u"Copy as &cURL"_s)
                curl = action;
        }
        QVERIFY(curl);
        QGuiApplication::clipboard()->clear();
        curl->trigger();
        QTRY_VERIFY(QGuiApplication::clipboard()->text().contains(u"curl"_s));
        const QString code = QGuiApplication::clipboard()->text();
        QVERIFY(code.contains(u"SEGMIND_API_KEY"_s));
        QVERIFY(code.contains(u"Copied, not sent"_s));
        QVERIFY(!code.contains(QString::fromLatin1(SimFixture::kKey)));
        QCOMPARE(rig.sim.server().counters().submits, 0);
    }

    void finishedTakesAppearInTheLibraryAndComeBackToTheForm()
    {
        Rig rig(m_dir.filePath(u"library"_s), BackendChoice::Kind::Demo, SimSettings::forTests(), true);
        QVERIFY(rig.library);
        rig.window->show();
        // The library costs nothing at start: its view is made when its tab is first opened.
        QVERIFY(!rig.window->findChild<LibraryView *>());
        rig.window->tabs()->setCurrentIndex(1);
        QVERIFY(rig.window->findChild<LibraryView *>());
        QCOMPARE(rig.window->libraryView(), rig.window->findChild<LibraryView *>());
        GenerationRequest request;
        request.prompt = u"Kept in the library"_s;
        request.durationSeconds = 4;
        request.aspect = AspectRatio::R4x3;
        rig.window->form()->setRequest(request);
        rig.window->form()->generate();
        QTRY_COMPARE(rig.window->queueView()->model()->rowCount(), 1); // its images stored first, off the GUI thread
        QTRY_COMPARE_WITH_TIMEOUT(rig.session->runningCount(), 0, 60000);
        QTRY_COMPARE(rig.library->count({}), 1);
        const qint64 id = rig.library->query({}).first().job.id;

        // A take chosen in the library plays, and its settings come back to the form.
        rig.window->form()->setRequest(GenerationRequest{});
        QSignalSpy useSettings(rig.window->libraryView(), &LibraryView::useSettingsRequested);
        rig.window->libraryView()->selectId(id);
        QTRY_VERIFY(!rig.window->player()->clip().isEmpty());
        QAction *use = nullptr;
        const auto actions = rig.window->libraryView()->findChildren<QAction *>();
        for (QAction *action : actions) {
            if (action->text().remove(u'&').startsWith(u"Use these settings"_s))
                use = action;
        }
        QVERIFY(use);
        use->trigger();
        QCOMPARE(useSettings.size(), 1);
        QCOMPARE(rig.window->form()->request().prompt, u"Kept in the library"_s);
        QCOMPARE(rig.window->form()->request().durationSeconds, 4);
        QCOMPARE(rig.window->form()->request().aspect, AspectRatio::R4x3);
    }

    void aSweepIsOneSpendingDecision()
    {
        // Nine clips at $0.70 are $6.30, over the $5.00 asked about by default: one question, with the total.
        Rig rig(m_dir.filePath(u"sweep-guard"_s), BackendChoice::Kind::Segmind, SimSettings::forTests(), true);
        QStringList questions;
        bool answer = false;
        rig.window->setConfirm([&](const QString &, const QString &text) {
            questions << text;
            return answer;
        });
        GenerationRequest base;
        base.prompt = u"a fox in the snow"_s;
        QRandomGenerator random(7);
        const SweepPlan plan(base, SweepAxis::randomSeeds(9, &random));
        QVERIFY(plan.isValid());
        QCOMPARE(plan.totalCents(), 630);

        rig.window->sendSweep(plan);
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions.first().contains(u"$6.30"_s), qPrintable(questions.first()));
        QTest::qWait(200);
        QVERIFY(rig.session->queue()->jobIds().isEmpty()); // refused: nothing queued, nothing kept
        QVERIFY(rig.library->collections().isEmpty());

        answer = true;
        rig.window->sendSweep(plan);
        QCOMPARE(questions.size(), 2);
        QTRY_COMPARE(rig.session->queue()->jobIds().size(), 9);
        QCOMPARE(rig.library->collections().size(), 1);
    }

    void aSweepSurvivesACrashAndOpensAsAGrid()
    {
        // A 2 × 3 sweep sent from the form to a simulated Segmind, Paddock killed half way, started again.
        const QString directory = m_dir.filePath(u"sweep"_s);
        SimSettings simSettings = SimSettings::forTests();
        simSettings.queueMs = 100;
        simSettings.processingMs = 2500; // long enough to stop Paddock while the last takes still run
        Rig rig(directory, BackendChoice::Kind::Segmind, simSettings, true);
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowActive(rig.window.get()));
        QTest::keyClicks(rig.prompt(), u"a {red|blue} fox in the snow"_s);
        auto *sweepButton = rig.child<QPushButton>(u"sweepButton"_s);
        QTRY_VERIFY(sweepButton->isEnabled());
        sweepButton->click();
        SweepDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = rig.window->findChild<SweepDialog *>()));
        auto named = [dialog]<typename T>(T *, const QString &name) -> T * {
            for (T *widget : dialog->findChildren<T *>()) {
                if (widget->accessibleName() == name)
                    return widget;
            }
            return nullptr;
        };
        QComboBox *second = named(static_cast<QComboBox *>(nullptr), u"Second axis"_s);
        QVERIFY(second);
        second->setCurrentIndex(second->findText(u"Aspect ratio"_s));
        named(static_cast<QCheckBox *>(nullptr), u"Second axis 1:1"_s)->setChecked(true);
        QPushButton *send = named(static_cast<QPushButton *>(nullptr), u"Send sweep"_s);
        QCOMPARE(send->text(), u"Send 6 clips — $4.20"_s);
        send->click();

        // Kept together in the library at once, each take captioned with its axis values.
        QTRY_COMPARE(rig.session->queue()->jobIds().size(), 6);
        const QList<LibraryCollection> collections = rig.library->collections();
        QCOMPARE(collections.size(), 1);
        QVERIFY2(collections.first().name.startsWith(u"Sweep "_s), qPrintable(collections.first().name));
        QVERIFY(collections.first().name.endsWith(u" · Prompt × Aspect ratio"_s));
        const qint64 collectionId = collections.first().id;
        QStringList captions;
        for (const CollectionItem &item : rig.library->collectionItems(collectionId))
            captions << item.caption;
        QCOMPARE(captions, (QStringList{u"red · 16:9"_s, u"blue · 16:9"_s, u"red · 9:16"_s, u"blue · 9:16"_s,
                                        u"red · 1:1"_s, u"blue · 1:1"_s}));

        // Killed while some takes are ready and others still run on the service.
        auto readyCount = [&rig] {
            int ready = 0;
            for (qint64 id : rig.session->queue()->jobIds())
                ready += rig.session->queue()->job(id)->state == JobState::Ready ? 1 : 0;
            return ready;
        };
        // (Not while a POST is on its way: a job whose answer dies with the process is Unknown and never resent,
        // which tst_crashresume covers.)
        auto allSent = [&rig] {
            for (qint64 id : rig.session->queue()->jobIds()) {
                const JobState state = rig.session->queue()->job(id)->state;
                if (state == JobState::Queued || state == JobState::Submitting)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allSent() && readyCount() >= 1, 60000);
        QVERIFY2(readyCount() < 6, "every take ended before the crash: make the simulated jobs longer");
        rig.window.reset();
        rig.session.reset();

        // Started again: the unfinished takes are picked up, none sent twice, and the grid opens when all are done.
        BackendChoice backend;
        backend.kind = BackendChoice::Kind::Segmind;
        backend.endpoint = rig.sim.server().baseUrl();
        JobQueueSettings queueSettings = Session::queueSettingsFor(backend, rig.library->clipsDirectory());
        queueSettings.poll = PollPolicy().scaled(0.01);
        queueSettings.msPerOutputSecond = 30;
        rig.session = std::make_unique<Session>(backend, QString::fromLatin1(SimFixture::kKey), queueSettings,
                                                rig.library.get());
        QVERIFY(rig.session->resumeUnfinished(rig.library->unfinishedJobs()) >= 1);
        rig.window = std::make_unique<MainWindow>(rig.session.get(), &rig.settings, rig.library.get());
        rig.window->show();
        CompareWindow *grid = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((grid = rig.window->findChild<CompareWindow *>()), 60000);
        QCOMPARE(rig.sim.server().counters().submits, 6);
        QStringList titles;
        for (const CompareTake &take : grid->takes())
            titles << take.title;
        QCOMPARE(titles, captions);
        QCOMPARE(grid->takes().size(), 6);
        for (const CollectionItem &item : rig.library->collectionItems(collectionId))
            QCOMPARE(item.entry.job.state, JobState::Ready);
    }

    void aClipBringsBackItsRecipe()
    {
        // A take made in demo mode carries its recipe; opened or dropped on the form later, the form comes back.
        const QString directory = m_dir.filePath(u"recipe"_s);
        Rig rig(directory, BackendChoice::Kind::Demo, SimSettings::forTests(), true);
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowActive(rig.window.get()));
        const QString horse = directory + u"/horse.png"_s;
        {
            QFile file(horse);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(TestImages::encoded(QSize(640, 480), "PNG", 30));
        }
        GenerationRequest request;
        request.prompt = u"[Image 1] trots along a beach at dawn"_s;
        request.negativePrompt = u"blur"_s;
        request.durationSeconds = 3;
        request.aspect = AspectRatio::R9x16;
        request.seed = 4242;
        request.references = {ImageSource::fromFile(horse)};
        rig.window->form()->setRequest(request);
        QTRY_VERIFY(rig.child<QPushButton>(u"generateButton"_s)->isEnabled());
        rig.child<QPushButton>(u"generateButton"_s)->click();
        QTRY_COMPARE(rig.session->queue()->jobIds().size(), 1);
        const qint64 id = rig.session->queue()->jobIds().constFirst();
        QTRY_COMPARE_WITH_TIMEOUT(rig.session->queue()->job(id)->state, JobState::Ready, 60000);
        const QString clip = rig.session->queue()->job(id)->clipPath;

        // A clip from elsewhere: copied out of the library, the form changed meanwhile.
        const QString received = directory + u"/from a colleague.mp4"_s;
        QVERIFY(QFile::copy(clip, received));
        GenerationRequest other;
        other.prompt = u"something else"_s;
        rig.window->form()->setRequest(other);

        QVERIFY(rig.window->openRecipe(received));
        GenerationRequest restored = rig.window->form()->request();
        QCOMPARE(restored.prompt, request.prompt);
        QCOMPARE(restored.negativePrompt, request.negativePrompt);
        QCOMPARE(restored.durationSeconds, 3);
        QCOMPARE(restored.aspect, AspectRatio::R9x16);
        QCOMPARE(restored.seed, std::optional<qint64>(4242));
        QCOMPARE(restored.filledReferenceIndexes(), QList<int>{0});
        // The image comes back from the library, found by its hash.
        QVERIFY2(restored.references.at(0).path.startsWith(rig.library->imagesDirectory()),
                 qPrintable(restored.references.at(0).path));
        QVERIFY(rig.window->statusBar()->currentMessage().contains(u"from a colleague.mp4"_s));

        // Dropped on the prompt box, it does the same, and nothing is typed into the prompt.
        rig.window->form()->setRequest(other);
        QPlainTextEdit *prompt = rig.prompt();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(received)});
        const QPoint at = prompt->viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(prompt->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(prompt->viewport(), &drop);
        QCOMPARE(rig.window->form()->request().prompt, request.prompt);
        QCOMPARE(rig.window->form()->request().seed, std::optional<qint64>(4242));

        // A clip without a recipe says so and changes nothing.
        const QString plain = directory + u"/plain.mp4"_s;
        QVERIFY(QFile::copy(QFINDTESTDATA("../../resources/selftest/clip.mp4"), plain));
        rig.window->form()->setRequest(other);
        QVERIFY(!rig.window->openRecipe(plain));
        auto *box = rig.window->findChild<QMessageBox *>(u"recipeMessage"_s);
        QVERIFY(box);
        QVERIFY2(box->text().contains(u"has no Paddock recipe"_s), qPrintable(box->text()));
        QVERIFY(box->text().contains(u"The form was not changed."_s));
        box->close();
        QTRY_VERIFY(!rig.window->findChild<QMessageBox *>(u"recipeMessage"_s)); // closed and gone
        QCOMPARE(rig.window->form()->request().prompt, other.prompt);

        // A library without the image: the rest comes back and the missing image is named.
        QVERIFY(QFile::remove(restored.references.at(0).path));
        QVERIFY(rig.window->openRecipe(received));
        QCOMPARE(rig.window->form()->request().prompt, request.prompt);
        QVERIFY(rig.window->form()->request().filledReferenceIndexes().isEmpty());
        QTRY_VERIFY((box = rig.window->findChild<QMessageBox *>(u"recipeMessage"_s)));
        QVERIFY2(box->text().contains(u"horse.png (reference image 1)"_s), qPrintable(box->text()));
        box->close();
        QTRY_VERIFY(!rig.window->findChild<QMessageBox *>(u"recipeMessage"_s));

        // The colleague's clip imported as a take: its recipe, a copy in the library, nothing counted as spent here.
        const qint64 spentBefore = rig.library->spentCents({}, {});
        const QList<qint64> imported = rig.window->importClips({received, plain});
        QCOMPARE(imported.size(), 1);
        const std::optional<Job> take = rig.library->job(imported.constFirst());
        QVERIFY(take);
        QCOMPARE(take->state, JobState::Ready);
        QCOMPARE(take->service, u"imported"_s);
        QCOMPARE(take->request.prompt, request.prompt);
        QCOMPARE(take->request.seed, std::optional<qint64>(4242));
        QCOMPARE(take->requestId, rig.session->queue()->job(id)->requestId);
        QVERIFY(take->clipPath.startsWith(rig.library->clipsDirectory()));
        QVERIFY(QFile::exists(received)); // the original stays where it was
        QCOMPARE(rig.library->spentCents({}, {}), spentBefore);
        QVERIFY(ClipRecipe::readRecipe(take->clipPath, nullptr));
        // The clip without a recipe is named, with why.
        QTRY_VERIFY((box = rig.window->findChild<QMessageBox *>(u"importMessage"_s)));
        QVERIFY2(box->text().contains(u"plain.mp4 cannot be imported as a take"_s), qPrintable(box->text()));
        QVERIFY(box->text().contains(u"horse.png"_s)); // and the imported take's missing image
        box->close();

        // The imported take is selected in the library; its recipe copies as a script that makes it again.
        QGuiApplication::clipboard()->clear();
        rig.window->libraryView()->copyCurlAction()->trigger();
        QTRY_VERIFY(QGuiApplication::clipboard()->text().contains(u"curl"_s));
        QVERIFY(QGuiApplication::clipboard()->text().contains(u"trots along a beach at dawn"_s));
        QVERIFY(QGuiApplication::clipboard()->text().contains(u"4242"_s));
    }

    void takesSelectedInTheQueueOrTheLibraryAreCompared()
    {
        Rig rig(m_dir.filePath(u"compare"_s), BackendChoice::Kind::Demo, SimSettings::forTests(), true);
        QVERIFY(rig.library);
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowActive(rig.window.get()));
        QTest::keyClicks(rig.prompt(), u"Two takes of a bay mare"_s);
        rig.child<QSpinBox>(u"takes"_s)->setValue(2);
        auto *generate = rig.child<QPushButton>(u"generateButton"_s);
        QTRY_VERIFY(generate->isEnabled());
        QTest::mouseClick(generate, Qt::LeftButton);
        QTRY_COMPARE(rig.window->queueView()->model()->rowCount(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(rig.session->runningCount(), 0, 60000);
        QTRY_COMPARE(rig.library->count({}), 2);

        // In the queue: Ctrl+click the second take, then View ▸ Compare selection.
        QListView *queue = rig.window->queueView()->listView();
        JobListModel *model = rig.window->queueView()->model();
        QTest::mouseClick(queue->viewport(), Qt::LeftButton, {}, queue->visualRect(model->index(0)).center());
        QTest::mouseClick(queue->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          queue->visualRect(model->index(1)).center());
        const QList<qint64> queued = rig.window->queueView()->selectedJobIds();
        QCOMPARE(queued.size(), 2);
        auto *compareAction = rig.window->findChild<QAction *>(u"compareSelectionAction"_s);
        QVERIFY(compareAction);
        compareAction->trigger();
        auto *fromQueue = rig.window->findChild<CompareWindow *>();
        QVERIFY2(fromQueue, qPrintable(rig.window->statusBar()->currentMessage()));
        QCOMPARE(fromQueue->takes().size(), 2);
        QCOMPARE(fromQueue->takes().at(0).id, queued.at(0));
        QCOMPARE(fromQueue->takes().at(1).id, queued.at(1));
        QVERIFY(QTest::qWaitFor([&] { return fromQueue->isReady(); }, 20000));
        QCOMPARE(fromQueue->takes().at(0).recipe->prompt, u"Two takes of a bay mare"_s);
        // A rating given while comparing shows in the library.
        QTest::keyClick(fromQueue, Qt::Key_5);
        QCOMPARE(rig.library->entry(queued.at(0))->rating, 5);
        fromQueue->close();

        // In the library: select both posters, press C.
        rig.window->tabs()->setCurrentIndex(1);
        QListView *grid = rig.window->libraryView()->listView();
        QTRY_COMPARE(grid->model()->rowCount(), 2);
        grid->setFocus();
        grid->selectAll();
        QTest::keyClick(grid, Qt::Key_C);
        CompareWindow *fromLibrary = nullptr;
        QTRY_VERIFY((fromLibrary = rig.window->findChild<CompareWindow *>()) != nullptr);
        QCOMPARE(fromLibrary->takes().size(), 2);
        QVERIFY(QTest::qWaitFor([&] { return fromLibrary->isReady(); }, 20000));
        fromLibrary->close();
        // One take is not enough: the status bar says what to do.
        grid->clearSelection();
        rig.window->queueView()->selectJob(queued.at(0));
        rig.window->tabs()->setCurrentIndex(0);
        compareAction->trigger();
        QVERIFY2(rig.window->statusBar()->currentMessage().contains(u"2 to 9"_s),
                 qPrintable(rig.window->statusBar()->currentMessage()));
    }

    void theKeyIsInNoFilePaddockWrites()
    {
        // A whole session with a real-looking key: a job sent, downloaded, kept in the library, the form and
        // layout saved on quit, code copied. Then every file written is searched for the key.
        const QString directory = m_dir.filePath(u"secret"_s);
        {
            Rig rig(directory, BackendChoice::Kind::Segmind, SimSettings::forTests(), true);
            rig.window->show();
            rig.window->setConfirm([](const QString &, const QString &) { return true; });
            GenerationRequest request;
            request.prompt = u"A session with a key"_s;
            request.seed = 7;
            rig.window->form()->setRequest(request);
            rig.window->form()->generate();
            QTRY_COMPARE(rig.window->queueView()->model()->rowCount(), 1);
            QTRY_COMPARE_WITH_TIMEOUT(rig.session->runningCount(), 0, 60000);
            QCOMPARE(rig.library->count({}), 1);
            QVERIFY(rig.window->close());
        }
        const QByteArray key(SimFixture::kKey);
        int files = 0;
        QDirIterator it(directory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(key) && !bytes.contains(key.toBase64()) && !bytes.contains(key.toHex()),
                     qPrintable(path));
            ++files;
        }
        QVERIFY(files >= 4); // settings, the library database and its log, the clip: the search did look
    }

    void ctrlCommaOpensTheSettings()
    {
        const QString directory = m_dir.filePath(u"settings"_s);
        Rig rig(directory);
        ApiKeyStore keys(u"PaddockTest"_s, nullptr);
        MainWindow window(rig.session.get(), &rig.settings, nullptr, &keys);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(!window.findChild<SettingsDialog *>());
        QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
        QTRY_VERIFY(window.findChild<SettingsDialog *>());
        QTRY_VERIFY(window.findChild<SettingsDialog *>()->isVisible());
    }

    // A maximized window on a 1366×768 screen, with the tallest banner and a full form: the prompt, every setting,
    // the first frame, all nine reference slots, the cost and Generate are in view at once, and nothing sticks out.
    void atLaptopSizeEveryInputIsInView()
    {
        const QString directory = m_dir.filePath(u"laptop"_s);
        Rig rig(directory);
        ApiKeyStore keys(u"PaddockTest"_s, nullptr);
        MainWindow window(rig.session.get(), &rig.settings, nullptr, &keys);
        window.setWindowState(Qt::WindowNoState);
        window.resize(1366, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        GenerationRequest request;
        request.prompt = u"A chestnut horse gallops along a misty beach at sunrise"_s;
        const QString longName = directory + u"/A very long file name from the client's shared drive - final FINAL "
                                             "v7 (approved by marketing) 2026-11-30.jpg"_s;
        writeFile(longName, TestImages::encoded(QSize(800, 600), "JPEG", 30));
        request.firstFrame = ImageSource::fromFile(longName);
        for (int i = 0; i < ReferenceGallery::kSlotCount; ++i) {
            const QString path = directory + u"/reference %1.jpg"_s.arg(i + 1);
            writeFile(path, TestImages::encoded(QSize(800, 600), "JPEG", 40 * i));
            request.references << ImageSource::fromFile(i == 1 ? longName : path);
        }
        window.form()->setRequest(request);
        const auto slots = window.form()->findChildren<ImageSlot *>();
        QCOMPARE(slots.size(), 10);
        for (ImageSlot *slot : slots)
            QTRY_COMPARE(slot->state(), ImageSlot::State::Ready);
        QCoreApplication::processEvents();

        QList<QWidget *> mustShow(slots.cbegin(), slots.cend());
        for (const char *name : {"generateButton", "costLine", "modeBadge", "modeChoice", "seed", "resolution720P",
                                 "resolution1080P", "takes"})
            mustShow << window.findChild<QWidget *>(QString::fromLatin1(name));
        mustShow << rig.prompt(); // the rig's prompt finder looks in its own window
        mustShow.removeAll(nullptr);
        for (QPlainTextEdit *editor : window.findChildren<QPlainTextEdit *>())
            mustShow << editor;
        QVERIFY(mustShow.size() >= 18);
        const QRect inWindow = window.rect();
        for (QWidget *widget : std::as_const(mustShow)) {
            if (widget->window() != &window)
                continue;
            const QString what = widget->objectName() + u" / "_s + widget->accessibleName();
            QVERIFY2(widget->isVisible(), qPrintable(what));
            // Fully in view: not scrolled away, not clipped by a parent, not past the window's edge.
            QVERIFY2(widget->visibleRegion().boundingRect() == widget->rect(), qPrintable(what));
            QVERIFY2(inWindow.contains(QRect(widget->mapTo(&window, QPoint(0, 0)), widget->size())), qPrintable(what));
        }
        // The long name is shortened in its slots, never widening the form.
        for (ImageSlot *slot : {slots.value(0), window.form()->findChild<ReferenceGallery *>()->slotAt(1)}) {
            auto *name = slot->findChild<ElidedLabel *>(u"imageName"_s);
            QVERIFY(name);
            QVERIFY(name->isElided());
            QVERIFY(name->shownText().endsWith(u".jpg"_s));
            QCOMPARE(name->toolTip(), QFileInfo(longName).fileName());
        }
        for (QWidget *widget : window.form()->findChildren<QWidget *>()) {
            if (!widget->isVisible())
                continue;
            const QRect rect(widget->mapTo(&window, QPoint(0, 0)), widget->size());
            QVERIFY2(rect.right() <= inWindow.right(), qPrintable(widget->objectName() + u" "_s +
                                                                  QString::number(rect.right())));
        }
    }

    // Demo mode on a first start says so and offers the key in one banner, not two.
    void aFirstStartInDemoModeShowsOneBanner()
    {
        Rig rig(m_dir.filePath(u"banner"_s));
        ApiKeyStore keys(u"PaddockTest"_s, nullptr);
        MainWindow window(rig.session.get(), &rig.settings, nullptr, &keys);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        int banners = 0;
        for (QFrame *frame : window.findChildren<QFrame *>()) {
            if ((frame->objectName() == u"banner"_s || frame->objectName() == u"firstRunPrompt"_s) &&
                frame->isVisible())
                ++banners;
        }
        QCOMPARE(banners, 1);
        auto *text = window.findChild<QLabel *>(u"firstRunText"_s);
        QVERIFY(text);
        QVERIFY(text->text().contains(u"Demo mode"_s));
        QVERIFY(text->text().contains(u"API key"_s));
    }

    // "Open with Paddock" on an MP4 while Paddock is open: the open window comes forward and plays it (the second
    // start's side is in tst_commandline and tst_singleinstance).
    void anotherStartBringsTheWindowForwardWithItsClip()
    {
        const QString clip = QFINDTESTDATA("../../resources/selftest/clip.mp4");
        QVERIFY(!clip.isEmpty());
        Rig rig(m_dir.filePath(u"forward"_s));
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.window.get()));
        rig.window->showMinimized();
        QTRY_VERIFY(rig.window->isMinimized());
        rig.window->comeForward(QFileInfo(clip).absoluteFilePath());
        QTRY_VERIFY(!rig.window->isMinimized());
        QVERIFY(rig.window->isVisible());
        QTRY_COMPARE(rig.window->player()->clip(), QFileInfo(clip).absoluteFilePath());
        QTRY_VERIFY_WITH_TIMEOUT(rig.window->player()->isShowingPicture(), 10000);
    }

    // A fresh form is not an error: a hint in a hint's colour until the user acts.
    void aFreshFormShowsAHintNotAnError()
    {
        Rig rig(m_dir.filePath(u"hint"_s));
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.window.get()));
        auto *reason = rig.child<QLabel>(u"reason"_s);
        QVERIFY(reason);
        QCOMPARE(reason->accessibleName(), u"Hint"_s);
        QVERIFY(reason->styleSheet().isEmpty());
        QVERIFY(reason->text().startsWith(u"Write a prompt to begin"_s));
        QTest::keyClicks(rig.prompt(), u"x"_s);
        QTest::keyClick(rig.prompt(), Qt::Key_Backspace);
        QTRY_COMPARE(reason->accessibleName(), u"Why Generate is not available"_s);
        QVERIFY(!reason->styleSheet().isEmpty());
    }

    // What is typed is kept as it is typed: a killed Paddock comes back with the form.
    void theFormIsKeptAsItIsTyped()
    {
        const QString directory = m_dir.filePath(u"draft"_s);
        Rig rig(directory);
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.window.get()));
        QTest::keyClicks(rig.prompt(), u"A grey mare in the snow"_s);
        // Another reader of the same settings file, as the next start would be, without any quit in between.
        QTRY_COMPARE_WITH_TIMEOUT(AppSettings(directory + u"/paddock.ini"_s).lastRequest().prompt,
                                  u"A grey mare in the snow"_s, 3000);
    }

    // The Help menu: a guide, every shortcut on one sheet, and diagnostics for a bug report without the key.
    // The storyboard's player and the main window's never play at once, and a take finishing in the queue while the
    // storyboard is the window in use waits in the main player, paused, instead of playing over it.
    void oneSoundAtATime()
    {
        const QString clip = QFileInfo(QFINDTESTDATA("../../resources/selftest/clip.mp4")).absoluteFilePath();
        QVERIFY(QFileInfo(clip).isFile());
        Rig rig(m_dir.filePath(u"one-sound"_s), BackendChoice::Kind::Demo, SimSettings::forTests(), true);
        // The queue's takes are in the library's clips.
        const QString take = rig.library->clipsDirectory() + u"/1.mp4"_s;
        QVERIFY(QFile::copy(clip, take));
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.window.get()));
        rig.window->openStoryboard();
        StoryboardWindow *storyboard = rig.window->storyboardWindow();
        QVERIFY(QTest::qWaitForWindowActive(storyboard));
        PlayerWidget *main = rig.window->player();
        PlayerWidget *film = storyboard->player();

        auto *queue = rig.window->findChild<QueueView *>();
        QVERIFY(queue);
        storyboard->activateWindow();
        QTRY_COMPARE(QApplication::activeWindow(), storyboard);
        QSignalSpy loaded(main, &PlayerWidget::clipLoaded);
        Q_EMIT queue->clipActivated(1, take, u"a take finished"_s);
        QTRY_COMPARE(main->clip(), take);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
        QTest::qWait(300);
        QVERIFY(!main->isPlaying());

        // The test clip lasts a second: both loop, so that each is still playing when the other starts.
        film->setLooping(true);
        main->setLooping(true);
        film->openFile(clip);
        QTRY_VERIFY_WITH_TIMEOUT(film->isPlaying(), 10000);
        main->togglePlayback();
        QTRY_VERIFY(main->isPlaying());
        QTRY_VERIFY(!film->isPlaying());
        film->openFile(clip); // Play Film again
        QTRY_VERIFY_WITH_TIMEOUT(film->isPlaying(), 10000);
        QTRY_VERIFY(!main->isPlaying());
    }

    // Ctrl+Q in the storyboard window quits Paddock, as it does in the main window.
    void quittingFromTheStoryboardQuitsPaddock()
    {
        Rig rig(m_dir.filePath(u"storyboard-quit"_s), BackendChoice::Kind::Demo, SimSettings::forTests(), true);
        rig.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.window.get()));
        rig.window->openStoryboard();
        StoryboardWindow *storyboard = rig.window->storyboardWindow();
        QVERIFY(QTest::qWaitForWindowExposed(storyboard));
        QAction *quit = nullptr;
        for (QAction *action : storyboard->findChildren<QAction *>()) {
            if (action->text() == u"&Quit Paddock"_s)
                quit = action;
        }
        QVERIFY(quit);
        // The platform's quit keys (none on the offscreen platform the tests may run on).
        QCOMPARE(quit->shortcuts(), QKeySequence::keyBindings(QKeySequence::Quit));
        quit->trigger();
        QTRY_VERIFY(!rig.window->isVisible());
    }

    void helpHasTheGuideTheShortcutsAndDiagnostics()
    {
        Rig rig(m_dir.filePath(u"help"_s), BackendChoice::Kind::Demo, SimSettings::forTests(), true);
        QVERIFY(rig.window->libraryView()); // its shortcuts are made with it
        QVERIFY(rig.window->storyboardWindow()); // and the storyboard's
        QSet<QString> listed;
        for (const HelpContent::ShortcutGroup &group : HelpContent::shortcutGroups()) {
            for (const HelpContent::Shortcut &shortcut : group.shortcuts) {
                for (const QKeySequence &keys : shortcut.keys)
                    listed << keys.toString(QKeySequence::PortableText);
            }
        }
        QStringList missing;
        for (QAction *action : rig.window->findChildren<QAction *>()) {
            for (const QKeySequence &keys : action->shortcuts()) {
                if (!listed.contains(keys.toString(QKeySequence::PortableText)))
                    missing << keys.toString() + u" ("_s + action->text() + u")"_s;
            }
        }
        for (QShortcut *shortcut : rig.window->findChildren<QShortcut *>()) {
            for (const QKeySequence &keys : shortcut->keys()) {
                if (!listed.contains(keys.toString(QKeySequence::PortableText)))
                    missing << keys.toString();
            }
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
        const QString sheet = HelpContent::shortcutSheetHtml();
        QVERIFY(sheet.contains(u"Play or pause"_s));

        QStringList helpItems;
        for (QAction *action : rig.window->menuBar()->actions()) {
            if (action->text() == u"&Help"_s) {
                for (QAction *item : action->menu()->actions())
                    helpItems << item->text();
            }
        }
        QVERIFY2(helpItems.contains(u"&Guide"_s) && helpItems.contains(u"&Keyboard shortcuts"_s) &&
                     helpItems.contains(u"Copy &diagnostics"_s),
                 qPrintable(helpItems.join(u", "_s)));

        const QString diagnostics = rig.window->diagnosticsText();
        QVERIFY(diagnostics.contains(QCoreApplication::applicationVersion()));
        QVERIFY(diagnostics.contains(u"Media backend: "_s));
        QVERIFY(diagnostics.contains(rig.library->directory()));
        QVERIFY(diagnostics.contains(u"Qt "_s + QString::fromLatin1(qVersion())));
        QVERIFY(!diagnostics.contains(QString::fromLatin1(SimFixture::kKey)));
    }

private:
    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    QTemporaryDir m_dir;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
