// The polling schedule: few status calls for a long job, yet its end is noticed within seconds.
#include "jobs/PollSchedule.h"

#include <QRandomGenerator>
#include <QTest>

class TestPollSchedule final : public QObject
{
    Q_OBJECT

    struct Simulation
    {
        int calls = 0;
        qint64 detectionDelayMs = 0;
    };

    // Polls a job that really ends at endMs, with the given expectation; counts calls and lateness.
    static Simulation simulate(const PollPolicy &policy, qint64 endMs, qint64 expectedMs, quint32 seed)
    {
        QRandomGenerator random(seed);
        Simulation s;
        qint64 t = 0;
        while (true) {
            t += PollSchedule::nextDelayMs(policy, t, expectedMs, random.generateDouble());
            ++s.calls;
            if (t >= endMs) {
                s.detectionDelayMs = t - endMs;
                return s;
            }
        }
    }

private Q_SLOTS:
    void typicalJob_data()
    {
        QTest::addColumn<qint64>("endMs");
        QTest::addColumn<qint64>("expectedMs");
        QTest::addColumn<int>("maxCalls");
        QTest::addColumn<qint64>("maxDelayMs");
        // The contract's typical job: 150 s for a 5 s 720P clip, expected 150 s.
        QTest::newRow("150 s as expected") << qint64(150000) << qint64(150000) << 20 << qint64(5000);
        QTest::newRow("160 s, a little late") << qint64(160000) << qint64(150000) << 20 << qint64(5000);
        QTest::newRow("200 s, late") << qint64(200000) << qint64(150000) << 30 << qint64(5000);
        QTest::newRow("15 s 1080P clip: 585 s") << qint64(585000) << qint64(585000) << 25 << qint64(5000);
        QTest::newRow("fails at once") << qint64(1000) << qint64(150000) << 1 << qint64(2500);
    }
    void typicalJob()
    {
        QFETCH(qint64, endMs);
        QFETCH(qint64, expectedMs);
        QFETCH(int, maxCalls);
        QFETCH(qint64, maxDelayMs);
        const PollPolicy policy;
        for (quint32 seed = 1; seed <= 50; ++seed) {
            const Simulation s = simulate(policy, endMs, expectedMs, seed);
            QVERIFY2(s.calls <= maxCalls, qPrintable(QString::number(s.calls)));
            QVERIFY2(s.detectionDelayMs <= maxDelayMs, qPrintable(QString::number(s.detectionDelayMs)));
        }
    }

    void fixedIntervalWouldCostFarMore()
    {
        // For contrast: the SDK's 2 s interval needs 75 calls for the same 150 s job.
        const Simulation adaptive = simulate(PollPolicy(), 150000, 150000, 7);
        QVERIFY(adaptive.calls * 3 < 150000 / 2000);
    }

    void delaysStayWithinBounds()
    {
        const PollPolicy policy;
        QRandomGenerator random(3);
        for (qint64 elapsed = 0; elapsed < 2000000; elapsed += 777) {
            const qint64 d = PollSchedule::nextDelayMs(policy, elapsed, 150000, random.generateDouble());
            QVERIFY(d >= 1);
            QVERIFY(d <= policy.sparseIntervalMs || elapsed < policy.firstPollMs);
            if (elapsed >= policy.firstPollMs)
                QVERIFY(double(d) >= double(policy.denseIntervalMs) * (1.0 - policy.jitter) - 1);
        }
    }

    void jitterSpreadsCalls()
    {
        const PollPolicy policy;
        const qint64 low = PollSchedule::nextDelayMs(policy, 100000, 150000, 0.0);
        const qint64 high = PollSchedule::nextDelayMs(policy, 100000, 150000, 0.999);
        QVERIFY(high > low);
    }

    void scaledPolicyKeepsItsShape()
    {
        const PollPolicy ms = PollPolicy().scaled(0.001);
        QCOMPARE(ms.firstPollMs, qint64(3));
        QCOMPARE(ms.denseIntervalMs, qint64(4));
        const Simulation s = simulate(ms, 150, 150, 1);
        QVERIFY(s.calls <= 20);
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
        for (int i = 0; i < 20; ++i)
            estimator.observe(5, false, 8000); // demo mode: every job takes 8 s
        QVERIFY(qAbs(estimator.expectedMs(5, false) - 8000) < 200);
        estimator.observe(0, false, 5000); // nonsense is ignored
        estimator.observe(5, false, -1);
        QVERIFY(qAbs(estimator.expectedMs(5, false) - 8000) < 200);
    }
};

QTEST_GUILESS_MAIN(TestPollSchedule)
#include "tst_pollschedule.moc"
