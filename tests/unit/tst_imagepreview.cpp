// previewImage: the slot's thumbnail fits the box it is asked for, whatever the image's shape, and is decoded
// scaled rather than whole.
#include "media/ImagePreview.h"
#include "TestImages.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestImagePreview final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thumbnailFitsTheBox_data();
    void thumbnailFitsTheBox();
};

void TestImagePreview::thumbnailFitsTheBox_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QSize>("expected");

    QTest::newRow("landscape photo") << TestImages::encoded({640, 480}, "JPEG") << QSize(48, 36);
    QTest::newRow("portrait png") << TestImages::encoded({300, 600}) << QSize(24, 48);
    QTest::newRow("smaller than the box stays as it is") << TestImages::encoded({20, 10}) << QSize(20, 10);
    QTest::newRow("rotated by EXIF") << TestImages::jpegWithExifOrientation6({640, 320}) << QSize(24, 48);
    // Its short side fits in less than half a pixel: it was decoded whole, 6000 px wide, into a 48 px slot.
    QTest::newRow("long thin strip") << TestImages::encoded({6000, 4}) << QSize(48, 1);
    QTest::newRow("tall thin strip") << TestImages::encoded({3, 5000}) << QSize(1, 48);
}

void TestImagePreview::thumbnailFitsTheBox()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QSize, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"image"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();

    const ImagePreview preview = previewImage(path, ImageRole::Reference, QSize(48, 48));
    QVERIFY(!preview.summary.isEmpty());
    QCOMPARE(preview.thumbnail.size(), expected);
}

QTEST_GUILESS_MAIN(TestImagePreview)
#include "tst_imagepreview.moc"
