// SegmindClient against the simulator: every call, every error row of the contract, and the key's rules.
#include "SimFixture.h"
#include "api/SegmindClient.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using Kind = ApiError::Kind;

namespace {

struct SubmitOutcome
{
    bool done = false;
    SubmitAccepted accepted;
    ApiError error;
};

struct JobOutcome
{
    bool done = false;
    JobReport report;
    ApiError error;
};

} // namespace

class TestSegmindClient final : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_network;

    std::unique_ptr<SegmindClient> clientFor(SimFixture &sim, const QString &key = QString::fromLatin1(SimFixture::kKey))
    {
        auto client = std::make_unique<SegmindClient>(&m_network);
        client->setBaseUrl(sim.server().baseUrl());
        client->setApiKey(key);
        return client;
    }

    SubmitOutcome submit(SegmindClient &client, const QJsonObject &body)
    {
        SubmitOutcome outcome;
        client.submit(body, this, [&outcome](const SubmitAccepted &a, const ApiError &e) {
            outcome = {true, a, e};
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 20000); }();
        return outcome;
    }

    JobOutcome fetch(SegmindClient &client, const QUrl &url)
    {
        JobOutcome outcome;
        client.fetchJob(url, this, [&outcome](const JobReport &r, const ApiError &e) { outcome = {true, r, e}; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.done, 20000); }();
        return outcome;
    }

    // Polls until the job ends; returns the last report.
    JobOutcome waitForEnd(SegmindClient &client, const QUrl &statusUrl)
    {
        JobOutcome last;
        for (int i = 0; i < 2000; ++i) {
            last = fetch(client, statusUrl);
            if (last.error.isError() || last.report.isTerminal())
                return last;
            QTest::qWait(10);
        }
        return last;
    }

