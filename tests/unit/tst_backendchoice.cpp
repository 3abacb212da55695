#include "account/BackendChoice.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Kind = BackendChoice::Kind;

class TestBackendChoice final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decide_data()
    {
        QTest::addColumn<bool>("forceDemo");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<bool>("hasKey");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("hasError");

        QTest::newRow("no key: demo") << false << QString() << false << Kind::Demo << QString() << false;
        QTest::newRow("key: Segmind") << false << QString() << true << Kind::Segmind << u"https://api.segmind.com"_s
                                      << false;
        QTest::newRow("--demo wins over a key") << true << QString() << true << Kind::Demo << QString() << false;
        QTest::newRow("loopback http endpoint") << false << u"http://127.0.0.1:8080"_s << true << Kind::Segmind
                                                << u"http://127.0.0.1:8080"_s << false;
        QTest::newRow("localhost endpoint") << false << u"http://localhost:9000"_s << true << Kind::Segmind
                                            << u"http://localhost:9000"_s << false;
        QTest::newRow("remote http refused") << false << u"http://example.com"_s << true << Kind::Demo << QString()
                                             << true;
        QTest::newRow("remote https accepted") << false << u"https://proxy.example.com"_s << true << Kind::Segmind
                                               << u"https://proxy.example.com"_s << false;
        QTest::newRow("ftp refused") << false << u"ftp://127.0.0.1"_s << true << Kind::Demo << QString() << true;
        QTest::newRow("endpoint without key: demo") << false << u"http://127.0.0.1:8080"_s << false << Kind::Demo
                                                    << QString() << false;
    }
    void decide()
    {
        QFETCH(bool, forceDemo);
        QFETCH(QString, endpoint);
        QFETCH(bool, hasKey);
        QFETCH(Kind, kind);
        QFETCH(QString, url);
        QFETCH(bool, hasError);

        const BackendChoice choice = BackendChoice::decide(forceDemo, endpoint, hasKey);
        QCOMPARE(choice.kind, kind);
        QCOMPARE(choice.endpoint.toString(), url);
        QCOMPARE(!choice.error.isEmpty(), hasError);
        QVERIFY(!choice.reason.isEmpty());
        if (kind == Kind::Demo)
            QVERIFY(choice.describe().contains(u"nothing is charged"_s));
    }
};

QTEST_GUILESS_MAIN(TestBackendChoice)
#include "tst_backendchoice.moc"
