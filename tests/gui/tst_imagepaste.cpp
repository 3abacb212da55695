// Pasting into an image slot: a photo copied from a browser or a viewer arrives upright and as the same JPEG, not as
// a sideways PNG many times its size.
#include "ImageSlot.h"
#include "TestImages.h"

#include <QApplication>
#include <QFile>
#include <QMimeData>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestImagePaste final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        qputenv("XDG_DATA_HOME", m_data.path().toLocal8Bit()); // pasted pictures are kept here, not in the user's
    }

    void rotatedJpegArrivesUprightAndSmall()
    {
        const QByteArray jpeg = TestImages::jpegWithExifOrientation6({800, 400});
        QImage sideways;
        QVERIFY(sideways.loadFromData(jpeg)); // what a clipboard's pixels look like after a naive decode...
        sideways = sideways.transformed(QTransform().rotate(-90)); // ...stored as they are, ignoring EXIF
        QMimeData mime;
        mime.setImageData(sideways);
        mime.setData(u"image/jpeg"_s, jpeg);

        ImageSlot slot(ImageRole::FirstFrame, u"First frame"_s, ImageSlot::Size::Full);
        QVERIFY(slot.offer(&mime));
        QTRY_VERIFY(slot.source().isLocalFile());
        QVERIFY(slot.source().path.startsWith(m_data.path()));
        QTRY_COMPARE(slot.state(), ImageSlot::State::Ready);
        QVERIFY2(slot.summaryText().startsWith(u"400 × 800 px · JPEG"_s), qPrintable(slot.summaryText()));
        QFile file(slot.source().path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), jpeg); // the very bytes: the same size, EXIF kept
    }

    void photoPixelsBecomeAJpeg()
    {
        QMimeData mime;
        mime.setImageData(TestImages::photoLike({1200, 800}, 5));
        ImageSlot slot(ImageRole::Reference, u"Image 1"_s, ImageSlot::Size::Compact);
        QVERIFY(slot.offer(&mime));
        QTRY_VERIFY(slot.source().isLocalFile());
        QTRY_COMPARE(slot.state(), ImageSlot::State::Ready);
        QVERIFY2(slot.summaryText().startsWith(u"1200 × 800 px · JPEG"_s), qPrintable(slot.summaryText()));
    }

    void convertedFileSaysSoInTheSlot()
    {
        const QString path = m_data.filePath(u"animation.gif"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(TestImages::gif({640, 480}, 2));
        file.close();
        ImageSlot slot(ImageRole::Reference, u"Image 1"_s, ImageSlot::Size::Full);
        slot.setSource(ImageSource::fromFile(path));
        QTRY_COMPARE(slot.state(), ImageSlot::State::Ready);
        QVERIFY2(slot.summaryText().contains(u"\nGIF — the first frame will be sent as PNG, "_s),
                 qPrintable(slot.summaryText()));
    }
};

QTEST_MAIN(TestImagePaste)
#include "tst_imagepaste.moc"