private Q_SLOTS:
    void fullJob()
    {
        SimFixture sim;
        QVERIFY(sim.started());
        auto client = clientFor(sim);
        const SubmitOutcome submitted = submit(*client, SimFixture::textBody());
        QVERIFY2(!submitted.error.isError(), qPrintable(submitted.error.message));
        QVERIFY(SimServer::looksLikeRequestId(submitted.accepted.requestId));
        QVERIFY(submitted.accepted.statusUrl.isValid());
        QVERIFY(submitted.accepted.responseUrl.isValid());
        QVERIFY(submitted.accepted.pollUrl.isValid());

        const JobOutcome end = waitForEnd(*client, submitted.accepted.statusUrl);
        QVERIFY(!end.error.isError());
        QCOMPARE(end.report.state, JobReport::State::Completed);
        const JobOutcome result = fetch(*client, submitted.accepted.responseUrl);
        QCOMPARE(result.report.state, JobReport::State::Completed);
        QVERIFY(result.report.output.isValid());
        QCOMPARE(result.report.metrics.costCents, std::optional<qint64>(42));
        QCOMPARE(result.report.metrics.remainingCreditsCents, std::optional<qint64>(2458));

        // The output is on another host: the key must not go there.
        QVERIFY(!client->isApiUrl(result.report.output));
        QVERIFY(client->outputRequest(result.report.output).rawHeader("x-api-key").isEmpty());

        bool creditsDone = false;
        Credits credits;
        client->fetchCredits(this, [&](const Credits &c, const ApiError &e) {
            QVERIFY(!e.isError());
            credits = c;
            creditsDone = true;
        });
        QTRY_VERIFY(creditsDone);
        QCOMPARE(credits.totalCents(), qint64(2458));
    }

    void failedJobIsAReportNotAnError()
    {
        SimSettings s = SimSettings::forTests();
        s.failureRate = 1.0;
        SimFixture sim(s);
        auto client = clientFor(sim);
        const SubmitOutcome submitted = submit(*client, SimFixture::textBody());
        const JobOutcome end = waitForEnd(*client, submitted.accepted.statusUrl);
        // HTTP 422, but the body announces FAILED: that is the job's end, not a transport error.
        QVERIFY(!end.error.isError());
        QCOMPARE(end.report.state, JobReport::State::Failed);
        QVERIFY(!end.report.error.isEmpty());
        // A failed job's metrics carry no billing fields at all: nothing is read as a cost or a balance.
        QCOMPARE(end.report.metrics.costCents, std::nullopt);
        QCOMPARE(end.report.metrics.remainingCreditsCents, std::nullopt);
        QVERIFY(end.report.metrics.totalSeconds.has_value());
    }

    // While a job runs the status answer carries the two URLs and empty metrics: still a plain running report.
    void runningStatusWithUrlsAndEmptyMetrics()
    {
        SimSettings s = SimSettings::forTests();
        s.queueMs = 500;
        SimFixture sim(s);
        auto client = clientFor(sim);
        const SubmitOutcome submitted = submit(*client, SimFixture::textBody());
        QVERIFY2(!submitted.error.isError(), qPrintable(submitted.error.message));
        const JobOutcome running = fetch(*client, submitted.accepted.statusUrl);
        QVERIFY2(!running.error.isError(), qPrintable(running.error.message));
        QCOMPARE(running.report.state, JobReport::State::Queued);
        QCOMPARE(running.report.requestId, submitted.accepted.requestId);
        QVERIFY(!running.report.output.isValid());
        QCOMPARE(running.report.metrics.costCents, std::nullopt);
        QCOMPARE(running.report.metrics.totalSeconds, std::nullopt);
        QVERIFY(running.report.metrics.raw.isEmpty());
    }

    // An account with no balance record: the balance is unknown, said plainly, never $0.
    void creditsNotFoundIsAnUnknownBalance()
    {
        SimSettings s = SimSettings::forTests();
        s.creditsNotFound = true;
        SimFixture sim(s);
        auto client = clientFor(sim);
        bool done = false;
        Credits credits;
        ApiError error;
        client->fetchCredits(this, [&](const Credits &c, const ApiError &e) {
            credits = c;
            error = e;
            done = true;
        });
        QTRY_VERIFY(done);
        QVERIFY(error.isError());
        QCOMPARE(error.httpStatus, 404);
        QCOMPARE(error.kind, Kind::NotFound);
        QVERIFY2(error.message.contains(u"balance is unknown"_s), qPrintable(error.message));
        QVERIFY2(!error.message.contains(u"one hour"_s), qPrintable(error.message)); // not the expired-request text
    }

    void errorRows()
    {
        // 400: a body without a prompt.
        {
            SimFixture sim;
            auto client = clientFor(sim);
            const SubmitOutcome r = submit(*client, QJsonObject{{u"duration"_s, 5}});
            QCOMPARE(r.error.kind, Kind::InvalidRequest);
            QCOMPARE(r.error.httpStatus, 400);
            QVERIFY(r.error.message.contains(u"prompt"_s));
        }
        // 401: a key the service does not know.
        {
            SimSettings s = SimSettings::forTests();
            s.acceptedKeys = {u"SG_aaaaaaaaaaaaaaaa"_s};
            SimFixture sim(s);
            auto client = clientFor(sim);
            QCOMPARE(submit(*client, SimFixture::textBody()).error.kind, Kind::Auth);
        }
        // 403, 410.
        {
            SimSettings s = SimSettings::forTests();
            s.forbiddenKeys = {QString::fromLatin1(SimFixture::kKey)};
            SimFixture sim(s);
            QCOMPARE(submit(*clientFor(sim), SimFixture::textBody()).error.kind, Kind::Forbidden);
            SimSettings r = SimSettings::forTests();
            r.modelRetired = true;
            SimFixture retired(r);
            QCOMPARE(submit(*clientFor(retired), SimFixture::textBody()).error.kind, Kind::Gone);
        }
        // 404 on an unknown request, 405 with an HTML body, 406 for a rejected value.
        {
            SimFixture sim;
            auto client = clientFor(sim);
            const JobOutcome missing = fetch(*client, sim.url(u"/v2/requests/nope/status"_s));
            QCOMPARE(missing.error.kind, Kind::NotFound);
            const JobOutcome wrongMethod = fetch(*client, sim.url(u"/v2/happyhorse-1.1"_s));
            QCOMPARE(wrongMethod.error.kind, Kind::MethodNotAllowed);
            QVERIFY(!wrongMethod.error.message.contains(u"<"_s));
            QJsonObject bad = SimFixture::textBody();
            bad.insert(u"resolution"_s, u"4K"_s);
            const SubmitOutcome rejected = submit(*client, bad);
            QCOMPARE(rejected.error.kind, Kind::InvalidRequest);
            QCOMPARE(rejected.error.httpStatus, 406);
        }
        // 406 insufficient credits, with the numbers.
        {
            SimSettings s = SimSettings::forTests();
            s.balanceCents = 50;
            SimFixture sim(s);
            const SubmitOutcome r = submit(*clientFor(sim), SimFixture::textBody());
            QCOMPARE(r.error.kind, Kind::InsufficientCredits);
            QCOMPARE(r.error.balanceCents, std::optional<qint64>(50));
            QCOMPARE(r.error.requiredCents, std::optional<qint64>(90));
        }
        // 429 with the reset time, announced to whoever pauses the queue.
        {
            SimSettings s = SimSettings::forTests();
            s.rateLimitPerMinute = 1;
            SimFixture sim(s);
            auto client = clientFor(sim);
            QSignalSpy limited(client.get(), &SegmindClient::rateLimited);
            QVERIFY(!fetch(*client, sim.url(u"/v2/requests/x/status"_s)).error.isTransient());
            const JobOutcome r = fetch(*client, sim.url(u"/v2/requests/x/status"_s));
            QCOMPARE(r.error.kind, Kind::RateLimited);
            QVERIFY(r.error.resetAt.isValid());
            QVERIFY(r.error.resetAt > QDateTime::currentDateTimeUtc());
            QCOMPARE(limited.size(), 1);
        }
        // 5xx, HTML error pages, malformed JSON.
        {
            SimSettings s = SimSettings::forTests();
            s.serverErrorRate = 1.0;
            SimFixture sim(s);
            const JobOutcome r = fetch(*clientFor(sim), sim.url(u"/v2/requests/x/status"_s));
            QCOMPARE(r.error.kind, Kind::ServerError);
            QVERIFY(r.error.isTransient());
        }
        {
            SimSettings s = SimSettings::forTests();
            s.htmlErrorRate = 1.0;
            SimFixture sim(s);
            const JobOutcome r = fetch(*clientFor(sim), sim.url(u"/v2/requests/x/status"_s));
            QCOMPARE(r.error.kind, Kind::ServerError);
            QVERIFY(!r.error.message.contains(u"<"_s));
            QVERIFY(r.error.serverMessage.isEmpty());
        }
        {
            SimSettings m = SimSettings::forTests();
            m.malformedJsonRate = 1.0;
            SimFixture broken(m);
            auto client = clientFor(broken);
            const SubmitOutcome submitted = submit(*client, SimFixture::textBody());
            QVERIFY(!submitted.error.isError());
            const JobOutcome r = fetch(*client, submitted.accepted.statusUrl);
            QCOMPARE(r.error.kind, Kind::MalformedResponse);
            QVERIFY(r.error.isTransient());
        }
    }

    void networkErrorsAndTimeouts()
    {
        // Nothing listens on this port any more.
        quint16 closedPort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            closedPort = probe.serverPort();
        }
        SegmindClient client(&m_network);
        QVERIFY(client.setBaseUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(closedPort))));
        client.setApiKey(u"SG_0123456789abcdef"_s);
        const SubmitOutcome refused = submit(client, SimFixture::textBody());
        QCOMPARE(refused.error.kind, Kind::Network);
        QCOMPARE(refused.error.httpStatus, 0);
        QVERIFY(refused.error.requestNeverLeft()); // nothing reached a service: no job, no charge

        SimSettings s = SimSettings::forTests();
        s.noAnswerRate = 1.0;
        SimFixture sim(s);
        auto silent = clientFor(sim);
        silent->setTimeouts(300, 300);
        const JobOutcome r = fetch(*silent, sim.url(u"/v2/requests/x/status"_s));
        QCOMPARE(r.error.kind, Kind::Timeout);
        QVERIFY(!r.error.requestNeverLeft());
    }

    void aLostSubmitAnswerIsNeverSentAgain()
    {
        // The service creates the job, then the connection drops before the answer. Qt's HTTP stack would
        // quietly send the POST again on a new connection; the client must not let it.
        SimSettings s = SimSettings::forTests();
        s.lostSubmitRate = 1.0;
        SimFixture sim(s);
        auto client = clientFor(sim);
        const SubmitOutcome r = submit(*client, SimFixture::textBody());
        QVERIFY(r.error.isError());
        QCOMPARE(r.error.kind, Kind::Network);
        QVERIFY(!r.error.requestNeverLeft()); // it did leave: the job may exist and be billed
        QCOMPARE(sim.server().counters().submits, 1);
        QCOMPARE(sim.server().counters().jobsCreated, 1);
    }

    void keyGoesOnlyToTheApiHost()
    {
        SimFixture sim;
        auto client = clientFor(sim);
        // A status URL pointing anywhere else is refused without sending anything.
        const JobOutcome r = fetch(*client, QUrl(u"http://127.0.0.2:1/v2/requests/x/status"_s));
        QCOMPARE(r.error.kind, Kind::Configuration);
        QCOMPARE(sim.server().counters().statusCalls, 0);

        // No key: nothing is sent.
        SegmindClient keyless(&m_network);
        keyless.setBaseUrl(sim.server().baseUrl());
        QCOMPARE(submit(keyless, SimFixture::textBody()).error.kind, Kind::Configuration);
        QCOMPARE(sim.server().counters().submits, 0);
    }

    void plainHttpOnlyToLoopback_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("segmind https") << u"https://api.segmind.com"_s << true;
        QTest::newRow("loopback http") << u"http://127.0.0.1:8080"_s << true;
        QTest::newRow("ipv6 loopback http") << u"http://[::1]:8080"_s << true;
        QTest::newRow("remote http") << u"http://api.segmind.com"_s << false;
        QTest::newRow("private http") << u"http://192.168.1.10:8080"_s << false;
    }
    void plainHttpOnlyToLoopback()
    {
        QFETCH(QString, url);
        QFETCH(bool, accepted);
        SegmindClient client(&m_network);
        QCOMPARE(client.setBaseUrl(QUrl(url)), accepted);
        if (!accepted) {
            client.setApiKey(u"SG_0123456789abcdef"_s);
            QCOMPARE(submit(client, SimFixture::textBody()).error.kind, Kind::Configuration);
        }
    }

    void userAgentNamesPaddock()
    {
        QVERIFY(SegmindClient::userAgent().startsWith("Paddock/"));
    }
};

QTEST_GUILESS_MAIN(TestSegmindClient)
#include "tst_segmindclient.moc"
