#include "api/Pricing.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Pricing::Resolution;

class TestPricing final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void costForEveryDuration_data()
    {
        QTest::addColumn<Resolution>("resolution");
        QTest::addColumn<int>("seconds");
        QTest::addColumn<qint64>("cents");
        for (int s = 3; s <= 15; ++s) {
            QTest::addRow("720P %ds", s) << Resolution::P720 << s << qint64(14 * s);
            QTest::addRow("1080P %ds", s) << Resolution::P1080 << s << qint64(18 * s);
        }
    }
    void costForEveryDuration()
    {
        QFETCH(Resolution, resolution);
        QFETCH(int, seconds);
        QFETCH(qint64, cents);
        QCOMPARE(Pricing::costCents(resolution, seconds), cents);
    }

    void contractExamples()
    {
        // The contract's own examples: 5 s at 720P = $0.70, 15 s at 1080P = $2.70.
        QCOMPARE(Pricing::formatCents(Pricing::costCents(Resolution::P720, 5)), u"$0.70"_s);
        QCOMPARE(Pricing::formatCents(Pricing::costCents(Resolution::P1080, 15)), u"$2.70"_s);
    }

    void format_data()
    {
        QTest::addColumn<qint64>("cents");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << u"$0.00"_s;
        QTest::newRow("one cent") << qint64(1) << u"$0.01"_s;
        QTest::newRow("dollar") << qint64(100) << u"$1.00"_s;
        QTest::newRow("thousands") << qint64(123456) << u"$1,234.56"_s;
        QTest::newRow("millions") << qint64(123456789) << u"$1,234,567.89"_s;
        QTest::newRow("negative") << qint64(-14) << u"-$0.14"_s;
    }
    void format()
    {
        QFETCH(qint64, cents);
        QFETCH(QString, text);
        QCOMPARE(Pricing::formatCents(cents), text);
    }

    void parseResolution_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<Resolution>("resolution");
        QTest::newRow("720P") << u"720P"_s << true << Resolution::P720;
        QTest::newRow("1080p") << u"1080p"_s << true << Resolution::P1080;
        QTest::newRow("spaces") << u" 720P "_s << true << Resolution::P720;
        QTest::newRow("4K") << u"4K"_s << false << Resolution::P720;
        QTest::newRow("empty") << QString() << false << Resolution::P720;
    }
    void parseResolution()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(Resolution, resolution);
        Resolution parsed = Resolution::P720;
        QCOMPARE(Pricing::parseResolution(text, &parsed), ok);
        if (ok) {
            QCOMPARE(parsed, resolution);
            QCOMPARE(Pricing::parseResolution(Pricing::resolutionName(parsed), &parsed), true);
        }
    }

    void dollarsToCents()
    {
        QCOMPARE(Pricing::dollarsToCents(12.5), qint64(1250));
        QCOMPARE(Pricing::dollarsToCents(0.02), qint64(2));
        QCOMPARE(Pricing::dollarsToCents(0.7), qint64(70));   // 0.7 is not exact in binary
        QCOMPARE(Pricing::dollarsToCents(2.7), qint64(270));
        QCOMPARE(Pricing::dollarsToCents(qInf()), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestPricing)
#include "tst_pricing.moc"
