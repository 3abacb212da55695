// SettingsDialog where no keychain can be reached (ctest points DBUS_SESSION_BUS_ADDRESS at a socket that does not
// exist): Save says so plainly and offers "Keep for this session only", which keeps the key in memory and nowhere
// else. Never a plain-text fallback.
#include "SecretScan.h"
#include "account/ApiKeyStore.h"
#include "settings/AppSettings.h"
#include "SettingsDialog.h"

#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Source = ApiKeyStore::Source;

namespace {

const QString kKey = u"SG_a1b2c3d4e5f60718"_s;

template <typename T> T *part(const QWidget &dialog, const QString &name)
{
    auto *widget = dialog.findChild<T *>(name);
    if (!widget)
        qFatal("no widget named %s", qPrintable(name));
    return widget;
}

} // namespace

class TestSettingsDialogNoKeychain final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        if (!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"no-session-bus"_s))
            QFAIL("Run this test through ctest, which points DBUS_SESSION_BUS_ADDRESS at a socket that does not "
                  "exist.");
        QVERIFY(m_home.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", (m_home.path() + u"/config"_s).toUtf8());
        qputenv("XDG_DATA_HOME", (m_home.path() + u"/data"_s).toUtf8());
        qputenv("XDG_CACHE_HOME", (m_home.path() + u"/cache"_s).toUtf8());
        qunsetenv(ApiKeyStore::kEnvironmentVariable);
    }

    void saveOffersKeepingForTheSession()
    {
        ApiKeyStore keys;
        AppSettings settings(m_home.filePath(u"paddock.ini"_s));
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        QSignalSpy changed(&dialog, &SettingsDialog::keyChanged);
        auto *edit = part<QLineEdit>(dialog, u"apiKeyEdit"_s);
        auto *keep = part<QPushButton>(dialog, u"keepForSessionButton"_s);
        auto *notice = part<QLabel>(dialog, u"noKeychainNotice"_s);
        auto *status = part<QLabel>(dialog, u"keyStatus"_s);
        // Nobody has asked the keychain yet: nothing says it is missing.
        QVERIFY(keep->isHidden());
        QVERIFY(notice->isHidden());

        edit->setText(kKey);
        part<QPushButton>(dialog, u"saveKeyButton"_s)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!keys.isBusy(), 20000);
        // Said once, beside the way out, with the store's words (which name the session-only choice).
        QVERIFY2(notice->text().startsWith(u"No system keychain is available, so the key was not saved"_s),
                 qPrintable(notice->text()));
        QVERIFY(notice->text().contains(u"for this session only"_s));
        QVERIFY(!notice->text().contains(kKey));
        QVERIFY(!notice->isHidden());
        QVERIFY(status->isHidden());
        QVERIFY(!keep->isHidden());
        QVERIFY(keep->isEnabled());
        // Nothing was kept anywhere, not even in memory, until the user chooses to.
        QVERIFY(!keys.hasKey());
        QCOMPARE(changed.count(), 0);
        QCOMPARE(edit->text(), kKey); // what was typed is not lost

        keep->click();
        QCOMPARE(keys.key(), kKey);
        QCOMPARE(keys.source(), Source::SessionMemory);
        QCOMPARE(changed.count(), 1);
        QVERIFY2(status->text().contains(u"for this session only"_s), qPrintable(status->text()));
        const QString source = part<QLabel>(dialog, u"keySource"_s)->text();
        QVERIFY2(source.contains(u"kept in memory for this session only"_s), qPrintable(source));
    }

    void noticeShowsAtOnceWhenTheStartupLoadFailed()
    {
        ApiKeyStore keys;
        QSignalSpy failed(&keys, &ApiKeyStore::failed);
        keys.load();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 20000);
        AppSettings settings(m_home.filePath(u"paddock.ini"_s));
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        QVERIFY(!part<QLabel>(dialog, u"noKeychainNotice"_s)->isHidden());
        auto *keep = part<QPushButton>(dialog, u"keepForSessionButton"_s);
        QVERIFY(!keep->isHidden());
        QVERIFY(!keep->isEnabled()); // nothing typed yet
        part<QLineEdit>(dialog, u"apiKeyEdit"_s)->setText(kKey);
        QVERIFY(keep->isEnabled());
    }

    void keyNeverReachesDisk()
    {
        QTemporaryDir planted;
        QFile plantedFile(planted.filePath(u"Paddock.conf"_s));
        QVERIFY(plantedFile.open(QIODevice::WriteOnly));
        plantedFile.write(kKey.toUtf8());
        plantedFile.close();
        QCOMPARE(SecretScan::filesHolding(planted.path(), {kKey}), QStringList{plantedFile.fileName()});
        QCOMPARE(SecretScan::filesHolding(m_home.path(), {kKey}), QStringList());
    }
};

QTEST_MAIN(TestSettingsDialogNoKeychain)
#include "tst_settingsdialog_nokeychain.moc"
