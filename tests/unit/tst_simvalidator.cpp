// The simulator's side of the contract's request rules, rule by rule.
#include "TestImages.h"
#include "sim/SimValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using Mode = SimJobRequest::Mode;

namespace {

QJsonObject base()
{
    return QJsonObject{{u"prompt"_s, u"A horse on a beach"_s}};
}

QJsonObject with(QJsonObject o, const QString &key, const QJsonValue &value)
{
    o.insert(key, value);
    return o;
}

QJsonArray references(int count, QSize size = {640, 480})
{
    QJsonArray array;
    for (int i = 0; i < count; ++i)
        array.append(TestImages::dataUri(size, "PNG", i * 40));
    return array;
}

} // namespace

class TestSimValidator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rules_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("errorContains");

        auto row = [](const char *name, const QJsonObject &o, int status, const QString &error = {}) {
            QTest::newRow(name) << QJsonDocument(o).toJson() << status << error;
        };
        const QString png = TestImages::dataUri({640, 480});

        QTest::newRow("not JSON") << QByteArray("{prompt:") << 400 << u"Invalid JSON"_s;
        QTest::newRow("JSON array") << QByteArray("[]") << 400 << u"Invalid JSON"_s;
        row("minimal", base(), 200);
        row("missing prompt", QJsonObject{{u"duration"_s, 5}}, 400, u"prompt"_s);
        row("prompt not a string", QJsonObject{{u"prompt"_s, 5}}, 400, u"prompt"_s);
        row("empty prompt", QJsonObject{{u"prompt"_s, u"   "_s}}, 400, u"empty"_s);
        row("long prompt is accepted", QJsonObject{{u"prompt"_s, QString(6000, u'a')}}, 200);
        row("negative prompt", with(base(), u"negative_prompt"_s, u"blurry"_s), 200);
        row("negative prompt not a string", with(base(), u"negative_prompt"_s, 3), 400, u"negative_prompt"_s);
        row("720P", with(base(), u"resolution"_s, u"720P"_s), 200);
        row("1080P", with(base(), u"resolution"_s, u"1080P"_s), 200);
        row("4K", with(base(), u"resolution"_s, u"4K"_s), 406, u"resolution"_s);
        row("lower-case 720p", with(base(), u"resolution"_s, u"720p"_s), 406, u"resolution"_s);
        row("resolution number", with(base(), u"resolution"_s, 720), 400, u"resolution"_s);
        row("duration 3", with(base(), u"duration"_s, 3), 200);
        row("duration 15", with(base(), u"duration"_s, 15), 200);
        row("duration 2", with(base(), u"duration"_s, 2), 406, u"between 3 and 15"_s);
        row("duration 16", with(base(), u"duration"_s, 16), 406, u"between 3 and 15"_s);
        row("duration 0", with(base(), u"duration"_s, 0), 406, u"between 3 and 15"_s);
        row("duration -5", with(base(), u"duration"_s, -5), 406, u"between 3 and 15"_s);
        row("duration 5.5", with(base(), u"duration"_s, 5.5), 406, u"whole"_s);
        row("duration string", with(base(), u"duration"_s, u"5"_s), 400, u"integer"_s);
        for (const char *aspect : {"16:9", "9:16", "1:1", "4:3", "3:4"})
            row(aspect, with(base(), u"aspect_ratio"_s, QString::fromLatin1(aspect)), 200);
        row("aspect 21:9", with(base(), u"aspect_ratio"_s, u"21:9"_s), 406, u"aspect_ratio"_s);
        row("aspect number", with(base(), u"aspect_ratio"_s, 1.5), 400, u"aspect_ratio"_s);
        row("prompt_extend", with(base(), u"prompt_extend"_s, true), 200);
        row("prompt_extend string", with(base(), u"prompt_extend"_s, u"yes"_s), 400, u"prompt_extend"_s);
        row("watermark", with(base(), u"watermark"_s, false), 200);
        row("watermark number", with(base(), u"watermark"_s, 1), 400, u"watermark"_s);
        row("seed 0", with(base(), u"seed"_s, 0), 200);
        row("seed max", with(base(), u"seed"_s, 2147483647.0), 200);
        row("seed too big", with(base(), u"seed"_s, 2147483648.0), 406, u"seed"_s);
        row("seed negative", with(base(), u"seed"_s, -1), 406, u"seed"_s);
        row("seed fraction", with(base(), u"seed"_s, 1.5), 406, u"seed"_s);
        row("seed string", with(base(), u"seed"_s, u"42"_s), 400, u"seed"_s);
        row("seed null means random", with(base(), u"seed"_s, QJsonValue::Null), 200);

        // Image to video
        row("image data URI", with(base(), u"image"_s, png), 200);
        row("image https URL", with(base(), u"image"_s, u"https://example.com/frame.png"_s), 200);
        row("image JPEG", with(base(), u"image"_s, TestImages::dataUri({640, 480}, "JPEG")), 200);
        row("image WEBP", with(base(), u"image"_s, TestImages::dataUri({640, 480}, "WEBP")), 200);
        row("image GIF type", with(base(), u"image"_s, u"data:image/gif;base64,R0lGODlhAQABAAAAACw="_s), 406,
            u"JPEG, PNG or WEBP"_s);
        row("image PNG bytes labelled JPEG", with(base(), u"image"_s, u"data:image/jpeg;base64,"_s + png.mid(22)),
            200);
        row("image not base64", with(base(), u"image"_s, u"data:image/png,abc"_s), 406, u"base64"_s);
        row("image garbage base64", with(base(), u"image"_s, u"data:image/png;base64,@@@@"_s), 406, u"base64"_s);
        row("image undecodable", with(base(), u"image"_s, u"data:image/png;base64,"_s + QString::fromLatin1(
                                                                 QByteArray("not an image at all").toBase64())),
            406, u"decoded"_s);
        row("image plain path", with(base(), u"image"_s, u"/home/me/frame.png"_s), 406, u"URL or a data URI"_s);
        row("image not a string", with(base(), u"image"_s, 5), 400, u"image"_s);
        row("image 299 px", with(base(), u"image"_s, TestImages::dataUri({299, 400})), 406, u"at least 300"_s);
        row("image 300 px", with(base(), u"image"_s, TestImages::dataUri({300, 300})), 200);
        row("image 1 px", with(base(), u"image"_s, TestImages::dataUri({1, 1})), 406, u"at least 300"_s);
        row("image 2.5:1", with(base(), u"image"_s, TestImages::dataUri({750, 300})), 200);
        row("image 2.6:1", with(base(), u"image"_s, TestImages::dataUri({780, 300})), 406, u"aspect"_s);
        row("image 1:2.6", with(base(), u"image"_s, TestImages::dataUri({300, 780})), 406, u"aspect"_s);

        // Reference to video
        row("1 reference", with(base(), u"reference_images"_s, references(1)), 200);
        row("9 references", with(base(), u"reference_images"_s, references(9)), 200);
        row("0 references", with(base(), u"reference_images"_s, QJsonArray()), 406, u"1 to 9"_s);
        row("10 references", with(base(), u"reference_images"_s, references(10)), 406, u"at most 9"_s);
        row("reference short side 399", with(base(), u"reference_images"_s, references(1, {800, 399})), 406,
            u"at least 400"_s);
        row("reference short side 400", with(base(), u"reference_images"_s, references(1, {800, 400})), 200);
        row("reference not a string", with(base(), u"reference_images"_s, QJsonArray{5}), 400,
            u"reference_images[0]"_s);
        row("references not an array", with(base(), u"reference_images"_s, png), 400, u"array"_s);
        row("reference URL", with(base(), u"reference_images"_s, QJsonArray{u"https://example.com/a.jpg"_s}), 200);
    }
    void rules()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, errorContains);
        const SimValidation v = SimValidator::validate(body);
        QCOMPARE(v.httpStatus, status);
        if (!errorContains.isEmpty())
            QVERIFY2(v.error.contains(errorContains), qPrintable(v.error));
        if (status == 200)
            QVERIFY(v.error.isEmpty());
    }

    void modeFromBody_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<Mode>("mode");
        const QString png = TestImages::dataUri({640, 480});
        QTest::newRow("text") << QJsonDocument(base()).toJson() << Mode::TextToVideo;
        QTest::newRow("image") << QJsonDocument(with(base(), u"image"_s, png)).toJson() << Mode::ImageToVideo;
        QTest::newRow("references") << QJsonDocument(with(base(), u"reference_images"_s, references(2))).toJson()
                                    << Mode::ReferenceToVideo;
        // A stray field switches the mode silently; with both, the first frame wins [chosen].
        QJsonObject both = with(base(), u"image"_s, png);
        both.insert(u"reference_images"_s, references(2));
        QTest::newRow("both: image wins") << QJsonDocument(both).toJson() << Mode::ImageToVideo;
    }
    void modeFromBody()
    {
        QFETCH(QByteArray, body);
        QFETCH(Mode, mode);
        const SimValidation v = SimValidator::validate(body);
        QVERIFY2(v.ok(), qPrintable(v.error));
        QCOMPARE(v.request.mode, mode);
    }

    void outputSize_data()
    {
        QTest::addColumn<bool>("is1080");
        QTest::addColumn<QString>("aspect");
        QTest::addColumn<QSize>("size");
        QTest::newRow("720P 16:9") << false << u"16:9"_s << QSize(1280, 720);
        QTest::newRow("720P 9:16") << false << u"9:16"_s << QSize(720, 1280);
        QTest::newRow("720P 1:1") << false << u"1:1"_s << QSize(720, 720);
        QTest::newRow("720P 4:3") << false << u"4:3"_s << QSize(960, 720);
        QTest::newRow("720P 3:4") << false << u"3:4"_s << QSize(720, 960);
        QTest::newRow("1080P 16:9") << true << u"16:9"_s << QSize(1920, 1080);
        QTest::newRow("1080P 9:16") << true << u"9:16"_s << QSize(1080, 1920);
        QTest::newRow("1080P 1:1") << true << u"1:1"_s << QSize(1080, 1080);
        QTest::newRow("1080P 4:3") << true << u"4:3"_s << QSize(1440, 1080);
        QTest::newRow("1080P 3:4") << true << u"3:4"_s << QSize(1080, 1440);
    }
    void outputSize()
    {
        QFETCH(bool, is1080);
        QFETCH(QString, aspect);
        QFETCH(QSize, size);
        QCOMPARE(SimValidator::outputSizeFor(is1080, aspect), size);
        QJsonObject body = with(base(), u"aspect_ratio"_s, aspect);
        body.insert(u"resolution"_s, is1080 ? u"1080P"_s : u"720P"_s);
        QCOMPARE(SimValidator::validate(QJsonDocument(body).toJson()).request.outputSize, size);
    }

    void imageSetsTheShape_data()
    {
        QTest::addColumn<QSize>("image");
        QTest::addColumn<bool>("is1080");
        QTest::addColumn<QSize>("size");
        QTest::newRow("1000x600 at 720P") << QSize(1000, 600) << false << QSize(1200, 720);
        QTest::newRow("600x1000 at 720P") << QSize(600, 1000) << false << QSize(720, 1200);
        QTest::newRow("square at 1080P") << QSize(500, 500) << true << QSize(1080, 1080);
        QTest::newRow("2.5:1 at 720P") << QSize(750, 300) << false << QSize(1800, 720);
    }
    void imageSetsTheShape()
    {
        QFETCH(QSize, image);
        QFETCH(bool, is1080);
        QFETCH(QSize, size);
        QJsonObject body = with(base(), u"image"_s, TestImages::dataUri(image));
        body.insert(u"resolution"_s, is1080 ? u"1080P"_s : u"720P"_s);
        body.insert(u"aspect_ratio"_s, u"9:16"_s); // ignored in image to video
        const SimValidation v = SimValidator::validate(QJsonDocument(body).toJson());
        QVERIFY2(v.ok(), qPrintable(v.error));
        QCOMPARE(v.request.outputSize, size);
        QVERIFY(v.request.aspectRatio.isEmpty());
    }

    void invalidAspectIgnoredInImageToVideo()
    {
        QJsonObject body = with(base(), u"image"_s, TestImages::dataUri({640, 480}));
        body.insert(u"aspect_ratio"_s, u"21:9"_s);
        QVERIFY(SimValidator::validate(QJsonDocument(body).toJson()).ok());
    }

    void exifOrientationIsIgnoredUnlessHonoured()
    {
        // Stored 640x400 but marked "rotate 90": by default the service measures the pixels as stored, a
        // landscape frame; a service that honours EXIF sees a 400x640 portrait.
        const QByteArray jpeg = TestImages::jpegWithExifOrientation6({640, 400});
        const QJsonObject body =
            with(base(), u"image"_s, u"data:image/jpeg;base64,"_s + QString::fromLatin1(jpeg.toBase64()));
        const SimValidation stored = SimValidator::validate(QJsonDocument(body).toJson());
        QVERIFY2(stored.ok(), qPrintable(stored.error));
        QCOMPARE(stored.request.images.first().size, QSize(640, 400));
        QCOMPARE(stored.request.outputSize, QSize(1152, 720));
        const SimValidation honoured = SimValidator::validate(QJsonDocument(body).toJson(), true);
        QVERIFY2(honoured.ok(), qPrintable(honoured.error));
        QCOMPARE(honoured.request.images.first().size, QSize(400, 640));
        QCOMPARE(honoured.request.outputSize, QSize(720, 1152));
    }

    void promptTruncation_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<int>("keptLength");
        QTest::addColumn<bool>("truncated");
        QTest::newRow("5000 latin") << QString(5000, u'a') << 5000 << false;
        QTest::newRow("5001 latin") << QString(5001, u'a') << 5000 << true;
        QTest::newRow("100000 latin") << QString(100000, u'a') << 5000 << true;
        QTest::newRow("2500 chinese") << QString(2500, QChar(0x9A6C)) << 2500 << false;
        QTest::newRow("2501 chinese") << QString(2501, QChar(0x9A6C)) << 2500 << true;
    }
    void promptTruncation()
    {
        QFETCH(QString, prompt);
        QFETCH(int, keptLength);
        QFETCH(bool, truncated);
        const SimValidation v = SimValidator::validate(QJsonDocument(QJsonObject{{u"prompt"_s, prompt}}).toJson());
        QVERIFY(v.ok());
        QCOMPARE(v.request.prompt.size(), keptLength);
        QCOMPARE(v.request.promptTruncated, truncated);
    }

    void costFollowsThePriceList()
    {
        QJsonObject body = with(base(), u"duration"_s, 15);
        body.insert(u"resolution"_s, u"1080P"_s);
        QCOMPARE(SimValidator::validate(QJsonDocument(body).toJson()).request.costCents(), qint64(270));
        QCOMPARE(SimValidator::validate(QJsonDocument(with(base(), u"duration"_s, 5)).toJson()).request.costCents(),
                 qint64(70));
    }
};

QTEST_GUILESS_MAIN(TestSimValidator)
#include "tst_simvalidator.moc"
