// Server text made safe to show: controls, NULs, direction overrides and broken text removed, lengths bounded.
#include "api/SafeText.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestSafeText final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clean_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("maxLength");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"Job failed: flagged content"_s << 100 << u"Job failed: flagged content"_s;
        QTest::newRow("NUL") << u"bad\u0000thing"_s << 100 << u"badthing"_s;
        QTest::newRow("C0 and DEL") << u"a\u0001b\u001Bc\u007Fd"_s << 100 << u"abcd"_s;
        QTest::newRow("C1") << u"a\u0085b\u009Bc"_s << 100 << u"a bc"_s;
        QTest::newRow("bidi override") << u"invoice\u202Egnp.exe\u202C"_s << 100 << u"invoicegnp.exe"_s;
        QTest::newRow("bidi isolates") << u"\u2066a\u2067b\u2068c\u2069"_s << 100 << u"abc"_s;
        QTest::newRow("marks and zero width") << u"a\u200Eb\u200Fc\u200Bd\uFEFFe\u061Cf"_s << 100 << u"abcdef"_s;
        QTest::newRow("newlines and tabs fold") << u"  line one\r\n\tline two  "_s << 100 << u"line one line two"_s;
        QTest::newRow("lone high surrogate") << u"half "_s + QChar(0xD800) + u" pair"_s << 100 << u"half \uFFFD pair"_s;
        QTest::newRow("lone low surrogate") << QString(QChar(0xDC00)) << 100 << u"\uFFFD"_s;
        QTest::newRow("emoji kept") << u"ok \U0001F40E"_s << 100 << u"ok \U0001F40E"_s;
        QTest::newRow("tag characters") << u"a\U000E0041b"_s << 100 << u"ab"_s;
        QTest::newRow("accents kept") << u"Ça a échoué — désolé"_s << 100 << u"Ça a échoué — désolé"_s;
        QTest::newRow("cut at a word") << u"one two three four five six"_s << 14 << u"one two three…"_s;
        QTest::newRow("cut in a word") << u"abcdefghijklmnopqrstuvwxyz"_s << 10 << u"abcdefghi…"_s;
        QTest::newRow("exactly the length") << u"abcde"_s << 5 << u"abcde"_s;
        QTest::newRow("only controls") << u"\u0000\u0001\u202E"_s << 100 << QString();
        QTest::newRow("never splits a pair") << u"abc\U0001F40Ed"_s << 5 << u"abc…"_s;
    }
    void clean()
    {
        QFETCH(QString, input);
        QFETCH(int, maxLength);
        QFETCH(QString, expected);
        QCOMPARE(SafeText::clean(input, maxLength), expected);
    }

    void longTextIsBounded()
    {
        const QString long3000(3000, u'e');
        QCOMPARE(SafeText::clean(long3000).size(), SafeText::kMaxKeptLength);
        QVERIFY(SafeText::clean(long3000).endsWith(u'…'));
        QCOMPARE(SafeText::elide(long3000).size(), SafeText::kMaxListLength);
        QCOMPARE(SafeText::elide(u"short"_s), u"short"_s);
    }

    void invalidUtf8()
    {
        QCOMPARE(SafeText::fromUtf8(QByteArray("ok \xff\xfe end")), u"ok \uFFFD\uFFFD end"_s);
        QCOMPARE(SafeText::fromUtf8(QByteArray("nul\0inside", 10)), u"nulinside"_s);
        // Only what can be kept is decoded, however long the input.
        QCOMPARE(SafeText::fromUtf8(QByteArray(10'000'000, 'a'), 50).size(), 50);
    }
};

QTEST_GUILESS_MAIN(TestSafeText)
#include "tst_safetext.moc"
