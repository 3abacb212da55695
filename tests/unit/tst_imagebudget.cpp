// How the request body's budget is shared among its images, and what nine 24-megapixel photos become in it.
#include "api/GenerationRequest.h"
#include "TestImages.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestImageBudget final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shares_data()
    {
        QTest::addColumn<QList<qint64>>("needs");
        QTest::addColumn<QList<qint64>>("budgets");
        constexpr qint64 text = 48'000'000;
        const qint64 tenth = (text / 10 - 32) / 4 * 3; // 3,599,976 image bytes
        QTest::newRow("ten to re-encode: equal shares") << QList<qint64>(10, -1) << QList<qint64>(10, tenth);
        QTest::newRow("one alone: the service's 20 MB") << QList<qint64>{-1} << QList<qint64>{20'000'000};
        // A small file sent as it is leaves the rest of its share to the others.
        QList<qint64> needs(9, -1);
        needs[4] = 300'000;
        const qint64 small = (300'000 + 2) / 3 * 4 + 32;
        const qint64 rest = ((text - small) / 8 - 32) / 4 * 3;
        QList<qint64> budgets(9, rest);
        budgets[4] = 300'000 / 3 * 4 / 4 * 3;
        QTest::newRow("a small file among large ones") << needs << budgets;
    }
    void shares()
    {
        QFETCH(QList<qint64>, needs);
        QFETCH(QList<qint64>, budgets);
        const QList<qint64> got = shareImageBudget(needs, 48'000'000);
        QCOMPARE(got.size(), budgets.size());
        for (qsizetype i = 0; i < got.size(); ++i)
            QVERIFY2(qAbs(got.at(i) - budgets.at(i)) <= 3, qPrintable(u"%1: %2, not %3"_s.arg(i).arg(got.at(i)).arg(
                                                              budgets.at(i))));
        qint64 text = 0;
        for (qint64 bytes : got)
            text += (bytes + 2) / 3 * 4 + 32;
        QVERIFY(text <= 48'000'000);
    }

    // Nine camera photos (24 MP, JPEG q92, about 9 MB each) as references: the body stays well under 64 MB and each
    // photo keeps more of its pixels than the single-quality downscale did (3774 × 2516 px at 2.2 MB each).
    void ninePhotosKeepTheirDetail()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray photo = TestImages::bytes(TestImages::photoLike({6000, 4000}, 3), "JPEG", 92);
        QVERIFY2(photo.size() > 7'000'000, qPrintable(QString::number(photo.size())));
        GenerationRequest request;
        request.prompt = u"[Image 1] meets [Image 2]"_s;
        for (int i = 0; i < 9; ++i) {
            const QString path = dir.filePath(u"photo-%1.jpg"_s.arg(i));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(photo), photo.size());
            request.references << ImageSource::fromFile(path);
        }
        QString error;
        const QJsonObject json = request.toJson(&error);
        QVERIFY2(!json.isEmpty(), qPrintable(error));
        const QByteArray body = QJsonDocument(json).toJson(QJsonDocument::Compact);
        QVERIFY2(body.size() < 50'000'000, qPrintable(QString::number(body.size())));
        const QJsonArray images = json.value(u"reference_images"_s).toArray();
        QCOMPARE(images.size(), 9);
        for (const QJsonValue &value : images) {
            const QString uri = value.toString();
            QVERIFY(uri.startsWith(u"data:image/jpeg;base64,"_s));
            QByteArray bytes = QByteArray::fromBase64(uri.mid(uri.indexOf(u',') + 1).toLatin1());
            QBuffer buffer(&bytes);
            QVERIFY(buffer.open(QIODevice::ReadOnly));
            const QSize size = QImageReader(&buffer).size();
            QVERIFY2(size.width() >= 4800 && size.width() <= 6000, qPrintable(QString::number(size.width())));
            QVERIFY(qAbs(double(size.width()) / size.height() - 1.5) < 0.01);
            QVERIFY2(bytes.size() > 3'000'000, qPrintable(QString::number(bytes.size()))); // most of its share used
        }
    }
};

QTEST_GUILESS_MAIN(TestImageBudget)
#include "tst_imagebudget.moc"
