// The tolerant readers of the service's answers: every shape the contract allows, and junk.
#include "api/ApiResponses.h"

#include <QTest>

using namespace Qt::StringLiterals;
using State = JobReport::State;

class TestApiResponses final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void submit_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("statusUrl");
        QTest::addColumn<QString>("pollUrl");

        QTest::newRow("full") << QByteArray("{\"request_id\":\"r1\",\"status\":\"QUEUED\","
            "\"poll_url\":\"https://api.segmind.com/v1/requests/r1\","
            "\"status_url\":\"https://api.segmind.com/v2/requests/r1/status\","
            "\"response_url\":\"https://api.segmind.com/v2/requests/r1\",\"extra\":[1,2]}")
                              << true << u"https://api.segmind.com/v2/requests/r1/status"_s
                              << u"https://api.segmind.com/v1/requests/r1"_s;
        QTest::newRow("poll url only") << QByteArray("{\"request_id\":\"r1\",\"poll_url\":\"https://api.segmind.com/v1/requests/r1\"}")
                                       << true << QString() << u"https://api.segmind.com/v1/requests/r1"_s;
        QTest::newRow("relative urls") << QByteArray("{\"request_id\":\"r1\",\"status_url\":\"/v2/requests/r1/status\"}")
                                       << true << u"https://api.segmind.com/v2/requests/r1/status"_s << QString();
        QTest::newRow("no request id") << QByteArray("{\"status_url\":\"https://x/s\"}") << false << QString()
                                       << QString();
        QTest::newRow("no urls") << QByteArray("{\"request_id\":\"r1\"}") << false << QString() << QString();
        QTest::newRow("html") << QByteArray("<html>oops</html>") << false << QString() << QString();
        QTest::newRow("truncated") << QByteArray("{\"request_id\":\"r1\",\"sta") << false << QString() << QString();
        QTest::newRow("array") << QByteArray("[]") << false << QString() << QString();
    }
    void submit()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(QString, statusUrl);
        QFETCH(QString, pollUrl);
        ApiError error;
        const auto parsed =
            ApiResponses::parseSubmit(body, QUrl(u"https://api.segmind.com/v2/happyhorse-1.1"_s), &error);
        QCOMPARE(parsed.has_value(), ok);
        if (!ok) {
            QCOMPARE(error.kind, ApiError::Kind::MalformedResponse);
            QVERIFY(!error.message.isEmpty());
            return;
        }
        QCOMPARE(parsed->requestId, u"r1"_s);
        QCOMPARE(parsed->statusUrl.toString(), statusUrl);
        QCOMPARE(parsed->pollUrl.toString(), pollUrl);
    }

    void job_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<State>("state");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("error");

        QTest::newRow("queued") << QByteArray("{\"status\":\"QUEUED\",\"request_id\":\"r\",\"metrics\":{}}") << true
                                << State::Queued << QString() << QString();
        QTest::newRow("processing") << QByteArray("{\"status\":\"PROCESSING\"}") << true << State::Processing
                                    << QString() << QString();
        QTest::newRow("unknown status runs on") << QByteArray("{\"status\":\"WARMING_UP\"}") << true << State::Other
                                                << QString() << QString();
        QTest::newRow("output string") << QByteArray("{\"status\":\"COMPLETED\",\"output\":\"https://f/x.mp4\"}") << true
                                       << State::Completed << u"https://f/x.mp4"_s << QString();
        QTest::newRow("output object video")
            << QByteArray("{\"status\":\"COMPLETED\",\"output\":{\"video\":\"https://f/v.mp4\"}}") << true << State::Completed
            << u"https://f/v.mp4"_s << QString();
        QTest::newRow("output object url") << QByteArray("{\"status\":\"COMPLETED\",\"output\":{\"url\":\"https://f/u.mp4\"}}")
                                           << true << State::Completed << u"https://f/u.mp4"_s << QString();
        QTest::newRow("output array") << QByteArray("{\"status\":\"COMPLETED\",\"output\":[\"https://f/a.mp4\",\"b\"]}")
                                      << true << State::Completed << u"https://f/a.mp4"_s << QString();
        QTest::newRow("output array of objects")
            << QByteArray("{\"status\":\"COMPLETED\",\"output\":[{\"url\":\"https://f/o.mp4\"}]}") << true
            << State::Completed << u"https://f/o.mp4"_s << QString();
        QTest::newRow("completed without output") << QByteArray("{\"status\":\"COMPLETED\"}") << true
                                                  << State::Completed << QString() << QString();
        QTest::newRow("failed") << QByteArray("{\"status\":\"FAILED\",\"error\":\"flagged\",\"metrics\":{}}") << true
                                << State::Failed << QString() << u"flagged"_s;
        QTest::newRow("failed no reason") << QByteArray("{\"status\":\"FAILED\"}") << true << State::Failed
                                          << QString() << u"no reason"_s;
        QTest::newRow("lower-case status") << QByteArray("{\"status\":\"completed\",\"output\":\"https://f/x.mp4\"}")
                                           << true << State::Completed << u"https://f/x.mp4"_s << QString();
        QTest::newRow("no status") << QByteArray("{\"request_id\":\"r\"}") << false << State::Other << QString()
                                   << QString();
        QTest::newRow("truncated") << QByteArray("{\"status\": \"PROCESS") << false << State::Other << QString()
                                   << QString();
        QTest::newRow("html") << QByteArray("<html><h1>502 Bad Gateway</h1></html>") << false << State::Other
                              << QString() << QString();
        QTest::newRow("empty") << QByteArray() << false << State::Other << QString() << QString();
    }
    void job()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(State, state);
        QFETCH(QString, output);
        QFETCH(QString, error);
        ApiError apiError;
        const auto report = ApiResponses::parseJob(body, &apiError);
        QCOMPARE(report.has_value(), ok);
        if (!ok) {
            QCOMPARE(apiError.kind, ApiError::Kind::MalformedResponse);
            QVERIFY(!apiError.message.contains(u"<"_s));
            return;
        }
        QCOMPARE(report->state, state);
        QCOMPARE(report->output.toString(), output);
        if (!error.isEmpty())
            QVERIFY(report->error.contains(error));
    }

    void metrics()
    {
        ApiError error;
        const auto report = ApiResponses::parseJob(
            "{\"status\":\"COMPLETED\",\"output\":\"https://f/x.mp4\",\"metrics\":{\"inference_time\":140.5,\"queue_time\":9.5,"
            "\"total_time\":150,\"cost\":0.7,\"remaining_credits\":\"11.8\"}}",
            &error);
        QVERIFY(report);
        QCOMPARE(report->metrics.inferenceSeconds, std::optional<double>(140.5));
        QCOMPARE(report->metrics.queueSeconds, std::optional<double>(9.5));
        QCOMPARE(report->metrics.totalSeconds, std::optional<double>(150));
        QCOMPARE(report->metrics.costCents, std::optional<qint64>(70));
        QCOMPARE(report->metrics.remainingCreditsCents, std::optional<qint64>(1180));
    }

    void credits_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("total");
        QTest::newRow("both") << QByteArray("{\"credits\": 12.5, \"free-credits\": 0.02}") << true << qint64(1252);
        QTest::newRow("credits only") << QByteArray("{\"credits\": 3}") << true << qint64(300);
        QTest::newRow("missing") << QByteArray("{\"balance\": 3}") << false << qint64(0);
        QTest::newRow("junk") << QByteArray("{\"credits\": 12.") << false << qint64(0);
        // Not a sane balance: unreadable, never a number to show or to guard spending with.
        QTest::newRow("1e308") << QByteArray("{\"credits\": 1e308}") << false << qint64(0);
        QTest::newRow("negative") << QByteArray("{\"credits\": -0.5}") << false << qint64(0);
        QTest::newRow("NaN text") << QByteArray("{\"credits\": \"nan\"}") << false << qint64(0);
        QTest::newRow("infinite text") << QByteArray("{\"credits\": \"-inf\"}") << false << qint64(0);
        QTest::newRow("bool") << QByteArray("{\"credits\": true}") << false << qint64(0);
        QTest::newRow("null") << QByteArray("{\"credits\": null}") << false << qint64(0);
        QTest::newRow("huge free credits")
            << QByteArray("{\"credits\": 1, \"free-credits\": 1e300}") << false << qint64(0);
        QTest::newRow("number as text") << QByteArray("{\"credits\": \"7.25\"}") << true << qint64(725);
        QTest::newRow("zero") << QByteArray("{\"credits\": 0}") << true << qint64(0);
    }

    void extremeMetrics_data()
    {
        QTest::addColumn<QByteArray>("metrics");
        QTest::addColumn<bool>("hasCost");
        QTest::addColumn<bool>("hasTotal");
        QTest::newRow("sane") << QByteArray("{\"cost\": 0.7, \"total_time\": 150}") << true << true;
        QTest::newRow("1e308") << QByteArray("{\"cost\": 1e308, \"total_time\": 1e308}") << false << false;
        QTest::newRow("negative") << QByteArray("{\"cost\": -1, \"total_time\": -5}") << false << false;
        QTest::newRow("text NaN") << QByteArray("{\"cost\": \"NaN\", \"total_time\": \"inf\"}") << false << false;
        QTest::newRow("wrong types") << QByteArray("{\"cost\": [1], \"total_time\": {}}") << false << false;
    }
    void extremeMetrics()
    {
        QFETCH(QByteArray, metrics);
        QFETCH(bool, hasCost);
        QFETCH(bool, hasTotal);
        ApiError error;
        const auto report = ApiResponses::parseJob("{\"status\":\"COMPLETED\",\"metrics\":" + metrics + "}", &error);
        QVERIFY(report);
        QCOMPARE(report->metrics.costCents.has_value(), hasCost);
        QCOMPARE(report->metrics.totalSeconds.has_value(), hasTotal);
        QCOMPARE(report->metrics.raw.contains(u"cost"_s), hasCost); // what is stored is what was checked
    }

    void serverTextIsCleaned()
    {
        ApiError error;
        const auto report = ApiResponses::parseJob(
            "{\"status\":\"FAIL\\u0000ED\",\"request_id\":\"a\\u202Eb\",\"error\":\"x\\u0000y\\u202Ez\"}", &error);
        QVERIFY(report);
        QCOMPARE(report->rawStatus, u"FAILED"_s);
        QCOMPARE(report->state, JobReport::State::Failed);
        QCOMPARE(report->requestId, u"ab"_s);
        QCOMPARE(report->error, u"xyz"_s);
    }
    void credits()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, ok);
        QFETCH(qint64, total);
        ApiError error;
        const auto credits = ApiResponses::parseCredits(body, &error);
        QCOMPARE(credits.has_value(), ok);
        if (ok)
            QCOMPARE(credits->totalCents(), total);
    }
};

QTEST_GUILESS_MAIN(TestApiResponses)
#include "tst_apiresponses.moc"
