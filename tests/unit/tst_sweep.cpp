// SweepPlan: one or two axes over a recipe, as cells in row-major order with labels, count, price and refusals.
#include "api/Sweep.h"
#include "TestRequests.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using Kind = SweepAxis::Kind;
using Mode = GenerationRequest::Mode;

using TestRequests::fox; // 5 s at 720P: $0.70
using TestRequests::webImage;

// Cells written compactly for tables: "column/row" labels in cell order, joined with " | ".
QString cellLabels(const SweepPlan &plan)
{
    QStringList out;
    for (const SweepCell &cell : plan.cells())
        out.append(cell.rowLabel.isEmpty() ? cell.columnLabel : cell.columnLabel + u'/' + cell.rowLabel);
    return out.join(u" | "_s);
}

std::optional<SweepAxis> none()
{
    return std::nullopt;
}

} // namespace

Q_DECLARE_METATYPE(GenerationRequest)
Q_DECLARE_METATYPE(SweepAxis)
Q_DECLARE_METATYPE(std::optional<SweepAxis>)

class TestSweep final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void order_data()
    {
        QTest::addColumn<SweepAxis>("columns");
        QTest::addColumn<std::optional<SweepAxis>>("rows");
        QTest::addColumn<QString>("labels");
        QTest::addColumn<QString>("description");
        QTest::newRow("one axis of seeds") << SweepAxis::seeds({7, 42, 1234}) << none()
                                           << u"Seed 7 | Seed 42 | Seed 1234"_s << u"3 seeds = 3 clips, $2.10"_s;
        QTest::newRow("seeds × aspect ratios, rows second")
            << SweepAxis::seeds({1, 2, 3})
            << std::optional(SweepAxis::aspectRatios({AspectRatio::R16x9, AspectRatio::R9x16}))
            << u"Seed 1/16:9 | Seed 2/16:9 | Seed 3/16:9 | Seed 1/9:16 | Seed 2/9:16 | Seed 3/9:16"_s
            << u"3 seeds × 2 aspect ratios = 6 clips, $4.20"_s;
        QTest::newRow("durations × resolutions")
            << SweepAxis::durations({3, 10})
            << std::optional(SweepAxis::resolutions({Pricing::Resolution::P720, Pricing::Resolution::P1080}))
            << u"3 s/720P | 10 s/720P | 3 s/1080P | 10 s/1080P"_s
            << u"2 durations × 2 resolutions = 4 clips, $4.16"_s; // 13 s × ($0.14 + $0.18)
        QTest::newRow("one value") << SweepAxis::durations({15}) << none() << u"15 s"_s
                                   << u"1 duration = 1 clip, $2.10"_s;
        QTest::newRow("prompt list") << SweepAxis::promptList({u"a fox"_s, u"an owl"_s}) << none()
                                     << u"Prompt 1 | Prompt 2"_s << u"2 prompts = 2 clips, $1.40"_s;
    }

    void order()
    {
        QFETCH(SweepAxis, columns);
        QFETCH(std::optional<SweepAxis>, rows);
        QFETCH(QString, labels);
        QFETCH(QString, description);
        const SweepPlan plan(fox(), columns, rows);
        QVERIFY2(plan.isValid(), qPrintable(plan.error()));
        QCOMPARE(cellLabels(plan), labels);
        QCOMPARE(plan.description(), description);
        QCOMPARE(plan.columnCount(), int(columns.size()));
        QCOMPARE(plan.rowCount(), rows ? int(rows->size()) : 1);
        QCOMPARE(plan.jobCount(), qsizetype(plan.columnCount()) * plan.rowCount());
        // Row-major, and each cell's place matches its labels.
        for (int i = 0; i < plan.cells().size(); ++i) {
            const SweepCell &cell = plan.cells().at(i);
            QCOMPARE(cell.row, i / plan.columnCount());
            QCOMPARE(cell.column, i % plan.columnCount());
            QCOMPARE(cell.columnLabel, columns.labels.at(cell.column));
        }
        QCOMPARE(plan.requests().size(), plan.cells().size());
    }

    void cellsCarryTheirValues()
    {
        GenerationRequest base = fox();
        base.seed = 99;
        const SweepPlan plan(base, SweepAxis::aspectRatios({AspectRatio::R1x1, AspectRatio::R3x4}),
                             SweepAxis::durations({4, 8}));
        QVERIFY2(plan.isValid(), qPrintable(plan.error()));
        const QList<GenerationRequest> requests = plan.requests();
        QCOMPARE(requests.at(0).aspect, AspectRatio::R1x1);
        QCOMPARE(requests.at(1).aspect, AspectRatio::R3x4);
        QCOMPARE(requests.at(2).durationSeconds, 8);
        QCOMPARE(requests.at(2).aspect, AspectRatio::R1x1);
        for (const GenerationRequest &request : requests) {
            QCOMPARE(request.seed, std::optional<qint64>(99)); // not varied: kept, so the cells compare like with like
            QCOMPARE(request.prompt, base.prompt);
        }
        const SweepPlan seeds(base, SweepAxis::seeds({5, 6}));
        QCOMPARE(seeds.requests().at(1).seed, std::optional<qint64>(6));
    }

    void price_data()
    {
        QTest::addColumn<QList<int>>("durations");
        QTest::addColumn<QList<Pricing::Resolution>>("resolutions");
        QTest::addColumn<qint64>("cents");
        using R = Pricing::Resolution;
        QTest::newRow("720P only") << QList<int>{5, 10} << QList<R>{R::P720} << qint64(14 * 15);
        QTest::newRow("1080P only") << QList<int>{5, 10} << QList<R>{R::P1080} << qint64(18 * 15);
        QTest::newRow("both") << QList<int>{3, 15} << QList<R>{R::P720, R::P1080} << qint64(14 * 18 + 18 * 18);
        QTest::newRow("one clip at 1080P") << QList<int>{7} << QList<R>{R::P1080} << qint64(126);
    }

    void price()
    {
        QFETCH(QList<int>, durations);
        QFETCH(QList<Pricing::Resolution>, resolutions);
        QFETCH(qint64, cents);
        const SweepPlan plan(fox(), SweepAxis::durations(durations), SweepAxis::resolutions(resolutions));
        QVERIFY2(plan.isValid(), qPrintable(plan.error()));
        QCOMPARE(plan.totalCents(), cents);
        QVERIFY(plan.description().endsWith(Pricing::formatCents(cents)));
    }

    void refusals_data()
    {
        QTest::addColumn<GenerationRequest>("base");
        QTest::addColumn<SweepAxis>("columns");
        QTest::addColumn<std::optional<SweepAxis>>("rows");
        QTest::addColumn<QString>("error");
        const GenerationRequest base = fox();
        GenerationRequest imageToVideo = base;
        imageToVideo.firstFrame = webImage(u"frame.png"_s);
        GenerationRequest referenceToVideo = base;
        referenceToVideo.references = {webImage(u"ref.png"_s)};
        GenerationRequest both = imageToVideo;
        both.references = referenceToVideo.references;
        GenerationRequest noPrompt = base;
        noPrompt.prompt = u"  "_s;
        const QList<qint64> five{1, 2, 3, 4, 5};
        const QList<qint64> six{1, 2, 3, 4, 5, 6};

        QTest::newRow("over 24") << base << SweepAxis::seeds(six)
                                 << std::optional(SweepAxis::durations({3, 4, 5, 6, 7}))
                                 << u"This sweep makes 30 clips; a sweep is limited to 24. Remove values from an "
                                    "axis."_s;
        QTest::newRow("25 on one axis")
            << base << SweepAxis::randomSeeds(25, QRandomGenerator::global()) << none()
            << u"This sweep makes 25 clips; a sweep is limited to 24. Remove values from an axis."_s;
        QTest::newRow("same kind twice") << base << SweepAxis::seeds({1, 2}) << std::optional(SweepAxis::seeds({3, 4}))
                                         << u"Both axes vary the seed. Choose something else for the second axis, "
                                            "or none."_s;
        QTest::newRow("no values") << base << SweepAxis::seeds({}) << none() << u"Choose at least one seed to try."_s;
        QTest::newRow("seed out of range")
            << base << SweepAxis::seeds({1, 2147483648}) << none()
            << u"The seed 2,147,483,648 is outside 0 to 2,147,483,647. Use whole numbers in that range."_s;
        QTest::newRow("negative seed") << base << SweepAxis::seeds({-1}) << none()
                                       << u"The seed -1 is outside 0 to 2,147,483,647. Use whole numbers in that "
                                          "range."_s;
        QTest::newRow("duplicate seed") << base << SweepAxis::seeds({7, 8, 7}) << none()
                                        << u"Seed 7 is listed twice, so two clips would be the same. Remove one."_s;
        QTest::newRow("duration out of range") << base << SweepAxis::durations({5, 16}) << none()
                                               << u"A clip can last 3 to 15 seconds, not 16. Use lengths in that "
                                                  "range."_s;
        QTest::newRow("duplicate duration") << base << SweepAxis::durations({5, 5}) << none()
                                            << u"5 s is listed twice, so two clips would be the same. Remove one."_s;
        QTest::newRow("duplicate prompt")
            << base << SweepAxis::promptList({u"a fox"_s, u"an owl"_s, u" a fox"_s}) << none()
            << u"Prompts 1 and 3 are the same, so their clips would be too. Remove "
               "one."_s;
        QTest::newRow("empty prompt in list") << base << SweepAxis::promptList({u"a fox"_s, u""_s}) << none()
                                              << u"Prompt 2 is empty. Write it, or remove it."_s;
        QTest::newRow("aspect in image-to-video")
            << imageToVideo << SweepAxis::aspectRatios({AspectRatio::R16x9, AspectRatio::R9x16}) << none()
            << u"In image-to-video the first frame sets the shape, so the aspect ratio cannot be varied. Remove the "
               "first frame to vary it, or vary something else."_s;
        QTest::newRow("aspect with an image-to-video mode")
            << both << SweepAxis::modes({Mode::ImageToVideo, Mode::ReferenceToVideo})
            << std::optional(SweepAxis::aspectRatios({AspectRatio::R16x9, AspectRatio::R1x1}))
            << u"In image-to-video the first frame sets the shape, so the aspect ratio cannot be varied with it. "
               "Vary the aspect ratio with reference-to-video only, or vary something else."_s;
        QTest::newRow("mode without images")
            << base << SweepAxis::modes({Mode::ImageToVideo, Mode::ReferenceToVideo}) << none()
            << u"Varying the mode needs both a first frame and reference images; this request has neither. Add the "
               "other kind of image in the form, or vary something else."_s;
        QTest::newRow("mode with only a first frame")
            << imageToVideo << SweepAxis::modes({Mode::ImageToVideo, Mode::ReferenceToVideo}) << none()
            << u"Varying the mode needs both a first frame and reference images; this request has only a first "
               "frame. Add the other kind of image in the form, or vary something else."_s;
        QTest::newRow("mode with only references")
            << referenceToVideo << SweepAxis::modes({Mode::ImageToVideo}) << none()
            << u"Varying the mode needs both a first frame and reference images; this request has only reference "
               "images. Add the other kind of image in the form, or vary something else."_s;
        QTest::newRow("text-to-video is no mode to vary")
            << both << SweepAxis::modes({Mode::TextToVideo}) << none()
            << u"One of the modes is not one the service knows. Choose again."_s;
        QTest::newRow("undecided mode") << both << SweepAxis::seeds({1, 2}) << none()
                                        << u"Clip 1 (Seed 1) — Mode: choose image-to-video or reference-to-video in "
                                           "the form, or vary the mode: this request has both a first frame and "
                                           "reference images, and only one of them can be sent."_s;
        QTest::newRow("first failing cell")
            << noPrompt << SweepAxis::seeds({1}) << std::optional(SweepAxis::durations({4}))
            << u"Clip 1 (Seed 1 · 4 s) — Prompt: Write a prompt: describe what should "
               "happen in the video."_s;
        QTest::newRow("prompts × durations fit")
            << base << SweepAxis::durations({4, 5}) << std::optional(SweepAxis::promptList({u"a fox"_s, u"an owl"_s}))
            << QString();
        QTest::newRow("five seeds fit") << base << SweepAxis::seeds(five) << none() << QString();
    }

    void refusals()
    {
        QFETCH(GenerationRequest, base);
        QFETCH(SweepAxis, columns);
        QFETCH(std::optional<SweepAxis>, rows);
        QFETCH(QString, error);
        const SweepPlan plan(base, columns, rows);
        QCOMPARE(plan.error(), error);
        QCOMPARE(plan.isValid(), error.isEmpty());
    }

    void exactly24IsAllowed()
    {
        const SweepPlan plan(fox(), SweepAxis::randomSeeds(6, QRandomGenerator::global()),
                             SweepAxis::durations({3, 4, 5, 6}));
        QVERIFY2(plan.isValid(), qPrintable(plan.error()));
        QCOMPARE(plan.jobCount(), SweepPlan::kMaxJobs);
    }

    void overTheLimitMakesNoCells()
    {
        const SweepPlan plan(fox(), SweepAxis::seeds({1, 2, 3, 4, 5}), SweepAxis::durations({3, 4, 5, 6, 7}));
        QVERIFY(!plan.isValid());
        QVERIFY(plan.cells().isEmpty());
        QCOMPARE(plan.description(), u"5 seeds × 5 durations = 25 clips"_s);
    }

    void modeAxisWithBothImages()
    {
        GenerationRequest base = fox();
        base.firstFrame = webImage(u"frame.png"_s);
        base.references = {webImage(u"ref.png"_s)};
        const SweepPlan plan(base, SweepAxis::modes({Mode::ImageToVideo, Mode::ReferenceToVideo}),
                             SweepAxis::durations({5, 10}));
        QVERIFY2(plan.isValid(), qPrintable(plan.error()));
        QCOMPARE(cellLabels(plan), u"Image → video/5 s | Reference → video/5 s | Image → video/10 s | "
                                   "Reference → video/10 s"_s);
        QCOMPARE(plan.requests().at(0).mode(), std::optional(Mode::ImageToVideo));
        QCOMPARE(plan.requests().at(1).mode(), std::optional(Mode::ReferenceToVideo));
    }

    void aspectInReferenceToVideoIsAllowed()
    {
        GenerationRequest base = fox();
        base.firstFrame = webImage(u"frame.png"_s);
        base.references = {webImage(u"ref.png"_s)};
        base.modeChoice = GenerationRequest::ModeChoice::ReferenceToVideo;
        const SweepPlan plan(base, SweepAxis::aspectRatios({AspectRatio::R4x3, AspectRatio::R3x4}));
        QVERIFY2(plan.isValid(), qPrintable(plan.error()));
    }

    void randomSeedsAreDistinctInRangeAndStable()
    {
        QRandomGenerator generator(12345); // fixed: the same run every time
        const SweepAxis axis = SweepAxis::randomSeeds(24, &generator);
        QCOMPARE(axis.kind, Kind::Seed);
        QCOMPARE(axis.size(), 24);
        QSet<qint64> seen;
        for (const qint64 seed : axis.numbers) {
            QVERIFY(seed >= 0 && seed <= GenerationRequest::kMaxSeed);
            seen.insert(seed);
        }
        QCOMPARE(seen.size(), 24);
        QCOMPARE(axis.labels.first(), u"Seed %1"_s.arg(axis.numbers.first()));

        // The plan holds the seeds it was made with: reading it again (a retry) sends the same ones.
        const SweepPlan plan(fox(), axis);
        const SweepPlan copy = plan;
        for (int i = 0; i < 24; ++i) {
            QCOMPARE(plan.requests().at(i).seed, std::optional(axis.numbers.at(i)));
            QCOMPARE(copy.requests().at(i).seed, plan.requests().at(i).seed);
        }
    }

    void randomSeedsKeepTheOnesDrawn()
    {
        QRandomGenerator generator(7);
        const SweepAxis three = SweepAxis::randomSeeds(3, &generator);
        const SweepAxis five = SweepAxis::randomSeeds(5, &generator, three.numbers);
        QCOMPARE(five.numbers.mid(0, 3), three.numbers);
        QCOMPARE(QSet<qint64>(five.numbers.cbegin(), five.numbers.cend()).size(), 5);
        const SweepAxis two = SweepAxis::randomSeeds(2, &generator, five.numbers);
        QCOMPARE(two.numbers, three.numbers.mid(0, 2));
    }

    void parseSeeds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<qint64>>("seeds");
        QTest::addColumn<QString>("error");
        QTest::newRow("commas") << u"7, 42,1234"_s << QList<qint64>{7, 42, 1234} << QString();
        QTest::newRow("spaces") << u" 7 42\n1234 "_s << QList<qint64>{7, 42, 1234} << QString();
        QTest::newRow("empty") << u" , "_s << QList<qint64>{} << u"Write at least one seed, like 7, 42, 1234."_s;
        QTest::newRow("not a number") << u"7, forty"_s << QList<qint64>{}
                                      << u"“forty” is not a seed: write whole numbers from 0 to 2,147,483,647, "
                                         "separated by commas, like 7, 42, 1234."_s;
        QTest::newRow("decimal") << u"7.5"_s << QList<qint64>{}
                                 << u"“7.5” is not a seed: write whole numbers from 0 to 2,147,483,647, separated by "
                                    "commas, like 7, 42, 1234."_s;
    }

    void parseSeeds()
    {
        QFETCH(QString, text);
        QFETCH(QList<qint64>, seeds);
        QFETCH(QString, error);
        QString got = u"unset"_s;
        const SweepAxis axis = SweepAxis::parseSeeds(text, &got);
        QCOMPARE(got, error);
        QCOMPARE(axis.numbers, seeds);
        QCOMPARE(axis.kind, Kind::Seed);
    }

    void parseDurations()
    {
        QString error;
        QCOMPARE(SweepAxis::parseDurations(u"5, 10 15"_s, &error).numbers, (QList<qint64>{5, 10, 15}));
        QVERIFY(error.isEmpty());
        QCOMPARE(SweepAxis::parseDurations(u"5, ten"_s, &error).size(), 0);
        QCOMPARE(error, u"“ten” is not a number of seconds: write lengths from 3 to 15, separated by commas, like 5, "
                        "10, 15."_s);
        SweepAxis::parseDurations(QString(), &error);
        QCOMPARE(error, u"Write at least one length in seconds, like 5, 10, 15."_s);
    }

    void parsePromptLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("prompts");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QString>("error");
        QTest::newRow("one per line") << u"a fox\n\n an owl \n"_s << QStringList{u"a fox"_s, u"an owl"_s}
                                      << QStringList{u"Prompt 1"_s, u"Prompt 2"_s} << QString();
        QTest::newRow("inline") << u"a {red|blue} fox"_s << QStringList{u"a red fox"_s, u"a blue fox"_s}
                                << QStringList{u"red"_s, u"blue"_s} << QString();
        QTest::newRow("lines and inline")
            << u"an owl\na {red|blue} fox"_s << QStringList{u"an owl"_s, u"a red fox"_s, u"a blue fox"_s}
            << QStringList{u"Prompt 1"_s, u"2: red"_s, u"2: blue"_s} << QString();
        QTest::newRow("error on a line") << u"an owl\n\na {red| fox"_s << QStringList() << QStringList()
                                         << u"Line 3: The “{” at character 3 is never closed. End the alternatives "
                                            "with “}”, or write “{{” for a brace in the prompt."_s;
        QTest::newRow("error on the only line") << u"a {} fox"_s << QStringList() << QStringList()
                                                << u"The braces at character 3 hold no alternatives. Write them like "
                                                   "{red|blue}, or remove the braces."_s;
        QTest::newRow("nothing") << u"\n  \n"_s << QStringList() << QStringList()
                                 << u"Write at least one prompt, one per line, or alternatives like “a {red|blue} "
                                    "fox”."_s;
    }

    void parsePromptLines()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, prompts);
        QFETCH(QStringList, labels);
        QFETCH(QString, error);
        QString got;
        const SweepAxis axis = SweepAxis::parsePromptLines(text, &got);
        QCOMPARE(got, error);
        QCOMPARE(axis.kind, Kind::Prompt);
        QCOMPARE(axis.prompts, prompts);
        QCOMPARE(axis.labels, labels);
    }

    void promptVariantsAsAnAxis()
    {
        const PromptVariantsResult variants = PromptVariants::expand(u"a {red|blue} fox, {small|big}"_s);
        QVERIFY(variants.ok());
        const SweepPlan plan(fox(), SweepAxis::promptExpansions(variants.expansions),
                             SweepAxis::resolutions({Pricing::Resolution::P1080}));
        QVERIFY2(plan.isValid(), qPrintable(plan.error()));
        QCOMPARE(cellLabels(plan), u"red · small/1080P | red · big/1080P | blue · small/1080P | blue · big/1080P"_s);
        QCOMPARE(plan.requests().at(3).prompt, u"a blue fox, big"_s);
        QCOMPARE(plan.description(), u"4 prompts × 1 resolution = 4 clips, $3.60"_s);
    }

    void defaultPlanIsInvalid()
    {
        const SweepPlan plan;
        QVERIFY(!plan.isValid());
        QCOMPARE(plan.error(), u"Choose what to vary."_s);
        QVERIFY(plan.cells().isEmpty());
    }

    void kindNames()
    {
        QCOMPARE(SweepAxis::kindName(Kind::AspectRatio), u"Aspect ratio"_s);
        QCOMPARE(SweepAxis::countText(Kind::AspectRatio, 1), u"1 aspect ratio"_s);
        QCOMPARE(SweepAxis::countText(Kind::Prompt, 3), u"3 prompts"_s);
        QCOMPARE(SweepAxis::allKinds().size(), 6);
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
