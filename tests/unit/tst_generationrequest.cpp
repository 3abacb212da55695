// GenerationRequest: mode detection, every validation rule at its boundaries, the submit body of each mode,
// image encoding inside the body, determinism and price.
#include "api/GenerationRequest.h"
#include "TestImages.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

using Field = RequestProblem::Field;
using Severity = RequestProblem::Severity;
using Mode = GenerationRequest::Mode;
using ModeChoice = GenerationRequest::ModeChoice;

namespace {

GenerationRequest textRequest()
{
    GenerationRequest request;
    request.prompt = u"A chestnut horse gallops along a beach at sunset"_s;
    return request;
}

QStringList sortedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

QImage decodeDataUri(const QString &uri)
{
    if (!uri.startsWith(u"data:image/"_s))
        return {};
    return QImage::fromData(QByteArray::fromBase64(uri.mid(uri.indexOf(u',') + 1).toLatin1()));
}

QString problemsText(const QList<RequestProblem> &problems)
{
    QStringList lines;
    for (const RequestProblem &p : problems)
        lines << p.fieldLabel() + u": "_s + p.message;
    return lines.join(u" | "_s);
}

QList<RequestProblem> ofField(const QList<RequestProblem> &problems, Field field)
{
    QList<RequestProblem> found;
    for (const RequestProblem &p : problems) {
        if (p.field == field)
            found << p;
    }
    return found;
}

QByteArray noisePng(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    QRandomGenerator random(11);
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<quint32 *>(image.scanLine(y));
        random.fillRange(line, size.width());
        for (int x = 0; x < size.width(); ++x)
            line[x] |= 0xff000000u;
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

} // namespace

class TestGenerationRequest final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QHash<QString, QString> m_files; // name → path, written once for the whole suite

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
            qFatal("cannot write a test file");
        m_files.insert(name, path);
        return path;
    }
    QString file(const QString &name) const { return m_files.value(name, m_dir.filePath(name)); }

    // "file:name" is a test file, anything else a URL.
    ImageSource source(const QString &spec) const
    {
        if (spec.startsWith(u"file:"_s))
            return ImageSource::fromFile(file(spec.mid(5)));
        return ImageSource::fromUrl(QUrl(spec));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        write(u"first.jpg"_s, TestImages::encoded({1000, 600}, "JPEG", 20));
        write(u"ref-a.png"_s, TestImages::encoded({640, 480}, "PNG", 0));
        write(u"ref-b.webp"_s, TestImages::encoded({500, 700}, "WEBP", 90));
        write(u"ref-c.jpg"_s, TestImages::encoded({800, 450}, "JPEG", 180));
        write(u"w299.png"_s, TestImages::encoded({299, 400}));
        write(u"s300.png"_s, TestImages::encoded({300, 300}));
        write(u"a25.png"_s, TestImages::encoded({750, 300}));
        write(u"a26.png"_s, TestImages::encoded({780, 300}));
        write(u"r399.png"_s, TestImages::encoded({800, 399}));
        write(u"r400.png"_s, TestImages::encoded({800, 400}));
        write(u"dot.png"_s, TestImages::encoded({1, 1}));
        write(u"pic.bmp"_s, TestImages::encoded({640, 480}, "BMP"));
        write(u"pic.gif"_s, QByteArray::fromHex("47494638396101000100800000000000ffffff21f904010000000"
                                                "02c00000000010001000002024401003b"));
        QByteArray junk(4096, Qt::Uninitialized);
        QRandomGenerator random(5);
        for (char &c : junk)
            c = char(random.bounded(256));
        write(u"corrupt.png"_s, junk);
        const QByteArray png = TestImages::encoded({640, 480});
        write(u"truncated.png"_s, png.left(png.size() / 2));
        write(u"rotated.jpg"_s, TestImages::jpegWithExifOrientation6({800, 400}));
        const QString big = write(u"big.png"_s, png);
        QFile bigFile(big);
        QVERIFY(bigFile.resize(25'000'000)); // sparse: rejected by its size, never read
    }

    void modeDetection_data()
    {
        QTest::addColumn<bool>("firstFrame");
        QTest::addColumn<int>("references");
        QTest::addColumn<ModeChoice>("choice");
        QTest::addColumn<int>("expected"); // -1: undecided

        const int text = int(Mode::TextToVideo);
        const int image = int(Mode::ImageToVideo);
        const int reference = int(Mode::ReferenceToVideo);
        QTest::newRow("nothing") << false << 0 << ModeChoice::Auto << text;
        QTest::newRow("nothing, choice ignored") << false << 0 << ModeChoice::ReferenceToVideo << text;
        QTest::newRow("first frame") << true << 0 << ModeChoice::Auto << image;
        QTest::newRow("first frame, choice ignored") << true << 0 << ModeChoice::ReferenceToVideo << image;
        QTest::newRow("one reference") << false << 1 << ModeChoice::Auto << reference;
        QTest::newRow("nine references") << false << 9 << ModeChoice::Auto << reference;
        QTest::newRow("references, choice ignored") << false << 3 << ModeChoice::ImageToVideo << reference;
        QTest::newRow("both, no choice") << true << 2 << ModeChoice::Auto << -1;
        QTest::newRow("both, image chosen") << true << 2 << ModeChoice::ImageToVideo << image;
        QTest::newRow("both, references chosen") << true << 2 << ModeChoice::ReferenceToVideo << reference;
    }
    void modeDetection()
    {
        QFETCH(bool, firstFrame);
        QFETCH(int, references);
        QFETCH(ModeChoice, choice);
        QFETCH(int, expected);

        GenerationRequest request = textRequest();
        if (firstFrame)
            request.firstFrame = ImageSource::fromUrl(QUrl(u"https://example.com/first.png"_s));
        for (int i = 0; i < references; ++i)
            request.references << ImageSource::fromFile(u"/nowhere/ref%1.png"_s.arg(i));
        request.modeChoice = choice;
        const std::optional<Mode> mode = request.mode();
        QCOMPARE(mode.has_value(), expected >= 0);
        if (mode)
            QCOMPARE(int(*mode), expected);
    }

    void emptyReferenceSlotsDoNotCount()
    {
        GenerationRequest request = textRequest();
        request.references = {ImageSource(), ImageSource()};
        QCOMPARE(request.mode(), std::optional<Mode>(Mode::TextToVideo));
        request.references << ImageSource::fromFile(file(u"ref-a.png"_s));
        QCOMPARE(request.mode(), std::optional<Mode>(Mode::ReferenceToVideo));
        QCOMPARE(request.filledReferenceIndexes(), QList<int>{2});
    }

    void modeNames()
    {
        QCOMPARE(GenerationRequest::modeName(Mode::TextToVideo), u"Text → video"_s);
        QCOMPARE(GenerationRequest::modeName(Mode::ImageToVideo), u"Image → video"_s);
        QCOMPARE(GenerationRequest::modeName(Mode::ReferenceToVideo), u"Reference → video"_s);
    }

    void aspectNames_data()
    {
        QTest::addColumn<AspectRatio>("aspect");
        QTest::addColumn<QString>("name");
        QTest::newRow("16:9") << AspectRatio::R16x9 << u"16:9"_s;
        QTest::newRow("9:16") << AspectRatio::R9x16 << u"9:16"_s;
        QTest::newRow("1:1") << AspectRatio::R1x1 << u"1:1"_s;
        QTest::newRow("4:3") << AspectRatio::R4x3 << u"4:3"_s;
        QTest::newRow("3:4") << AspectRatio::R3x4 << u"3:4"_s;
    }
    void aspectNames()
    {
        QFETCH(AspectRatio, aspect);
        QFETCH(QString, name);
        QCOMPARE(aspectRatioName(aspect), name);
        AspectRatio parsed = aspect == AspectRatio::R1x1 ? AspectRatio::R16x9 : AspectRatio::R1x1;
        QVERIFY(parseAspectRatio(name, &parsed));
        QCOMPARE(parsed, aspect);
        QVERIFY(parseAspectRatio(u" "_s + name.left(1) + u" "_s + name.mid(1), &parsed));
        QVERIFY(allAspectRatios().contains(aspect));
    }
    void aspectParseRejects()
    {
        AspectRatio aspect = AspectRatio::R4x3;
        for (const QString &text : {u"2:1"_s, u""_s, u"16x9"_s, u"16:9:1"_s})
            QVERIFY2(!parseAspectRatio(text, &aspect), qPrintable(text));
        QCOMPARE(aspect, AspectRatio::R4x3);
        QCOMPARE(allAspectRatios().size(), 5);
    }

    void promptRule_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<int>("severity"); // -1: no problem

        const int error = int(Severity::Error);
        const int warning = int(Severity::Warning);
        const QString horse = u"马"_s;
        QTest::newRow("empty") << QString() << error;
        QTest::newRow("whitespace") << u"  \n\t "_s << error;
        QTest::newRow("one letter") << u"a"_s << -1;
        QTest::newRow("5,000") << QString(5000, u'a') << -1;
        QTest::newRow("5,000 plus spaces around") << u"  "_s + QString(5000, u'a') + u"\n"_s << -1;
        QTest::newRow("5,001: warning") << QString(5001, u'a') << warning;
        QTest::newRow("100,000: warning") << QString(100000, u'a') << warning;
        QTest::newRow("Chinese 2,500") << horse.repeated(2500) << -1;
        QTest::newRow("Chinese 2,501: warning") << horse.repeated(2501) << warning;
        QTest::newRow("mixed 2,400 + 101 Latin: Chinese limit") << horse.repeated(2400) + QString(101, u'a') << warning;
        QTest::newRow("Japanese kana only: not the Chinese limit") << u"う"_s.repeated(3000) << -1;
    }
    void promptRule()
    {
        QFETCH(QString, prompt);
        QFETCH(int, severity);
        GenerationRequest request = textRequest();
        request.prompt = prompt;
        const QList<RequestProblem> problems = request.validate();
        if (severity < 0) {
            QVERIFY2(problems.isEmpty(), qPrintable(problemsText(problems)));
            QVERIFY(request.isSendable());
            return;
        }
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().field, Field::Prompt);
        QCOMPARE(problems.first().index, -1);
        QCOMPARE(int(problems.first().severity), severity);
        // A long prompt is truncated by the service, not refused: the request can still go.
        QCOMPARE(request.isSendable(), problems.first().severity == Severity::Warning);
        if (problems.first().severity == Severity::Warning)
            QVERIFY(problems.first().message.contains(prompt.contains(u"马"_s) ? u"2,500"_s : u"5,000"_s));
    }

    void durationRule_data()
    {
        QTest::addColumn<int>("seconds");
        QTest::addColumn<bool>("ok");
        QTest::newRow("-1") << -1 << false;
        QTest::newRow("0") << 0 << false;
        QTest::newRow("2") << 2 << false;
        QTest::newRow("3") << 3 << true;
        QTest::newRow("5") << 5 << true;
        QTest::newRow("15") << 15 << true;
        QTest::newRow("16") << 16 << false;
    }
    void durationRule()
    {
        QFETCH(int, seconds);
        QFETCH(bool, ok);
        GenerationRequest request = textRequest();
        request.durationSeconds = seconds;
        const QList<RequestProblem> problems = request.validate();
        QCOMPARE(problems.isEmpty(), ok);
        QCOMPARE(request.isSendable(), ok);
        if (!ok) {
            QCOMPARE(problems.size(), 1);
            QCOMPARE(problems.first().field, Field::Duration);
            QVERIFY(problems.first().isError());
            QVERIFY(problems.first().message.contains(u"3 to 15 seconds"_s));
        }
    }

    void seedRule_data()
    {
        QTest::addColumn<bool>("set");
        QTest::addColumn<qint64>("seed");
        QTest::addColumn<bool>("ok");
        QTest::newRow("unset") << false << qint64(0) << true;
        QTest::newRow("-1") << true << qint64(-1) << false;
        QTest::newRow("0") << true << qint64(0) << true;
        QTest::newRow("2147483647") << true << qint64(2147483647) << true;
        QTest::newRow("2147483648") << true << qint64(2147483648) << false;
    }
    void seedRule()
    {
        QFETCH(bool, set);
        QFETCH(qint64, seed);
        QFETCH(bool, ok);
        GenerationRequest request = textRequest();
        if (set)
            request.seed = seed;
        const QList<RequestProblem> problems = request.validate();
        QCOMPARE(problems.isEmpty(), ok);
        if (!ok) {
            QCOMPARE(problems.size(), 1);
            QCOMPARE(problems.first().field, Field::Seed);
            QVERIFY(problems.first().message.contains(u"2,147,483,647"_s));
        }
    }

    void referenceCount_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("ok");
        QTest::newRow("1") << 1 << true;
        QTest::newRow("9") << 9 << true;
        QTest::newRow("10") << 10 << false;
        QTest::newRow("12") << 12 << false;
    }
    void referenceCount()
    {
        QFETCH(int, count);
        QFETCH(bool, ok);
        GenerationRequest request = textRequest();
        for (int i = 0; i < count; ++i)
            request.references << ImageSource::fromFile(file(u"ref-a.png"_s));
        const QList<RequestProblem> problems = request.validate();
        QVERIFY2(problems.isEmpty() == ok, qPrintable(problemsText(problems)));
        if (!ok) {
            QCOMPARE(problems.size(), 1);
            QCOMPARE(problems.first().field, Field::References);
            QCOMPARE(problems.first().index, -1);
            QVERIFY(problems.first().message.contains(u"at most 9"_s));
        }
    }

    void imageRules_data()
    {
        QTest::addColumn<bool>("asFirstFrame");
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("fragment"); // empty: accepted

        QTest::newRow("first frame 1000 x 600 jpeg") << true << u"file:first.jpg"_s << QString();
        QTest::newRow("first frame 299 px") << true << u"file:w299.png"_s << u"at least 300 px on each side"_s;
        QTest::newRow("first frame 300 px") << true << u"file:s300.png"_s << QString();
        QTest::newRow("first frame 2.5:1") << true << u"file:a25.png"_s << QString();
        QTest::newRow("first frame 2.6:1") << true << u"file:a26.png"_s << u"between 1:2.5 and 2.5:1"_s;
        QTest::newRow("first frame EXIF rotated") << true << u"file:rotated.jpg"_s << QString();
        QTest::newRow("reference short side 399") << false << u"file:r399.png"_s << u"at least 400 px"_s;
        QTest::newRow("reference short side 400") << false << u"file:r400.png"_s << QString();
        QTest::newRow("reference 2.6:1 (no shape rule)") << false << u"file:a26.png"_s << u"at least 400 px"_s;
        // GIF and BMP are converted: only the size rules stop them.
        QTest::newRow("gif") << false << u"file:pic.gif"_s << u"at least 400 px"_s;
        QTest::newRow("bmp") << true << u"file:pic.bmp"_s << QString();
        QTest::newRow("corrupt") << true << u"file:corrupt.png"_s << u"could not be read as an image"_s;
        QTest::newRow("truncated png") << false << u"file:truncated.png"_s << u"damaged"_s;
        QTest::newRow("missing file") << true << u"file:missing.png"_s << u"can't be found"_s;
        // Over the service's 20 MB but within Paddock's 100 MB: re-encoded smaller when sent.
        QTest::newRow("25 MB") << true << u"file:big.png"_s << QString();
        QTest::newRow("1 px as first frame") << true << u"file:dot.png"_s << u"1 × 1 px"_s;
        QTest::newRow("1 px as reference") << false << u"file:dot.png"_s << u"1 × 1 px"_s;
        QTest::newRow("http url") << true << u"http://example.com/a.jpg"_s << QString();
        QTest::newRow("https url reference") << false << u"https://example.com/a.jpg"_s << QString();
        QTest::newRow("ftp url") << true << u"ftp://example.com/a.jpg"_s << u"http:// or https://"_s;
        QTest::newRow("ftp url reference") << false << u"ftp://example.com/a.jpg"_s << u"http:// or https://"_s;
    }
    void imageRules()
    {
        QFETCH(bool, asFirstFrame);
        QFETCH(QString, spec);
        QFETCH(QString, fragment);

        GenerationRequest request = textRequest();
        if (asFirstFrame) {
            request.firstFrame = source(spec);
        } else {
            // Second slot, behind a good image: the problem must name slot 1.
            request.references << ImageSource::fromFile(file(u"ref-a.png"_s)) << source(spec);
        }
        const QList<RequestProblem> problems = request.validate();
        QCOMPARE(request.isSendable(), fragment.isEmpty());
        if (fragment.isEmpty()) {
            QVERIFY2(problems.isEmpty(), qPrintable(problemsText(problems)));
            return;
        }
        QVERIFY(!problems.isEmpty());
        bool found = false;
        for (const RequestProblem &p : problems) {
            QVERIFY(p.isError());
            QCOMPARE(p.field, asFirstFrame ? Field::FirstFrame : Field::References);
            QCOMPARE(p.index, asFirstFrame ? -1 : 1);
            found = found || p.message.contains(fragment);
        }
        QVERIFY2(found, qPrintable(problemsText(problems)));
        QCOMPARE(problems.first().fieldLabel(), asFirstFrame ? u"First frame"_s : u"Reference image 2"_s);
    }

    void allProblemsAtOnce()
    {
        GenerationRequest request;
        request.prompt = u"   "_s;
        request.durationSeconds = 2;
        request.seed = -1;
        QList<RequestProblem> problems = request.validate();
        QCOMPARE(problems.size(), 3);
        QCOMPARE(problems.at(0).field, Field::Prompt);
        QCOMPARE(problems.at(1).field, Field::Duration);
        QCOMPARE(problems.at(2).field, Field::Seed);

        // Undecided mode: both sets of images are checked, and each bad slot is named.
        request = textRequest();
        request.firstFrame = ImageSource::fromFile(file(u"w299.png"_s));
        request.references << ImageSource::fromFile(file(u"ref-a.png"_s)) << ImageSource::fromFile(file(u"r399.png"_s))
                           << ImageSource::fromUrl(QUrl(u"ftp://example.com/x.png"_s));
        problems = request.validate();
        QCOMPARE(problems.size(), 4);
        QCOMPARE(ofField(problems, Field::Mode).size(), 1);
        QVERIFY(ofField(problems, Field::Mode)
                    .first()
                    .message.startsWith(u"Choose image-to-video or reference-to-video: "_s));
        QCOMPARE(ofField(problems, Field::FirstFrame).size(), 1);
        const QList<RequestProblem> references = ofField(problems, Field::References);
        QCOMPARE(references.size(), 2);
        QCOMPARE(references.at(0).index, 2 - 1);
        QCOMPARE(references.at(1).index, 3 - 1);
        QVERIFY(!request.isSendable());
    }

    // Only the images that will be sent are judged: a bad first frame does not block reference-to-video.
    void unsentImagesAreNotJudged()
    {
        GenerationRequest request = textRequest();
        request.firstFrame = ImageSource::fromFile(file(u"w299.png"_s));
        request.references << ImageSource::fromFile(file(u"ref-a.png"_s));
        request.modeChoice = ModeChoice::ReferenceToVideo;
        QVERIFY2(request.validate().isEmpty(), qPrintable(problemsText(request.validate())));
        request.modeChoice = ModeChoice::ImageToVideo;
        QCOMPARE(request.validate().size(), 1);
        QCOMPARE(request.validate().first().field, Field::FirstFrame);
    }

    void toJsonFields_data()
    {
        QTest::addColumn<bool>("firstFrame");
        QTest::addColumn<int>("references");
        QTest::addColumn<ModeChoice>("choice");
        QTest::addColumn<bool>("extras"); // negative prompt and seed
        QTest::addColumn<QStringList>("keys");

        const QStringList common{u"prompt"_s, u"resolution"_s, u"duration"_s, u"prompt_extend"_s, u"watermark"_s};
        const QStringList extra{u"negative_prompt"_s, u"seed"_s};
        QTest::newRow("text") << false << 0 << ModeChoice::Auto << false << common + QStringList{u"aspect_ratio"_s};
        QTest::newRow("text with extras")
            << false << 0 << ModeChoice::Auto << true << common + extra + QStringList{u"aspect_ratio"_s};
        QTest::newRow("image: no aspect ratio")
            << true << 0 << ModeChoice::Auto << false << common + QStringList{u"image"_s};
        QTest::newRow("image with extras")
            << true << 0 << ModeChoice::Auto << true << common + extra + QStringList{u"image"_s};
        QTest::newRow("references") << false << 3 << ModeChoice::Auto << false
                                    << common + QStringList{u"aspect_ratio"_s, u"reference_images"_s};
        QTest::newRow("both, image chosen")
            << true << 3 << ModeChoice::ImageToVideo << true << common + extra + QStringList{u"image"_s};
        QTest::newRow("both, references chosen") << true << 3 << ModeChoice::ReferenceToVideo << false
                                                 << common + QStringList{u"aspect_ratio"_s, u"reference_images"_s};
    }
    void toJsonFields()
    {
        QFETCH(bool, firstFrame);
        QFETCH(int, references);
        QFETCH(ModeChoice, choice);
        QFETCH(bool, extras);
        QFETCH(QStringList, keys);

        GenerationRequest request = textRequest();
        request.resolution = Pricing::Resolution::P1080;
        request.durationSeconds = 7;
        request.aspect = AspectRatio::R9x16;
        request.promptExtend = true;
        request.watermark = false;
        request.negativePrompt = u"  "_s; // blank: never sent
        if (extras) {
            request.negativePrompt = u"blurry, text"_s;
            request.seed = 2147483647;
        }
        if (firstFrame)
            request.firstFrame = ImageSource::fromFile(file(u"first.jpg"_s));
        const QStringList refs{u"ref-a.png"_s, u"ref-b.webp"_s, u"ref-c.jpg"_s};
        for (int i = 0; i < references; ++i)
            request.references << ImageSource::fromFile(file(refs.at(i % refs.size())));
        request.modeChoice = choice;

        QString error = u"stale"_s;
        const QJsonObject body = request.toJson(&error);
        QVERIFY2(!body.isEmpty(), qPrintable(error));
        QVERIFY(error.isEmpty());
        keys.sort();
        QCOMPARE(sortedKeys(body), keys);

        QCOMPARE(body.value(u"prompt"_s).toString(), request.prompt);
        QCOMPARE(body.value(u"resolution"_s).toString(), u"1080P"_s);
        QCOMPARE(body.value(u"prompt_extend"_s), QJsonValue(true));
        QCOMPARE(body.value(u"watermark"_s), QJsonValue(false));
        const QByteArray text = QJsonDocument(body).toJson(QJsonDocument::Compact);
        QVERIFY(text.contains("\"duration\":7,")); // an integer, not 7.0
        if (body.contains(u"aspect_ratio"_s))
            QCOMPARE(body.value(u"aspect_ratio"_s).toString(), u"9:16"_s);
        if (extras) {
            QCOMPARE(body.value(u"negative_prompt"_s).toString(), u"blurry, text"_s);
            QVERIFY(text.contains("\"seed\":2147483647"));
        }
        if (body.contains(u"image"_s))
            QCOMPARE(decodeDataUri(body.value(u"image"_s).toString()).size(), QSize(1000, 600));
        if (body.contains(u"reference_images"_s)) {
            const QJsonArray images = body.value(u"reference_images"_s).toArray();
            QCOMPARE(images.size(), references);
            // In order: the prompt's [Image 1], [Image 2]… depend on it.
            const QList<QSize> sizes{{640, 480}, {500, 700}, {800, 450}};
            for (int i = 0; i < references; ++i)
                QCOMPARE(decodeDataUri(images.at(i).toString()).size(), sizes.at(i));
        }
    }

    void toJsonSendsFilesUnchangedAndUrlsAsGiven()
    {
        GenerationRequest request = textRequest();
        request.firstFrame = ImageSource::fromFile(file(u"first.jpg"_s));
        QFile original(file(u"first.jpg"_s));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QCOMPARE(request.toJson().value(u"image"_s).toString(),
                 u"data:image/jpeg;base64,"_s + QString::fromLatin1(original.readAll().toBase64()));

        request.firstFrame = ImageSource::fromUrl(QUrl(u"https://example.com/frames/first frame.png"_s));
        QCOMPARE(request.toJson().value(u"image"_s).toString(), u"https://example.com/frames/first%20frame.png"_s);

        request.firstFrame = {};
        request.references << ImageSource::fromUrl(QUrl(u"https://example.com/1.png"_s)) << ImageSource()
                           << ImageSource::fromFile(file(u"ref-b.webp"_s));
        const QJsonArray images = request.toJson().value(u"reference_images"_s).toArray();
        QCOMPARE(images.size(), 2); // the empty slot is skipped
        QCOMPARE(images.at(0).toString(), u"https://example.com/1.png"_s);
        QVERIFY(images.at(1).toString().startsWith(u"data:image/webp;base64,"_s));
    }

    void toJsonSendsExifImagesUpright()
    {
        GenerationRequest request = textRequest();
        request.firstFrame = ImageSource::fromFile(file(u"rotated.jpg"_s));
        QString error;
        const QJsonObject body = request.toJson(&error);
        QVERIFY2(!body.isEmpty(), qPrintable(error));
        QCOMPARE(decodeDataUri(body.value(u"image"_s).toString()).size(), QSize(400, 800));
    }

    void toJsonRefusesWhatCannotBeSent_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("empty prompt") << 0 << u"Prompt: Write a prompt"_s;
        QTest::newRow("undecided mode") << 1 << u"Choose image-to-video or reference-to-video"_s;
        QTest::newRow("bad reference") << 2 << u"Reference image 1: "_s;
        QTest::newRow("file gone") << 3 << u"First frame: "_s;
    }
    void toJsonRefusesWhatCannotBeSent()
    {
        QFETCH(int, fault);
        QFETCH(QString, fragment);
        GenerationRequest request = textRequest();
        switch (fault) {
        case 0:
            request.prompt.clear();
            break;
        case 1:
            request.firstFrame = ImageSource::fromFile(file(u"first.jpg"_s));
            request.references << ImageSource::fromFile(file(u"ref-a.png"_s));
            break;
        case 2:
            request.references << ImageSource::fromFile(file(u"corrupt.png"_s));
            break;
        case 3:
            request.firstFrame = ImageSource::fromFile(file(u"vanished.jpg"_s));
            break;
        }
        QString error;
        QVERIFY(request.toJson(&error).isEmpty());
        QVERIFY2(error.contains(fragment), qPrintable(error));
        QVERIFY(request.toJson(nullptr).isEmpty()); // no error pointer: still safe
    }

    // Nine big references must not make a body the service refuses: each is fitted into its share.
    void toJsonKeepsTheBodyWithinBudget()
    {
        const QByteArray big = noisePng({2400, 2400});
        QVERIFY2(big.size() > 16'000'000 && big.size() <= 20'000'000, qPrintable(QString::number(big.size())));
        const QString path = write(u"noise.png"_s, big);

        GenerationRequest request = textRequest();
        for (int i = 0; i < 9; ++i)
            request.references << ImageSource::fromFile(path);
        QString error;
        const QJsonObject body = request.toJson(&error);
        QVERIFY2(!body.isEmpty(), qPrintable(error));
        const QByteArray text = QJsonDocument(body).toJson(QJsonDocument::Compact);
        QVERIFY2(text.size() < GenerationRequest::kMaxImageTextBytes + 10'000,
                 qPrintable(QString::number(text.size())));
        const QJsonArray images = body.value(u"reference_images"_s).toArray();
        QCOMPARE(images.size(), 9);
        for (const QJsonValue &value : images) {
            const QString uri = value.toString();
            QVERIFY(uri.startsWith(u"data:image/jpeg;base64,"_s));
            QVERIFY(uri.size() <= GenerationRequest::kMaxImageTextBytes / 9);
            const QImage image = decodeDataUri(uri);
            QVERIFY(image.width() <= 2400);          // never scaled up (a JPEG at a lower quality may fit whole)…
            QCOMPARE(image.width(), image.height()); // …keeping the shape…
            QVERIFY(image.width() >= 400);           // …and the reference minimum
        }

        // A single first frame may use the whole 20 MB: the same file goes out as it is.
        GenerationRequest single = textRequest();
        single.firstFrame = ImageSource::fromFile(path);
        const QString uri = single.toJson(&error).value(u"image"_s).toString();
        QCOMPARE(uri, u"data:image/png;base64,"_s + QString::fromLatin1(big.toBase64()));
    }

    void toJsonIsDeterministic()
    {
        GenerationRequest request = textRequest();
        request.references << ImageSource::fromFile(file(u"rotated.jpg"_s))
                           << ImageSource::fromFile(file(u"ref-b.webp"_s))
                           << ImageSource::fromUrl(QUrl(u"https://example.com/c.png"_s));
        request.seed = 42;
        request.negativePrompt = u"fog"_s;
        const QByteArray a = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
        const QByteArray b = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact);
        QVERIFY(!a.isEmpty() && a.size() > 1000);
        QCOMPARE(a, b);
        const GenerationRequest copy = request;
        QCOMPARE(QJsonDocument(copy.toJson()).toJson(QJsonDocument::Compact), a);
    }

    void cost_data()
    {
        QTest::addColumn<Pricing::Resolution>("resolution");
        QTest::addColumn<int>("seconds");
        QTest::addColumn<qint64>("cents");
        for (int seconds = GenerationRequest::kMinDurationSeconds; seconds <= GenerationRequest::kMaxDurationSeconds;
             ++seconds) {
            QTest::addRow("%d s 720P", seconds) << Pricing::Resolution::P720 << seconds << qint64(14 * seconds);
            QTest::addRow("%d s 1080P", seconds) << Pricing::Resolution::P1080 << seconds << qint64(18 * seconds);
        }
    }
    void cost()
    {
        QFETCH(Pricing::Resolution, resolution);
        QFETCH(int, seconds);
        QFETCH(qint64, cents);
        GenerationRequest request = textRequest();
        request.resolution = resolution;
        request.durationSeconds = seconds;
        QCOMPARE(request.costCents(), cents);
        QCOMPARE(request.costLine(), u"%1 s at %2 — %3"_s.arg(seconds).arg(Pricing::resolutionName(resolution),
                                                                           Pricing::formatCents(cents)));
    }

    void costLines()
    {
        GenerationRequest request = textRequest();
        request.durationSeconds = 5;
        QCOMPARE(request.costLine(), u"5 s at 720P — $0.70"_s);
        QCOMPARE(request.costCents(), qint64(70));
        request.durationSeconds = 15;
        request.resolution = Pricing::Resolution::P1080;
        QCOMPARE(request.costLine(), u"15 s at 1080P — $2.70"_s);
        request.durationSeconds = -4;
        QCOMPARE(request.costCents(), qint64(0)); // never a negative price for a bad form
    }

    void takesDifferButCanEachBeReproduced()
    {
        GenerationRequest request = textRequest();
        request.seed = GenerationRequest::kMaxSeed - 1;
        const QList<GenerationRequest> seeded = request.takes(3);
        QCOMPARE(seeded.size(), 3);
        QCOMPARE(seeded.at(0).seed, std::optional<qint64>(GenerationRequest::kMaxSeed - 1));
        QCOMPARE(seeded.at(1).seed, std::optional<qint64>(GenerationRequest::kMaxSeed));
        QCOMPARE(seeded.at(2).seed, std::optional<qint64>(0)); // wraps within the service's range
        QCOMPARE(seeded.at(2).prompt, request.prompt);

        request.seed.reset();
        const QList<GenerationRequest> random = request.takes(2);
        QCOMPARE(random.size(), 2);
        QVERIFY(!random.at(0).seed && !random.at(1).seed); // the service picks a seed for each
        QVERIFY(request.takes(0).isEmpty());
    }

    void equality()
    {
        GenerationRequest a = textRequest();
        a.references << ImageSource::fromFile(u"/x/1.png"_s);
        const GenerationRequest b = a;
        QCOMPARE(a, b);

        const QList<std::function<void(GenerationRequest &)>> changes{
            [](GenerationRequest &r) { r.prompt += u"!"_s; },
            [](GenerationRequest &r) { r.negativePrompt = u"x"_s; },
            [](GenerationRequest &r) { r.resolution = Pricing::Resolution::P1080; },
            [](GenerationRequest &r) { r.durationSeconds = 6; },
            [](GenerationRequest &r) { r.aspect = AspectRatio::R1x1; },
            [](GenerationRequest &r) { r.promptExtend = !r.promptExtend; },
            [](GenerationRequest &r) { r.watermark = !r.watermark; },
            [](GenerationRequest &r) { r.seed = 0; },
            [](GenerationRequest &r) { r.firstFrame = ImageSource::fromFile(u"/x/f.png"_s); },
            [](GenerationRequest &r) { r.references.first() = ImageSource::fromFile(u"/x/2.png"_s); },
            [](GenerationRequest &r) { r.references.append(ImageSource::fromFile(u"/x/1.png"_s)); },
            [](GenerationRequest &r) { r.modeChoice = ModeChoice::ReferenceToVideo; },
        };
        for (qsizetype i = 0; i < changes.size(); ++i) {
            GenerationRequest changed = a;
            changes.at(i)(changed);
            QVERIFY2(!(changed == a), qPrintable(QString::number(i)));
        }
    }
};

QTEST_GUILESS_MAIN(TestGenerationRequest)
#include "tst_generationrequest.moc"
