// paddock-sim's command line: every documented option is read, and bad values are named.
#include "sim/SimSettings.h"

#include <QCommandLineParser>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

bool parse(const QStringList &args, SimSettings *settings, QString *error)
{
    QCommandLineParser parser;
    SimSettings::addOptions(parser);
    if (!parser.parse(QStringList{u"paddock-sim"_s} + args)) {
        *error = parser.errorText();
        return false;
    }
    return SimSettings::fromParser(parser, settings, error);
}

} // namespace

class TestSimSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        SimSettings s;
        QString error;
        QVERIFY2(parse({}, &s, &error), qPrintable(error));
        QCOMPARE(s.port, quint16(8080));
        QCOMPARE(s.queueMs + s.processingMs, qint64(8000)); // about 8 s per job in demo
        QCOMPARE(s.runTimeFactorLow, 1.0);                   // every job alike
        QCOMPARE(s.runTimeFactorHigh, 1.0);
        QVERIFY(s.acceptedKeys.isEmpty());
        QCOMPARE(s.balanceCents, qint64(2500));
        QCOMPARE(s.requestRetentionMs, qint64(3600 * 1000));
        QCOMPARE(s.rateWindowMs, qint64(60 * 1000)); // --rate-limit counts per minute, as the service does
        QVERIFY(s.statsFile.isEmpty());
        QVERIFY(s.bindAddress.isLoopback());
        QVERIFY(s.logRequests);
        QVERIFY(!s.creditsNotFound);
        QVERIFY(s.pollsCountTowardsLimit); // status calls count towards the limit unless told otherwise
        QVERIFY(!s.honourExif);            // pixels as stored, as a service that ignores EXIF
    }

    void everyOption()
    {
        SimSettings s;
        QString error;
        const QStringList args = {
            u"--port"_s, u"0"_s, u"--files-port"_s, u"0"_s, u"--bind"_s, u"::1"_s, u"--queue-time"_s, u"0.5"_s,
            u"--processing-time"_s, u"1.25"_s, u"--speed"_s, u"4"_s, u"--run-time-spread"_s, u"0.1,4"_s, u"--keys"_s, u"SG_a,SG_b"_s,
            u"--forbidden-keys"_s, u"SG_b"_s, u"--balance"_s, u"12.34"_s, u"--free-credits"_s, u"0.02"_s,
            u"--reservation"_s, u"1.5"_s, u"--retired"_s, u"--rate-limit"_s, u"5"_s, u"--request-retention"_s,
            u"60"_s, u"--file-retention"_s, u"120"_s, u"--failure-rate"_s, u"0.1"_s, u"--never-complete-rate"_s,
            u"0.2"_s, u"--server-error-rate"_s, u"0.3"_s, u"--malformed-json-rate"_s, u"0.4"_s,
            u"--html-error-rate"_s, u"0.5"_s, u"--lost-submit-rate"_s, u"0.6"_s, u"--no-answer-rate"_s, u"0.7"_s,
            u"--download-rate"_s, u"1000"_s, u"--cut-download-rate"_s, u"0.8"_s, u"--output-padding"_s, u"4096"_s,
            u"--seed"_s, u"99"_s, u"--cache-dir"_s, u"/tmp/x"_s, u"--ffmpeg"_s, u"/usr/bin/ffmpeg"_s,
            u"--renders"_s, u"3"_s, u"--quiet"_s, u"--rate-window"_s, u"2.5"_s, u"--stats-file"_s, u"/tmp/s.json"_s,
            u"--credits-not-found"_s, u"--uncounted-polls"_s, u"--honour-exif"_s};
        QVERIFY2(parse(args, &s, &error), qPrintable(error));
        QCOMPARE(s.port, quint16(0));
        QCOMPARE(s.bindAddress, QHostAddress(QHostAddress::LocalHostIPv6));
        QCOMPARE(s.queueMs, qint64(500));
        QCOMPARE(s.processingMs, qint64(1250));
        QCOMPARE(s.speed, 4.0);
        QCOMPARE(s.runTimeFactorLow, 0.1);
        QCOMPARE(s.runTimeFactorHigh, 4.0);
        QCOMPARE(s.acceptedKeys, (QStringList{u"SG_a"_s, u"SG_b"_s}));
        QCOMPARE(s.forbiddenKeys, QStringList{u"SG_b"_s});
        QCOMPARE(s.balanceCents, qint64(1234));
        QCOMPARE(s.freeCreditsCents, qint64(2));
        QCOMPARE(s.reservationCents, qint64(150));
        QVERIFY(s.modelRetired);
        QCOMPARE(s.rateLimitPerMinute, 5);
        QCOMPARE(s.requestRetentionMs, qint64(60000));
        QCOMPARE(s.fileRetentionMs, qint64(120000));
        QCOMPARE(s.failureRate, 0.1);
        QCOMPARE(s.neverCompleteRate, 0.2);
        QCOMPARE(s.serverErrorRate, 0.3);
        QCOMPARE(s.malformedJsonRate, 0.4);
        QCOMPARE(s.htmlErrorRate, 0.5);
        QCOMPARE(s.lostSubmitRate, 0.6);
        QCOMPARE(s.noAnswerRate, 0.7);
        QCOMPARE(s.downloadBytesPerSecond, qint64(1000));
        QCOMPARE(s.cutDownloadRate, 0.8);
        QCOMPARE(s.outputPaddingBytes, qint64(4096));
        QCOMPARE(s.seed, quint64(99));
        QCOMPARE(s.cacheDirectory, u"/tmp/x"_s);
        QCOMPARE(s.ffmpegProgram, u"/usr/bin/ffmpeg"_s);
        QCOMPARE(s.maxConcurrentRenders, 3);
        QVERIFY(!s.logRequests);
        QCOMPARE(s.rateWindowMs, qint64(2500));
        QCOMPARE(s.statsFile, u"/tmp/s.json"_s);
        QVERIFY(s.creditsNotFound);
        QVERIFY(!s.pollsCountTowardsLimit);
        QVERIFY(s.honourExif);
    }

    void badValues_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("port text") << QStringList{u"--port"_s, u"http"_s} << u"--port"_s;
        QTest::newRow("port too big") << QStringList{u"--port"_s, u"70000"_s} << u"--port"_s;
        QTest::newRow("negative time") << QStringList{u"--queue-time"_s, u"-1"_s} << u"--queue-time"_s;
        QTest::newRow("rate above 1") << QStringList{u"--failure-rate"_s, u"1.5"_s} << u"--failure-rate"_s;
        QTest::newRow("rate text") << QStringList{u"--server-error-rate"_s, u"often"_s} << u"--server-error-rate"_s;
        QTest::newRow("negative balance") << QStringList{u"--balance"_s, u"-3"_s} << u"--balance"_s;
        QTest::newRow("zero speed") << QStringList{u"--speed"_s, u"0"_s} << u"--speed"_s;
        QTest::newRow("spread reversed") << QStringList{u"--run-time-spread"_s, u"4,0.1"_s} << u"--run-time-spread"_s;
        QTest::newRow("spread of one") << QStringList{u"--run-time-spread"_s, u"2"_s} << u"--run-time-spread"_s;
        QTest::newRow("spread zero") << QStringList{u"--run-time-spread"_s, u"0,1"_s} << u"--run-time-spread"_s;
        QTest::newRow("empty keys") << QStringList{u"--keys"_s, u","_s} << u"--keys"_s;
        QTest::newRow("public bind") << QStringList{u"--bind"_s, u"0.0.0.0"_s} << u"0.0.0.0"_s;
        QTest::newRow("private bind") << QStringList{u"--bind"_s, u"192.168.1.2"_s} << u"192.168.1.2"_s;
        QTest::newRow("bad address") << QStringList{u"--bind"_s, u"nowhere"_s} << u"--bind"_s;
        QTest::newRow("rate window 0") << QStringList{u"--rate-window"_s, u"0"_s} << u"--rate-window"_s;
        QTest::newRow("renders 0") << QStringList{u"--renders"_s, u"0"_s} << u"--renders"_s;
    }
    void badValues()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        SimSettings s;
        QString error;
        QVERIFY(!parse(args, &s, &error));
        QVERIFY2(error.contains(named), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSimSettings)
#include "tst_simsettings.moc"
