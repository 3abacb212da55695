// The job list model over a real queue and client against the simulator: rows, state texts, progress, costs,
// ticking elapsed times and poster thumbnails, all checked by QAbstractItemModelTester as they change.
#include "api/SegmindClient.h"
#include "jobs/JobListModel.h"
#include "jobs/JobQueue.h"
#include "jobs/JobStore.h"
#include "media/PosterCache.h"
#include "media/PosterFrame.h"
#include "SimFixture.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
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
    request.seed = 7; // the simulator's renders are cached by their parameters: the suite stays fast
    return request;
}

// The roles named in dataChanged signals for one row, in the order they came.
QList<int> rolesFor(const QSignalSpy &spy, int row)
{
    QList<int> roles;
    for (const QList<QVariant> &args : spy) {
        const auto from = args.at(0).toModelIndex();
        const auto to = args.at(1).toModelIndex();
        if (from.row() <= row && row <= to.row())
            roles << args.at(2).value<QList<int>>();
    }
    return roles;
}

} // namespace

// One queue with its client and store, pointed at one simulator, with the model and its tester on top.
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
        settings.poll = PollPolicy().scaled(0.01);
        settings.msPerOutputSecond = 30;
        settings.retryBaseMs = 20;
        settings.retryCapMs = 200;
        settings.randomSeed = 42;
        if (tweak)
            tweak(settings);
        queue = std::make_unique<JobQueue>(&client, &store, settings);
        model = std::make_unique<JobListModel>(queue.get());
        tester = std::make_unique<QAbstractItemModelTester>(model.get(),
                                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    }

    static SimSettings withCache(SimSettings s, const QString &cacheDir)
    {
        s.cacheDirectory = cacheDir;
        return s;
    }

    JobState state(int row) const { return model->index(row).data(JobListModel::StateRole).value<JobState>(); }
    QString text(int row, int role) const { return model->index(row).data(role).toString(); }

    SimFixture sim;
    QNetworkAccessManager network;
    SegmindClient client{&network};
    MemoryJobStore store;
    std::unique_ptr<JobQueue> queue;
    std::unique_ptr<JobListModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;
};

