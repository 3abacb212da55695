// PastedPictures: the clipboard's image file is kept as it is (orientation, profile, size), its MIME label is not
// trusted, and bare pixels become a JPEG or a PNG as suits them.
#include "api/ImageSource.h"
#include "media/PastedPicture.h"
#include "TestImages.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestPastedPicture final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void prefersTheEncodedFile()
    {
        const QByteArray jpeg = TestImages::jpegWithExifOrientation6({800, 400});
        QMimeData mime;
        mime.setImageData(QImage(800, 400, QImage::Format_RGB32)); // sideways pixels, as a browser offers them
        mime.setData(u"image/png"_s, TestImages::encoded({800, 400}, "PNG"));
        mime.setData(u"image/jpeg"_s, jpeg);
        const PastedPicture picture = PastedPictures::fromMimeData(&mime);
        QCOMPARE(picture.format, u"jpeg"_s);
        QCOMPARE(picture.encoded, jpeg);
        QVERIFY(picture.pixels.isNull());
    }

    void labelsAreNotTrusted()
    {
        QMimeData mime;
        mime.setData(u"image/jpeg"_s, TestImages::encoded({640, 480}, "PNG")); // a PNG labelled JPEG
        mime.setData(u"image/webp"_s, QByteArray("RIFF\0\0\0\0WEBPjunk", 16)); // a header that does not read
        mime.setData(u"image/png"_s, QByteArray("<html>not a picture</html>"));
        QImage pixels(640, 480, QImage::Format_RGB32);
        pixels.fill(Qt::red);
        mime.setImageData(pixels);
        const PastedPicture picture = PastedPictures::fromMimeData(&mime);
        QVERIFY(picture.encoded.isEmpty());
        QCOMPARE(picture.pixels.size(), QSize(640, 480));
    }

    void storesBytesAsTheyCame()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        PastedPicture picture;
        picture.encoded = TestImages::jpegWithExifOrientation6({800, 400});
        picture.format = u"jpeg"_s;
        QString error;
        const QString path = PastedPictures::store(picture, dir.path(), &error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        QVERIFY(path.endsWith(u".jpg"_s));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), picture.encoded);
        const ImageInspection inspection = inspectImage(path, ImageRole::FirstFrame);
        QCOMPARE(inspection.size, QSize(400, 800)); // shown upright
        QCOMPARE(PastedPictures::store(picture, dir.path()), path); // named by content: the same file again
    }

    void pixelsGetASuitableFormat_data()
    {
        QTest::addColumn<QImage>("pixels");
        QTest::addColumn<QString>("format");
        QImage flat(1200, 800, QImage::Format_RGB32);
        flat.fill(QColor(40, 90, 160));
        QImage transparent(600, 400, QImage::Format_ARGB32);
        transparent.fill(QColor(255, 0, 0, 128));
        QImage opaqueAlpha = TestImages::photoLike({600, 400}).convertToFormat(QImage::Format_ARGB32);
        QTest::newRow("photo: jpeg") << TestImages::photoLike({1200, 800}) << u"jpeg"_s;
        QTest::newRow("photo in an alpha format, all opaque: jpeg") << opaqueAlpha << u"jpeg"_s;
        QTest::newRow("flat colour: png") << flat << u"png"_s;
        // A window's screenshot: flat panels, thin rules and small marks in a few colours.
        QImage screenshot(1200, 800, QImage::Format_RGB32);
        screenshot.fill(Qt::white);
        for (int y = 0; y < 800; y += 7) {
            for (int x = (y * 13) % 40; x < 1200; x += 40)
                screenshot.setPixel(x, y, qRgb(30, 30, 30));
        }
        for (int y = 0; y < 800; y += 100)
            for (int x = 0; x < 1200; ++x)
                screenshot.setPixel(x, y, qRgb(200, 200, 210));
        QTest::newRow("screenshot: png") << screenshot << u"png"_s;
        QTest::newRow("transparent: png") << transparent << u"png"_s;
    }
    void pixelsGetASuitableFormat()
    {
        QFETCH(QImage, pixels);
        QFETCH(QString, format);
        QString chosen;
        const QByteArray bytes = PastedPictures::encodePixels(pixels, &chosen);
        QCOMPARE(chosen, format);
        QCOMPARE(sniffImageFormat(bytes.left(32)), format);
        const QImage back = QImage::fromData(bytes);
        QCOMPARE(back.size(), pixels.size());
        QCOMPARE(back.hasAlphaChannel() && hasTransparentPixels(back), hasTransparentPixels(pixels));
    }
};

QTEST_GUILESS_MAIN(TestPastedPicture)
#include "tst_pastedpicture.moc"
