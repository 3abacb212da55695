// ImageSource, inspectImage, urlProblem and encodeForUpload: every image rule of the contract at its
// boundaries, damaged and hostile files, EXIF orientation, downscaling and determinism.
#include "api/ImageSource.h"
#include "TestImages.h"
#include "TestTiming.h"

#include <QBuffer>
#include <QColorSpace>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Pixels that do not compress: makes files as large as their size says, to exercise the byte budgets.
QImage noise(QSize size, bool alpha = false, quint32 seed = 7)
{
    QImage image(size, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < size.height(); ++y) {
        auto *line = reinterpret_cast<quint32 *>(image.scanLine(y));
        random.fillRange(line, size.width());
        if (!alpha) {
            for (int x = 0; x < size.width(); ++x)
                line[x] |= 0xff000000u;
        }
    }
    return image;
}

// The classic 1 × 1 GIF: Qt cannot write GIFs, and one signature is all the rule needs.
QByteArray tinyGif()
{
    return QByteArray::fromHex(
        "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b");
}

QByteArray randomBytes(int count, quint32 seed)
{
    QByteArray bytes(count, Qt::Uninitialized);
    QRandomGenerator random(seed);
    for (char &c : bytes)
        c = char(random.bounded(256));
    return bytes;
}

QImage decodeDataUri(const QString &uri, QByteArray *mime = nullptr)
{
    const qsizetype comma = uri.indexOf(u',');
    if (!uri.startsWith(u"data:image/"_s) || comma < 0)
        return {};
    if (mime)
        *mime = uri.mid(5, uri.indexOf(u';') - 5).toLatin1();
    const QByteArray bytes = QByteArray::fromBase64(uri.mid(comma + 1).toLatin1());
    QImage image;
    image.loadFromData(bytes);
    return image;
}

QByteArray dataUriBytes(const QString &uri)
{
    return QByteArray::fromBase64(uri.mid(uri.indexOf(u',') + 1).toLatin1());
}

bool containsFragment(const QStringList &problems, const QString &fragment)
{
    return std::any_of(problems.cbegin(), problems.cend(),
                       [&fragment](const QString &p) { return p.contains(fragment); });
}

} // namespace

