// The spend guard's rules, as a table: when a submit needs the user's yes, and the numbers it gives.
#include "account/SpendGuard.h"
#include "api/ApiError.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestSpendGuard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<qint64>("submit");
        QTest::addColumn<qint64>("session");
        QTest::addColumn<qint64>("today");
        QTest::addColumn<qint64>("balance"); // -1: unknown
        QTest::addColumn<qint64>("sessionLimit"); // -1: none
        QTest::addColumn<qint64>("dayLimit");     // -1: none
        QTest::addColumn<QStringList>("expected"); // a word or number each reason must contain, in order

        QTest::newRow("defaults, small") << 70LL << 0LL << 0LL << -1LL << -1LL << -1LL << QStringList{};
        QTest::newRow("defaults, at the threshold") << 500LL << 0LL << 0LL << -1LL << -1LL << -1LL << QStringList{};
        QTest::newRow("above $5 asks") << 540LL << 0LL << 0LL << 10000LL << -1LL << -1LL
                                       << QStringList{u"$5.40, more than the $5.00"_s};
        QTest::newRow("balance short") << 210LL << 0LL << 0LL << 150LL << -1LL << -1LL
                                       << QStringList{u"costs $2.10 but your balance is $1.50"_s};
        QTest::newRow("below the reservation") << 42LL << 0LL << 0LL << 50LL << -1LL << -1LL
                                               << QStringList{u"$0.50, and the service needs $0.90"_s};
        QTest::newRow("enough balance") << 70LL << 0LL << 0LL << 2500LL << -1LL << -1LL << QStringList{};
        QTest::newRow("session limit") << 140LL << 900LL << 900LL << -1LL << 1000LL << -1LL
                                       << QStringList{u"$10.40, past your session limit of $10.00 by $0.40"_s};
        QTest::newRow("exactly at the session limit") << 100LL << 900LL << 900LL << -1LL << 1000LL << -1LL
                                                      << QStringList{};
        QTest::newRow("day limit") << 270LL << 0LL << 1900LL << -1LL << -1LL << 2000LL
                                   << QStringList{u"$21.70, past your daily limit of $20.00 by $1.70"_s};
        QTest::newRow("everything at once") << 900LL << 100LL << 100LL << 800LL << 500LL << 500LL
                                            << QStringList{u"balance is $8.00"_s, u"session limit"_s,
                                                           u"daily limit"_s, u"$9.00, more than"_s};
    }
    void check()
    {
        QFETCH(qint64, submit);
        QFETCH(qint64, session);
        QFETCH(qint64, today);
        QFETCH(qint64, balance);
        QFETCH(qint64, sessionLimit);
        QFETCH(qint64, dayLimit);
        QFETCH(QStringList, expected);
        SpendGuard::Limits limits;
        if (sessionLimit >= 0)
            limits.perSessionCents = sessionLimit;
        if (dayLimit >= 0)
            limits.perDayCents = dayLimit;
        SpendGuard::Situation situation;
        situation.submitCents = submit;
        situation.sessionCents = session;
        situation.todayCents = today;
        if (balance >= 0)
            situation.balanceCents = balance;
        const SpendGuard::Verdict verdict = SpendGuard::check(limits, situation);
        QCOMPARE(verdict.reasons.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QVERIFY2(verdict.reasons.at(i).contains(expected.at(i)), qPrintable(verdict.reasons.at(i)));
        QCOMPARE(verdict.needsConfirmation(), !expected.isEmpty());
        if (verdict.needsConfirmation())
            QVERIFY(verdict.question().endsWith(u"Send it anyway?"_s));
    }

    void noThresholdNeverAsksForTheAmount()
    {
        SpendGuard::Limits limits;
        limits.confirmAboveCents.reset();
        SpendGuard::Situation situation;
        situation.submitCents = 100000;
        QVERIFY(!SpendGuard::check(limits, situation).needsConfirmation());
    }

    void insufficientCreditsAnswerGivesTheNumbersAndTheRule()
    {
        const ApiError error = ApiError::fromHttp(
            406, "{\"error\":\"Insufficient credits: balance $0.50, required $0.90\"}", {}, QNetworkReply::NoError, {});
        QCOMPARE(error.kind, ApiError::Kind::InsufficientCredits);
        QVERIFY2(error.message.contains(u"Your balance is $0.50, and the service needs $0.90"_s),
                 qPrintable(error.message));
        QVERIFY(error.message.contains(u"not charged"_s));
        QVERIFY(error.message.contains(u"average cost"_s));
    }
};

QTEST_GUILESS_MAIN(TestSpendGuard)
#include "tst_spendguard.moc"
