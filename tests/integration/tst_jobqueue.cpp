// The job queue against the simulator: every mode to a playable MP4 on disk, and every fault knob,
// with no job lost and none submitted twice.
#include "FfprobeInfo.h"
#include "SimFixture.h"
#include "TestImages.h"
#include "api/SegmindClient.h"
#include "jobs/JobQueue.h"
#include "jobs/JobStore.h"
#include "media/Mp4Info.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

GenerationRequest textRequest(const QString &prompt = u"A horse running on a beach at sunset"_s, int seconds = 3)
{
    GenerationRequest request;
    request.prompt = prompt;
    request.durationSeconds = seconds;
    request.resolution = Pricing::Resolution::P720;
    request.seed = 7; // shared renders keep the suite fast
    return request;
}

QString writeImage(const QTemporaryDir &dir, const QString &name, QSize size, const char *format, int hue)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(TestImages::encoded(size, format, hue));
    return path;
}

} // namespace

// One queue with its client and store, pointed at one simulator.
struct Rig
{
    explicit Rig(const SimSettings &simSettings, const QString &cacheDir, const QString &downloads,
                 std::function<void(JobQueueSettings &)> tweak = {})
        : sim(withCache(simSettings, cacheDir))
    {
        client.setBaseUrl(sim.server().baseUrl());
        client.setApiKey(QString::fromLatin1(SimFixture::kKey));
        client.setTimeouts(2000, 2000);
        JobQueueSettings settings;
        settings.downloadDirectory = downloads;
        settings.poll = PollPolicy().scaled(0.01);   // a status call at least every 100 ms
        settings.msPerOutputSecond = 30;            // jobs take tens of milliseconds here
        settings.retryBaseMs = 20;
        settings.retryCapMs = 200;
        settings.randomSeed = 42;
        if (tweak)
            tweak(settings);
        queue = std::make_unique<JobQueue>(&client, &store, settings);
    }

    static SimSettings withCache(SimSettings s, const QString &cacheDir)
    {
        s.cacheDirectory = cacheDir;
        return s;
    }

    bool allFinal() const
    {
        const auto ids = queue->jobIds();
        return std::all_of(ids.cbegin(), ids.cend(), [this](qint64 id) { return isFinalState(queue->job(id)->state); });
    }

    int count(JobState state) const
    {
        const auto ids = queue->jobIds();
        return int(std::count_if(ids.cbegin(), ids.cend(),
                                 [this, state](qint64 id) { return queue->job(id)->state == state; }));
    }

    SimFixture sim;
    QNetworkAccessManager network;
    SegmindClient client{&network};
    MemoryJobStore store;
    std::unique_ptr<JobQueue> queue;
};

class TestJobQueue final : public QObject
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

    // Renders textRequest()'s clip into the shared cache, so that timing tests measure the queue, not ffmpeg.
    void renderFirst()
    {
        Rig warm(SimSettings::forTests(), m_cache.path(), downloads("render-first"));
        const qint64 id = warm.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(isFinalState(warm.queue->job(id)->state), 20000);
    }

