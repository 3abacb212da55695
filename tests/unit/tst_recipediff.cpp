// RecipeDiff: the word diff of two prompts, the rows of two recipes and the HTML a compare view shows.
#include "review/RecipeDiff.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Parts written compactly for tables: "=a|- red|+ blue|= car" (= same, - only in A, + only in B).
QString encode(const QList<PromptDiffPart> &parts)
{
    QStringList out;
    for (const PromptDiffPart &part : parts) {
        const QChar mark = part.kind == PromptDiffPart::Kind::Same    ? u'='
                           : part.kind == PromptDiffPart::Kind::OnlyA ? u'-'
                                                                      : u'+';
        out.append(mark + part.text);
    }
    return out.join(u'|');
}

// One side read back from the parts: what it had in common and what was only its own.
QString side(const QList<PromptDiffPart> &parts, PromptDiffPart::Kind own)
{
    QString text;
    for (const PromptDiffPart &part : parts) {
        if (part.kind == PromptDiffPart::Kind::Same || part.kind == own)
            text += part.text;
    }
    return text.trimmed();
}

QString words(int count, const QString &stem)
{
    QStringList list;
    for (int i = 0; i < count; ++i)
        list.append(stem + QString::number(i));
    return list.join(u' ');
}

RecipeDiffRow rowNamed(const QList<RecipeDiffRow> &rows, const QString &field)
{
    for (const RecipeDiffRow &row : rows) {
        if (row.field == field)
            return row;
    }
    return {};
}

ImageSource image(const QString &path, const QString &originalName = {})
{
    ImageSource source = ImageSource::fromFile(path);
    source.originalName = originalName;
    return source;
}

} // namespace

