// The queue view over a real queue against the simulator: rows, selection announcing clips, and the per-job
// actions with their confirmations answered by the test.
#include "api/SegmindClient.h"
#include "jobs/JobListModel.h"
#include "jobs/JobQueue.h"
#include "jobs/JobStore.h"
#include "QueueView.h"
#include "SimFixture.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QListView>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

GenerationRequest textRequest(const QString &prompt, int seconds = 3)
{
    GenerationRequest request;
    request.prompt = prompt;
    request.durationSeconds = seconds;
    request.resolution = Pricing::Resolution::P720;
    request.seed = 7; // the simulator's renders are cached by their parameters: the suite stays fast
    return request;
}

// What the view asked the user, and the answer the test gives.
struct Answers
{
    bool answer = true;
    QStringList titles;
    QStringList texts;
};

} // namespace

// A queue with its client and store against one simulator, and the view on top.
struct Rig
{
    explicit Rig(const SimSettings &simSettings, const QString &cacheDir, const QString &downloads,
                 int maxConcurrent = 4)
        : sim(withCache(simSettings, cacheDir))
    {
        client.setBaseUrl(sim.server().baseUrl());
        client.setApiKey(QString::fromLatin1(SimFixture::kKey));
        client.setTimeouts(2000, 2000);
        JobQueueSettings settings;
        settings.downloadDirectory = downloads;
        settings.poll = PollPolicy().scaled(0.01);
        settings.msPerOutputSecond = 30;
        settings.retryBaseMs = 20;
        settings.retryCapMs = 200;
        settings.randomSeed = 42;
        settings.maxConcurrent = maxConcurrent;
        queue = std::make_unique<JobQueue>(&client, &store, settings);
        view = std::make_unique<QueueView>(queue.get());
        view->setConfirm([this](const QString &title, const QString &text) {
            answers.titles << title;
            answers.texts << text;
            return answers.answer;
        });
        view->resize(640, 420);
    }

    static SimSettings withCache(SimSettings s, const QString &cacheDir)
    {
        s.cacheDirectory = cacheDir;
        return s;
    }

    JobState state(qint64 id) const { return queue->job(id)->state; }

    SimFixture sim;
    QNetworkAccessManager network;
    SegmindClient client{&network};
    MemoryJobStore store;
    std::unique_ptr<JobQueue> queue;
    std::unique_ptr<QueueView> view;
    Answers answers;
};

class TestQueueView final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_cache;
    QTemporaryDir m_files;

    QString downloads(const char *name) const
    {
        const QString path = m_files.filePath(QString::fromLatin1(name));
        QDir().mkpath(path);
        return path;
    }

    static SimSettings neverEnding()
    {
        SimSettings s = SimSettings::forTests();
        s.neverCompleteRate = 1.0;
        return s;
    }

    // How many distinct colours the list's viewport shows: 1 for a blank box.
    static int coloursShown(QListView *list)
    {
        const QImage image = list->viewport()->grab().toImage();
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 2) {
            for (int x = 0; x < image.width(); x += 2)
                colours.insert(image.pixel(x, y));
        }
        return int(colours.size());
    }