private Q_SLOTS:
    void eachModeEndToEnd_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QSize>("size");
        QTest::newRow("text to video") << 0 << QSize(1280, 720);
        QTest::newRow("image to video") << 1 << QSize(1200, 720);
        QTest::newRow("reference to video") << 2 << QSize(720, 1280);
    }
    void eachModeEndToEnd()
    {
        QFETCH(int, mode);
        QFETCH(QSize, size);
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("modes"));
        GenerationRequest request = textRequest();
        if (mode == 1) {
            request.firstFrame = ImageSource::fromFile(writeImage(m_files, u"first.jpg"_s, {1000, 600}, "JPEG", 20));
        } else if (mode == 2) {
            request.aspect = AspectRatio::R9x16;
            for (int i = 0; i < 3; ++i)
                request.references << ImageSource::fromFile(
                    writeImage(m_files, u"ref%1.png"_s.arg(i), {640, 480}, "PNG", i * 90));
        }
        QSignalSpy states(rig.queue.get(), &JobQueue::jobStateChanged);
        const qint64 id = rig.queue->enqueue(request);
        QVERIFY(id > 0);
        QTRY_VERIFY_WITH_TIMEOUT(isFinalState(rig.queue->job(id)->state), 60000);
        const Job &job = *rig.queue->job(id);
        QVERIFY2(job.state == JobState::Ready, qPrintable(job.error));
        QVERIFY(QFile::exists(job.clipPath));
        QVERIFY(!QFile::exists(job.clipPath + u".part"_s));
        const Mp4Info info = Mp4Info::fromFile(job.clipPath);
        QVERIFY2(info.valid, qPrintable(info.error));
        QCOMPARE(QSize(info.width, info.height), size);
        QVERIFY(info.hasAudio);
        QVERIFY(qAbs(info.durationSeconds - 3.0) <= 0.1);
        QCOMPARE(job.chargedCents, qint64(42));
        QCOMPARE(job.estimatedCents, qint64(42));

        // The states came in order.
        QList<JobState> seen;
        for (const auto &args : states)
            seen << args.at(1).value<JobState>();
        QCOMPARE(seen.first(), JobState::Submitting);
        QVERIFY(seen.contains(JobState::Submitted));
        QVERIFY(seen.contains(JobState::Downloading));
        QCOMPARE(seen.last(), JobState::Ready);
        QCOMPARE(rig.sim.server().counters().submits, 1);
        QCOMPARE(rig.sim.server().counters().keysSentToFilesHost, 0);
    }

    void persistedBeforeThePostIsSent()
    {
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("persist"));
        bool checked = false;
        connect(&rig.sim.server(), &SimServer::jobCreated, this, [&] {
            // The POST has just arrived: the store must already hold the job, marked as being sent.
            QCOMPARE(rig.store.jobs().size(), 1);
            QCOMPARE(rig.store.jobs().first().state, JobState::Submitting);
            QVERIFY(rig.store.jobs().first().submittedAt.isValid());
            checked = true;
        });
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(checked, 20000);
        // And the request id is written the moment it arrives.
        QTRY_VERIFY_WITH_TIMEOUT(!rig.store.jobs().first().requestId.isEmpty(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(id)->state, JobState::Ready, 60000);
        QCOMPARE(rig.store.jobs().first().state, JobState::Ready);
    }

    void aStoreThatCannotWriteSendsNothing()
    {
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("nostore"));
        rig.store.failNextSaves(true);
        QCOMPARE(rig.queue->enqueue(textRequest()), qint64(0));
        QTest::qWait(100);
        QCOMPARE(rig.sim.server().counters().submits, 0);
    }

    void concurrencyLimitAndBatch()
    {
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("batch"),
                [](JobQueueSettings &s) { s.maxConcurrent = 2; });
        int maxInFlight = 0;
        connect(rig.queue.get(), &JobQueue::jobStateChanged, this,
                [&] { maxInFlight = qMax(maxInFlight, rig.queue->inFlightCount()); });
        const QList<qint64> ids = rig.queue->enqueueAll(QList<GenerationRequest>(6, textRequest()));
        QCOMPARE(ids.size(), 6);
        QTRY_VERIFY_WITH_TIMEOUT(rig.allFinal(), 60000);
        QCOMPARE(rig.count(JobState::Ready), 6);
        QCOMPARE(maxInFlight, 2);
        QCOMPARE(rig.sim.server().counters().submits, 6);
    }


    // Forty jobs allowed at once still start a few per turn of the event loop, so the window keeps drawing
    // while a big batch goes out; all of them are sent, each once.
    void aBigBatchStartsAFewPerTurn()
    {
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("bigbatch"),
                [](JobQueueSettings &s) { s.maxConcurrent = 40; });
        const QList<qint64> ids = rig.queue->enqueueAll(QList<GenerationRequest>(40, textRequest()));
        QCOMPARE(ids.size(), 40);
        QCoreApplication::processEvents(); // one turn: the queue's first pump
        const int afterOneTurn = rig.count(JobState::Submitting) + rig.count(JobState::Submitted);
        QVERIFY2(afterOneTurn > 0 && afterOneTurn <= 10, qPrintable(QString::number(afterOneTurn)));
        QTRY_VERIFY_WITH_TIMEOUT(rig.allFinal(), 60000);
        QCOMPARE(rig.count(JobState::Ready), 40);
        QCOMPARE(rig.sim.server().counters().submits, 40);
    }
    void failedJobsAreNotCharged()
    {
        SimSettings s = SimSettings::forTests();
        s.failureRate = 1.0;
        Rig rig(s, m_cache.path(), downloads("failed"));
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(id)->state, JobState::Failed, 20000);
        QCOMPARE(rig.queue->job(id)->chargedCents, qint64(0));
        QCOMPARE(rig.queue->job(id)->errorKind, ApiError::Kind::JobFailed);
        QVERIFY(rig.queue->job(id)->error.contains(u"not charged"_s));
        QCOMPARE(rig.sim.server().counters().submits, 1);
    }

    // Faults on the way back (GETs) are retried until every job ends; none is lost or sent twice.
    void transientFaults_data()
    {
        QTest::addColumn<QString>("knob");
        QTest::newRow("5xx") << u"server-error"_s;
        QTest::newRow("malformed JSON") << u"malformed"_s;
        QTest::newRow("HTML pages") << u"html"_s;
        QTest::newRow("slow downloads") << u"slow"_s;
        QTest::newRow("cut-off downloads") << u"cut"_s;
    }
    void transientFaults()
    {
        QFETCH(QString, knob);
        SimSettings s = SimSettings::forTests();
        s.seed = 11;
        if (knob == u"server-error"_s)
            s.serverErrorRate = 0.3;
        else if (knob == u"malformed"_s)
            s.malformedJsonRate = 0.3;
        else if (knob == u"html"_s)
            s.htmlErrorRate = 0.3;
        else if (knob == u"slow"_s)
            s.downloadBytesPerSecond = 2 * 1000 * 1000;
        else if (knob == u"cut"_s)
            s.cutDownloadRate = 0.5;
        Rig rig(s, m_cache.path(), downloads("faults"));
        const QList<qint64> ids = rig.queue->enqueueAll(QList<GenerationRequest>(5, textRequest()));
        QTRY_VERIFY_WITH_TIMEOUT(rig.allFinal(), 90000);

        const SimServer::Counters counters = rig.sim.server().counters();
        // Every job was sent exactly once.
        QCOMPARE(counters.submits, 5);
        for (qint64 id : ids) {
            const Job *job = rig.queue->job(id);
            if (job->state == JobState::Ready) {
                QVERIFY(Mp4Info::fromFile(job->clipPath).valid);
                QVERIFY(Mp4Info::fromFile(job->clipPath).complete); // never a clip cut short
                continue;
            }
            // A submit hit by the fault: its fate is unknown and it is shown as such, never resent.
            QVERIFY2(job->state == JobState::Unknown || job->state == JobState::Failed, qPrintable(job->error));
            QVERIFY(knob == u"server-error"_s || knob == u"html"_s);
        }
        QVERIFY(rig.count(JobState::Ready) >= 1);
        if (knob == u"cut"_s) {
            int retried = 0;
            for (qint64 id : ids)
                retried += rig.queue->job(id)->downloadAttempts > 1 ? 1 : 0;
            QVERIFY(retried >= 1);
            QCOMPARE(rig.count(JobState::Ready), 5);
        }
        // No half-written file is left behind.
        QVERIFY(QDir(downloads("faults")).entryList({u"*.part"_s}, QDir::Files).isEmpty());
    }

    void downloadsThatAlwaysBreakEndAsFailedButPaid()
    {
        SimSettings s = SimSettings::forTests();
        s.cutDownloadRate = 1.0;
        Rig rig(s, m_cache.path(), downloads("alwayscut"), [](JobQueueSettings &q) { q.maxDownloadAttempts = 3; });
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(id)->state, JobState::Failed, 30000);
        const Job &job = *rig.queue->job(id);
        QVERIFY(job.downloadFailed);
        QCOMPARE(job.downloadAttempts, 3);
        QVERIFY(job.outputUrl.isValid());
        QVERIFY(job.clipPath.isEmpty());
        QVERIFY(QDir(downloads("alwayscut")).entryList(QDir::Files).isEmpty());
        QCOMPARE(rig.sim.server().counters().submits, 1);
    }

    void rateLimitStormLosesNothing()
    {
        SimSettings s = SimSettings::forTests();
        s.rateLimitPerMinute = 4;
        s.rateWindowMs = 300;
        Rig rig(s, m_cache.path(), downloads("ratelimit"));
        QSignalSpy paused(rig.queue.get(), &JobQueue::paused);
        const QList<qint64> ids = rig.queue->enqueueAll(QList<GenerationRequest>(6, textRequest()));
        QTRY_VERIFY_WITH_TIMEOUT(rig.allFinal(), 90000);
        QCOMPARE(rig.count(JobState::Ready), 6);
        QVERIFY(rig.sim.server().counters().rateLimited > 0);
        QVERIFY(!paused.isEmpty());
        // A 429 means the job was never created, so sending it again later is not a second job.
        QCOMPARE(rig.sim.server().counters().jobsCreated, 6);
    }

    // The free plan's limit, 5 calls a minute (in a short window here), whether or not status calls count towards
    // it: every job still ends Ready, none is lost or paid twice, and after a 429 the queue waits for the reset
    // instead of hammering (a bounded number of refusals per window).
    void staysWithinARateLimitOfFive_data()
    {
        QTest::addColumn<bool>("pollsCount");
        QTest::newRow("status calls count") << true;
        QTest::newRow("status calls are free") << false;
    }
    void staysWithinARateLimitOfFive()
    {
        QFETCH(bool, pollsCount);
        SimSettings s = SimSettings::forTests();
        s.rateLimitPerMinute = 5;
        s.rateWindowMs = 400;
        s.pollsCountTowardsLimit = pollsCount;
        Rig rig(s, m_cache.path(), downloads(pollsCount ? "limit5-counted" : "limit5-free"));
        QElapsedTimer clock;
        clock.start();
        constexpr int kJobs = 6;
        const QList<qint64> ids = rig.queue->enqueueAll(QList<GenerationRequest>(kJobs, textRequest()));
        QTRY_VERIFY_WITH_TIMEOUT(rig.allFinal(), 120000);
        const qint64 windows = clock.elapsed() / s.rateWindowMs + 1;
        QCOMPARE(rig.count(JobState::Ready), kJobs);
        const SimServer::Counters c = rig.sim.server().counters();
        QCOMPARE(c.jobsCreated, kJobs);                              // none sent twice
        QCOMPARE(c.downloads, kJobs);                                // none lost
        QCOMPARE(rig.sim.server().balanceCents(), qint64(2500 - kJobs * 42)); // each paid once
        for (qint64 id : ids)
            QCOMPARE(rig.queue->job(id)->chargedCents, qint64(42));
        // Within the limit: the simulator admitted at most five calls a window, and Paddock did not keep knocking.
        const int admitted = c.submits + c.statusCalls + c.resultCalls + c.pollCalls - c.rateLimited;
        if (pollsCount)
            QVERIFY(c.rateLimited > 0); // the limit was really reached, and waited out
        const int counted = pollsCount ? admitted : c.submits - c.rateLimited;
        QVERIFY2(counted <= 5 * windows, qPrintable(u"%1 counted calls in %2 windows"_s.arg(counted).arg(windows)));
        QVERIFY2(c.rateLimited <= windows * (kJobs + 1),
                 qPrintable(u"%1 refusals in %2 windows"_s.arg(c.rateLimited).arg(windows)));
    }

    void aJobThatNeverCompletesCanBeLeft()
    {
        SimSettings s = SimSettings::forTests();
        s.neverCompleteRate = 1.0;
        Rig rig(s, m_cache.path(), downloads("never"));
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(id)->remoteStatus, u"PROCESSING"_s, 20000);
        QTest::qWait(1000); // a long time at this scale: many expected run times
        const int calls = rig.queue->job(id)->statusCalls;
        // Polling slows down for an overdue job instead of hammering the service.
        QVERIFY2(calls < 80, qPrintable(QString::number(calls)));
        rig.queue->stopWaiting(id);
        QCOMPARE(rig.queue->job(id)->state, JobState::Stopped);
        QVERIFY(rig.queue->job(id)->error.contains(u"billed"_s));
        // A status call already on the wire may still reach the service; after it, nothing more.
        QTest::qWait(200);
        const int after = rig.sim.server().counters().statusCalls;
        QTest::qWait(400);
        QCOMPARE(rig.sim.server().counters().statusCalls, after);
    }

    void aWrongFirstGuessStillNoticesTheEndWithinTheBound()
    {
        renderFirst();
        // The first guess is a hundred times too long; the bound (500 ms on this scale) still holds.
        SimSettings s = SimSettings::forTests();
        s.processingMs = 800;
        Rig rig(s, m_cache.path(), downloads("wrong-guess"), [](JobQueueSettings &q) {
            q.poll = PollPolicy().scaled(0.05);
            q.msPerOutputSecond = 30000;
        });
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(rig.queue->job(id)->completedAt.isValid(), 20000);
        const Job *job = rig.queue->job(id);
        QVERIFY(job->metrics.totalSeconds);
        const qint64 lateMs = job->submittedAt.msecsTo(job->completedAt) - qint64(*job->metrics.totalSeconds * 1000.0);
        QVERIFY2(lateMs <= 500 + 200, qPrintable(u"noticed %1 ms late"_s.arg(lateMs))); // the bound and calls' time
    }

    void theEstimatorLearnsWhenTheServiceFinishedNotWhenItWasNoticed()
    {
        renderFirst(); // so that the job below takes the simulator's 50 ms
        SimSettings s = SimSettings::forTests();
        s.queueMs = 0;
        s.processingMs = 50;
        // A 2 s bound: the first status call comes long after the job has finished.
        Rig rig(s, m_cache.path(), downloads("learn"), [](JobQueueSettings &q) { q.poll = PollPolicy().scaled(0.2); });
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(rig.queue->job(id)->completedAt.isValid(), 20000);
        const Job *job = rig.queue->job(id);
        QVERIFY(job->metrics.totalSeconds);
        const qint64 serviceMs = qint64(*job->metrics.totalSeconds * 1000.0);
        const qint64 noticedMs = job->submittedAt.msecsTo(job->completedAt);
        QVERIFY2(noticedMs - serviceMs > 300, qPrintable(u"%1 ms against %2 ms"_s.arg(noticedMs).arg(serviceMs)));
        const qint64 learned = rig.queue->estimator().expectedMs(job->request.durationSeconds,
                                                                 job->request.resolution == Pricing::Resolution::P1080);
        QVERIFY2(qAbs(learned - serviceMs) < 50, qPrintable(u"%1 ms against %2 ms"_s.arg(learned).arg(serviceMs)));
    }

    void expiredRequestsKeepTheirRecord()
    {
        SimSettings s = SimSettings::forTests();
        s.neverCompleteRate = 1.0;
        s.requestRetentionMs = 300;
        Rig rig(s, m_cache.path(), downloads("expired"));
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(id)->state, JobState::Expired, 20000);
        QVERIFY(!rig.queue->job(id)->requestId.isEmpty());
        QCOMPARE(rig.store.jobs().first().state, JobState::Expired);
    }

    void lostAnswersAreUnknownAndNeverResent_data()
    {
        QTest::addColumn<QString>("knob");
        QTest::newRow("connection dropped after creating the job") << u"lost"_s;
        QTest::newRow("no answer at all") << u"silent"_s;
    }
    void lostAnswersAreUnknownAndNeverResent()
    {
        QFETCH(QString, knob);
        SimSettings s = SimSettings::forTests();
        if (knob == u"lost"_s)
            s.lostSubmitRate = 1.0;
        else
            s.noAnswerRate = 1.0;
        Rig rig(s, m_cache.path(), downloads("lost"));
        rig.client.setTimeouts(300, 300);
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(id)->state, JobState::Unknown, 20000);
        QVERIFY(rig.queue->job(id)->error.contains(u"billed"_s));
        QTest::qWait(500);
        QCOMPARE(rig.sim.server().counters().submits, 1);
        // Only the person can send it again, as a new job.
        const qint64 again = rig.queue->retryAsNew(id);
        QVERIFY(again != id && again > 0);
        QTRY_COMPARE_WITH_TIMEOUT(rig.sim.server().counters().submits, 2, 20000);
    }

    void insufficientCreditsPausesTheQueue()
    {
        SimSettings s = SimSettings::forTests();
        s.balanceCents = 10;
        Rig rig(s, m_cache.path(), downloads("credits"), [](JobQueueSettings &q) { q.maxConcurrent = 1; });
        QSignalSpy paused(rig.queue.get(), &JobQueue::paused);
        const QList<qint64> ids = rig.queue->enqueueAll(QList<GenerationRequest>(3, textRequest()));
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(ids[0])->state, JobState::Failed, 20000);
        QCOMPARE(rig.queue->job(ids[0])->errorKind, ApiError::Kind::InsufficientCredits);
        QVERIFY(rig.queue->isPaused());
        QCOMPARE(paused.size(), 1);
        QTest::qWait(200);
        QCOMPARE(rig.queue->job(ids[1])->state, JobState::Queued);
        QCOMPARE(rig.sim.server().counters().submits, 1);

        rig.sim.server().setBalanceCents(2500);
        rig.queue->resume();
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(ids[2])->state, JobState::Ready, 60000);
        QCOMPARE(rig.queue->job(ids[1])->state, JobState::Ready);
    }

    void stopWaitingBeforeSendingCostsNothing()
    {
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("cancel"),
                [](JobQueueSettings &q) { q.maxConcurrent = 1; });
        const QList<qint64> ids = rig.queue->enqueueAll(QList<GenerationRequest>(2, textRequest()));
        rig.queue->stopWaiting(ids[1]);
        QCOMPARE(rig.queue->job(ids[1])->state, JobState::Failed);
        QVERIFY(rig.queue->job(ids[1])->error.contains(u"Nothing was charged"_s));
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(ids[0])->state, JobState::Ready, 60000);
        QCOMPARE(rig.sim.server().counters().submits, 1);
    }

    void aServiceThatCannotBeReachedChargesNothing()
    {
        // Nothing listens on this port any more: the POST never left, so the job failed cleanly (no "unknown").
        quint16 closedPort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            closedPort = probe.serverPort();
        }
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("unreachable"));
        rig.client.setBaseUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(closedPort)));
        const qint64 id = rig.queue->enqueue(textRequest());
        QTRY_COMPARE_WITH_TIMEOUT(rig.queue->job(id)->state, JobState::Failed, 20000);
        QVERIFY(rig.queue->job(id)->error.contains(u"Nothing was sent or charged"_s));
    }

    void reattachAfterRestart()
    {
        SimSettings s = SimSettings::forTests();
        s.processingMs = 500;
        Rig first(s, m_cache.path(), downloads("reattach"));
        const qint64 id = first.queue->enqueue(textRequest());
        QTRY_VERIFY_WITH_TIMEOUT(!first.queue->job(id)->requestId.isEmpty(), 20000);
        const Job stored = first.store.jobs().first();
        first.queue.reset(); // Paddock closes while the job runs

        // A new queue (a new Paddock) against the same service carries the job on.
        QNetworkAccessManager network;
        SegmindClient client(&network);
        client.setBaseUrl(first.sim.server().baseUrl());
        client.setApiKey(QString::fromLatin1(SimFixture::kKey));
        MemoryJobStore store;
        JobQueueSettings settings;
        settings.downloadDirectory = downloads("reattach");
        settings.poll = PollPolicy().scaled(0.01);
        settings.msPerOutputSecond = 30;
        JobQueue queue(&client, &store, settings);
        QCOMPARE(queue.reattach(stored), stored.id);
        QTRY_COMPARE_WITH_TIMEOUT(queue.job(stored.id)->state, JobState::Ready, 30000);
        QCOMPARE(first.sim.server().counters().submits, 1);

        // A job sent but never answered before the crash is Unknown, not resent.
        Job halfSent = stored;
        halfSent.id = 999;
        halfSent.state = JobState::Submitting;
        halfSent.requestId.clear();
        queue.reattach(halfSent);
        QCOMPARE(queue.job(999)->state, JobState::Unknown);

        // A job older than the service's memory is Expired without asking.
        Job old = stored;
        old.id = 1000;
        old.state = JobState::Submitted;
        old.outputUrl.clear();
        old.submittedAt = QDateTime::currentDateTimeUtc().addSecs(-2 * 3600);
        queue.reattach(old);
        QCOMPARE(queue.job(1000)->state, JobState::Expired);
        QCOMPARE(first.sim.server().counters().submits, 1);
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "tst_jobqueue.moc"
