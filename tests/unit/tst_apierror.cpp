// Every row of the contract's error table becomes the right kind of error with a message for people.
#include "api/ApiError.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Kind = ApiError::Kind;

class TestApiError final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("networkError");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<bool>("transient");
        QTest::addColumn<QString>("messageContains");

        const int none = QNetworkReply::NoError;
        QTest::newRow("200") << 200 << QByteArray("{}") << none << Kind::None << false << QString();
        QTest::newRow("400") << 400 << QByteArray(R"({"error":"Missing required field: prompt"})") << none
                             << Kind::InvalidRequest << false << u"Missing required field: prompt"_s;
        // Segmind's own texts; the user reads plain words that say what to do.
        QTest::newRow("401 invalid key")
            << 401 << QByteArray(R"({"error":"Unauthorized. API key is invalid or may have expired."})") << none
            << Kind::Auth << false << u"Check the key in Settings"_s;
        QTest::newRow("401 missing key")
            << 401 << QByteArray(R"({"error":"Missing Authorization or x-api-key in header"})") << none << Kind::Auth
            << false << u"Check the key in Settings"_s;
        QTest::newRow("403") << 403 << QByteArray(R"({"error":"no access"})") << none << Kind::Forbidden << false
                             << u"not allowed"_s;
        QTest::newRow("404") << 404 << QByteArray(R"({"error":"Request abc not found"})") << none << Kind::NotFound
                             << false << u"one hour"_s;
        QTest::newRow("405 HTML") << 405 << QByteArray("<!DOCTYPE html><html><body>Method Not Allowed</body></html>")
                                  << none << Kind::MethodNotAllowed << false << u"method not allowed"_s;
        QTest::newRow("406 credits") << 406 << QByteArray(R"({"error":"Insufficient credits"})") << none
                                     << Kind::InsufficientCredits << false << u"not charged"_s;
        QTest::newRow("406 content type") << 406 << QByteArray(R"({"error":"Invalid content type"})") << none
                                          << Kind::InvalidRequest << false << u"Invalid content type"_s;
        QTest::newRow("406 parameter") << 406 << QByteArray(R"({"error":"Invalid resolution '4K'"})") << none
                                       << Kind::InvalidRequest << false << u"4K"_s;
        QTest::newRow("410") << 410 << QByteArray(R"({"error":"retired"})") << none << Kind::Gone << false
                             << u"retired"_s;
        QTest::newRow("422") << 422 << QByteArray(R"({"status":"FAILED","error":"flagged"})") << none
                             << Kind::JobFailed << false << u"not charged"_s;
        QTest::newRow("429") << 429 << QByteArray(R"({"error":"Rate limit exceeded"})") << none << Kind::RateLimited
                             << true << u"waits"_s;
        for (int code : {500, 502, 503, 504})
            QTest::addRow("%d", code) << code << QByteArray("<html><body>nginx</body></html>") << none
                                      << Kind::ServerError << true << QString::number(code);
        QTest::newRow("refused") << 0 << QByteArray() << int(QNetworkReply::ConnectionRefusedError) << Kind::Network
                                 << true << u"internet connection"_s;
        QTest::newRow("timeout") << 0 << QByteArray() << int(QNetworkReply::OperationCanceledError) << Kind::Timeout
                                 << true << u"in time"_s;
        QTest::newRow("odd 418") << 418 << QByteArray("teapot") << none << Kind::MalformedResponse << true
                                 << u"418"_s;
    }
    void classify()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, networkError);
        QFETCH(Kind, kind);
        QFETCH(bool, transient);
        QFETCH(QString, messageContains);
        const ApiError error =
            ApiError::fromHttp(status, body, {}, QNetworkReply::NetworkError(networkError), u"Connection refused"_s);
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.isTransient(), transient);
        if (!messageContains.isEmpty())
            QVERIFY2(error.message.contains(messageContains, Qt::CaseInsensitive), qPrintable(error.message));
        // An HTML body never reaches a person.
        QVERIFY(!error.message.contains(u"<"_s));
        QVERIFY(!error.serverMessage.contains(u"<"_s));
    }

    void insufficientCreditsCarriesTheNumbers()
    {
        const ApiError error = ApiError::fromHttp(
            406,
            R"json({"error":"Insufficient credits: your balance is $0.50 and this call needs $0.90 available (estimated cost $0.42)"})json",
            {}, QNetworkReply::NoError, {});
        QCOMPARE(error.kind, Kind::InsufficientCredits);
        QCOMPARE(error.balanceCents, std::optional<qint64>(50));
        QCOMPARE(error.requiredCents, std::optional<qint64>(90));
    }

    void resetHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QDateTime>("when");
        const QDateTime t(QDate(2026, 11, 24), QTime(10, 15, 0), Qt::UTC);
        QTest::newRow("ISO with ms") << QByteArray("2026-11-24T10:15:00.000Z") << t;
        QTest::newRow("ISO") << QByteArray("2026-11-24T10:15:00Z") << t;
        QTest::newRow("ISO no zone is UTC") << QByteArray("2026-11-24T10:15:00") << t;
        QTest::newRow("ISO offset") << QByteArray("2026-11-24T11:15:00+01:00") << t;
        QTest::newRow("epoch seconds") << QByteArray::number(t.toSecsSinceEpoch()) << t;
        QTest::newRow("empty") << QByteArray() << QDateTime();
        QTest::newRow("garbage") << QByteArray("soon") << QDateTime();
        // Numbers no reset time can be: never turned into a time (1e308 seconds overflowed before).
        QTest::newRow("1e308") << QByteArray("1e308") << QDateTime();
        QTest::newRow("negative") << QByteArray("-5") << QDateTime();
        QTest::newRow("nan") << QByteArray("nan") << QDateTime();
        QTest::newRow("year 2200") << QByteArray("7258118400") << QDateTime();
    }
    void serverTextIsCleanedAndHasNoFalsePromise()
    {
        const ApiError error = ApiError::fromHttp(
            422, "{\"error\":\"bad\\u0000\\u202Eword " + QByteArray(3000, 'x') + "\"}", {}, QNetworkReply::NoError, {});
        QVERIFY(!error.serverMessage.contains(QChar(0)) && !error.serverMessage.contains(QChar(0x202E)));
        QVERIFY(error.serverMessage.startsWith(u"badword "_s));
        QVERIFY(error.serverMessage.size() <= 2000);
        QVERIFY(!ApiError::malformed(u"x"_s).message.contains(u"again"_s)); // the caller says whether it asks again
        // A huge dollar amount in the service's words is no balance.
        const ApiError credits =
            ApiError::fromHttp(406, "{\"error\":\"Insufficient credits: balance $99999999999999999999, needs $0.90\"}",
                               {}, QNetworkReply::NoError, {});
        QVERIFY(!credits.balanceCents || *credits.balanceCents >= 0);
    }

    void resetHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(QDateTime, when);
        const QDateTime parsed = ApiError::parseResetAt(header);
        QCOMPARE(parsed.isValid(), when.isValid());
        if (when.isValid())
            QCOMPARE(parsed.toMSecsSinceEpoch(), when.toMSecsSinceEpoch());
    }
};

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
