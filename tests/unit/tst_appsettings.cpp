// The typed settings wrapper: defaults in one place, readable values, images only when the user opts in.
#include "TestImages.h"
#include "settings/AppSettings.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestAppSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(u"paddock.ini"_s));
        const GenerationRequest request = settings.lastRequest();
        QCOMPARE(request, GenerationRequest());
        QCOMPARE(settings.maxConcurrentJobs(), 4);
        QVERIFY(!settings.rememberImages());
        QVERIFY(settings.windowGeometry().isEmpty());
    }

    void formRoundTripsAsReadableText()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"paddock.ini"_s);
        GenerationRequest request;
        request.prompt = u"A grey horse in fog"_s;
        request.negativePrompt = u"text"_s;
        request.resolution = Pricing::Resolution::P1080;
        request.durationSeconds = 12;
        request.aspect = AspectRatio::R9x16;
        request.promptExtend = true;
        request.watermark = true;
        request.seed = 99;
        request.modeChoice = GenerationRequest::ModeChoice::ReferenceToVideo;
        {
            AppSettings settings(ini);
            settings.setLastRequest(request);
            settings.sync();
        }
        AppSettings settings(ini);
        QCOMPARE(settings.lastRequest(), request);
        QSettings raw(ini, QSettings::IniFormat);
        QCOMPARE(raw.value(u"form/resolution"_s).toString(), u"1080P"_s);
        QCOMPARE(raw.value(u"form/aspectRatio"_s).toString(), u"9:16"_s);
        QCOMPARE(raw.value(u"form/modeChoice"_s).toString(), u"reference-to-video"_s);
    }

    void imagesOnlyWhenAskedFor()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"paddock.ini"_s);
        const QString image = dir.filePath(u"frame.png"_s);
        QFile file(image);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(TestImages::encoded(QSize(640, 360)));
        file.close();

        GenerationRequest request;
        request.prompt = u"p"_s;
        request.firstFrame = ImageSource::fromFile(image);
        request.firstFrame.originalName = u"beach sunset.jpg"_s; // a library copy keeps the user's name
        request.references = {ImageSource::fromUrl(QUrl(u"https://example.com/a.png"_s))};

        AppSettings settings(ini);
        settings.setLastRequest(request);
        QVERIFY(settings.lastRequest().firstFrame.isEmpty());
        QVERIFY(settings.lastRequest().references.isEmpty());

        settings.setRememberImages(true);
        settings.setLastRequest(request);
        QCOMPARE(settings.lastRequest().firstFrame, request.firstFrame);
        QCOMPARE(settings.lastRequest().firstFrame.displayName(), u"beach sunset.jpg"_s);
        QCOMPARE(settings.lastRequest().references, request.references);

        QFile::remove(image); // a file that has gone is left out, not restored as a broken slot
        QVERIFY(settings.lastRequest().firstFrame.isEmpty());
    }

    void spendingLimits()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"paddock.ini"_s);
        {
            AppSettings settings(ini);
            QCOMPARE(settings.sessionLimitCents(), std::optional<qint64>());
            QCOMPARE(settings.dayLimitCents(), std::optional<qint64>());
            QCOMPARE(settings.confirmAboveCents(), std::optional<qint64>(500));
            settings.setSessionLimitCents(2000);
            settings.setConfirmAboveCents(std::nullopt); // never ask about the amount
            settings.sync();
        }
        AppSettings settings(ini);
        QCOMPARE(settings.sessionLimitCents(), std::optional<qint64>(2000));
        QCOMPARE(settings.confirmAboveCents(), std::optional<qint64>());
        QCOMPARE(QSettings(ini, QSettings::IniFormat).value(u"spending/confirmAboveCents"_s).toString(), u"none"_s);
    }

    void firstRunKeyPromptDismissedIsRemembered()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"paddock.ini"_s);
        {
            AppSettings settings(ini);
            QVERIFY(!settings.firstRunKeyPromptDismissed());
            settings.setFirstRunKeyPromptDismissed(true);
            settings.sync();
        }
        QVERIFY(AppSettings(ini).firstRunKeyPromptDismissed());
        QCOMPARE(QSettings(ini, QSettings::IniFormat).value(u"firstRun/keyPromptDismissed"_s).toBool(), true);
    }

    void outOfRangeValuesAreClamped()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(u"paddock.ini"_s);
        {
            QSettings raw(ini, QSettings::IniFormat);
            raw.setValue(u"form/duration"_s, 99);
            raw.setValue(u"form/resolution"_s, u"4K"_s);
            raw.setValue(u"form/seed"_s, -5);
            raw.setValue(u"queue/maxConcurrentJobs"_s, 0);
        }
        AppSettings settings(ini);
        const GenerationRequest request = settings.lastRequest();
        QCOMPARE(request.durationSeconds, 15);
        QCOMPARE(request.resolution, Pricing::Resolution::P720);
        QVERIFY(!request.seed);
        QCOMPARE(settings.maxConcurrentJobs(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
