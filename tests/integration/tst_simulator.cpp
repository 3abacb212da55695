// The simulator against the contract, end to end over real sockets with a QNetworkAccessManager.
#include "FfprobeInfo.h"
#include "SimFixture.h"
#include "TestImages.h"
#include "TestTiming.h"
#include "media/Mp4Info.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Headers = QList<QPair<QByteArray, QByteArray>>;

class TestSimulator final : public QObject
{
    Q_OBJECT

public:
    // Renders are shared by every test in this run, so identical requests render once.
    SimSettings settings() const
    {
        SimSettings s = SimSettings::forTests();
        s.cacheDirectory = m_cache.path();
        // Polls must land inside each phase to see it.
        s.queueMs = TestTiming::scaledMs(s.queueMs);
        s.processingMs = TestTiming::scaledMs(s.processingMs);
        return s;
    }

private:
    QTemporaryDir m_cache;
    QTemporaryDir m_downloads;

    static QJsonObject fixedSeed(QJsonObject body, int seed = 7)
    {
        body.insert(u"seed"_s, seed);
        return body;
    }

    // Submits, waits for COMPLETED, downloads; returns the local path of the clip.
    QString generate(SimFixture &sim, const QJsonObject &body, HttpResult *result = nullptr)
    {
        const HttpResult submitted = sim.submit(body);
        if (submitted.status != 200) {
            qWarning() << "submit failed" << submitted.status << submitted.body;
            return {};
        }
        const HttpResult end = sim.waitForEnd(submitted.json.value(u"status_url"_s).toString());
        if (end.statusText() != u"COMPLETED"_s) {
            qWarning() << "job did not complete" << end.status << end.body;
            return {};
        }
        const HttpResult final = sim.getWithKey(QUrl(submitted.json.value(u"response_url"_s).toString()));
        if (result)
            *result = final;
        const QString path = m_downloads.filePath(submitted.json.value(u"request_id"_s).toString() + u".mp4"_s);
        qint64 bytes = 0;
        const HttpResult download = sim.download(QUrl(final.json.value(u"output"_s).toString()), path, &bytes);
        if (download.status != 200 || download.error != QNetworkReply::NoError)
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_cache.isValid());
        QVERIFY(m_downloads.isValid());
    }

    void textToVideoEndToEnd()
    {
        SimFixture sim(settings());
        QVERIFY2(sim.started(), qPrintable(sim.startError()));
        QSignalSpy logged(&sim.server(), &SimServer::requestLogged);

        const HttpResult submitted = sim.submit(SimFixture::textBody(u"A horse running on a beach at sunset"_s, 3));
        QCOMPARE(submitted.status, 200);
        const QString id = submitted.json.value(u"request_id"_s).toString();
        QVERIFY2(SimServer::looksLikeRequestId(id), qPrintable(id));
        QCOMPARE(submitted.statusText(), u"QUEUED"_s);
        const QString base = sim.server().baseUrl().toString();
        QCOMPARE(submitted.json.value(u"poll_url"_s).toString(), base + u"/v1/requests/"_s + id);
        QCOMPARE(submitted.json.value(u"status_url"_s).toString(), base + u"/v2/requests/"_s + id + u"/status"_s);
        QCOMPARE(submitted.json.value(u"response_url"_s).toString(), base + u"/v2/requests/"_s + id);

        QStringList seen;
        const HttpResult end = sim.waitForEnd(submitted.json.value(u"status_url"_s).toString(), &seen);
        QCOMPARE(end.status, 200);
        QCOMPARE(seen.first(), u"QUEUED"_s);
        QVERIFY2(seen.contains(u"PROCESSING"_s), qPrintable(seen.join(u',')));
        QCOMPARE(seen.last(), u"COMPLETED"_s);
        QVERIFY(!end.json.contains(u"output"_s)); // the status URL never carries the output
        QCOMPARE(end.json.value(u"request_id"_s).toString(), id);

        const HttpResult result = sim.getWithKey(QUrl(submitted.json.value(u"response_url"_s).toString()));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.statusText(), u"COMPLETED"_s);
        const QJsonObject metrics = result.json.value(u"metrics"_s).toObject();
        QCOMPARE(metrics.value(u"cost"_s).toDouble(), 0.42);
        QCOMPARE(metrics.value(u"remaining_credits"_s).toDouble(), 24.58);
        QVERIFY(metrics.value(u"total_time"_s).toDouble() > 0);
        QVERIFY(metrics.contains(u"inference_time"_s) && metrics.contains(u"queue_time"_s));

        // The output lives on the files host, which needs no key.
        const QUrl output(result.json.value(u"output"_s).toString());
        QCOMPARE(output.port(), sim.server().filesUrl().port());
        QVERIFY(output.port() != sim.server().baseUrl().port());
        const QString path = m_downloads.filePath(u"t2v.mp4"_s);
        qint64 bytes = 0;
        const HttpResult download = sim.download(output, path, &bytes);
        QCOMPARE(download.status, 200);
        QCOMPARE(download.headers.value("content-type"), QByteArray("video/mp4"));
        QCOMPARE(bytes, QFileInfo(path).size());
        QCOMPARE(download.headers.value("content-length").toLongLong(), bytes);

        const FfprobeInfo info = FfprobeInfo::probe(path);
        QVERIFY2(info.ok, qPrintable(info.error));
        QCOMPARE(info.width, 1280);
        QCOMPARE(info.height, 720);
        QVERIFY(qAbs(info.formatDuration - 3.0) <= 0.1);
        QVERIFY(info.hasAudio);
        QCOMPARE(info.videoCodec, u"h264"_s);
        QCOMPARE(info.audioCodec, u"aac"_s);
        QCOMPARE(info.frameRate, 24.0);

        // Billing: the balance dropped by exactly the price.
        const HttpResult credits = sim.getWithKey(sim.url(u"/v1/get-user-credits"_s));
        QCOMPARE(credits.status, 200);
        QCOMPARE(credits.json.value(u"credits"_s).toDouble(), 24.58);
        QCOMPARE(credits.json.value(u"free-credits"_s).toDouble(), 0.0);
        QCOMPARE(sim.server().counters().keysSentToFilesHost, 0);
        QCOMPARE(sim.server().counters().jobsCreated, 1);
        // One log line per request (plus one for the job's end).
        QVERIFY(logged.size() >= 5);
    }

    void eachMode_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("seconds");

        QJsonObject i2v = SimFixture::textBody(u"The horse starts to gallop"_s, 3);
        i2v.insert(u"image"_s, TestImages::dataUri({1000, 600}, "JPEG", 10));
        i2v.insert(u"aspect_ratio"_s, u"9:16"_s); // ignored: the first frame sets the shape
        QTest::newRow("image to video") << fixedSeed(i2v) << QSize(1200, 720) << 3;

        QJsonObject r2v = SimFixture::textBody(u"[Image 1] meets [Image 2] in [Image 3]"_s, 4, u"720P"_s, u"9:16"_s);
        r2v.insert(u"reference_images"_s, QJsonArray{TestImages::dataUri({640, 480}, "PNG", 0),
                                                     TestImages::dataUri({480, 640}, "WEBP", 120),
                                                     u"https://example.com/stable.jpg"_s});
        QTest::newRow("reference to video") << fixedSeed(r2v) << QSize(720, 1280) << 4;

        QTest::newRow("text to video 1080P 1:1")
            << fixedSeed(SimFixture::textBody(u"A foal in the snow"_s, 3, u"1080P"_s, u"1:1"_s)) << QSize(1080, 1080)
            << 3;
        QTest::newRow("text to video 720P 3:4")
            << fixedSeed(SimFixture::textBody(u"A portrait of a horse"_s, 3, u"720P"_s, u"3:4"_s)) << QSize(720, 960)
            << 3;
    }
    void eachMode()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QSize, size);
        QFETCH(int, seconds);
        SimFixture sim(settings());
        QVERIFY2(sim.started(), qPrintable(sim.startError()));
        const QString path = generate(sim, body);
        QVERIFY(!path.isEmpty());
        const FfprobeInfo info = FfprobeInfo::probe(path);
        QVERIFY2(info.ok, qPrintable(info.error));
        QCOMPARE(QSize(info.width, info.height), size);
        QVERIFY2(qAbs(info.formatDuration - seconds) <= 0.1, qPrintable(QString::number(info.formatDuration)));
        QVERIFY(qAbs(info.videoDuration - seconds) <= 0.1);
        QVERIFY(info.hasAudio);
    }

    void pollUrlAndResultBeforeCompletion()
    {
        SimSettings s = settings();
        s.queueMs = 200;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult submitted = sim.submit(fixedSeed(SimFixture::textBody()));
        QCOMPARE(submitted.status, 200);

        // Before completion the result and poll URLs answer with the status body.
        const HttpResult early = sim.getWithKey(QUrl(submitted.json.value(u"response_url"_s).toString()));
        QCOMPARE(early.status, 200);
        QCOMPARE(early.statusText(), u"QUEUED"_s);
        QVERIFY(!early.json.contains(u"output"_s));
        const HttpResult earlyPoll = sim.getWithKey(QUrl(submitted.json.value(u"poll_url"_s).toString()));
        QCOMPARE(earlyPoll.statusText(), u"QUEUED"_s);

        const QString pollUrl = submitted.json.value(u"poll_url"_s).toString();
        const HttpResult end = sim.waitForEnd(pollUrl);
        QCOMPARE(end.statusText(), u"COMPLETED"_s);
        QVERIFY(end.json.value(u"output"_s).toString().endsWith(u".mp4"_s));
        QVERIFY(sim.server().counters().pollCalls >= 2);
    }

    void authentication_data()
    {
        QTest::addColumn<QList<QPair<QByteArray, QByteArray>>>("headers");
        QTest::addColumn<QString>("message");
        // Segmind's documented texts, word for word, so that what users search for is what they see.
        const QString missing = u"Missing Authorization or x-api-key in header"_s;
        const QString invalid = u"Unauthorized. API key is invalid or may have expired."_s;
        QTest::newRow("no key") << Headers{} << missing;
        QTest::newRow("bearer") << Headers{{"Authorization", "Bearer SG_0123456789abcdef"}} << invalid;
        QTest::newRow("unknown key") << Headers{{"x-api-key", "SG_ffffffffffffffff"}} << invalid;
        QTest::newRow("empty key") << Headers{{"x-api-key", "  "}} << missing;
    }
    void authentication()
    {
        QFETCH(Headers, headers);
        QFETCH(QString, message);
        SimSettings s = settings();
        s.acceptedKeys = {QString::fromLatin1(SimFixture::kKey)};
        SimFixture sim(s);
        QVERIFY(sim.started());

        auto postHeaders = headers;
        postHeaders.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        const HttpResult post = sim.post(sim.url(u"/v2/happyhorse-1.1"_s),
                                         QJsonDocument(SimFixture::textBody()).toJson(), postHeaders);
        QCOMPARE(post.status, 401);
        QCOMPARE(post.errorText(), message);
        for (const QString &path : {u"/v1/get-user-credits"_s, u"/v2/requests/x/status"_s}) {
            const HttpResult get = sim.get(sim.url(path), headers);
            QCOMPARE(get.status, 401);
            QCOMPARE(get.errorText(), message);
        }
        // The synchronous route answers the same.
        const HttpResult sync = sim.post(sim.url(u"/v1/happyhorse-1.1"_s),
                                         QJsonDocument(SimFixture::textBody()).toJson(), postHeaders);
        QCOMPARE(sync.status, 401);
        QCOMPARE(sync.errorText(), message);
        QCOMPARE(sim.server().counters().jobsCreated, 0);
        // The accepted key still works.
        QCOMPARE(sim.getWithKey(sim.url(u"/v1/get-user-credits"_s)).status, 200);
    }

    void anyNonEmptyKeyWithoutKeyList()
    {
        SimFixture sim(settings());
        QVERIFY(sim.started());
        QCOMPARE(sim.getWithKey(sim.url(u"/v1/get-user-credits"_s), "anything").status, 200);
    }

    void forbiddenAndRetired()
    {
        SimSettings s = settings();
        s.forbiddenKeys = {u"SG_forbidden00000000"_s};
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult forbidden = sim.submit(SimFixture::textBody(), "SG_forbidden00000000");
        QCOMPARE(forbidden.status, 403);
        QVERIFY(forbidden.errorText().contains(u"access"_s));

        SimSettings r = settings();
        r.modelRetired = true;
        SimFixture retired(r);
        QVERIFY(retired.started());
        const HttpResult gone = retired.submit(SimFixture::textBody());
        QCOMPARE(gone.status, 410);
        QVERIFY(gone.errorText().contains(u"retired"_s));
        QCOMPARE(sim.server().counters().jobsCreated + retired.server().counters().jobsCreated, 0);
    }

    void notFound()
    {
        SimFixture sim(settings());
        QVERIFY(sim.started());
        const QString id = u"00000000-0000-4000-8000-000000000000"_s;
        for (const QString &path : {u"/v2/requests/%1/status"_s, u"/v2/requests/%1"_s, u"/v1/requests/%1"_s}) {
            const HttpResult r = sim.getWithKey(sim.url(path.arg(id)));
            QCOMPARE(r.status, 404);
            QCOMPARE(r.errorText(), u"Request %1 not found"_s.arg(id));
        }
        const HttpResult slug = sim.post(sim.url(u"/v2/no-such-model"_s), "{}",
                                         {{"x-api-key", SimFixture::kKey}, {"Content-Type", "application/json"}});
        QCOMPARE(slug.status, 404);
        QVERIFY(slug.jsonValid);
        QCOMPARE(sim.getWithKey(sim.url(u"/nowhere"_s)).status, 404);
        QCOMPARE(sim.get(QUrl(sim.server().filesUrl().toString() + u"/files/nothing.mp4"_s), {}).status, 404);
    }

    void wrongMethodAnswersHtml_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::newRow("GET submit") << QByteArray("GET") << u"/v2/happyhorse-1.1"_s;
        QTest::newRow("PUT submit") << QByteArray("PUT") << u"/v2/happyhorse-1.1"_s;
        QTest::newRow("POST status") << QByteArray("POST") << u"/v2/requests/abc/status"_s;
        QTest::newRow("DELETE result") << QByteArray("DELETE") << u"/v2/requests/abc"_s;
        QTest::newRow("POST credits") << QByteArray("POST") << u"/v1/get-user-credits"_s;
    }
    void wrongMethodAnswersHtml()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        SimFixture sim(settings());
        QVERIFY(sim.started());
        const HttpResult r = sim.send(verb, sim.url(path), {}, {{"x-api-key", SimFixture::kKey}});
        QCOMPARE(r.status, 405);
        QVERIFY(r.headers.value("content-type").startsWith("text/html"));
        QVERIFY(r.body.startsWith("<!DOCTYPE html>"));
        QVERIFY(!r.jsonValid);
    }

    void contentTypeAndBody()
    {
        SimFixture sim(settings());
        QVERIFY(sim.started());
        const QUrl submit = sim.url(u"/v2/happyhorse-1.1"_s);
        const QByteArray body = QJsonDocument(SimFixture::textBody()).toJson();
        const HttpResult form =
            sim.post(submit, body, {{"x-api-key", SimFixture::kKey}, {"Content-Type", "text/plain"}});
        QCOMPARE(form.status, 406);
        QCOMPARE(form.errorText(), u"Invalid content type"_s);
        const HttpResult broken =
            sim.post(submit, "{\"prompt\": ", {{"x-api-key", SimFixture::kKey}, {"Content-Type", "application/json"}});
        QCOMPARE(broken.status, 400);
        QJsonObject bad = SimFixture::textBody();
        bad.insert(u"duration"_s, 2);
        const HttpResult tooShort = sim.submit(bad);
        QCOMPARE(tooShort.status, 406);
        QVERIFY(tooShort.errorText().contains(u"between 3 and 15"_s));
        const HttpResult charset = sim.post(
            submit, body, {{"x-api-key", SimFixture::kKey}, {"Content-Type", "application/json; charset=utf-8"}});
        QCOMPARE(charset.status, 200);
    }

    void insufficientCredits()
    {
        SimSettings s = settings();
        s.balanceCents = 50;
        s.reservationCents = 90;
        SimFixture sim(s);
        QVERIFY(sim.started());
        // A 3 s 720P clip costs $0.42, below the balance, but the service reserves its average cost first.
        const HttpResult refused = sim.submit(SimFixture::textBody(u"cheap"_s, 3));
        QCOMPARE(refused.status, 406);
        const QString message = refused.errorText();
        QVERIFY2(message.startsWith(u"Insufficient credits"_s), qPrintable(message));
        QVERIFY(message.contains(u"$0.50"_s));
        QVERIFY(message.contains(u"$0.90"_s));
        QVERIFY(message.contains(u"$0.42"_s));
        QCOMPARE(sim.server().counters().jobsCreated, 0);

        sim.server().setBalanceCents(90);
        QCOMPARE(sim.submit(fixedSeed(SimFixture::textBody(u"cheap"_s, 3))).status, 200);
    }

    void failedJobsAnswer422AndAreNotCharged()
    {
        SimSettings s = settings();
        s.failureRate = 1.0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult submitted = sim.submit(SimFixture::textBody());
        QCOMPARE(submitted.status, 200);
        const HttpResult end = sim.waitForEnd(submitted.json.value(u"status_url"_s).toString());
        QCOMPARE(end.status, 422);
        QCOMPARE(end.statusText(), u"FAILED"_s);
        QVERIFY(!end.errorText().isEmpty());
        QCOMPARE(end.json.value(u"request_id"_s).toString(), submitted.json.value(u"request_id"_s).toString());
        QVERIFY(end.json.value(u"metrics"_s).isObject());
        // Failures are not billed, so the billing fields are left out (not "cost": 0); timings stay.
        const QJsonObject metrics = end.json.value(u"metrics"_s).toObject();
        QVERIFY2(!metrics.contains(u"cost"_s), end.body.constData());
        QVERIFY2(!metrics.contains(u"remaining_credits"_s), end.body.constData());
        QVERIFY(metrics.contains(u"total_time"_s));
        const HttpResult result = sim.getWithKey(QUrl(submitted.json.value(u"response_url"_s).toString()));
        QCOMPARE(result.status, 422);
        QCOMPARE(result.statusText(), u"FAILED"_s);
        QVERIFY(!result.json.value(u"metrics"_s).toObject().contains(u"cost"_s));
        QCOMPARE(sim.server().balanceCents(), qint64(2500));
    }

    void withoutFfmpeg()
    {
        SimSettings s = settings();
        s.ffmpegProgram = u"/nonexistent/ffmpeg"_s;
        {
            SimServer server(s);
            QString error;
            QVERIFY(!server.start(&error)); // paddock-sim says so at once
            QVERIFY2(error.contains(u"Install ffmpeg"_s), qPrintable(error));
        }
        // Demo mode skips that check to open its window sooner: each job then fails with the same advice.
        s.checkFfmpegAtStart = false;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult submitted = sim.submit(SimFixture::textBody(u"A render that cannot happen"_s));
        const HttpResult end = sim.waitForEnd(submitted.json.value(u"status_url"_s).toString());
        QCOMPARE(end.statusText(), u"FAILED"_s);
        QVERIFY2(end.errorText().contains(u"Install ffmpeg"_s), qPrintable(end.errorText()));
        QCOMPARE(sim.server().balanceCents(), qint64(2500)); // not charged
    }

    void rateLimit()
    {
        SimSettings s = settings();
        s.rateLimitPerMinute = 3;
        s.rateWindowMs = 1500;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const QUrl credits = sim.url(u"/v1/get-user-credits"_s);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(sim.getWithKey(credits).status, 200);
        const HttpResult limited = sim.getWithKey(credits);
        QCOMPARE(limited.status, 429);
        QVERIFY(!limited.headers.contains("retry-after"));
        const QDateTime resetAt =
            QDateTime::fromString(QString::fromLatin1(limited.headers.value("x-rate-limit-reset-at-utc")), Qt::ISODateWithMs);
        QVERIFY2(resetAt.isValid(), limited.headers.value("x-rate-limit-reset-at-utc").constData());
        QCOMPARE(resetAt.timeSpec(), Qt::UTC);
        const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(resetAt);
        QVERIFY2(wait > 0 && wait <= 1600, qPrintable(QString::number(wait)));
        // Another key has its own allowance.
        QCOMPARE(sim.getWithKey(credits, "SG_another0000000").status, 200);
        // After the reset time the key may call again.
        QTRY_COMPARE_WITH_TIMEOUT(sim.getWithKey(credits).status, 200, 5000);
        QVERIFY(sim.server().counters().rateLimited >= 1);
    }

    void serverErrors()
    {
        SimSettings s = settings();
        s.serverErrorRate = 1.0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        for (int i = 0; i < 8; ++i) {
            const HttpResult r = sim.submit(SimFixture::textBody());
            QVERIFY2(r.status >= 500 && r.status <= 504 && r.status != 501, qPrintable(QString::number(r.status)));
            QVERIFY(r.jsonValid);
        }
        QCOMPARE(sim.server().counters().submits, 8);
        QCOMPARE(sim.server().counters().jobsCreated, 0); // a 5xx submit creates no job
    }

    void htmlErrorPages()
    {
        SimSettings s = settings();
        s.htmlErrorRate = 1.0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult r = sim.getWithKey(sim.url(u"/v1/get-user-credits"_s));
        QCOMPARE(r.status, 502);
        QVERIFY(r.headers.value("content-type").startsWith("text/html"));
        QVERIFY(r.body.contains("<html>"));
    }

    void malformedJson()
    {
        SimSettings s = settings();
        s.malformedJsonRate = 1.0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult credits = sim.getWithKey(sim.url(u"/v1/get-user-credits"_s));
        QCOMPARE(credits.status, 200);
        QVERIFY(!credits.jsonValid);
        // Submits are never malformed by this knob: the job is created and its status is what breaks.
        const HttpResult submitted = sim.submit(SimFixture::textBody());
        QCOMPARE(submitted.status, 200);
        const HttpResult status = sim.getWithKey(QUrl(submitted.json.value(u"status_url"_s).toString()));
        QCOMPARE(status.status, 200);
        QVERIFY(!status.jsonValid);
    }

    void lostSubmitCreatesTheJobButDropsTheAnswer()
    {
        SimSettings s = settings();
        s.lostSubmitRate = 1.0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        QSignalSpy created(&sim.server(), &SimServer::jobCreated);
        const HttpResult r = sim.submit(SimFixture::textBody());
        QCOMPARE(r.status, 0);
        QVERIFY(r.error != QNetworkReply::NoError);
        QCOMPARE(created.size(), 1);
        QCOMPARE(sim.server().counters().jobsCreated, 1);
        // The job goes on and will be billed: exactly the "unknown — may be billed" case.
        const QString id = created.first().first().toString();
        QTRY_COMPARE_WITH_TIMEOUT(sim.server().jobStatus(id), u"COMPLETED"_s, 30000);
        QCOMPARE(sim.server().balanceCents(), qint64(2500 - 42));
    }

    void noAnswer()
    {
        SimSettings s = settings();
        s.noAnswerRate = 1.0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult r = sim.get(sim.url(u"/v1/get-user-credits"_s), {{"x-api-key", SimFixture::kKey}}, 300);
        QCOMPARE(r.status, 0);
        QCOMPARE(r.error, QNetworkReply::OperationCanceledError); // the transfer timeout fired
        QVERIFY(r.elapsedMs >= 250);
    }

    void neverCompletes()
    {
        SimSettings s = settings();
        s.neverCompleteRate = 1.0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult submitted = sim.submit(fixedSeed(SimFixture::textBody()));
        const QString id = submitted.json.value(u"request_id"_s).toString();
        QTRY_COMPARE(sim.server().jobStatus(id), u"PROCESSING"_s);
        // Far past its queue and processing time, and past its render, it is still running.
        QSignalSpy finished(&sim.server(), &SimServer::jobFinished);
        QVERIFY(!finished.wait(1500));
        QCOMPARE(sim.getWithKey(QUrl(submitted.json.value(u"status_url"_s).toString())).statusText(),
                 u"PROCESSING"_s);
        QCOMPARE(sim.server().balanceCents(), qint64(2500));
    }

    void downloadsCutOffPartWay()
    {
        SimSettings s = settings();
        s.cutDownloadRate = 1.0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult submitted = sim.submit(fixedSeed(SimFixture::textBody()));
        QCOMPARE(sim.waitForEnd(submitted.json.value(u"status_url"_s).toString()).statusText(), u"COMPLETED"_s);
        const HttpResult result = sim.getWithKey(QUrl(submitted.json.value(u"response_url"_s).toString()));
        qint64 bytes = 0;
        const HttpResult download =
            sim.download(QUrl(result.json.value(u"output"_s).toString()), m_downloads.filePath(u"cut.mp4"_s), &bytes);
        const qint64 announced = download.headers.value("content-length").toLongLong();
        QVERIFY(announced > 0);
        QVERIFY2(bytes < announced, qPrintable(u"%1 of %2"_s.arg(bytes).arg(announced)));
        // Qt reports the early close as an error or as the end of the body, depending on timing; either way
        // the file is short of what was announced and is not a whole MP4, which is what a client must check.
        const Mp4Info cut = Mp4Info::fromFile(m_downloads.filePath(u"cut.mp4"_s));
        QVERIFY(!cut.valid || !cut.complete);
    }

    void slowDownloadsAndPadding()
    {
        SimSettings s = settings();
        s.outputPaddingBytes = 400 * 1000;
        s.downloadBytesPerSecond = 400 * 1000;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult submitted = sim.submit(fixedSeed(SimFixture::textBody()));
        QCOMPARE(sim.waitForEnd(submitted.json.value(u"status_url"_s).toString()).statusText(), u"COMPLETED"_s);
        const HttpResult result = sim.getWithKey(QUrl(submitted.json.value(u"response_url"_s).toString()));
        const QString path = m_downloads.filePath(u"padded.mp4"_s);
        qint64 bytes = 0;
        const HttpResult download = sim.download(QUrl(result.json.value(u"output"_s).toString()), path, &bytes);
        QCOMPARE(download.status, 200);
        QVERIFY(bytes > 400 * 1000);
        // At 400 kB/s, more than 400 kB takes at least about a second.
        QVERIFY2(download.elapsedMs >= 900, qPrintable(QString::number(download.elapsedMs)));
        // The padding is an MP4 'free' box: the file still plays.
        const FfprobeInfo info = FfprobeInfo::probe(path);
        QVERIFY2(info.ok, qPrintable(info.error));
        QVERIFY(qAbs(info.videoDuration - 3.0) <= 0.1);
    }

    void requestAndFileRetention()
    {
        SimSettings s = settings();
        s.requestRetentionMs = 1500;
        s.fileRetentionMs = 300;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult submitted = sim.submit(fixedSeed(SimFixture::textBody()));
        const QString statusUrl = submitted.json.value(u"status_url"_s).toString();
        QCOMPARE(sim.waitForEnd(statusUrl).statusText(), u"COMPLETED"_s);
        const HttpResult result = sim.getWithKey(QUrl(submitted.json.value(u"response_url"_s).toString()));
        const QUrl output(result.json.value(u"output"_s).toString());
        QTRY_COMPARE_WITH_TIMEOUT(sim.get(output, {}).status, 404, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(sim.getWithKey(QUrl(statusUrl)).status, 404, 5000);
        const HttpResult expired = sim.getWithKey(QUrl(statusUrl));
        QVERIFY(expired.errorText().contains(u"not found"_s));
    }

    void faultsAreDeterministicUnderASeed()
    {
        auto run = [this](quint64 seed) {
            SimSettings s = settings();
            s.seed = seed;
            s.failureRate = 0.5;
            SimFixture sim(s);
            QStringList outcome;
            QStringList ids;
            for (int i = 0; i < 8; ++i)
                ids << sim.submit(fixedSeed(SimFixture::textBody())).json.value(u"request_id"_s).toString();
            for (const QString &id : ids) {
                const HttpResult end = sim.waitForEnd(sim.url(u"/v2/requests/%1/status"_s.arg(id)).toString());
                outcome << id + u' ' + end.statusText();
            }
            return outcome;
        };
        const QStringList first = run(7);
        QCOMPARE(first.size(), 8);
        QCOMPARE(run(7), first);
        QVERIFY(first.join(u' ').contains(u"FAILED"_s));
        QVERIFY(first.join(u' ').contains(u"COMPLETED"_s));
        QVERIFY(run(8) != first);
    }

    void runTimeSpreadVariesEachJob()
    {
        SimSettings s = settings();
        s.queueMs = 0;
        s.processingMs = 200;
        s.runTimeFactorLow = 0.25;
        s.runTimeFactorHigh = 4.0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        QVERIFY(!generate(sim, fixedSeed(SimFixture::textBody())).isEmpty()); // the clip is rendered once, first
        QStringList statusUrls;
        for (int i = 0; i < 8; ++i)
            statusUrls << sim.submit(fixedSeed(SimFixture::textBody())).json.value(u"status_url"_s).toString();
        double shortest = 1e9;
        double longest = 0;
        for (const QString &url : std::as_const(statusUrls)) {
            const HttpResult end = sim.waitForEnd(url);
            QCOMPARE(end.statusText(), u"COMPLETED"_s);
            const double total = end.json.value(u"metrics"_s).toObject().value(u"total_time"_s).toDouble();
            QVERIFY2(total >= 0.25 * 0.2 - 0.01 && total <= 4.0 * 0.2 + 1.0, qPrintable(QString::number(total)));
            shortest = std::min(shortest, total);
            longest = std::max(longest, total);
        }
        QVERIFY2(longest > 2.0 * shortest, qPrintable(u"%1 to %2 s"_s.arg(shortest).arg(longest)));
    }

    // The record a test uses to prove that no job was POSTed twice: one entry per POST, saying what became of it,
    // with the request id of any job it created (even when the answer was lost) and the prompts it carried.
    void submitRecordsSayWhatBecameOfEachPost_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<bool>("created");
        QTest::newRow("answered") << u""_s << u"created"_s << true;
        QTest::newRow("answer lost") << u"lost-submit"_s << u"answer-lost"_s << true;
        QTest::newRow("no answer") << u"no-answer"_s << u"no-answer"_s << false;
        QTest::newRow("5xx") << u"server-error"_s << u"server-error"_s << false;
        QTest::newRow("HTML 502") << u"html-error"_s << u"server-error"_s << false;
        QTest::newRow("rate limited") << u"rate-limit"_s << u"rate-limited"_s << false;
    }
    void submitRecordsSayWhatBecameOfEachPost()
    {
        QFETCH(QString, fault);
        QFETCH(QString, outcome);
        QFETCH(bool, created);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SimSettings s = settings();
        s.statsFile = dir.filePath(u"stats.json"_s);
        s.lostSubmitRate = fault == u"lost-submit"_s ? 1.0 : 0.0;
        s.noAnswerRate = fault == u"no-answer"_s ? 1.0 : 0.0;
        s.serverErrorRate = fault == u"server-error"_s ? 1.0 : 0.0;
        s.htmlErrorRate = fault == u"html-error"_s ? 1.0 : 0.0;
        s.rateLimitPerMinute = fault == u"rate-limit"_s ? 1 : 0;
        SimFixture sim(s);
        QVERIFY(sim.started());
        if (fault == u"rate-limit"_s) // the allowance of one goes to a credits call
            QCOMPARE(sim.getWithKey(sim.url(u"/v1/get-user-credits"_s)).status, 200);
        QJsonObject body = SimFixture::textBody(u"a tagged prompt"_s);
        body.insert(u"negative_prompt"_s, u"tag 17"_s);
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        sim.post(sim.url(u"/v2/happyhorse-1.1"_s), json,
                 {{"x-api-key", SimFixture::kKey}, {"content-type", "application/json"}}, 500);

        const QList<SimServer::SubmitRecord> records = sim.server().submitRecords();
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.first().outcome, outcome);
        QCOMPARE(records.first().prompt, u"a tagged prompt"_s);
        QCOMPARE(records.first().negativePrompt, u"tag 17"_s);
        QCOMPARE(SimServer::looksLikeRequestId(records.first().requestId), created);
        QCOMPARE(sim.server().counters().jobsCreated, created ? 1 : 0);

        // The same, written as paddock-sim writes it when it quits.
        QString error;
        QVERIFY2(sim.server().writeStats(s.statsFile, &error), qPrintable(error));
        QFile file(s.statsFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject stats = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(stats.value(u"counters"_s).toObject().value(u"submits"_s).toInt(), 1);
        const QJsonArray written = stats.value(u"submit_records"_s).toArray();
        QCOMPARE(written.size(), 1);
        QCOMPARE(written.first().toObject().value(u"outcome"_s).toString(), outcome);
        QCOMPARE(written.first().toObject().value(u"request_id"_s).toString(), records.first().requestId);
        QCOMPARE(written.first().toObject().value(u"negative_prompt"_s).toString(), u"tag 17"_s);
    }

    void submitRecordsAreKeptOnlyWhenAsked()
    {
        SimFixture sim(settings());
        QVERIFY(sim.started());
        QCOMPARE(sim.submit(fixedSeed(SimFixture::textBody())).status, 200);
        QCOMPARE(sim.server().counters().submits, 1);
        QVERIFY(sim.server().submitRecords().isEmpty());
    }

    // POST /v1/happyhorse-1.1 holds the connection until the job ends and answers with the MP4 itself, its
    // accounting in headers; the server goes on answering everyone else meanwhile.
    void synchronousRoute()
    {
        SimSettings s = settings();
        s.queueMs = 300;
        SimFixture sim(s);
        QVERIFY(sim.started());
        QNetworkAccessManager network;
        QNetworkRequest request(sim.url(u"/v1/happyhorse-1.1"_s));
        request.setRawHeader("x-api-key", SimFixture::kKey);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply = network.post(request, QJsonDocument(fixedSeed(SimFixture::textBody())).toJson());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QTRY_COMPARE(sim.server().jobCount(), 1);

        // While the job is QUEUED the event loop is free: other calls are answered at once.
        const HttpResult credits = sim.getWithKey(sim.url(u"/v1/get-user-credits"_s));
        QCOMPARE(credits.status, 200);
        QVERIFY(!reply->isFinished());
        QCOMPARE(finished.size(), 0);

        QVERIFY(finished.wait(60000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), QByteArray("video/mp4"));
        const QByteArray clip = reply->readAll();
        QVERIFY2(clip.size() > 1000 && clip.mid(4, 4) == "ftyp", clip.left(64).constData());
        const QString id = QString::fromLatin1(reply->rawHeader("x-request-id"));
        QVERIFY2(SimServer::looksLikeRequestId(id), qPrintable(id));
        QCOMPARE(sim.server().jobStatus(id), u"COMPLETED"_s);
        QCOMPARE(reply->rawHeader("x-cost"), QByteArray("0.42"));
        QCOMPARE(reply->rawHeader("x-remaining-credits"), QByteArray("24.58"));
        QCOMPARE(reply->rawHeader("x-seed-value"), QByteArray("7"));
        QVERIFY(reply->rawHeader("x-generation-time").toDouble() > 0);
        QCOMPARE(sim.server().balanceCents(), qint64(2458));
        QCOMPARE(sim.server().counters().submits, 1);
        reply->deleteLater();

        // A wrong method answers the HTML page, as on the asynchronous route.
        const HttpResult get = sim.getWithKey(sim.url(u"/v1/happyhorse-1.1"_s));
        QCOMPARE(get.status, 405);
        QVERIFY(!get.jsonValid);
        // Another model on v1 is unknown, as on v2.
        QCOMPARE(sim.post(sim.url(u"/v1/other-model"_s), "{}",
                          {{"x-api-key", SimFixture::kKey}, {"Content-Type", "application/json"}})
                     .status,
                 404);
    }

    // Every refusal of the asynchronous route is answered in the same words by the synchronous one.
    void synchronousRouteRefusesAsTheAsynchronousOne_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<qint64>("balanceCents");
        QTest::addColumn<int>("status");
        const QByteArray good = QJsonDocument(SimFixture::textBody()).toJson();
        QJsonObject tooShort = SimFixture::textBody();
        tooShort.insert(u"duration"_s, 2);
        QJsonObject rawBase64 = SimFixture::textBody();
        rawBase64.insert(u"image"_s, QString::fromLatin1(TestImages::encoded({640, 480}, "JPEG").toBase64()));
        QTest::newRow("no prompt") << QByteArray(R"({"duration": 5})") << QByteArray("application/json")
                                   << qint64(2500) << 400;
        QTest::newRow("broken JSON") << QByteArray(R"({"prompt": )") << QByteArray("application/json")
                                     << qint64(2500) << 400;
        QTest::newRow("too short") << QJsonDocument(tooShort).toJson() << QByteArray("application/json")
                                   << qint64(2500) << 406;
        QTest::newRow("raw base64 image") << QJsonDocument(rawBase64).toJson() << QByteArray("application/json")
                                          << qint64(2500) << 406;
        QTest::newRow("content type") << good << QByteArray("text/plain") << qint64(2500) << 406;
        QTest::newRow("insufficient credits") << good << QByteArray("application/json") << qint64(50) << 406;
    }
    void synchronousRouteRefusesAsTheAsynchronousOne()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(qint64, balanceCents);
        QFETCH(int, status);
        SimSettings s = settings();
        s.balanceCents = balanceCents;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const Headers headers{{"x-api-key", SimFixture::kKey}, {"Content-Type", contentType}};
        const HttpResult async = sim.post(sim.url(u"/v2/happyhorse-1.1"_s), body, headers);
        const HttpResult sync = sim.post(sim.url(u"/v1/happyhorse-1.1"_s), body, headers);
        QCOMPARE(async.status, status);
        QCOMPARE(sync.status, status);
        QVERIFY(!sync.errorText().isEmpty());
        QCOMPARE(sync.errorText(), async.errorText());
        QCOMPARE(sim.server().jobCount(), 0);
    }

    // The synchronous route shares the per-minute limit, and a job that fails answers 500 with its reason,
    // not charged.
    void synchronousRouteLimitsAndFailures()
    {
        SimSettings s = settings();
        s.failureRate = 1.0;
        s.rateLimitPerMinute = 2;
        s.rateWindowMs = 60000;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const Headers headers{{"x-api-key", SimFixture::kKey}, {"Content-Type", "application/json"}};
        const QByteArray body = QJsonDocument(SimFixture::textBody()).toJson();
        const HttpResult failed = sim.post(sim.url(u"/v1/happyhorse-1.1"_s), body, headers, 60000);
        QCOMPARE(failed.status, 500);
        QVERIFY(failed.jsonValid);
        QVERIFY(!failed.errorText().isEmpty());
        QCOMPARE(sim.server().balanceCents(), qint64(2500));
        QCOMPARE(sim.getWithKey(sim.url(u"/v1/get-user-credits"_s)).status, 200);
        const HttpResult limited = sim.post(sim.url(u"/v1/happyhorse-1.1"_s), body, headers);
        QCOMPARE(limited.status, 429);
        QVERIFY(limited.headers.contains("x-rate-limit-reset-at-utc"));
        QCOMPARE(sim.server().counters().jobsCreated, 1);
    }

    // While a job is QUEUED or PROCESSING, its status answer names both URLs and carries empty metrics.
    void runningStatusCarriesUrlsAndEmptyMetrics()
    {
        SimSettings s = settings();
        s.queueMs = 400;
        s.processingMs = 400;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult submitted = sim.submit(fixedSeed(SimFixture::textBody()));
        QCOMPARE(submitted.status, 200);
        const QString statusUrl = submitted.json.value(u"status_url"_s).toString();
        QStringList seen;
        for (int i = 0; i < 400 && !seen.contains(u"PROCESSING"_s); ++i) {
            const HttpResult status = sim.getWithKey(QUrl(statusUrl));
            QCOMPARE(status.status, 200);
            const QString state = status.statusText();
            if (state != u"QUEUED"_s && state != u"PROCESSING"_s)
                break;
            if (!seen.contains(state))
                seen << state;
            QCOMPARE(status.json.value(u"request_id"_s), submitted.json.value(u"request_id"_s));
            QCOMPARE(status.json.value(u"status_url"_s).toString(), statusUrl);
            QCOMPARE(status.json.value(u"response_url"_s), submitted.json.value(u"response_url"_s));
            QVERIFY(status.json.value(u"metrics"_s).isObject());
            QVERIFY2(status.json.value(u"metrics"_s).toObject().isEmpty(), status.body.constData());
            QTest::qWait(20);
        }
        QCOMPARE(seen, (QStringList{u"QUEUED"_s, u"PROCESSING"_s}));
        // Once COMPLETED the metrics are filled in.
        const HttpResult end = sim.waitForEnd(statusUrl);
        QCOMPARE(end.statusText(), u"COMPLETED"_s);
        QVERIFY(end.json.value(u"metrics"_s).toObject().contains(u"total_time"_s));
    }

    // An account without a balance record: get-user-credits answers 404 with Segmind's text.
    void creditsNotFound()
    {
        SimSettings s = settings();
        s.creditsNotFound = true;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult credits = sim.getWithKey(sim.url(u"/v1/get-user-credits"_s));
        QCOMPARE(credits.status, 404);
        QCOMPARE(credits.body, QByteArray(R"({"error":"No credits found for the user"})"));
        // Jobs still run; only the balance is unknown.
        QCOMPARE(sim.submit(SimFixture::textBody()).status, 200);
        SimFixture plain(settings());
        QCOMPARE(plain.getWithKey(plain.url(u"/v1/get-user-credits"_s)).status, 200);
    }

    // EXIF orientation is ignored by default: the picture is drawn and measured as stored. --honour-exif applies it.
    void exifOrientation_data()
    {
        QTest::addColumn<bool>("honourExif");
        QTest::addColumn<QSize>("size");
        // Stored 1000x600 (landscape) and marked "rotate 90°": a portrait only to a reader that applies EXIF.
        QTest::newRow("as stored (default)") << false << QSize(1200, 720);
        QTest::newRow("--honour-exif") << true << QSize(720, 1200);
    }
    void exifOrientation()
    {
        QFETCH(bool, honourExif);
        QFETCH(QSize, size);
        SimSettings s = settings();
        s.honourExif = honourExif;
        SimFixture sim(s);
        QVERIFY(sim.started());
        QJsonObject body = SimFixture::textBody(u"The horse turns its head"_s, 3);
        const QByteArray jpeg = TestImages::jpegWithExifOrientation6({1000, 600});
        body.insert(u"image"_s, u"data:image/jpeg;base64,"_s + QString::fromLatin1(jpeg.toBase64()));
        const QString path = generate(sim, fixedSeed(body));
        QVERIFY(!path.isEmpty());
        const FfprobeInfo info = FfprobeInfo::probe(path);
        QVERIFY2(info.ok, qPrintable(info.error));
        QCOMPARE(QSize(info.width, info.height), size);

        // The size rules measure the same way: stored 800x290 is refused either way, and the refusal names the
        // size as measured: as stored by default, turned upright with the knob.
        QJsonObject thin = SimFixture::textBody();
        thin.insert(u"image"_s, u"data:image/jpeg;base64,"_s
                                    + QString::fromLatin1(TestImages::jpegWithExifOrientation6({800, 290}).toBase64()));
        const HttpResult measured = sim.submit(thin);
        QCOMPARE(measured.status, 406);
        QVERIFY2(measured.errorText().contains(honourExif ? u"290x800"_s : u"800x290"_s),
                 qPrintable(measured.errorText()));
    }

    // Images must be a URL or a data URI: bare base64 without the data: prefix is refused, for the first frame
    // and for references alike.
    void rawBase64ImagesAreRefused()
    {
        SimFixture sim(settings());
        QVERIFY(sim.started());
        const QString raw = QString::fromLatin1(TestImages::encoded({640, 480}, "JPEG").toBase64());
        QJsonObject firstFrame = SimFixture::textBody();
        firstFrame.insert(u"image"_s, raw);
        const HttpResult i2v = sim.submit(firstFrame);
        QCOMPARE(i2v.status, 406);
        QVERIFY2(i2v.errorText().contains(u"data URI"_s), qPrintable(i2v.errorText()));
        QJsonObject references = SimFixture::textBody();
        references.insert(u"reference_images"_s, QJsonArray{raw});
        const HttpResult r2v = sim.submit(references);
        QCOMPARE(r2v.status, 406);
        QVERIFY2(r2v.errorText().contains(u"reference_images[0]"_s), qPrintable(r2v.errorText()));
        QCOMPARE(sim.server().jobCount(), 0);
        // The same bytes as a data URI are accepted.
        firstFrame.insert(u"image"_s, u"data:image/jpeg;base64,"_s + raw);
        QCOMPARE(sim.submit(firstFrame).status, 200);
    }

    // Whether status calls count towards the per-minute limit is a knob: by default they do.
    void pollsAndTheRateLimit_data()
    {
        QTest::addColumn<bool>("pollsCount");
        QTest::newRow("polls count (default)") << true;
        QTest::newRow("--uncounted-polls") << false;
    }
    void pollsAndTheRateLimit()
    {
        QFETCH(bool, pollsCount);
        SimSettings s = settings();
        QVERIFY(s.pollsCountTowardsLimit); // the default
        s.pollsCountTowardsLimit = pollsCount;
        s.rateLimitPerMinute = 3;
        s.queueMs = 5000;
        SimFixture sim(s);
        QVERIFY(sim.started());
        const HttpResult submitted = sim.submit(SimFixture::textBody());
        QCOMPARE(submitted.status, 200);
        const QUrl statusUrl(submitted.json.value(u"status_url"_s).toString());
        const QUrl responseUrl(submitted.json.value(u"response_url"_s).toString());
        const QUrl pollUrl(submitted.json.value(u"poll_url"_s).toString());
        for (const QUrl &url : {statusUrl, responseUrl, pollUrl, statusUrl, responseUrl, pollUrl}) {
            const HttpResult r = sim.getWithKey(url);
            QVERIFY(r.status == 200 || r.status == 429);
        }
        // Counted: the submit and two GETs use up the three; the rest wait. Not counted: every GET is answered.
        QCOMPARE(sim.server().counters().rateLimited, pollsCount ? 4 : 0);
        // Credits calls and submits are counted either way.
        const int before = sim.server().counters().rateLimited;
        if (!pollsCount) {
            QCOMPARE(sim.getWithKey(sim.url(u"/v1/get-user-credits"_s)).status, 200);
            QCOMPARE(sim.submit(SimFixture::textBody()).status, 200);
        }
        QCOMPARE(sim.submit(SimFixture::textBody()).status, 429);
        QCOMPARE(sim.server().counters().rateLimited, before + 1);
    }

    void manyConcurrentJobsAllFinish()
    {
        SimFixture sim(settings());
        QVERIFY(sim.started());
        QSignalSpy finished(&sim.server(), &SimServer::jobFinished);
        for (int i = 0; i < 30; ++i)
            QCOMPARE(sim.submit(fixedSeed(SimFixture::textBody())).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 30, 30000);
        QCOMPARE(sim.server().balanceCents(), qint64(2500 - 30 * 42));
    }
};

QTEST_GUILESS_MAIN(TestSimulator)
#include "tst_simulator.moc"