private Q_SLOTS:
    void anEmptyQueueSaysWhatWillAppear()
    {
        Rig rig(neverEnding(), m_cache.path(), downloads("empty"));
        rig.view->resize(600, 300);
        rig.view->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.view.get()));
        QVERIFY(coloursShown(rig.view->listView()) > 1); // the hint is drawn
        rig.queue->enqueue(textRequest(u"A job"_s));
        QTRY_COMPARE(rig.view->model()->rowCount(), 1);
        rig.queue->stopWaiting(rig.view->model()->jobId(0));
    }

    void aBatchShowsItsRowsAndSelectingAReadyOneAnnouncesTheClip()
    {
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("batch"));
        rig.view->show();
        QVERIFY(QTest::qWaitForWindowExposed(rig.view.get()));
        QSignalSpy activated(rig.view.get(), &QueueView::clipActivated);

        const QList<qint64> ids = rig.queue->enqueueAll(
            {textRequest(u"Take one"_s), textRequest(u"Take two"_s), textRequest(u"Take three"_s)});
        QCOMPARE(rig.view->model()->rowCount(), 3);
        QCOMPARE(rig.view->listView()->model()->rowCount(), 3);
        QCOMPARE(rig.view->currentJobId(), qint64(0));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(ids.cbegin(), ids.cend(), [&](qint64 id) { return rig.state(id) == JobState::Ready; }), 60000);
        QCOMPARE(activated.size(), 0); // nothing selected, nothing announced

        // Keyboard selection: the first Down selects the first row.
        rig.view->listView()->setFocus();
        QTest::keyClick(rig.view->listView(), Qt::Key_Down);
        if (rig.view->currentJobId() != ids.at(0)) // some styles only set the current row on the first key
            QTest::keyClick(rig.view->listView(), Qt::Key_Home);
        QCOMPARE(rig.view->currentJobId(), ids.at(0));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().at(0).toLongLong(), ids.at(0));
        const QString clip = activated.first().at(1).toString();
        QVERIFY(QFile::exists(clip));
        QCOMPARE(clip, rig.queue->job(ids.at(0))->clipPath);

        rig.view->selectJob(ids.at(2));
        QCOMPARE(rig.view->currentJobId(), ids.at(2));
        QCOMPARE(activated.size(), 2);
        QCOMPARE(activated.last().at(0).toLongLong(), ids.at(2));

        // Painting the rows asks for their poster frames, which arrive without anyone else asking.
        QTRY_VERIFY_WITH_TIMEOUT(
            !rig.view->model()->index(0).data(JobListModel::ThumbnailRole).value<QImage>().isNull(), 30000);

        // Ready jobs have nothing to stop and no error; a retry is always possible.
        QVERIFY(!rig.view->stopWaitingAction()->isEnabled());
        QVERIFY(!rig.view->showErrorAction()->isEnabled());
        QVERIFY(!rig.view->downloadAgainAction()->isEnabled());
        QVERIFY(rig.view->retryAction()->isEnabled());
        QVERIFY(!rig.view->grab().isNull());
    }

    void aJobBecomingReadyWhileSelectedIsAnnounced()
    {
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("later"));
        QSignalSpy activated(rig.view.get(), &QueueView::clipActivated);
        const qint64 id = rig.queue->enqueue(textRequest(u"Selected early"_s));
        rig.view->selectJob(id);
        QCOMPARE(activated.size(), 0);
        QVERIFY(activated.wait(60000));
        QCOMPARE(activated.first().at(0).toLongLong(), id);
        QVERIFY(QFile::exists(activated.first().at(1).toString()));
        QVERIFY(!activated.wait(300)); // announced once, not on every later change
    }

    void stopWaitingAsksFirstWhenTheJobIsBilled()
    {
        Rig rig(neverEnding(), m_cache.path(), downloads("stop"));
        const qint64 id = rig.queue->enqueue(textRequest(u"A horse that never finishes"_s));
        QTRY_COMPARE_WITH_TIMEOUT(rig.state(id), JobState::Submitted, 20000);
        rig.view->selectJob(id);
        QVERIFY(rig.view->stopWaitingAction()->isEnabled());

        // Declined: nothing changes.
        rig.answers.answer = false;
        rig.view->stopWaitingAction()->trigger();
        QCOMPARE(rig.answers.texts.size(), 1);
        QCOMPARE(rig.state(id), JobState::Submitted);

        // Accepted: the question said plainly what stopping means, and the job is Stopped.
        rig.answers.answer = true;
        rig.view->stopWaitingAction()->trigger();
        QCOMPARE(rig.answers.texts.size(), 2);
        const QString text = rig.answers.texts.last();
        QVERIFY2(text.contains(u"still runs on the service and is billed"_s), qPrintable(text));
        QVERIFY2(text.contains(u"$0.42"_s), qPrintable(text));
        QCOMPARE(rig.state(id), JobState::Stopped);
        QVERIFY(!rig.view->stopWaitingAction()->isEnabled());
        QVERIFY(rig.view->waitAgainAction()->isEnabled());
        QVERIFY(rig.view->showErrorAction()->isEnabled()); // the stop is explained in the error text

        // Waiting again picks the job up where it was.
        rig.view->waitAgainAction()->trigger();
        QCOMPARE(rig.state(id), JobState::Submitted);
    }

    void stoppingAJobNotYetSentNeedsNoQuestion()
    {
        Rig rig(neverEnding(), m_cache.path(), downloads("queued"), 1);
        const QList<qint64> ids =
            rig.queue->enqueueAll({textRequest(u"Sent first"_s), textRequest(u"Still waiting its turn"_s)});
        QTRY_COMPARE_WITH_TIMEOUT(rig.state(ids.at(0)), JobState::Submitted, 20000);
        QCOMPARE(rig.state(ids.at(1)), JobState::Queued);
        rig.view->show();
        rig.view->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(rig.view.get()));
        rig.view->selectJob(ids.at(1));
        rig.view->listView()->setFocus();
        QTest::keyClick(rig.view->listView(), Qt::Key_Delete); // the shortcut
        QVERIFY(rig.answers.texts.isEmpty());
        QCOMPARE(rig.state(ids.at(1)), JobState::Failed);
        QCOMPARE(rig.view->model()->index(1).data(JobListModel::CostTextRole).toString(), u"not charged"_s);
        QCOMPARE(rig.state(ids.at(0)), JobState::Submitted);
    }

    void retryAddsANewRowAfterSayingItIsBilledAgain()
    {
        SimSettings s = SimSettings::forTests();
        s.failureRate = 1.0;
        Rig rig(s, m_cache.path(), downloads("retry"));
        const qint64 id = rig.queue->enqueue(textRequest(u"A horse that fails"_s));
        QTRY_COMPARE_WITH_TIMEOUT(rig.state(id), JobState::Failed, 20000);
        rig.view->selectJob(id);
        QVERIFY(rig.view->showErrorAction()->isEnabled());
        QSignalSpy retried(rig.view.get(), &QueueView::retryRequested);

        rig.answers.answer = false;
        rig.view->retryAction()->trigger();
        QCOMPARE(rig.view->model()->rowCount(), 1);
        QCOMPARE(retried.size(), 0);

        rig.answers.answer = true;
        rig.view->retryAction()->trigger();
        QCOMPARE(rig.answers.texts.size(), 2);
        QVERIFY2(rig.answers.texts.last().contains(u"billed again"_s), qPrintable(rig.answers.texts.last()));
        QCOMPARE(rig.view->model()->rowCount(), 2);
        QCOMPARE(retried.size(), 1);
        const qint64 newId = retried.first().at(0).toLongLong();
        QVERIFY(newId != id);
        QCOMPARE(rig.view->model()->jobId(1), newId);
        QCOMPARE(rig.view->currentJobId(), newId);
        QCOMPARE(rig.queue->job(newId)->request, rig.queue->job(id)->request);
    }

    void copyPromptAndShowError()
    {
        SimSettings s = SimSettings::forTests();
        s.failureRate = 1.0;
        Rig rig(s, m_cache.path(), downloads("copy"));
        const QString prompt = u"A grey horse\nin the snow, [Image 1] style"_s;
        const qint64 id = rig.queue->enqueue(textRequest(prompt));
        rig.view->selectJob(id);
        QGuiApplication::clipboard()->clear();
        rig.view->copyPromptAction()->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), prompt);

        QTRY_COMPARE_WITH_TIMEOUT(rig.state(id), JobState::Failed, 20000);
        QTRY_VERIFY(rig.view->showErrorAction()->isEnabled());
        rig.view->showErrorAction()->trigger();
        auto *dialog = rig.view->findChild<QDialog *>(u"errorDialog"_s);
        QVERIFY(dialog);
        auto *text = dialog->findChild<QPlainTextEdit *>();
        QVERIFY(text);
        QCOMPARE(text->toPlainText(), rig.queue->job(id)->error);
        QVERIFY(text->isReadOnly());
        QVERIFY(text->textInteractionFlags().testFlag(Qt::TextSelectableByKeyboard));
        dialog->reject();
    }
};

QTEST_MAIN(TestQueueView)
#include "tst_queueview.moc"
