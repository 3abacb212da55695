// The polling schedule: a job's end is noticed within the bound (10 s) whatever its run time and however
// wrong the estimate, at no more than one status call per 8 s, and faster and cheaper when the estimate
// is good. The estimator learns both how long jobs take and how much they vary.
#include "jobs/PollSchedule.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

class TestPollSchedule final : public QObject
{
    Q_OBJECT

    static constexpr qint64 kBoundMs = 10000;   // noticed within 10 s of the end
    static constexpr double kBudgetMs = 8000;   // at most one call per 8 s

    struct Simulation
    {
        int calls = 0;
        qint64 detectionDelayMs = 0;
    };

    // Polls a job that really ends at endMs under the given belief; counts calls and lateness.
    static Simulation simulate(const PollPolicy &policy, qint64 endMs, const RunTimeBelief &belief,
                               QRandomGenerator &random)
    {
        Simulation s;
        qint64 t = 0;
        while (true) {
            t += PollSchedule::nextDelayMs(policy, t, belief, random.generateDouble());
            ++s.calls;
            if (t >= endMs) {
                s.detectionDelayMs = t - endMs;
                return s;
            }
        }
    }

    struct Summary
    {
        qint64 p50 = 0;
        qint64 p95 = 0;
        qint64 worst = 0;
        double callsPer8s = 0; // calls × 8 s / run time, over all jobs
        double callsPerJob = 0;
    };

    static Summary summarize(QList<qint64> delays, qint64 calls, double runTimeMs)
    {
        std::sort(delays.begin(), delays.end());
        Summary s;
        s.p50 = delays.at(delays.size() / 2);
        s.p95 = delays.at(qsizetype(double(delays.size()) * 0.95));
        s.worst = delays.constLast();
        s.callsPer8s = double(calls) * kBudgetMs / runTimeMs;
        s.callsPerJob = double(calls) / double(delays.size());
        return s;
    }

    // Every run time from 15 s to 10 min, second by second.
    static Summary everyRunTime(const PollPolicy &policy, const RunTimeBelief &belief, quint32 seed)
    {
        QRandomGenerator random(seed);
        QList<qint64> delays;
        qint64 calls = 0;
        double total = 0;
        for (qint64 end = 15000; end <= 600000; end += 1000) {
            const Simulation s = simulate(policy, end, belief, random);
            delays << s.detectionDelayMs;
            calls += s.calls;
            total += double(end);
        }
        return summarize(delays, calls, total);
    }

    // Run times drawn around the belief, as learned from jobs like them (log-normal, the belief's spread).
    static Summary aroundTheEstimate(const PollPolicy &policy, const RunTimeBelief &belief, double trueSpread,
                                     quint32 seed)
    {
        QRandomGenerator random(seed);
        QList<qint64> delays;
        qint64 calls = 0;
        double total = 0;
        for (int i = 0; i < 2000; ++i) {
            // Box-Muller: a standard normal from two uniforms.
            const double u1 = std::max(1e-12, random.generateDouble());
            const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * random.generateDouble());
            const qint64 end = qint64(double(belief.expectedMs) * std::exp(trueSpread * normal));
            const Simulation s = simulate(policy, end, belief, random);
            delays << s.detectionDelayMs;
            calls += s.calls;
            total += double(end);
        }
        return summarize(delays, calls, total);
    }

    static QByteArray describe(const Summary &s)
    {
        return QStringLiteral("p50 %1 ms, p95 %2 ms, worst %3 ms, %4 calls per job, %5 calls per 8 s")
            .arg(s.p50)
            .arg(s.p95)
            .arg(s.worst)
            .arg(s.callsPerJob, 0, 'f', 1)
            .arg(s.callsPer8s, 0, 'f', 2)
            .toUtf8();
    }

