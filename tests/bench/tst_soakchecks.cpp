// The fault soak's checks catch what they are for: each invariant fails on a made-up library or simulator record
// that breaks it, and holds on one that does not. Without this, a soak whose checks could never fail would pass.
#include "SoakChecks.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

Job soakJob(qint64 id, JobState state, const QString &requestId = {})
{
    Job job;
    job.id = id;
    job.request.negativePrompt = u"job %1"_s.arg(id);
    job.state = state;
    job.requestId = requestId;
    job.submittedAt = QDateTime::fromSecsSinceEpoch(1000 + id, Qt::UTC);
    job.finishedAt = isFinalState(state) ? QDateTime::fromSecsSinceEpoch(2000 + id, Qt::UTC) : QDateTime();
    return job;
}

LibrarySnapshot snapshot(const QList<Job> &jobs)
{
    LibrarySnapshot library;
    for (const Job &job : jobs)
        library.jobs.insert(job.id, job);
    library.rows = int(jobs.size());
    library.integrity = u"ok"_s;
    return library;
}

QJsonObject post(int number, const QString &outcome, const QString &requestId = {})
{
    return QJsonObject{
        {u"outcome"_s, outcome}, {u"request_id"_s, requestId}, {u"negative_prompt"_s, u"job %1"_s.arg(number)}};
}

QJsonObject stats(const QList<QJsonObject> &posts)
{
    QJsonArray records;
    int created = 0;
    for (const QJsonObject &record : posts) {
        records.append(record);
        created += record.value(u"request_id"_s).toString().isEmpty() ? 0 : 1;
    }
    return QJsonObject{{u"counters"_s, QJsonObject{{u"submits"_s, int(posts.size())},
                                                   {u"jobs_created"_s, created},
                                                   {u"keys_sent_to_files_host"_s, 0}}},
                       {u"submit_records"_s, records}};
}

// Job 1 failed on the service (request r1), job 2 unknown after a lost answer (r2 created, an orphan), job 3 refused
// with 429 then sent and failed on the service (r3), job 4 killed before its POST left (unknown, nothing sent).
LibrarySnapshot goodLibrary()
{
    return snapshot({soakJob(1, JobState::Failed, u"r1"_s), soakJob(2, JobState::Unknown),
                     soakJob(3, JobState::Failed, u"r3"_s), soakJob(4, JobState::Unknown)});
}

QList<QJsonObject> goodPosts()
{
    return {post(1, u"created"_s, u"r1"_s), post(2, u"answer-lost"_s, u"r2"_s), post(3, u"rate-limited"_s),
            post(3, u"created"_s, u"r3"_s)};
}

} // namespace

class TestSoakChecks final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void postsThatAddUpPass()
    {
        SoakVerdict verdict;
        const PostFigures figures = checkPosts(stats(goodPosts()), goodLibrary(), verdict);
        QVERIFY2(verdict.passed(), qPrintable(verdict.failures().join(u'\n')));
        QCOMPARE(figures.posts, 4);
        QCOMPARE(figures.rateLimited, 1);
        QCOMPARE(figures.reached, 3);
        QCOMPARE(figures.created, 3);
        QCOMPARE(figures.orphans, 1);
    }

    void badPosts_data()
    {
        QTest::addColumn<QList<QJsonObject>>("posts");
        QTest::addColumn<QString>("named");
        QTest::newRow("sent twice") << (goodPosts() << post(4, u"server-error"_s) << post(4, u"created"_s, u"r4"_s))
                                    << u"reached the simulator 2 times"_s;
        QTest::newRow("a POST from no job") << (goodPosts() << post(9, u"created"_s, u"r9"_s)) << u"from no job"_s;
        QTest::newRow("another request id")
            << QList<QJsonObject>{post(1, u"created"_s, u"rX"_s), post(2, u"answer-lost"_s, u"r2"_s),
                                  post(3, u"created"_s, u"r3"_s)}
            << u"does not match"_s;
        QTest::newRow("a request id never given")
            << QList<QJsonObject>{post(1, u"created"_s, u"r1"_s), post(2, u"answer-lost"_s, u"r2"_s)}
            << u"never gave"_s;
    }
    void badPosts()
    {
        QFETCH(QList<QJsonObject>, posts);
        QFETCH(QString, named);
        SoakVerdict verdict;
        checkPosts(stats(posts), goodLibrary(), verdict);
        QVERIFY(!verdict.passed());
        QVERIFY2(verdict.failures().join(u'\n').contains(named), qPrintable(verdict.failures().join(u'\n')));
    }

    void aLostAnswerMustBeShownUnknown()
    {
        LibrarySnapshot library = goodLibrary();
        library.jobs[2].state = JobState::Failed; // as if Paddock had said "nothing was sent"
        SoakVerdict verdict;
        checkPosts(stats(goodPosts()), library, verdict);
        QVERIFY(verdict.failures().join(u'\n').contains(u"yet is not unknown"_s));
    }

    void aJobEndsOnce()
    {
        const LibrarySnapshot before = goodLibrary();
        SoakVerdict holds;
        checkSnapshot(before, before, 4, holds);
        checkEnds(before, {{1, u"failed"_s}, {2, u"unknown"_s}}, 4, holds);
        QVERIFY2(holds.passed(), qPrintable(holds.failures().join(u'\n')));

        LibrarySnapshot after = before;
        after.jobs[1].state = JobState::Ready; // a second end
        SoakVerdict changed;
        checkSnapshot(before, after, 4, changed);
        QVERIFY(changed.failures().join(u'\n').contains(u"ended twice"_s));

        SoakVerdict twice;
        checkEnds(before, {{1, u"failed"_s}, {1, u"failed"_s}}, 4, twice);
        QVERIFY(twice.failures().join(u'\n').contains(u"ended 2 times"_s));

        LibrarySnapshot running = before;
        running.jobs[4].state = JobState::Submitted;
        running.jobs[4].finishedAt = {};
        SoakVerdict lost;
        checkEnds(running, {}, 4, lost);
        QVERIFY(lost.failures().join(u'\n').contains(u"has not ended"_s));
    }

    void aJobIsNeverSentAgain()
    {
        LibrarySnapshot before = goodLibrary();
        before.jobs[4].state = JobState::Submitting;
        before.jobs[4].finishedAt = {};
        LibrarySnapshot after = before;
        after.jobs[4].submittedAt = after.jobs[4].submittedAt.addSecs(5);
        SoakVerdict verdict;
        checkSnapshot(before, after, 4, verdict);
        QVERIFY(verdict.failures().join(u'\n').contains(u"sent a second time"_s));
    }

    void theLibraryMustBeWholeAndSound()
    {
        LibrarySnapshot library = goodLibrary();
        library.integrity = u"*** in database main ***"_s;
        library.rows = 5; // a duplicate row the library's queries hide
        SoakVerdict verdict;
        checkSnapshot({}, library, 4, verdict);
        const QString failures = verdict.failures().join(u'\n');
        QVERIFY(failures.contains(u"integrity_check"_s));
        QVERIFY(failures.contains(u"5 generation rows"_s));
    }
};

QTEST_GUILESS_MAIN(TestSoakChecks)
#include "tst_soakchecks.moc"
