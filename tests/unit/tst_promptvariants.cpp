// PromptVariants: inline alternatives in a prompt ("a {red|blue} fox"), their order, labels, escapes and errors.
#include "api/PromptVariants.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestPromptVariants final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expansions_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QStringList>("prompts");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("no group") << u"a red fox"_s << QStringList{u"a red fox"_s} << QStringList{QString()};
        QTest::newRow("empty prompt") << QString() << QStringList{QString()} << QStringList{QString()};
        QTest::newRow("one group") << u"a {red|blue} fox"_s << QStringList{u"a red fox"_s, u"a blue fox"_s}
                                   << QStringList{u"red"_s, u"blue"_s};
        QTest::newRow("one alternative") << u"a {red} fox"_s << QStringList{u"a red fox"_s} << QStringList{u"red"_s};
        QTest::newRow("two groups, first slowest")
            << u"{a|b} {c|d}"_s << QStringList{u"a c"_s, u"a d"_s, u"b c"_s, u"b d"_s}
            << QStringList{u"a · c"_s, u"a · d"_s, u"b · c"_s, u"b · d"_s};
        QTest::newRow("three groups") << u"{1|2}{x|y}{!|?}"_s << QStringList{u"1x!"_s, u"1x?"_s, u"1y!"_s, u"1y?"_s,
                                                                             u"2x!"_s, u"2x?"_s, u"2y!"_s, u"2y?"_s}
                                      << QStringList{u"1 · x · !"_s, u"1 · x · ?"_s, u"1 · y · !"_s, u"1 · y · ?"_s,
                                                     u"2 · x · !"_s, u"2 · x · ?"_s, u"2 · y · !"_s, u"2 · y · ?"_s};
        QTest::newRow("group at both ends")
            << u"{calm|stormy} sea, {dawn|dusk}"_s
            << QStringList{u"calm sea, dawn"_s, u"calm sea, dusk"_s, u"stormy sea, dawn"_s, u"stormy sea, dusk"_s}
            << QStringList{u"calm · dawn"_s, u"calm · dusk"_s, u"stormy · dawn"_s, u"stormy · dusk"_s};
        QTest::newRow("spaces kept in the prompt, trimmed in the label")
            << u"a{ red | blue }fox"_s << QStringList{u"a red fox"_s, u"a blue fox"_s}
            << QStringList{u"red"_s, u"blue"_s};
        QTest::newRow("several words") << u"a fox {running fast|sleeping}"_s
                                       << QStringList{u"a fox running fast"_s, u"a fox sleeping"_s}
                                       << QStringList{u"running fast"_s, u"sleeping"_s};
        QTest::newRow("escaped braces") << u"a {{red}} fox"_s << QStringList{u"a {red} fox"_s}
                                        << QStringList{QString()};
        QTest::newRow("escape next to a group")
            << u"{{{a|b}}}"_s << QStringList{u"{a}"_s, u"{b}"_s} << QStringList{u"a"_s, u"b"_s};
        QTest::newRow("bar outside a group is literal")
            << u"a | b {c|d}"_s << QStringList{u"a | b c"_s, u"a | b d"_s} << QStringList{u"c"_s, u"d"_s};
        QTest::newRow("image references untouched") << u"[Image 1] in a {red|blue} coat beside [Image 2]"_s
                                                    << QStringList{u"[Image 1] in a red coat beside [Image 2]"_s,
                                                                   u"[Image 1] in a blue coat beside [Image 2]"_s}
                                                    << QStringList{u"red"_s, u"blue"_s};
        QTest::newRow("exactly 24") << u"{1|2|3|4} {a|b|c|d|e|f}"_s << QStringList() << QStringList();
    }

    void expansions()
    {
        QFETCH(QString, prompt);
        QFETCH(QStringList, prompts);
        QFETCH(QStringList, labels);
        const PromptVariantsResult result = PromptVariants::expand(prompt);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.position, -1);
        if (prompts.isEmpty()) { // only the count matters
            QCOMPARE(result.expansions.size(), PromptVariants::kMaxExpansions);
            return;
        }
        QStringList gotPrompts;
        QStringList gotLabels;
        for (const PromptExpansion &expansion : result.expansions) {
            gotPrompts.append(expansion.prompt);
            gotLabels.append(expansion.label);
        }
        QCOMPARE(gotPrompts, prompts);
        QCOMPARE(gotLabels, labels);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("error");
        // Each message once; character numbers in messages count from 1, positions from 0.
        const auto unclosed = [](int character) {
            return u"The “{” at character %1 is never closed. End the alternatives with “}”, or write “{{” for a "
                   "brace in the prompt."_s.arg(character);
        };
        const auto closesNothing = [](int character) {
            return u"The “}” at character %1 closes nothing. Remove it, or write “}}” for a brace in the prompt."_s.arg(
                character);
        };
        const auto emptyBraces = [](int character) {
            return u"The braces at character %1 hold no alternatives. Write them like {red|blue}, or remove the "
                   "braces."_s.arg(character);
        };
        const auto emptyAlternative = [](int character) {
            return u"The alternative at character %1 is empty. Write something between each “|”, or remove the "
                   "extra “|”."_s.arg(character);
        };
        const auto nested = [](int inner, int outer) {
            return u"The “{” at character %1 is inside the alternatives that start at character %2; alternatives "
                   "cannot be nested. Write the combinations out, as in {red fox|blue fox}."_s.arg(inner)
                       .arg(outer);
        };
        const auto tooMany = [](const QString &count) {
            return u"These alternatives make %1 prompts; a sweep is limited to 24. Remove some alternatives."_s.arg(
                count);
        };
        QTest::newRow("unclosed") << u"a {red|blue fox"_s << 2 << unclosed(3);
        QTest::newRow("unclosed at the end") << u"a fox {"_s << 6 << unclosed(7);
        QTest::newRow("stray closing") << u"a red} fox"_s << 5 << closesNothing(6);
        QTest::newRow("closing after a group") << u"{a|b}} c"_s << 5 << closesNothing(6);
        QTest::newRow("empty braces") << u"a {} fox"_s << 2 << emptyBraces(3);
        QTest::newRow("blank braces") << u"a {  } fox"_s << 2 << emptyBraces(3);
        QTest::newRow("empty last alternative") << u"a {red|} fox"_s << 7 << emptyAlternative(8);
        QTest::newRow("empty first alternative") << u"{|red}"_s << 1 << emptyAlternative(2);
        QTest::newRow("empty middle alternative") << u"{red| |blue}"_s << 5 << emptyAlternative(6);
        QTest::newRow("nested") << u"a {red {dark|light}|blue}"_s << 7 << nested(8, 3);
        QTest::newRow("doubled brace inside a group is nested") << u"{a|{{b}"_s << 3 << nested(4, 1);
        QTest::newRow("duplicate alternative") << u"a {red|blue| red }"_s << 12
                                               << u"“red” is written twice in the alternatives at character 3. Remove "
                                                  "one."_s;
        QTest::newRow("too many") << u"{1|2|3|4|5} {a|b|c|d|e}"_s << 12 << tooMany(u"25"_s);
        const QString tenWays = u"{1|2|3|4|5|6|7|8|9|10}"_s;
        QTest::newRow("far too many") << tenWays.repeated(7) << int(tenWays.size())
                                      << tooMany(u"more than 1,000,000"_s);
        QTest::newRow("syntax before count") << u"{1|2|3|4|5} {a|b|c|d|e} {"_s << 24 << unclosed(25);
    }

    void errors()
    {
        QFETCH(QString, prompt);
        QFETCH(int, position);
        QFETCH(QString, error);
        const PromptVariantsResult result = PromptVariants::expand(prompt);
        QVERIFY(!result.ok());
        QCOMPARE(result.error, error);
        QCOMPARE(result.position, position);
        QVERIFY(result.expansions.isEmpty());
    }

    void limitCanBeLowered()
    {
        QVERIFY(PromptVariants::expand(u"{a|b|c}"_s, 3).ok());
        const PromptVariantsResult result = PromptVariants::expand(u"{a|b|c}"_s, 2);
        QCOMPARE(result.error, u"These alternatives make 3 prompts; a sweep is limited to 2. Remove some "
                               "alternatives."_s);
    }

    void hasAlternatives_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<bool>("has");
        QTest::newRow("none") << u"a red fox"_s << false;
        QTest::newRow("image references") << u"[Image 1] and [Image 2]"_s << false;
        QTest::newRow("escaped only") << u"a {{literal}} brace"_s << false;
        QTest::newRow("group") << u"a {red|blue} fox"_s << true;
        QTest::newRow("stray opening") << u"a { fox"_s << true;
        QTest::newRow("stray closing") << u"a } fox"_s << true;
    }

    void hasAlternatives()
    {
        QFETCH(QString, prompt);
        QFETCH(bool, has);
        QCOMPARE(PromptVariants::hasAlternatives(prompt), has);
    }

    void syntaxHelpShowsTheEscape()
    {
        const QString help = PromptVariants::syntaxHelp();
        QVERIFY(help.contains(u"{red|blue}"_s));
        QVERIFY(help.contains(u"{{"_s));
    }
};

QTEST_GUILESS_MAIN(TestPromptVariants)
#include "tst_promptvariants.moc"