private Q_SLOTS:
    void theDefaultsStateTheRule()
    {
        const PollPolicy policy;
        QCOMPARE(policy.boundMs, kBoundMs);
        QVERIFY(double(policy.budgetMs) >= kBudgetMs);
        QVERIFY(policy.minGapMs <= policy.boundMs);
    }

    // The first job of a session, or any job whose estimate is wrong: the bound holds for every run time.
    void anyRunTimeWithAWrongGuess_data()
    {
        QTest::addColumn<qint64>("expectedMs");
        QTest::addColumn<double>("spread");
        const double prior = RunTimeEstimator::kPriorSpread;
        QTest::newRow("first job, 5 s 720P: guess 150 s") << qint64(150000) << prior;
        QTest::newRow("first job, 15 s 1080P: guess 585 s") << qint64(585000) << prior;
        QTest::newRow("first job, guess 20 s") << qint64(20000) << prior;
        QTest::newRow("first job, guess 15 min") << qint64(900000) << prior;
        // What the estimator learns from jobs that run 0.1x to 4x its estimate (see estimatorLearnsSpread).
        QTest::newRow("learned wide spread, 150 s") << qint64(150000) << 1.0;
    }
    void anyRunTimeWithAWrongGuess()
    {
        QFETCH(qint64, expectedMs);
        QFETCH(double, spread);
        const PollPolicy policy;
        const RunTimeBelief belief{expectedMs, spread};
        QVERIFY(PollSchedule::plausibleStartMs(policy, belief) <= 15000);
        for (quint32 seed = 1; seed <= 5; ++seed) {
            const Summary s = everyRunTime(policy, belief, seed);
            if (seed == 1)
                qInfo("%s", describe(s).constData());
            QVERIFY2(s.worst <= kBoundMs, describe(s));
            QVERIFY2(s.callsPer8s <= 1.0, describe(s));
        }
    }

    // A learned, good estimate: p95 within the bound, fewer calls than the budget, the end noticed sooner.
    void goodEstimate_data()
    {
        QTest::addColumn<qint64>("expectedMs");
        QTest::addColumn<double>("spread");
        QTest::addColumn<double>("maxCallsPer8s");
        QTest::addColumn<qint64>("maxMedianMs");
        QTest::newRow("20 s jobs") << qint64(20000) << 0.1 << 0.9 << qint64(5000);
        QTest::newRow("40 s jobs") << qint64(40000) << 0.2 << 0.8 << qint64(4000);
        QTest::newRow("150 s jobs, tight") << qint64(150000) << 0.1 << 0.6 << qint64(2500);
        QTest::newRow("150 s jobs, looser") << qint64(150000) << 0.3 << 0.8 << qint64(4500);
        QTest::newRow("10 min jobs") << qint64(600000) << 0.1 << 0.6 << qint64(2500);
    }
    void goodEstimate()
    {
        QFETCH(qint64, expectedMs);
        QFETCH(double, spread);
        QFETCH(double, maxCallsPer8s);
        QFETCH(qint64, maxMedianMs);
        const PollPolicy policy;
        const RunTimeBelief belief{expectedMs, spread};
        const Summary s = aroundTheEstimate(policy, belief, spread, 11);
        qInfo("%s", describe(s).constData());
        QVERIFY2(s.p95 <= kBoundMs, describe(s));
        QVERIFY2(s.callsPer8s <= maxCallsPer8s, describe(s));
        QVERIFY2(s.p50 <= maxMedianMs, describe(s));
        // The same jobs under the vague first-job belief: a good estimate costs fewer calls.
        const Summary vague =
            aroundTheEstimate(policy, RunTimeBelief{expectedMs, RunTimeEstimator::kPriorSpread}, spread, 11);
        QVERIFY2(s.callsPerJob <= vague.callsPerJob, describe(s) + " against " + describe(vague));
        QVERIFY2(vague.worst <= kBoundMs, describe(vague));
    }

    void typicalJob()
    {
        // The contract's typical job (150 s), known well: far fewer calls than the SDK's fixed 2 s interval
        // (75), and its end noticed within seconds.
        const PollPolicy policy;
        const RunTimeBelief belief{150000, RunTimeEstimator::kMinSpread};
        QRandomGenerator random(7);
        for (int i = 0; i < 50; ++i) {
            const Simulation s = simulate(policy, 150000, belief, random);
            QVERIFY2(s.calls <= 12, qPrintable(QString::number(s.calls)));
            QVERIFY2(s.detectionDelayMs <= 4500, qPrintable(QString::number(s.detectionDelayMs)));
        }
    }

    void vagueBeliefsNeverPollSparsely()
    {
        const PollPolicy policy;
        for (qint64 expected : {15000, 150000, 585000, 1000000})
            QCOMPARE(PollSchedule::plausibleStartMs(policy, RunTimeBelief{expected, RunTimeEstimator::kPriorSpread}),
                     qint64(0));
        // A confident belief rules out an early end, and only then are gaps longer than the bound.
        const RunTimeBelief known{150000, 0.1};
        const qint64 start = PollSchedule::plausibleStartMs(policy, known);
        QVERIFY(start > 100000 && start < 150000);
        QVERIFY(PollSchedule::nextDelayMs(policy, 0, known, 0.5) > policy.boundMs);
        QVERIFY(PollSchedule::nextDelayMs(policy, start, known, 0.5) <= policy.boundMs);
    }

    void delaysStayWithinBounds()
    {
        const PollPolicy policy;
        QRandomGenerator random(3);
        for (double spread : {0.01, 0.1, 0.5, 2.0, 50.0, std::nan("")}) {
            const RunTimeBelief belief{150000, spread};
            const qint64 start = PollSchedule::plausibleStartMs(policy, belief);
            for (qint64 elapsed = 0; elapsed < 2000000; elapsed += 777) {
                const qint64 d = PollSchedule::nextDelayMs(policy, elapsed, belief, random.generateDouble());
                QVERIFY(d >= 1);
                QVERIFY(d <= policy.sparseGapMs);
                QVERIFY(elapsed + d <= std::max(start, elapsed + policy.boundMs));
                QVERIFY(double(d) >= double(policy.minGapMs) * (1.0 - policy.jitter) - 1);
            }
        }
        // Nonsense beliefs still give a bounded schedule.
        QVERIFY(PollSchedule::nextDelayMs(policy, 5000, RunTimeBelief{0, 0.0}, 0.5) <= policy.boundMs);
        QVERIFY(PollSchedule::nextDelayMs(policy, 5000, RunTimeBelief{-5, -1.0}, 0.5) <= policy.boundMs);
    }

    void jitterOnlyShortens()
    {
        const PollPolicy policy;
        const RunTimeBelief vague{150000, RunTimeEstimator::kPriorSpread};
        const qint64 low = PollSchedule::nextDelayMs(policy, 100000, vague, 0.999);
        const qint64 high = PollSchedule::nextDelayMs(policy, 100000, vague, 0.0);
        QVERIFY(high > low);
        QVERIFY(high <= policy.boundMs);
        QVERIFY(double(low) >= double(high) * (1.0 - policy.jitter) - 1);
    }

    void scaledPolicyKeepsItsShape()
    {
        const PollPolicy ms = PollPolicy().scaled(0.001);
        QCOMPARE(ms.boundMs, qint64(10));
        QCOMPARE(ms.minGapMs, qint64(2));
        QCOMPARE(ms.sparseGapMs, qint64(45));
        QRandomGenerator random(1);
        const Simulation s = simulate(ms, 150, RunTimeBelief{150, 0.1}, random);
        QVERIFY(s.calls <= 14);
        QVERIFY(s.detectionDelayMs <= 10);
    }

    void retryBackoff_data()
    {
        QTest::addColumn<int>("attempt");
        QTest::addColumn<qint64>("nominal");
        QTest::newRow("first") << 0 << qint64(1000);
        QTest::newRow("second") << 1 << qint64(2000);
        QTest::newRow("third") << 2 << qint64(4000);
        QTest::newRow("capped") << 10 << qint64(60000);
        QTest::newRow("huge attempt capped") << 1000 << qint64(60000);
    }
    void retryBackoff()
    {
        QFETCH(int, attempt);
        QFETCH(qint64, nominal);
        const qint64 low = PollSchedule::retryDelayMs(attempt, 0.0);
        const qint64 high = PollSchedule::retryDelayMs(attempt, 0.9999);
        QCOMPARE(low, qint64(nominal * 0.8));
        QVERIFY(high <= qint64(nominal * 1.2));
        QVERIFY(high > low);
    }

    void estimatorLearns()
    {
        RunTimeEstimator estimator;
        QCOMPARE(estimator.expectedMs(5, false), qint64(150000));
        QVERIFY(estimator.expectedMs(5, true) > estimator.expectedMs(5, false));
        QCOMPARE(estimator.spread(), RunTimeEstimator::kPriorSpread);
        // The first finished job replaces the first guess outright.
        estimator.observe(5, false, 8000); // demo mode: every job takes 8 s
        QVERIFY(qAbs(estimator.expectedMs(5, false) - 8000) < 10);
        QCOMPARE(estimator.spread(), RunTimeEstimator::kPriorSpread);
        for (int i = 0; i < 20; ++i)
            estimator.observe(5, false, 8000);
        QVERIFY(qAbs(estimator.expectedMs(5, false) - 8000) < 10);
        // Alike jobs make it confident, down to the floor.
        QVERIFY2(estimator.spread() < 0.2, qPrintable(QString::number(estimator.spread())));
        QVERIFY(estimator.spread() >= RunTimeEstimator::kMinSpread);
        estimator.observe(0, false, 5000); // nonsense is ignored
        estimator.observe(5, false, -1);
        QVERIFY(qAbs(estimator.expectedMs(5, false) - 8000) < 10);
        // One surprise shakes the confidence at once, so the next jobs are polled within the bound again.
        const double before = estimator.spread();
        estimator.observe(5, false, 800);
        QVERIFY(estimator.spread() > 2 * before);
        QCOMPARE(PollSchedule::plausibleStartMs(PollPolicy().scaled(8.0 / 150.0), estimator.belief(5, false)),
                 qint64(0));
    }

    void estimatorLearnsSpread()
    {
        // Jobs that run anywhere from 0.1x to 4x (log-uniform) teach a wide spread: the schedule then
        // leans on its bound and never polls sparsely before a tenth of the estimate.
        RunTimeEstimator estimator;
        QRandomGenerator random(5);
        const double low = std::log(0.1);
        const double high = std::log(4.0);
        for (int i = 0; i < 200; ++i) {
            estimator.observe(5, false, qint64(150000 * std::exp(low + (high - low) * random.generateDouble())));
            if (i >= 10) {
                const RunTimeBelief belief = estimator.belief(5, false);
                QVERIFY2(belief.spread > 0.6, qPrintable(QString::number(belief.spread)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestPollSchedule)
#include "tst_pollschedule.moc"