class TestImageSource final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
            qFatal("cannot write a test file");
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void sources()
    {
        const ImageSource none;
        QVERIFY(none.isEmpty());
        QCOMPARE(none.kind, ImageSource::Kind::None);
        QVERIFY(ImageSource::fromFile(QString()).isEmpty());
        QVERIFY(ImageSource::fromUrl(QUrl()).isEmpty());

        const ImageSource file = ImageSource::fromFile(u"/photos/horse.jpg"_s);
        QCOMPARE(file.kind, ImageSource::Kind::LocalFile);
        QVERIFY(file.isLocalFile() && !file.isEmpty());
        QCOMPARE(file.path, u"/photos/horse.jpg"_s);
        QCOMPARE(file.displayName(), u"horse.jpg"_s);

        const ImageSource web = ImageSource::fromUrl(QUrl(u"https://example.com/a.png"_s));
        QCOMPARE(web.kind, ImageSource::Kind::Url);
        QVERIFY(web.isUrl());
        QCOMPARE(web.displayName(), u"https://example.com/a.png"_s);

        QCOMPARE(file, ImageSource::fromFile(u"/photos/horse.jpg"_s));
        QVERIFY(file != ImageSource::fromFile(u"/photos/other.jpg"_s));
        QVERIFY(web != ImageSource::fromUrl(QUrl(u"https://example.com/b.png"_s)));
        QVERIFY(file != web);
    }

    void inspect_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<ImageRole>("role");
        QTest::addColumn<bool>("readable");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QStringList>("fragments"); // one per expected problem; empty: usable

        const auto first = ImageRole::FirstFrame;
        const auto ref = ImageRole::Reference;
        const QStringList none;
        const QString tooSmallFirst = u"a first frame needs at least 300 px on each side"_s;
        const QString badShape = u"a first frame must be between 1:2.5 and 2.5:1"_s;
        const QString tooSmallRef = u"a reference image needs at least 400 px on its shorter side"_s;
        const QString damaged = u"could not be read as an image. It may be damaged"_s;
        const QString incomplete = u"This image file is damaged: it seems to have been cut off"_s;

        QTest::newRow("png") << TestImages::encoded({1280, 720}, "PNG") << u"a.png"_s << first << true << u"png"_s
                             << QSize(1280, 720) << none;
        QTest::newRow("jpeg") << TestImages::encoded({1280, 720}, "JPEG") << u"a.jpg"_s << first << true << u"jpeg"_s
                              << QSize(1280, 720) << none;
        QTest::newRow("webp") << TestImages::encoded({720, 1280}, "WEBP") << u"a.webp"_s << ref << true << u"webp"_s
                              << QSize(720, 1280) << none;
        QTest::newRow("png named .jpg: judged by content")
            << TestImages::encoded({640, 480}, "PNG") << u"really-png.jpg"_s << ref << true << u"png"_s
            << QSize(640, 480) << none;

        QTest::newRow("first frame 300 x 300")
            << TestImages::encoded({300, 300}) << u"f.png"_s << first << true << u"png"_s << QSize(300, 300) << none;
        QTest::newRow("first frame 299 wide") << TestImages::encoded({299, 400}) << u"f.png"_s << first << true
                                              << u"png"_s << QSize(299, 400) << QStringList{tooSmallFirst};
        QTest::newRow("first frame 299 high") << TestImages::encoded({400, 299}) << u"f.png"_s << first << true
                                              << u"png"_s << QSize(400, 299) << QStringList{tooSmallFirst};
        QTest::newRow("first frame 250 x 180: message")
            << TestImages::encoded({250, 180}) << u"f.png"_s << first << true << u"png"_s << QSize(250, 180)
            << QStringList{u"This image is 250 × 180 px; a first frame needs at least 300 px on each side."_s};
        QTest::newRow("first frame 2.5:1")
            << TestImages::encoded({750, 300}) << u"f.png"_s << first << true << u"png"_s << QSize(750, 300) << none;
        QTest::newRow("first frame 1:2.5")
            << TestImages::encoded({300, 750}) << u"f.png"_s << first << true << u"png"_s << QSize(300, 750) << none;
        QTest::newRow("first frame 2.6:1") << TestImages::encoded({780, 300}) << u"f.png"_s << first << true << u"png"_s
                                           << QSize(780, 300) << QStringList{u"about 2.6:1"_s + u"; "_s + badShape};
        QTest::newRow("first frame 1:2.6") << TestImages::encoded({300, 780}) << u"f.png"_s << first << true << u"png"_s
                                           << QSize(300, 780) << QStringList{u"about 1:2.6"_s};
        QTest::newRow("first frame just over 2.5:1") << TestImages::encoded({751, 300}) << u"f.png"_s << first << true
                                                     << u"png"_s << QSize(751, 300) << QStringList{badShape};
        QTest::newRow("reference short side 400")
            << TestImages::encoded({800, 400}) << u"r.png"_s << ref << true << u"png"_s << QSize(800, 400) << none;
        QTest::newRow("reference short side 399") << TestImages::encoded({800, 399}) << u"r.png"_s << ref << true
                                                  << u"png"_s << QSize(800, 399) << QStringList{tooSmallRef};
        QTest::newRow("reference 3:1 is fine: no shape rule")
            << TestImages::encoded({1200, 400}) << u"r.png"_s << ref << true << u"png"_s << QSize(1200, 400) << none;
        QTest::newRow("1 px first frame") << TestImages::encoded({1, 1}) << u"dot.png"_s << first << true << u"png"_s
                                          << QSize(1, 1) << QStringList{u"1 × 1 px"_s};
        QTest::newRow("1 px reference") << TestImages::encoded({1, 1}) << u"dot.png"_s << ref << true << u"png"_s
                                        << QSize(1, 1) << QStringList{tooSmallRef};

        // GIF, BMP and TIFF are converted (convertedFormats); only their size rules apply.
        QTest::newRow("gif") << tinyGif() << u"a.gif"_s << ref << true << u"gif"_s << QSize(1, 1)
                             << QStringList{tooSmallRef};
        QTest::newRow("gif named .png") << TestImages::gif({640, 480}) << u"fake.png"_s << ref << true << u"gif"_s
                                        << QSize(640, 480) << none;
        QTest::newRow("bmp") << TestImages::encoded({640, 480}, "BMP") << u"a.bmp"_s << ref << true << u"bmp"_s
                             << QSize(640, 480) << none;
        QTest::newRow("avif: refused")
            << QByteArray::fromHex("0000001c667479706176696600000000617669666d696631") + randomBytes(200, 5)
            << u"a.avif"_s << ref << false << u"avif"_s << QSize()
            << QStringList{u"AVIF images can't be used: use JPEG, PNG or WEBP."_s};

        QTest::newRow("random bytes named .png")
            << randomBytes(20000, 1) << u"noise.png"_s << first << false << QString() << QSize()
            << QStringList{u"This file could not be read as an image. It may be damaged"_s};
        QTest::newRow("text file named .jpg")
            << QByteArray("just some words, not a picture\n") << u"words.jpg"_s << first << false << QString()
            << QSize() << QStringList{u"This file is not an image (it looks like text)."_s};
        QTest::newRow("web page named .png") << QByteArray("<!DOCTYPE html><html><body>Not found</body></html>")
                                             << u"page.png"_s << first << false << QString() << QSize()
                                             << QStringList{u"This file is not an image (it looks like a web page)."_s};
        QTest::newRow("pdf named .jpg") << QByteArray("%PDF-1.7\n") + randomBytes(300, 6) << u"doc.jpg"_s << first
                                        << false << QString() << QSize()
                                        << QStringList{u"not an image (it looks like a PDF document)"_s};
        QTest::newRow("png signature, garbage after")
            << QByteArray("\x89PNG\r\n\x1A\n") + randomBytes(5000, 2) << u"broken.png"_s << first << false << u"png"_s
            << QSize() << QStringList{damaged};
        const QByteArray png = TestImages::encoded({640, 480}, "PNG");
        QTest::newRow("truncated png") << png.left(png.size() / 2) << u"cut.png"_s << first << true << u"png"_s
                                       << QSize(640, 480) << QStringList{incomplete};
        const QByteArray jpeg = TestImages::encoded({640, 480}, "JPEG");
        QTest::newRow("truncated jpeg") << jpeg.left(jpeg.size() * 2 / 3) << u"cut.jpg"_s << first << true << u"jpeg"_s
                                        << QSize(640, 480) << QStringList{incomplete};
        const QByteArray webp = TestImages::encoded({640, 480}, "WEBP");
        QTest::newRow("truncated webp") << webp.left(webp.size() / 2) << u"cut.webp"_s << first << true << u"webp"_s
                                        << QSize(640, 480) << QStringList{incomplete};
        // Motion photos carry a video after the JPEG's end marker: still a complete image.
        QTest::newRow("jpeg with data after its end") << jpeg + randomBytes(100000, 3) << u"motion.jpg"_s << first
                                                      << true << u"jpeg"_s << QSize(640, 480) << none;
        QTest::newRow("png with data after IEND")
            << png + randomBytes(100000, 4) << u"extra.png"_s << first << true << u"png"_s << QSize(640, 480) << none;
        QTest::newRow("empty file") << QByteArray() << u"empty.png"_s << first << false << QString() << QSize()
                                    << QStringList{u"This file is empty"_s};

        QTest::newRow("exif orientation 6: shown transposed")
            << TestImages::jpegWithExifOrientation6({800, 400}) << u"rotated.jpg"_s << first << true << u"jpeg"_s
            << QSize(400, 800) << none;
        QTest::newRow("exif orientation 6: rules apply to the shown shape")
            << TestImages::jpegWithExifOrientation6({800, 299}) << u"rotated-small.jpg"_s << first << true << u"jpeg"_s
            << QSize(299, 800)
            << QStringList{u"This image is 299 × 800 px"_s + u"; "_s + tooSmallFirst, u"about 1:2.68"_s};
    }
    void inspect()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, fileName);
        QFETCH(ImageRole, role);
        QFETCH(bool, readable);
        QFETCH(QString, format);
        QFETCH(QSize, size);
        QFETCH(QStringList, fragments);

        const QString path = write(fileName, content);
        const ImageInspection inspection = inspectImage(path, role);
        QVERIFY(inspection.exists);
        QCOMPARE(inspection.readable, readable);
        QCOMPARE(inspection.format, format);
        QCOMPARE(inspection.size, size);
        QCOMPARE(inspection.fileBytes, qint64(content.size()));
        QVERIFY2(inspection.problems.size() == fragments.size(), qPrintable(inspection.problems.join(u" | "_s)));
        QCOMPARE(inspection.isUsable(), fragments.isEmpty());
        for (const QString &fragment : fragments)
            QVERIFY2(containsFragment(inspection.problems, fragment),
                     qPrintable(fragment + u" not in: "_s + inspection.problems.join(u" | "_s)));
        for (const QString &problem : inspection.problems)
            QVERIFY2(problem.endsWith(u'.'), qPrintable(problem)); // whole sentences, with a next step
    }

    void missingFileAndFolder()
    {
        const ImageInspection missing = inspectImage(m_dir.filePath(u"nowhere.png"_s), ImageRole::FirstFrame);
        QVERIFY(!missing.exists);
        QVERIFY(!missing.readable);
        QCOMPARE(missing.problems.size(), 1);
        QVERIFY(missing.problems.first().contains(u"“nowhere.png” can't be found"_s));

        const ImageInspection folder = inspectImage(m_dir.path(), ImageRole::FirstFrame);
        QCOMPARE(folder.problems.size(), 1);
        QVERIFY(folder.problems.first().contains(u"is a folder"_s));

        QCOMPARE(inspectImage(QString(), ImageRole::Reference).problems.size(), 1);
    }

    // Between the service's 20 MB and Paddock's 100 MB a file is re-encoded smaller; beyond, it is refused from its
    // size on disk: no reading, so even 2 GB answers at once.
    void oversizeFiles_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<bool>("pngHeader");
        QTest::addColumn<QString>("message");    // the problem expected; empty: usable
        QTest::addColumn<QString>("conversion"); // the note expected when usable
        QTest::newRow("exactly 20 MB") << qint64(20'000'000) << true << QString() << QString();
        QTest::newRow("20 MB + 1") << qint64(20'000'001) << true << QString()
                                   << u"Large PNG — will be made smaller than 20 MB"_s;
        QTest::newRow("24.3 MB") << qint64(24'300'000) << true << QString()
                                 << u"Large PNG — will be made smaller than 20 MB"_s;
        QTest::newRow("25 MB of nothing") << qint64(25'000'000) << false << u"could not be read as an image"_s
                                          << QString();
        QTest::newRow("100 MB + 1") << qint64(100'000'001) << true
                                    << u"This file is 100.0 MB; Paddock can prepare images of at most 100 MB"_s
                                    << QString();
        QTest::newRow("2 GB") << qint64(2'147'483'648) << true
                              << u"This file is 2.1 GB; Paddock can prepare images of at most 100 MB"_s << QString();
    }
    void oversizeFiles()
    {
        QFETCH(qint64, bytes);
        QFETCH(bool, pngHeader);
        QFETCH(QString, message);
        QFETCH(QString, conversion);

        const QString path = write(u"big.png"_s, pngHeader ? TestImages::encoded({640, 480}) : QByteArray());
        {
            QFile file(path);
            QVERIFY(file.resize(bytes)); // sparse: costs no disk and no time
        }
        QElapsedTimer timer;
        timer.start();
        const ImageInspection inspection = inspectImage(path, ImageRole::FirstFrame);
        QVERIFY2(timer.elapsed() < TestTiming::scaledMs(1000), qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
        QCOMPARE(inspection.fileBytes, bytes);
        QCOMPARE(inspection.conversion, conversion);
        if (message.isEmpty()) {
            QVERIFY2(inspection.isUsable(), qPrintable(inspection.problems.join(u" | "_s)));
        } else {
            QVERIFY2(containsFragment(inspection.problems, message), qPrintable(inspection.problems.join(u" | "_s)));
            QVERIFY(!inspection.isUsable());
        }
        if (pngHeader && !message.isEmpty()) {
            // The header still says what it is, for the form; the size is the only thing to fix.
            QCOMPARE(inspection.size, QSize(640, 480));
            QCOMPARE(inspection.problems.size(), 1);
        }
        timer.restart();
        const EncodedImage encoded = encodeForUpload(path, ImageRole::FirstFrame);
        if (!message.isEmpty()) {
            QVERIFY(timer.elapsed() < TestTiming::scaledMs(1000));
            QVERIFY(!encoded.ok());
            QVERIFY(encoded.error.contains(message));
        } else if (!conversion.isEmpty()) {
            // The picture inside is small: it goes as a small JPEG, and the slot's note says so.
            QVERIFY2(encoded.ok(), qPrintable(encoded.error));
            QCOMPARE(encoded.mimeType, u"image/jpeg"_s);
            QVERIFY2(encoded.note.startsWith(u"Large PNG — will be sent as JPEG, "_s), qPrintable(encoded.note));
        }
        QFile::remove(path);
    }

    void urls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("fragment"); // empty: usable
        QTest::newRow("https") << u"https://example.com/horse.png"_s << QString();
        QTest::newRow("http") << u"http://example.com/horse.png?size=large"_s << QString();
        QTest::newRow("HTTPS upper case") << u"HTTPS://EXAMPLE.COM/a.jpg"_s << QString();
        QTest::newRow("ftp") << u"ftp://example.com/horse.png"_s << u"http:// or https://"_s;
        QTest::newRow("data uri") << u"data:image/png;base64,AAAA"_s << u"http:// or https://"_s;
        QTest::newRow("file url") << u"file:///home/me/horse.png"_s << u"a file on this computer"_s;
        QTest::newRow("no host") << u"https:///horse.png"_s << u"no host name"_s;
        QTest::newRow("no scheme") << u"example.com/horse.png"_s << u"http:// or https://"_s;
        QTest::newRow("empty") << QString() << u"not valid"_s;
    }
    void urls()
    {
        QFETCH(QString, url);
        QFETCH(QString, fragment);
        const QString problem = urlProblem(QUrl(url));
        if (fragment.isEmpty())
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        else
            QVERIFY2(problem.contains(fragment), qPrintable(problem));
    }

    // Files the service takes as they are go out byte for byte: no quality lost, nothing added.
    void encodeSendsOriginalBytes_data()
    {
        QTest::addColumn<QByteArray>("format");
        QTest::newRow("jpeg") << QByteArray("JPEG");
        QTest::newRow("png") << QByteArray("PNG");
        QTest::newRow("webp") << QByteArray("WEBP");
    }
    void encodeSendsOriginalBytes()
    {
        QFETCH(QByteArray, format);
        const QByteArray bytes = TestImages::encoded({900, 600}, format.constData(), 80);
        const QString path = write(u"original"_s, bytes); // no extension: the content decides
        const EncodedImage encoded = encodeForUpload(path, ImageRole::FirstFrame);
        QVERIFY2(encoded.ok(), qPrintable(encoded.error));
        QVERIFY(!encoded.reencoded);
        QCOMPARE(encoded.mimeType, u"image/"_s + QString::fromLatin1(format.toLower()));
        QCOMPARE(encoded.dataUri,
                 u"data:"_s + encoded.mimeType + u";base64,"_s + QString::fromLatin1(bytes.toBase64()));
        QCOMPARE(encoded.size, QSize(900, 600));
        QCOMPARE(encoded.bytes, qint64(bytes.size()));
    }

    // The service ignores EXIF: Paddock turns the pixels upright so the video starts the way the photo looks.
    void encodeAppliesExifOrientation()
    {
        const QSize stored(800, 400);
        const QByteArray bytes = TestImages::jpegWithExifOrientation6(stored);
        const QString path = write(u"rotated.jpg"_s, bytes);
        const EncodedImage encoded = encodeForUpload(path, ImageRole::FirstFrame);
        QVERIFY2(encoded.ok(), qPrintable(encoded.error));
        QVERIFY(encoded.reencoded);
        QCOMPARE(encoded.mimeType, u"image/jpeg"_s);
        QByteArray mime;
        const QImage sent = decodeDataUri(encoded.dataUri, &mime);
        QCOMPARE(mime, QByteArray("image/jpeg"));
        QCOMPARE(sent.size(), stored.transposed());
        QCOMPARE(encoded.size, stored.transposed());

        // Rotated clockwise: the shown top-left corner is the stored bottom-left one.
        QImageReader raw(path);
        raw.setAutoTransform(false);
        const QImage pixels = raw.read();
        QCOMPARE(pixels.size(), stored);
        const auto distance = [](QRgb a, QRgb b) {
            return qAbs(qRed(a) - qRed(b)) + qAbs(qGreen(a) - qGreen(b)) + qAbs(qBlue(a) - qBlue(b));
        };
        const QRgb shownTopLeft = sent.pixel(20, 20);
        const QRgb storedBottomLeft = pixels.pixel(20, stored.height() - 21);
        const QRgb storedTopLeft = pixels.pixel(20, 20);
        QVERIFY2(distance(storedBottomLeft, storedTopLeft) > 40,
                 "the corners must differ for this check to mean anything");
        QVERIFY(distance(shownTopLeft, storedBottomLeft) < 24);
    }

    void encodeDownscalesToBudget_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("alpha");
        QTest::addColumn<ImageRole>("role");
        QTest::addColumn<qint64>("maxBytes");
        QTest::addColumn<QString>("mime");
        QTest::newRow("photo png to jpeg, first frame")
            << QSize(2000, 1500) << false << ImageRole::FirstFrame << qint64(1'000'000) << u"image/jpeg"_s;
        QTest::newRow("portrait reference")
            << QSize(1200, 2000) << false << ImageRole::Reference << qint64(800'000) << u"image/jpeg"_s;
        QTest::newRow("transparent png stays png")
            << QSize(1200, 900) << true << ImageRole::Reference << qint64(2'000'000) << u"image/png"_s;
    }
    void encodeDownscalesToBudget()
    {
        QFETCH(QSize, size);
        QFETCH(bool, alpha);
        QFETCH(ImageRole, role);
        QFETCH(qint64, maxBytes);
        QFETCH(QString, mime);

        const QByteArray bytes = TestImages::bytes(noise(size, alpha), "PNG");
        QVERIFY(bytes.size() > maxBytes);
        const QString path = write(u"big-noise.png"_s, bytes);
        const EncodedImage encoded = encodeForUpload(path, role, maxBytes);
        QVERIFY2(encoded.ok(), qPrintable(encoded.error));
        QVERIFY(encoded.reencoded);
        QCOMPARE(encoded.mimeType, mime);
        const QByteArray sentBytes = dataUriBytes(encoded.dataUri);
        QCOMPARE(qint64(sentBytes.size()), encoded.bytes);
        QVERIFY2(sentBytes.size() <= maxBytes, qPrintable(QString::number(sentBytes.size())));
        const QImage sent = QImage::fromData(sentBytes);
        QCOMPARE(sent.size(), encoded.size);
        QVERIFY(sent.width() < size.width() && sent.height() < size.height()); // smaller, never larger
        QVERIFY(qMin(sent.width(), sent.height()) >= ImageRules::minShortSide(role));
        const double aspect = double(size.width()) / size.height();
        QVERIFY(qAbs(double(sent.width()) / sent.height() - aspect) < 0.01);
        QCOMPARE(sent.hasAlphaChannel(), alpha);

        // Deterministic: the same file gives the same text, byte for byte.
        QCOMPARE(encodeForUpload(path, role, maxBytes).dataUri, encoded.dataUri);
    }

    // Downscaling stops at the role's minimum: an image that still does not fit is refused, in words.
    void encodeRefusesWhatCannotFit()
    {
        const QString path = write(u"wide-noise.png"_s, TestImages::bytes(noise({1200, 420}), "PNG"));
        const EncodedImage encoded = encodeForUpload(path, ImageRole::Reference, 20'000);
        QVERIFY(!encoded.ok());
        QVERIFY(encoded.dataUri.isEmpty());
        QVERIFY2(encoded.error.contains(u"without going below 400 px"_s), qPrintable(encoded.error));
    }

    void encodeRefusesUnusableFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("text") << QByteArray("a note\n") << u"not an image (it looks like text)"_s;
        QTest::newRow("random bytes") << randomBytes(5000, 9) << u"could not be read"_s;
        QTest::newRow("too small") << TestImages::encoded({200, 200}) << u"at least 300 px"_s;
    }
    void encodeRefusesUnusableFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, fragment);
        const EncodedImage encoded = encodeForUpload(write(u"bad.png"_s, content), ImageRole::FirstFrame);
        QVERIFY(!encoded.ok());
        QVERIFY2(encoded.error.contains(fragment), qPrintable(encoded.error));
        QVERIFY(!encodeForUpload(m_dir.filePath(u"missing.png"_s), ImageRole::FirstFrame).ok());
    }

    // What the service does not take but Qt reads is converted, and the slot's note says how.
    void convertedFormats_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("conversion"); // inspectImage's forecast
        QTest::addColumn<QString>("mime");
        QTest::addColumn<QString>("note"); // how EncodedImage::note starts
        QTest::newRow("animated gif") << TestImages::gif({640, 480}, 2) << u"GIF — the first frame will be sent as PNG"_s
                                      << u"image/png"_s << u"GIF — the first frame will be sent as PNG, "_s;
        QTest::newRow("still gif") << TestImages::gif({640, 480}) << u"GIF — will be sent as PNG"_s << u"image/png"_s
                                   << u"GIF — will be sent as PNG, "_s;
        QTest::newRow("tiff") << TestImages::encoded({640, 480}, "TIFF") << u"TIFF — will be converted to PNG or JPEG"_s
                              << u"image/png"_s << u"TIFF — will be sent as PNG, "_s;
        QTest::newRow("bmp photo") << TestImages::bytes(TestImages::photoLike({1600, 1200}), "BMP")
                                   << u"BMP — will be converted to PNG or JPEG"_s << u"image/jpeg"_s
                                   << u"BMP — will be sent as JPEG, "_s;
        QTest::newRow("cmyk jpeg") << TestImages::cmykJpeg() << u"CMYK — converted to RGB"_s << u"image/jpeg"_s
                                   << u"CMYK — converted to RGB, "_s;
    }
    void convertedFormats()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, conversion);
        QFETCH(QString, mime);
        QFETCH(QString, note);
        const QString path = write(u"converted.png"_s, content); // the name says PNG: the content decides
        const ImageInspection inspection = inspectImage(path, ImageRole::Reference);
        QVERIFY2(inspection.isUsable(), qPrintable(inspection.problems.join(u" | "_s)));
        QCOMPARE(inspection.conversion, conversion);

        // A BMP photo sent as PNG would be needlessly large: this budget lets PNG through only where it is small.
        const EncodedImage encoded = encodeForUpload(path, ImageRole::Reference, 1'000'000);
        QVERIFY2(encoded.ok(), qPrintable(encoded.error));
        QVERIFY(encoded.reencoded);
        QCOMPARE(encoded.mimeType, mime);
        QVERIFY2(encoded.note.startsWith(note), qPrintable(encoded.note));
        QCOMPARE(encoded.size, inspection.size);
        const QImage sent = QImage::fromData(dataUriBytes(encoded.dataUri));
        QCOMPARE(sent.size(), inspection.size);
        if (inspection.cmyk) {
            // Qt decodes Adobe CMYK into RGB: pure red stays red, and it goes out as an ordinary 3-component JPEG.
            const QRgb pixel = sent.pixel(320, 240);
            QVERIFY2(qRed(pixel) > 230 && qGreen(pixel) < 25 && qBlue(pixel) < 25, qPrintable(QString::number(pixel, 16)));
            QCOMPARE(inspectImage(write(u"sent.jpg"_s, dataUriBytes(encoded.dataUri)), ImageRole::Reference).cmyk,
                     false);
        }
    }

    // A re-encoded photo in a wide-gamut profile keeps its colours: the pixels are converted to sRGB, and the file
    // sent is tagged sRGB or not tagged at all (which means sRGB).
    void colourProfilesBecomeSrgb_data()
    {
        QTest::addColumn<QColorSpace>("space");
        QTest::addColumn<QByteArray>("format");
        QTest::addColumn<int>("tolerance"); // per channel: 0 for a lossless path
        QTest::newRow("adobe rgb tiff, sent as png") << QColorSpace(QColorSpace::AdobeRgb) << QByteArray("TIFF") << 0;
        QTest::newRow("display p3 tiff, sent as png") << QColorSpace(QColorSpace::DisplayP3) << QByteArray("TIFF") << 0;
        QTest::newRow("adobe rgb jpeg over budget") << QColorSpace(QColorSpace::AdobeRgb) << QByteArray("JPEG") << 6;
    }
    void colourProfilesBecomeSrgb()
    {
        QFETCH(QColorSpace, space);
        QFETCH(QByteArray, format);
        QFETCH(int, tolerance);

        // Flat patches of everyday colours (sky, foliage, skin, a saturated red), large enough that JPEG keeps
        // their centres exact within a few levels.
        const QList<QColor> colours{QColor(70, 130, 200), QColor(60, 150, 60), QColor(220, 170, 140),
                                    QColor(200, 40, 40)};
        QImage image(800, 600, QImage::Format_RGB32);
        for (int i = 0; i < colours.size(); ++i)
            QPainter(&image).fillRect(QRect((i % 2) * 400, (i / 2) * 300, 400, 300), colours.at(i));
        image.setColorSpace(space);
        const QByteArray bytes = TestImages::bytes(image, format.constData(), 95);
        QCOMPARE(QImage::fromData(bytes).colorSpace(), space); // the profile is in the file
        const QString path = write(u"wide-gamut."_s + QString::fromLatin1(format.toLower()), bytes);

        // A JPEG within the budget would go as it is, profile and all: make it over the budget to be re-encoded.
        const qint64 budget = format == "JPEG" ? bytes.size() - 1 : ImageRules::kMaxFileBytes;
        const EncodedImage encoded = encodeForUpload(path, ImageRole::FirstFrame, budget);
        QVERIFY2(encoded.ok(), qPrintable(encoded.error));
        QVERIFY2(encoded.note.contains(u"to sRGB"_s), qPrintable(encoded.note));
        const QImage sent = QImage::fromData(dataUriBytes(encoded.dataUri));
        QVERIFY(!sent.isNull());
        QVERIFY2(!sent.colorSpace().isValid() || sent.colorSpace() == QColorSpace(QColorSpace::SRgb),
                 qPrintable(sent.colorSpace().description()));

        const QImage expected = image.convertedToColorSpace(QColorSpace::SRgb);
        int moved = 0; // how far the conversion moves the colours: the check means nothing if it does not
        for (int i = 0; i < colours.size(); ++i) {
            const QPoint centre((i % 2) * 400 + 200, (i / 2) * 300 + 150);
            const QRgb want = expected.pixel(centre);
            const QRgb got = sent.pixel(centre);
            const QRgb raw = image.pixel(centre);
            moved = qMax(moved, qMax(qAbs(qRed(want) - qRed(raw)),
                                     qMax(qAbs(qGreen(want) - qGreen(raw)), qAbs(qBlue(want) - qBlue(raw)))));
            const int off =
                qMax(qAbs(qRed(want) - qRed(got)), qMax(qAbs(qGreen(want) - qGreen(got)), qAbs(qBlue(want) - qBlue(got))));
            QVERIFY2(off <= tolerance, qPrintable(u"patch %1: %2 sent, %3 expected"_s.arg(i).arg(got, 0, 16).arg(want, 0, 16)));
        }
        QVERIFY2(moved >= 15, qPrintable(QString::number(moved)));
    }

    void encodeIsDeterministic()
    {
        const QString path = write(u"det.jpg"_s, TestImages::jpegWithExifOrientation6({1000, 700}));
        const EncodedImage a = encodeForUpload(path, ImageRole::Reference, 60'000);
        const EncodedImage b = encodeForUpload(path, ImageRole::Reference, 60'000);
        QVERIFY2(a.ok(), qPrintable(a.error));
        QCOMPARE(a.dataUri, b.dataUri);
        QCOMPARE(a.size, b.size);
    }
};

QTEST_GUILESS_MAIN(TestImageSource)
#include "tst_imagesource.moc"