class TestJobListModel final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_cache;
    QTemporaryDir m_files;
    QString m_clip; // a Ready clip from the first test, reused by the poster frame tests

    QString downloads(const char *name) const
    {
        const QString path = m_files.filePath(QString::fromLatin1(name));
        QDir().mkpath(path);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cache.isValid());
        QVERIFY(m_files.isValid());
    }

    void rowsProgressToReadyWithAThumbnail()
    {
        SimSettings s = SimSettings::forTests();
        // A larger, slower download so that progress is seen part-way, not only at the end.
        s.outputPaddingBytes = 3 * 1000 * 1000;
        s.downloadBytesPerSecond = 6 * 1000 * 1000;
        Rig rig(s, m_cache.path(), downloads("ready"));
        QSignalSpy inserted(rig.model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(rig.model.get(), &QAbstractItemModel::dataChanged);

        QStringList texts;
        QList<double> progress;
        connect(rig.model.get(), &QAbstractItemModel::dataChanged, this,
                [&](const QModelIndex &from, const QModelIndex &, const QList<int> &roles) {
                    if (roles.contains(JobListModel::StateTextRole))
                        texts << from.data(JobListModel::StateTextRole).toString();
                    if (roles.contains(JobListModel::ProgressRole))
                        progress << from.data(JobListModel::ProgressRole).toDouble();
                });

        const qint64 id = rig.queue->enqueue(textRequest());
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(rig.model->rowCount(), 1);
        QCOMPARE(rig.model->jobId(0), id);
        QCOMPARE(rig.model->rowOf(id), 0);
        QCOMPARE(rig.text(0, JobListModel::PromptRole), u"A horse running on a beach at sunset"_s);
        QCOMPARE(rig.text(0, Qt::DisplayRole), u"A horse running on a beach at sunset"_s);
        QCOMPARE(rig.text(0, JobListModel::ModeTextRole),
                 GenerationRequest::modeName(GenerationRequest::Mode::TextToVideo));
        QCOMPARE(rig.text(0, JobListModel::SettingsTextRole), u"3 s · 720P · 16:9"_s);
        QCOMPARE(rig.text(0, JobListModel::CostTextRole), u"est. $0.42"_s);
        QCOMPARE(rig.text(0, JobListModel::StateTextRole), jobStateText(JobState::Queued));
        QCOMPARE(rig.model->index(0).data(JobListModel::ProgressRole).toDouble(), -1.0);
        QVERIFY(rig.text(0, JobListModel::ClipPathRole).isEmpty());
        QVERIFY(rig.model->index(0).data(JobListModel::CanStopWaitingRole).toBool());
        QVERIFY(!rig.model->index(0).data(JobListModel::StopIsBilledRole).toBool());

        QTRY_VERIFY_WITH_TIMEOUT(isFinalState(rig.state(0)), 60000);
        QVERIFY2(rig.state(0) == JobState::Ready, qPrintable(rig.text(0, JobListModel::ErrorRole)));

        // The words moved with the job, through generating and downloading, to Ready.
        QVERIFY2(texts.contains(jobStateText(JobState::Submitting)), qPrintable(texts.join(u" | "_s)));
        QVERIFY2(texts.contains(jobStateText(JobState::Submitted)), qPrintable(texts.join(u" | "_s)));
        QVERIFY2(
            std::any_of(texts.cbegin(), texts.cend(), [](const QString &t) { return t.startsWith(u"Downloading"_s); }),
            qPrintable(texts.join(u" | "_s)));
        QCOMPARE(texts.last(), jobStateText(JobState::Ready));
        QCOMPARE(rig.text(0, JobListModel::StateTextRole), u"Ready"_s);

        // Progress was reported part-way, never went backwards, and is -1 again once Ready.
        QVERIFY(!progress.isEmpty());
        QVERIFY2(std::any_of(progress.cbegin(), progress.cend(), [](double p) { return p > 0 && p < 1; }),
                 qPrintable(QString::number(progress.size())));
        for (qsizetype i = 1; i < progress.size(); ++i) {
            if (progress.at(i) >= 0 && progress.at(i - 1) >= 0)
                QVERIFY(progress.at(i) >= progress.at(i - 1));
        }
        QCOMPARE(progress.last(), -1.0);

        QCOMPARE(rig.text(0, JobListModel::CostTextRole), u"$0.42"_s);
        QVERIFY(!rig.model->index(0).data(JobListModel::CanStopWaitingRole).toBool());
        const QString clip = rig.text(0, JobListModel::ClipPathRole);
        QVERIFY(QFile::exists(clip));
        QVERIFY(!rig.text(0, JobListModel::ElapsedTextRole).isEmpty());

        // The poster frame is made on first request, announced, and is a small 16:9 picture.
        changed.clear();
        QVERIFY(rig.model->index(0).data(JobListModel::ThumbnailRole).value<QImage>().isNull());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.model->index(0).data(JobListModel::ThumbnailRole).value<QImage>().isNull(),
                                 30000);
        QVERIFY(rolesFor(changed, 0).contains(JobListModel::ThumbnailRole));
        const QImage thumb = rig.model->index(0).data(JobListModel::ThumbnailRole).value<QImage>();
        QVERIFY(thumb.width() <= 256 && thumb.height() <= 256);
        QVERIFY2(qAbs(double(thumb.width()) / thumb.height() - 16.0 / 9.0) < 0.05,
                 qPrintable(u"%1x%2"_s.arg(thumb.width()).arg(thumb.height())));
        // Not a blank frame: the simulator draws the prompt over a coloured picture.
        QVERIFY(thumb.pixelColor(thumb.width() / 2, thumb.height() / 2) != thumb.pixelColor(2, 2) ||
                thumb.pixelColor(thumb.width() / 4, thumb.height() / 4) != thumb.pixelColor(2, 2));

        QFile::copy(clip, m_files.filePath(u"poster-source.mp4"_s));
        m_clip = m_files.filePath(u"poster-source.mp4"_s);
    }

    void aBatchKeepsQueueOrder()
    {
        Rig rig(SimSettings::forTests(), m_cache.path(), downloads("batch"),
                [](JobQueueSettings &q) { q.maxConcurrent = 2; });
        QList<GenerationRequest> requests;
        for (int i = 0; i < 4; ++i)
            requests << textRequest(u"Take %1 of a horse"_s.arg(i));
        const QList<qint64> ids = rig.queue->enqueueAll(requests);
        QCOMPARE(rig.model->rowCount(), 4);
        for (int row = 0; row < 4; ++row) {
            QCOMPARE(rig.model->jobId(row), ids.at(row));
            QCOMPARE(rig.text(row, JobListModel::PromptRole), u"Take %1 of a horse"_s.arg(row));
        }
        QTRY_VERIFY_WITH_TIMEOUT(rig.state(0) == JobState::Ready && rig.state(1) == JobState::Ready &&
                                     rig.state(2) == JobState::Ready && rig.state(3) == JobState::Ready,
                                 60000);
        // A model made after the fact shows the same rows.
        JobListModel late(rig.queue.get());
        QAbstractItemModelTester lateTester(&late, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(late.rowCount(), 4);
        QCOMPARE(late.jobId(3), ids.at(3));
        QCOMPARE(late.index(3).data(JobListModel::StateRole).value<JobState>(), JobState::Ready);
    }

    void aFailedJobIsNotCharged()
    {
        SimSettings s = SimSettings::forTests();
        s.failureRate = 1.0;
        Rig rig(s, m_cache.path(), downloads("failed"));
        rig.queue->enqueue(textRequest(u"A horse that will not be drawn"_s));
        QCOMPARE(rig.text(0, JobListModel::CostTextRole), u"est. $0.42"_s);
        QTRY_COMPARE_WITH_TIMEOUT(rig.state(0), JobState::Failed, 30000);
        QCOMPARE(rig.text(0, JobListModel::CostTextRole), u"not charged"_s);
        QCOMPARE(rig.text(0, JobListModel::StateTextRole), jobStateText(JobState::Failed));
        const QString error = rig.text(0, JobListModel::ErrorRole);
        QVERIFY(error.contains(u"not charged"_s));
        const QString tip = rig.text(0, Qt::ToolTipRole);
        QVERIFY(tip.startsWith(u"A horse that will not be drawn"_s));
        QVERIFY(tip.endsWith(error));
        QVERIFY(!rig.model->index(0).data(JobListModel::CanDownloadAgainRole).toBool());
        QVERIFY(rig.model->index(0).data(JobListModel::ThumbnailRole).value<QImage>().isNull());
    }

    void elapsedTicksForRunningRowsOnly()
    {
        SimSettings s = SimSettings::forTests();
        s.neverCompleteRate = 1.0;
        Rig rig(s, m_cache.path(), downloads("ticks"), [](JobQueueSettings &q) { q.maxConcurrent = 2; });
        rig.model->setTickInterval(50);
        rig.queue->enqueueAll({textRequest(u"first"_s), textRequest(u"second"_s), textRequest(u"third"_s)});
        QTRY_COMPARE_WITH_TIMEOUT(rig.state(1), JobState::Submitted, 20000);
        QCOMPARE(rig.state(2), JobState::Queued); // two at a time

        // A job not yet sent is cancelled for free; one that was sent is stopped and still billed.
        QVERIFY(!rig.model->index(2).data(JobListModel::StopIsBilledRole).toBool());
        QVERIFY(rig.model->index(0).data(JobListModel::StopIsBilledRole).toBool());
        rig.queue->stopWaiting(rig.model->jobId(2));
        QCOMPARE(rig.state(2), JobState::Failed);
        QCOMPARE(rig.text(2, JobListModel::CostTextRole), u"not charged"_s);
        rig.queue->stopWaiting(rig.model->jobId(0));
        QCOMPARE(rig.state(0), JobState::Stopped);
        QCOMPARE(rig.text(0, JobListModel::CostTextRole), u"est. $0.42"_s);
        QCOMPARE(rig.text(0, JobListModel::StateTextRole), jobStateText(JobState::Stopped));

        QSignalSpy changed(rig.model.get(), &QAbstractItemModel::dataChanged);
        QTRY_VERIFY_WITH_TIMEOUT(rolesFor(changed, 1).count(JobListModel::ElapsedTextRole) >= 3, 5000);
        QVERIFY(!rolesFor(changed, 0).contains(JobListModel::ElapsedTextRole));
        QVERIFY(!rolesFor(changed, 2).contains(JobListModel::ElapsedTextRole));
        QCOMPARE(rig.text(1, JobListModel::ElapsedTextRole).size(), 4); // "0:00": minutes, then two digits

        // Once nothing runs, nothing ticks.
        rig.queue->stopWaiting(rig.model->jobId(1));
        changed.clear();
        QVERIFY(!changed.wait(300)); // a quiet period is the thing under test: no tick may arrive in it
    }

    void texts_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << qint64(0) << u"0:00"_s;
        QTest::newRow("negative clock skew") << qint64(-5000) << u"0:00"_s;
        QTest::newRow("seconds") << qint64(7900) << u"0:07"_s;
        QTest::newRow("minutes") << qint64(83000) << u"1:23"_s;
        QTest::newRow("hours") << qint64(3723000) << u"1:02:03"_s;
    }
    void texts()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, expected);
        QCOMPARE(JobListModel::elapsedText(ms), expected);
    }

    void excerptsAndSettings()
    {
        QCOMPARE(JobListModel::promptExcerpt(u"  A horse\n\nin   the rain "_s), u"A horse in the rain"_s);
        const QString longPrompt = QString(u"gallop "_s).repeated(20000);
        const QString excerpt = JobListModel::promptExcerpt(longPrompt, 40);
        QVERIFY(excerpt.size() <= 41);
        QVERIFY(excerpt.endsWith(u'…'));
        QVERIFY(!excerpt.contains(u"gallo…"_s)); // cut between words
        QCOMPARE(JobListModel::promptExcerpt(QString()), u"(no prompt)"_s);

        GenerationRequest request = textRequest();
        request.resolution = Pricing::Resolution::P1080;
        request.durationSeconds = 15;
        request.aspect = AspectRatio::R9x16;
        QCOMPARE(JobListModel::settingsText(request), u"15 s · 1080P · 9:16"_s);
    }

    void costTexts_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<qint64>("charged");
        QTest::addColumn<bool>("downloadFailed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("queued") << int(JobState::Queued) << qint64(-1) << false << u"est. $0.70"_s;
        QTest::newRow("generating") << int(JobState::Submitted) << qint64(-1) << false << u"est. $0.70"_s;
        QTest::newRow("ready, reported") << int(JobState::Ready) << qint64(71) << false << u"$0.71"_s;
        QTest::newRow("ready, not reported") << int(JobState::Ready) << qint64(-1) << false << u"$0.70"_s;
        QTest::newRow("failed on the service") << int(JobState::Failed) << qint64(0) << false << u"not charged"_s;
        QTest::newRow("cancelled before sending") << int(JobState::Failed) << qint64(-1) << false << u"not charged"_s;
        QTest::newRow("download failed") << int(JobState::Failed) << qint64(70) << true << u"$0.70"_s;
        QTest::newRow("unknown") << int(JobState::Unknown) << qint64(-1) << false << u"maybe $0.70"_s;
        QTest::newRow("stopped") << int(JobState::Stopped) << qint64(-1) << false << u"est. $0.70"_s;
    }
    void costTexts()
    {
        QFETCH(int, state);
        QFETCH(qint64, charged);
        QFETCH(bool, downloadFailed);
        QFETCH(QString, expected);
        Job job;
        job.request = textRequest(u"x"_s, 5);
        job.estimatedCents = 70;
        job.state = JobState(state);
        job.chargedCents = charged;
        job.downloadFailed = downloadFailed;
        QCOMPARE(JobListModel::costText(job), expected);
    }

    // Both ways of making a poster frame work here, and a broken file gives an error rather than a picture.
    void posterFrameMethods_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("ffmpeg");
        QTest::newRow("ffmpeg") << int(PosterFrame::Method::Ffmpeg) << u"ffmpeg"_s;
        QTest::newRow("player") << int(PosterFrame::Method::Player) << u"ffmpeg"_s;
        QTest::newRow("auto without ffmpeg falls back to the player")
            << int(PosterFrame::Method::Auto) << u"/nonexistent/ffmpeg"_s;
    }
    void posterFrameMethods()
    {
        QFETCH(int, method);
        QFETCH(QString, ffmpeg);
        if (m_clip.isEmpty())
            QSKIP("Needs the clip made by rowsProgressToReadyWithAThumbnail, which failed.");
        PosterFrame grab(m_clip, QSize(160, 160));
        grab.setMethod(PosterFrame::Method(method));
        grab.setFfmpegProgram(ffmpeg);
        QSignalSpy finished(&grab, &PosterFrame::finished);
        grab.start();
        QCOMPARE(finished.size(), 0); // never from inside start()
        QVERIFY(finished.wait(30000));
        const QImage image = finished.first().at(0).value<QImage>();
        QVERIFY2(!image.isNull(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(image.width(), 160);
        QCOMPARE(image.height(), 90);
        QVERIFY(!finished.wait(200)); // exactly once
    }

    void posterFrameOfABrokenFile()
    {
        const QString path = m_files.filePath(u"broken.mp4"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        PosterCache cache(QSize(100, 100));
        QSignalSpy ready(&cache, &PosterCache::imageReady);
        QVERIFY(cache.image(path).isNull());
        QVERIFY(cache.isPending(path));
        QVERIFY(ready.wait(30000));
        QCOMPARE(ready.first().at(0).toString(), path);
        QVERIFY(cache.image(path).isNull());
        QVERIFY(!cache.isPending(path)); // not tried again and again
        QVERIFY(!cache.failure(path).isEmpty());

        PosterFrame missing(m_files.filePath(u"missing.mp4"_s), QSize(100, 100));
        QSignalSpy finished(&missing, &PosterFrame::finished);
        missing.start();
        QVERIFY(finished.wait(5000));
        QVERIFY(finished.first().at(0).value<QImage>().isNull());
        QVERIFY(finished.first().at(1).toString().contains(u"missing"_s));
    }
};

QTEST_MAIN(TestJobListModel)
#include "tst_joblistmodel.moc"