class TestRecipeDiff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void promptDiff_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<QString>("parts");
        QTest::newRow("identical") << u"a red car"_s << u"a red car"_s << u"=a red car"_s;
        QTest::newRow("both empty") << QString() << QString() << QString();
        QTest::newRow("only white space") << u"  \n "_s << QString() << QString();
        QTest::newRow("white space folded") << u"a  red\n\tcar "_s << u"a red car"_s << u"=a red car"_s;
        QTest::newRow("one word changed") << u"a red car"_s << u"a blue car"_s << u"=a|- red|+ blue|= car"_s;
        QTest::newRow("insertion") << u"a car"_s << u"a red car"_s << u"=a|+ red|= car"_s;
        QTest::newRow("deletion") << u"a red car"_s << u"a car"_s << u"=a|- red|= car"_s;
        QTest::newRow("inserted at the start") << u"car"_s << u"red car"_s << u"+red|= car"_s;
        QTest::newRow("deleted at the start") << u"red car"_s << u"car"_s << u"-red|= car"_s;
        QTest::newRow("appended") << u"a car"_s << u"a car at night"_s << u"=a car|+ at night"_s;
        QTest::newRow("A empty") << QString() << u"a cat"_s << u"+a cat"_s;
        QTest::newRow("B empty") << u"a cat"_s << QString() << u"-a cat"_s;
        QTest::newRow("all different") << u"a cat"_s << u"two dogs"_s << u"-a cat|+ two dogs"_s;
        QTest::newRow("two changes") << u"the quick brown fox jumps"_s << u"the slow brown dog jumps"_s
                                     << u"=the|- quick|+ slow|= brown|- fox|+ dog|= jumps"_s;
        QTest::newRow("words replaced together")
            << u"a horse in snow, slow motion"_s << u"a horse at dawn, slow motion"_s
            << u"=a horse|- in snow,|+ at dawn,|= slow motion"_s;
        QTest::newRow("punctuation stays on its word") << u"cat, dog"_s << u"cat dog"_s << u"-cat,|+ cat|= dog"_s;
        QTest::newRow("case matters") << u"Red car"_s << u"red car"_s << u"-Red|+ red|= car"_s;
        QTest::newRow("accents") << u"café crème"_s << u"café latte"_s << u"=café|- crème|+ latte"_s;
        QTest::newRow("emoji") << u"a 🐎 runs"_s << u"a 🐴 runs"_s << u"=a|- 🐎|+ 🐴|= runs"_s;
        QTest::newRow("chinese, a character a word") << u"一只猫在跑"_s << u"一只狗在跑"_s << u"=一只|-猫|+狗|=在跑"_s;
        QTest::newRow("chinese punctuation stays") << u"一只猫。"_s << u"一只狗。"_s << u"=一只|-猫。|+狗。"_s;
        QTest::newRow("japanese kana") << u"ねこがいる"_s << u"いぬがいる"_s << u"-ねこ|+いぬ|=がいる"_s;
        QTest::newRow("chinese removed at the start") << u"一只猫"_s << u"猫"_s << u"-一只|=猫"_s;
        QTest::newRow("latin beside chinese") << u"4K 一只猫"_s << u"8K 一只猫"_s << u"-4K|+ 8K|= 一只猫"_s;
    }
    void promptDiff()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(QString, parts);
        QCOMPARE(encode(RecipeDiff::promptDiff(a, b)), parts);
    }

    void promptDiffReadsBackBothSides()
    {
        // Every other word changed: the longest kind of diff, and each side must still read as itself.
        QStringList a;
        QStringList b;
        for (int i = 0; i < 300; ++i) {
            a << u"word%1"_s.arg(i);
            b << (i % 2 ? u"other%1"_s.arg(i) : u"word%1"_s.arg(i));
        }
        const QList<PromptDiffPart> parts = RecipeDiff::promptDiff(a.join(u' '), b.join(u' '));
        QCOMPARE(side(parts, PromptDiffPart::Kind::OnlyA), a.join(u' '));
        QCOMPARE(side(parts, PromptDiffPart::Kind::OnlyB), b.join(u' '));
        QCOMPARE(parts.size(), 1 + 149 * 3 + 2);
    }

    void longPromptsAreFast_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        // About 2,500 characters each.
        const QString english = words(330, u"w"_s);
        QTest::newRow("english, no word shared") << english << words(330, u"v"_s);
        QTest::newRow("english, one word changed") << english << QString(english).replace(u"w100 "_s, u"x "_s);
        QTest::newRow("english, reversed") << english << [] {
            QStringList list = words(330, u"w"_s).split(u' ');
            std::reverse(list.begin(), list.end());
            return list.join(u' ');
        }();
        QTest::newRow("chinese, every character changed")
            << QString(2500, QChar(0x732B)) << QString(2500, QChar(0x72D7));
        QString edited(2500, QChar(0x732B));
        edited[1200] = QChar(0x72D7);
        QTest::newRow("chinese, one character changed") << QString(2500, QChar(0x732B)) << edited;
        QTest::newRow("5,000 characters") << words(600, u"w"_s) << words(600, u"v"_s);
    }
    void longPromptsAreFast()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QElapsedTimer timer;
        timer.start();
        const QList<PromptDiffPart> parts = RecipeDiff::promptDiff(a, b);
        const qint64 elapsed = timer.elapsed();
        // A loaded machine or a sanitizer build is slower; a quadratic blow-up would be far slower than this.
        QVERIFY2(elapsed < 500, qPrintable(u"%1 ms"_s.arg(elapsed)));
        if (!a.contains(QChar(0x732B))) {
            QCOMPARE(side(parts, PromptDiffPart::Kind::OnlyA), a);
            QCOMPARE(side(parts, PromptDiffPart::Kind::OnlyB), b);
        }
    }

    void beyondTheCapTheMiddleIsReplacedWhole()
    {
        // 1,100 × 1,100 words share only their first and last: past kMaxDiffCells, no word-by-word search.
        const QString a = u"start "_s + words(1100, u"a"_s) + u" end"_s;
        const QString b = u"start "_s + words(1100, u"b"_s) + u" end"_s;
        const QList<PromptDiffPart> parts = RecipeDiff::promptDiff(a, b);
        QCOMPARE(parts.size(), 4);
        QCOMPARE(parts.at(0).text, u"start"_s);
        QCOMPARE(parts.at(1).kind, PromptDiffPart::Kind::OnlyA);
        QCOMPARE(parts.at(2).kind, PromptDiffPart::Kind::OnlyB);
        QCOMPARE(parts.at(3).text, u" end"_s);
        QCOMPARE(side(parts, PromptDiffPart::Kind::OnlyA), a);
    }

    void rowsOfEqualRecipes()
    {
        GenerationRequest request;
        request.prompt = u"A horse"_s;
        const QList<RecipeDiffRow> rows = RecipeDiff::rows(request, request);
        QStringList fields;
        for (const RecipeDiffRow &row : rows) {
            fields << row.field;
            QVERIFY2(!row.differs, qPrintable(row.field));
            QCOMPARE(row.a, row.b);
        }
        QCOMPARE(fields, QStringList({u"Prompt"_s, u"Negative prompt"_s, u"Mode"_s, u"Resolution"_s, u"Duration"_s,
                                      u"Aspect ratio"_s, u"Seed"_s, u"Expand short prompts"_s, u"Watermark"_s,
                                      u"First frame"_s, u"References"_s}));
        QCOMPARE(rowNamed(rows, u"Seed"_s).a, u"random"_s);
        QCOMPARE(rowNamed(rows, u"Duration"_s).a, u"5 s"_s);
        QCOMPARE(rowNamed(rows, u"First frame"_s).a, u"none"_s);
        QCOMPARE(rowNamed(rows, u"References"_s).a, u"none"_s);
        QCOMPARE(rowNamed(rows, u"Mode"_s).a, GenerationRequest::modeName(GenerationRequest::Mode::TextToVideo));
    }

    void rowsThatDiffer()
    {
        GenerationRequest a;
        a.prompt = u"A horse"_s;
        GenerationRequest b = a;
        b.seed = 42;
        b.durationSeconds = 10;
        b.resolution = Pricing::Resolution::P1080;
        b.watermark = true;
        b.firstFrame = image(u"/library/images/5f2e.png"_s, u"horse.png"_s);
        const QList<RecipeDiffRow> rows = RecipeDiff::rows(a, b);

        QStringList differing;
        for (const RecipeDiffRow &row : rows) {
            if (row.differs)
                differing << row.field;
        }
        QCOMPARE(differing,
                 QStringList({u"Mode"_s, u"Resolution"_s, u"Duration"_s, u"Seed"_s, u"Watermark"_s, u"First frame"_s}));
        QCOMPARE(rowNamed(rows, u"Seed"_s), (RecipeDiffRow{u"Seed"_s, u"random"_s, u"42"_s, true}));
        QCOMPARE(rowNamed(rows, u"Duration"_s).b, u"10 s"_s);
        QCOMPARE(rowNamed(rows, u"Resolution"_s).b, u"1080P"_s);
        QCOMPARE(rowNamed(rows, u"Watermark"_s).b, u"on"_s);
        QCOMPARE(rowNamed(rows, u"First frame"_s).b, u"horse.png"_s);
        QCOMPARE(rowNamed(rows, u"Mode"_s).b, GenerationRequest::modeName(GenerationRequest::Mode::ImageToVideo));
    }

    void imagesAreComparedByFileNotByName()
    {
        GenerationRequest a;
        a.firstFrame = image(u"/library/images/aaaa.png"_s, u"horse.png"_s);
        GenerationRequest b;
        b.firstFrame = image(u"/library/images/bbbb.png"_s, u"horse.png"_s);
        const RecipeDiffRow differentPictures = rowNamed(RecipeDiff::rows(a, b), u"First frame"_s);
        QVERIFY(differentPictures.differs);
        QCOMPARE(differentPictures.a, u"horse.png"_s);
        QCOMPARE(differentPictures.b, u"horse.png (a different image)"_s);

        // The same stored picture, known by another name: the same input.
        b.firstFrame = image(u"/library/images/aaaa.png"_s, u"pony.png"_s);
        QVERIFY(!rowNamed(RecipeDiff::rows(a, b), u"First frame"_s).differs);

        // No name kept: the file's own name.
        b.firstFrame = image(u"/library/images/cccc.png"_s);
        QCOMPARE(rowNamed(RecipeDiff::rows(a, b), u"First frame"_s).b, u"cccc.png"_s);
    }

    void references()
    {
        GenerationRequest a;
        a.references = {image(u"/i/1.png"_s, u"face.png"_s), ImageSource(), image(u"/i/2.jpg"_s, u"coat.jpg"_s)};
        GenerationRequest b = a;
        RecipeDiffRow row = rowNamed(RecipeDiff::rows(a, b), u"References"_s);
        QCOMPARE(row.a, u"2 (face.png, coat.jpg)"_s);
        QVERIFY(!row.differs);

        b.references.removeLast();
        row = rowNamed(RecipeDiff::rows(a, b), u"References"_s);
        QCOMPARE(row.b, u"1 (face.png)"_s);
        QVERIFY(row.differs);

        // Order matters: the prompt names them [Image 1], [Image 2].
        b.references = {a.references.at(2), a.references.at(0)};
        QVERIFY(rowNamed(RecipeDiff::rows(a, b), u"References"_s).differs);

        b.references.clear();
        QCOMPARE(rowNamed(RecipeDiff::rows(a, b), u"References"_s).b, u"none"_s);
    }

    void undecidedMode()
    {
        GenerationRequest a;
        a.firstFrame = image(u"/i/1.png"_s);
        a.references = {image(u"/i/2.png"_s)};
        GenerationRequest b = a;
        b.modeChoice = GenerationRequest::ModeChoice::ReferenceToVideo;
        const RecipeDiffRow row = rowNamed(RecipeDiff::rows(a, b), u"Mode"_s);
        QVERIFY(row.differs);
        QVERIFY(row.a.startsWith(u"not chosen"_s));
        QCOMPARE(row.b, GenerationRequest::modeName(GenerationRequest::Mode::ReferenceToVideo));
    }

    void htmlShowsOnlyWhatDiffers()
    {
        GenerationRequest a;
        a.prompt = u"a red car at night"_s;
        a.seed = 7;
        GenerationRequest b = a;
        b.prompt = u"a blue car at night"_s;
        b.seed = 8;
        const QString html = RecipeDiff::toHtml(a, b, u"Take 3"_s, u"Take 5"_s);
        QVERIFY(html.contains(u"<s style=\"color:#e0483e\">red</s>"_s));
        QVERIFY(html.contains(u"<u style=\"color:#2f80ed\"><b>blue</b></u>"_s));
        QVERIFY(html.contains(u"<td><b>Seed</b></td><td>7</td><td>8</td>"_s));
        QVERIFY(html.contains(u"Take 3"_s));
        QVERIFY(html.contains(u"Take 5"_s));
        QVERIFY(html.contains(u"Same: negative prompt, mode, resolution, duration, aspect ratio, expand short "
                              u"prompts, watermark, first frame, references."_s));
        QVERIFY(!html.contains(u"Resolution</b>"_s));
    }

    void htmlWithOnlyOtherSettingsDiffering()
    {
        GenerationRequest a;
        a.prompt = u"a car"_s;
        GenerationRequest b = a;
        b.aspect = AspectRatio::R9x16;
        const QString html = RecipeDiff::toHtml(a, b, u"A"_s, u"B"_s);
        QVERIFY(!html.contains(u"Struck through"_s)); // no prompt diff, so no legend
        QVERIFY(html.contains(u"<td><b>Aspect ratio</b></td><td>16:9</td><td>9:16</td>"_s));
        QVERIFY(html.contains(u"Same: prompt, negative prompt"_s));
        // Two random seeds are not called the same seed.
        QVERIFY2(html.contains(u"seed (random in both: each take drew its own)"_s), qPrintable(html));
    }

    void htmlOfIdenticalRecipes()
    {
        GenerationRequest a;
        a.prompt = u"a car"_s;
        QString html = RecipeDiff::toHtml(a, a, u"A"_s, u"B"_s);
        QVERIFY(html.contains(u"The recipes of A and B are the same."_s));
        QVERIFY(html.contains(u"chance"_s));
        a.seed = 3;
        html = RecipeDiff::toHtml(a, a, u"A"_s, u"B"_s);
        QVERIFY(html.contains(u"are the same."_s));
        QVERIFY(!html.contains(u"chance"_s));
    }

    void htmlEscapesEverything()
    {
        GenerationRequest a;
        a.prompt = u"<script>alert(1)</script> fish & chips"_s;
        a.negativePrompt = u"<b>bold</b>"_s;
        GenerationRequest b;
        b.prompt = u"<img src=x onerror=alert(1)> fish &amp; chips"_s;
        b.references = {image(u"/i/1.png"_s, u"<i>x</i>&.png"_s)};
        const QString html = RecipeDiff::toHtml(a, b, u"<b>A</b>"_s, u"B & co"_s);
        for (const QString &raw : {u"<script"_s, u"<img"_s, u"<i>x"_s, u"<b>A</b>"_s, u"<b>bold"_s})
            QVERIFY2(!html.contains(raw), qPrintable(raw));
        QVERIFY(html.contains(u"&lt;script&gt;alert(1)&lt;/script&gt;"_s));
        QVERIFY(html.contains(u"&amp;amp;"_s));
        QVERIFY(html.contains(u"B &amp; co"_s));
        // Every & starts an entity: none comes through bare.
        static const QRegularExpression bareAmpersand(u"&(?!amp;|lt;|gt;|quot;|#)"_s);
        QVERIFY(!html.contains(bareAmpersand));
    }

    void htmlDropsInvisibleCharactersAndCutsLongText()
    {
        GenerationRequest a;
        a.prompt = u"a car \u202Eevil\u0007"_s + QString(100'000, u'x');
        GenerationRequest b;
        b.prompt = u"a car"_s;
        b.references = {image(u"/i/1.png"_s, QString(10'000, u'n'))};
        const QString html = RecipeDiff::toHtml(a, b, QString(1000, u'L'), u"B"_s);
        QVERIFY(!html.contains(QChar(0x202E)));
        QVERIFY(!html.contains(QChar(0x0007)));
        QVERIFY2(html.size() < 12'000, qPrintable(QString::number(html.size())));
        QVERIFY(html.contains(u"…"_s));
    }

    void htmlSaysWhenOnlySpacingDiffers()
    {
        GenerationRequest a;
        a.prompt = u"a  car"_s;
        GenerationRequest b;
        b.prompt = u"a car"_s;
        QVERIFY(RecipeDiff::toHtml(a, b, u"A"_s, u"B"_s).contains(u"differ only in spacing"_s));
    }

    void htmlWithoutRecipe()
    {
        QCOMPARE(RecipeDiff::toHtmlWithoutRecipe(u"B"_s),
                 u"<p>No recipe for B: it is a file, not a take from the library.</p>"_s);
        QVERIFY(!RecipeDiff::toHtmlWithoutRecipe(u"<script>"_s).contains(u"<script>"_s));
    }
};

QTEST_GUILESS_MAIN(TestRecipeDiff)
#include "tst_recipediff.moc"
