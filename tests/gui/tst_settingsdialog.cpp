// SettingsDialog against a real Secret Service (a private gnome-keyring from tests/support/with-keyring.sh) and the
// simulator: the key field's mask and format warning, Check, Save, Remove, the environment override, the spending
// limits through AppSettings, Cancel, and the first-start key offer. Afterwards no file under the test's home or
// the keyring's home may hold a key in plain text, and no log line may show one.
#include "SecretScan.h"
#include "account/ApiKeyStore.h"
#include "FirstRunPrompt.h"
#include "settings/AppSettings.h"
#include "SettingsDialog.h"
#include "SimFixture.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using Source = ApiKeyStore::Source;

namespace {

const QString kSavedKey = u"SG_1234abcd5678ef90"_s;
const QString kEnvironmentKey = u"SG_5555eeee6666ffff"_s;
const QString kGoodKey = u"SG_9999cccc0000dddd"_s;
const QString kWrongKey = u"SG_deadbeefdeadbeef"_s;
const QString kReturnKey = u"SG_abcdef0123456789"_s;
const QString kSessionKey = u"SG_7777aaaa8888bbbb"_s;
const QStringList kAllKeys = {kSavedKey, kEnvironmentKey, kGoodKey, kWrongKey, kReturnKey, kSessionKey};

template <typename T> T *part(const QWidget &dialog, const QString &name)
{
    auto *widget = dialog.findChild<T *>(name);
    if (!widget)
        qFatal("no widget named %s", qPrintable(name));
    return widget;
}

} // namespace

class TestSettingsDialog final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    int m_iniCount = 0;

    // A settings file of its own for each use, under the scanned home.
    QString newIni() { return m_home.filePath(u"settings-%1.ini"_s.arg(++m_iniCount)); }

    // What a fresh store (the next start of the app) finds.
    static std::pair<QString, Source> loadFresh()
    {
        ApiKeyStore store;
        QSignalSpy loaded(&store, &ApiKeyStore::loaded);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        store.load();
        if (!QTest::qWaitFor([&] { return !loaded.isEmpty() || !failed.isEmpty(); }, 20000) || loaded.isEmpty())
            return {u"<failed>"_s, Source::None};
        return {loaded.first().at(0).toString(), loaded.first().at(1).value<Source>()};
    }

    // Loads the store as main() does before the window exists.
    static bool loadNow(ApiKeyStore &store)
    {
        QSignalSpy loaded(&store, &ApiKeyStore::loaded);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        store.load();
        return QTest::qWaitFor([&] { return !loaded.isEmpty() || !failed.isEmpty(); }, 20000) && failed.isEmpty();
    }

    // Puts key in the keychain (or removes the entry, for an empty key) without the dialog.
    static bool setSaved(const QString &key)
    {
        ApiKeyStore store;
        QSignalSpy done(&store, key.isEmpty() ? &ApiKeyStore::removed : &ApiKeyStore::saved);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        if (key.isEmpty())
            store.remove();
        else
            store.save(key);
        return QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, 20000) && failed.isEmpty();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Only ever against the private keyring of with-keyring.sh: never the keyring of whoever runs this.
        if (qEnvironmentVariableIsEmpty("PADDOCK_TEST_KEYRING_HOME"))
            QFAIL("Run this test through ctest (or tests/support/with-keyring.sh), which gives it a private keyring.");
        QVERIFY(m_home.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", (m_home.path() + u"/config"_s).toUtf8());
        qputenv("XDG_DATA_HOME", (m_home.path() + u"/data"_s).toUtf8());
        qputenv("XDG_CACHE_HOME", (m_home.path() + u"/cache"_s).toUtf8());
        qunsetenv(ApiKeyStore::kEnvironmentVariable);
        // Amounts are typed and read as "$12.34" whatever the machine's locale.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        SecretScan::recordLog();
    }

    void init() { QVERIFY(setSaved({})); }

    void cleanup() { qunsetenv(ApiKeyStore::kEnvironmentVariable); }

    void keyIsMaskedUntilShown()
    {
        QVERIFY(setSaved(kSavedKey));
        ApiKeyStore keys;
        QVERIFY(loadNow(keys));
        AppSettings settings(newIni());
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        auto *edit = part<QLineEdit>(dialog, u"apiKeyEdit"_s);
        auto *show = part<QToolButton>(dialog, u"showKeyButton"_s);

        // The saved key is there to check again, but masked.
        QCOMPARE(edit->text(), kSavedKey);
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
        QVERIFY(!edit->displayText().contains(u"SG_"_s));
        QVERIFY(show->isCheckable());
        QVERIFY(!show->isChecked());

        show->click();
        QCOMPARE(edit->echoMode(), QLineEdit::Normal);
        QCOMPARE(edit->displayText(), kSavedKey);
        QCOMPARE(show->text(), u"Hide"_s);
        show->click();
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
        QVERIFY(!edit->displayText().contains(u"SG_"_s));

        QCOMPARE(part<QLabel>(dialog, u"keySource"_s)->text(), u"Key in use: saved in the system keychain."_s);
    }

    void badShapeShowsAWarningNotABlock()
    {
        ApiKeyStore keys;
        QVERIFY(loadNow(keys));
        AppSettings settings(newIni());
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        auto *edit = part<QLineEdit>(dialog, u"apiKeyEdit"_s);
        auto *warning = part<QLabel>(dialog, u"keyFormatWarning"_s);
        auto *save = part<QPushButton>(dialog, u"saveKeyButton"_s);
        auto *check = part<QPushButton>(dialog, u"checkKeyButton"_s);

        QVERIFY(edit->text().isEmpty());
        QVERIFY(warning->isHidden()); // an empty field is where everyone starts
        QVERIFY(!save->isEnabled());
        QVERIFY(!check->isEnabled());
        QCOMPARE(part<QLabel>(dialog, u"keySource"_s)->text(),
                 u"No key yet. Paste your Segmind API key, check it, and save it."_s);

        QTest::keyClicks(edit, u"SG_12"_s);
        QVERIFY(!warning->isHidden());
        QVERIFY2(warning->text().contains(u"has 2"_s), qPrintable(warning->text()));
        QVERIFY(save->isEnabled()); // a warning, not a block: the service's own check is the truth
        QVERIFY(check->isEnabled());

        QTest::keyClicks(edit, u"34abcd5678ef"_s);
        QVERIFY(!warning->isHidden());
        QVERIFY2(warning->text().contains(u"has 14"_s), qPrintable(warning->text()));
        QTest::keyClicks(edit, u"90"_s);
        QCOMPARE(edit->text(), kSavedKey);
        QVERIFY(warning->isHidden());

        edit->setText(u"sg_1234abcd5678ef90"_s);
        QVERIFY(!warning->isHidden());
        QVERIFY(warning->text().contains(u"start with SG_"_s));
    }

    void checkShowsTheBalanceOrTheError()
    {
        SimSettings simSettings = SimSettings::forTests();
        simSettings.acceptedKeys = {kGoodKey};
        simSettings.balanceCents = 1250;
        simSettings.freeCreditsCents = 2;
        SimFixture sim(simSettings);
        QVERIFY2(sim.started(), qPrintable(sim.startError()));

        ApiKeyStore keys;
        AppSettings settings(newIni());
        SettingsDialog dialog(&keys, &settings, sim.server().baseUrl());
        auto *edit = part<QLineEdit>(dialog, u"apiKeyEdit"_s);
        auto *check = part<QPushButton>(dialog, u"checkKeyButton"_s);
        auto *status = part<QLabel>(dialog, u"keyStatus"_s);

        edit->setText(kGoodKey);
        check->click();
        // Busy while it runs: the button says so and cannot start a second check.
        QVERIFY(!check->isEnabled());
        QCOMPARE(check->text(), u"Checking…"_s);
        QVERIFY(!status->isHidden());
        QTRY_VERIFY_WITH_TIMEOUT(check->isEnabled(), 20000);
        QCOMPARE(check->text(), u"Check"_s);
        QCOMPARE(status->text(),
                 u"The key works. Balance: $12.52, including $0.02 of free credits. Press Save to use it."_s);
        QVERIFY(!keys.hasKey()); // checking saves nothing

        edit->setText(kWrongKey);
        QVERIFY(status->isHidden()); // the answer was about the key that was in the field
        check->click();
        QTRY_VERIFY_WITH_TIMEOUT(check->isEnabled(), 20000);
        QVERIFY2(status->text().startsWith(u"Segmind did not accept this key."_s), qPrintable(status->text()));
        QVERIFY(!status->text().contains(kWrongKey));

        // Editing while a check runs drops its answer: it would describe a key no longer in the field.
        edit->setText(kGoodKey);
        check->click();
        QVERIFY(!status->isHidden());
        edit->setText(kWrongKey);
        QVERIFY(check->isEnabled());
        QVERIFY(status->isHidden());
        // One more round trip to the same simulator: the dropped answer would have arrived by then.
        QCOMPARE(sim.getWithKey(sim.url(u"/v1/get-user-credits"_s), kGoodKey.toUtf8()).status, 200);
        QVERIFY(status->isHidden());

        // Closing the dialog while a check runs is safe.
        {
            SettingsDialog closing(&keys, &settings, sim.server().baseUrl());
            part<QLineEdit>(closing, u"apiKeyEdit"_s)->setText(kGoodKey);
            part<QPushButton>(closing, u"checkKeyButton"_s)->click();
            QVERIFY(!part<QPushButton>(closing, u"checkKeyButton"_s)->isEnabled());
        }
        QCOMPARE(sim.getWithKey(sim.url(u"/v1/get-user-credits"_s), kGoodKey.toUtf8()).status, 200);
    }

    void aKeyWithoutABalanceRecordWorks()
    {
        // get-user-credits answers 404 "No credits found for the user": the key was accepted, the balance is unknown.
        SimSettings simSettings = SimSettings::forTests();
        simSettings.acceptedKeys = {kGoodKey};
        simSettings.creditsNotFound = true;
        SimFixture sim(simSettings);
        QVERIFY2(sim.started(), qPrintable(sim.startError()));

        ApiKeyStore keys;
        AppSettings settings(newIni());
        SettingsDialog dialog(&keys, &settings, sim.server().baseUrl());
        part<QLineEdit>(dialog, u"apiKeyEdit"_s)->setText(kGoodKey);
        auto *check = part<QPushButton>(dialog, u"checkKeyButton"_s);
        auto *status = part<QLabel>(dialog, u"keyStatus"_s);
        check->click();
        QTRY_VERIFY_WITH_TIMEOUT(check->isEnabled(), 20000);
        QVERIFY2(status->text().startsWith(u"The key works. "_s), qPrintable(status->text()));
        QVERIFY2(status->text().contains(u"balance is unknown"_s), qPrintable(status->text()));
        QVERIFY2(status->text().endsWith(u"Press Save to use it."_s), qPrintable(status->text()));
        QVERIFY(!status->text().contains(u"could not be checked"_s));
        QVERIFY(!status->text().contains(u"$0.00"_s));
    }

    void saveKeepsTheKeyInTheKeychain()
    {
        ApiKeyStore keys;
        QVERIFY(loadNow(keys));
        AppSettings settings(newIni());
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        QSignalSpy changed(&dialog, &SettingsDialog::keyChanged);
        auto *edit = part<QLineEdit>(dialog, u"apiKeyEdit"_s);
        auto *save = part<QPushButton>(dialog, u"saveKeyButton"_s);
        auto *status = part<QLabel>(dialog, u"keyStatus"_s);

        edit->setText(u"  "_s + kSavedKey + u"\n"_s);
        save->click();
        QVERIFY(!save->isEnabled()); // busy while the keychain works
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), u"Saved in the system keychain."_s, 20000);
        QCOMPARE(changed.count(), 1);
        QVERIFY(save->isEnabled());
        QCOMPARE(keys.key(), kSavedKey);
        QCOMPARE(keys.source(), Source::Keychain);
        QCOMPARE(part<QLabel>(dialog, u"keySource"_s)->text(), u"Key in use: saved in the system keychain."_s);
        QVERIFY(part<QPushButton>(dialog, u"keepForSessionButton"_s)->isHidden()); // there is a keychain
        QCOMPARE(loadFresh(), std::make_pair(kSavedKey, Source::Keychain));
    }

    void returnInTheKeyFieldSavesAndKeepsTheDialogOpen()
    {
        ApiKeyStore keys;
        QVERIFY(loadNow(keys));
        AppSettings settings(newIni());
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        dialog.show();
        QSignalSpy finished(&dialog, &QDialog::finished);
        auto *edit = part<QLineEdit>(dialog, u"apiKeyEdit"_s);
        edit->setText(kReturnKey);
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(part<QLabel>(dialog, u"keyStatus"_s)->text(), u"Saved in the system keychain."_s,
                                  20000);
        QVERIFY(dialog.isVisible());
        QCOMPARE(finished.count(), 0);
        QCOMPARE(loadFresh(), std::make_pair(kReturnKey, Source::Keychain));
    }

    void removeAsksFirst()
    {
        QVERIFY(setSaved(kSavedKey));
        ApiKeyStore keys;
        QVERIFY(loadNow(keys));
        AppSettings settings(newIni());
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        QSignalSpy changed(&dialog, &SettingsDialog::keyChanged);
        QStringList asked;
        bool answer = false;
        dialog.setConfirm([&asked, &answer](const QString &title, const QString &text) {
            asked.append(title + u" "_s + text);
            return answer;
        });
        auto *remove = part<QPushButton>(dialog, u"removeKeyButton"_s);
        auto *status = part<QLabel>(dialog, u"keyStatus"_s);
        QVERIFY(remove->isEnabled());

        // Declined: nothing happens.
        remove->click();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().contains(u"system keychain"_s), qPrintable(asked.first()));
        QVERIFY(!keys.isBusy()); // a remove() would have queued at once
        QCOMPARE(keys.key(), kSavedKey);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(loadFresh(), std::make_pair(kSavedKey, Source::Keychain));

        // Confirmed: gone, from the store, the field and the keychain.
        answer = true;
        remove->click();
        QCOMPARE(asked.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), u"Removed. Paddock has no API key now."_s, 20000);
        QCOMPARE(changed.count(), 1);
        QVERIFY(!keys.hasKey());
        QVERIFY(part<QLineEdit>(dialog, u"apiKeyEdit"_s)->text().isEmpty());
        QVERIFY(!remove->isEnabled());
        QCOMPARE(loadFresh(), std::make_pair(QString(), Source::None));
    }

    void environmentVariableOverridesForThisRun()
    {
        QVERIFY(setSaved(kSavedKey));
        qputenv(ApiKeyStore::kEnvironmentVariable, kEnvironmentKey.toUtf8());
        ApiKeyStore keys;
        QVERIFY(loadNow(keys));
        AppSettings settings(newIni());
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        auto *edit = part<QLineEdit>(dialog, u"apiKeyEdit"_s);
        const QString source = part<QLabel>(dialog, u"keySource"_s)->text();
        QVERIFY2(source.contains(u"SEGMIND_API_KEY environment variable"_s), qPrintable(source));
        QVERIFY2(source.contains(u"overrides the saved key for this run"_s), qPrintable(source));
        QVERIFY(!source.contains(kEnvironmentKey));
        // The variable's key is not copied into the field, where Save would put it in the keychain.
        QVERIFY(edit->text().isEmpty());

        // Editing and saving still work, for later runs.
        edit->setText(kGoodKey);
        part<QPushButton>(dialog, u"saveKeyButton"_s)->click();
        auto *status = part<QLabel>(dialog, u"keyStatus"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"Saved in the system keychain."_s), 20000);
        QVERIFY2(status->text().contains(u"SEGMIND_API_KEY still decides the key for this run"_s),
                 qPrintable(status->text()));
        QCOMPARE(keys.key(), kEnvironmentKey);
        qunsetenv(ApiKeyStore::kEnvironmentVariable);
        QCOMPARE(loadFresh(), std::make_pair(kGoodKey, Source::Keychain));
    }

    void spendingLimitsRoundTrip()
    {
        const QString ini = newIni();
        ApiKeyStore keys;
        {
            AppSettings settings(ini);
            SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
            // Defaults: no session or day limit, confirm above $5.00.
            QVERIFY(!part<QCheckBox>(dialog, u"sessionLimitEnabled"_s)->isChecked());
            QVERIFY(!part<QDoubleSpinBox>(dialog, u"sessionLimitDollars"_s)->isEnabled());
            QVERIFY(!part<QCheckBox>(dialog, u"dayLimitEnabled"_s)->isChecked());
            QVERIFY(part<QCheckBox>(dialog, u"confirmAboveEnabled"_s)->isChecked());
            QCOMPARE(part<QDoubleSpinBox>(dialog, u"confirmAboveDollars"_s)->value(), 5.0);
            QCOMPARE(part<QDoubleSpinBox>(dialog, u"confirmAboveDollars"_s)->decimals(), 2);
            QCOMPARE(part<QSpinBox>(dialog, u"maxConcurrentJobs"_s)->value(), 4);
            QCOMPARE(part<QSpinBox>(dialog, u"maxConcurrentJobs"_s)->maximum(), 16);
            QVERIFY(!part<QCheckBox>(dialog, u"rememberImages"_s)->isChecked());

            part<QCheckBox>(dialog, u"sessionLimitEnabled"_s)->setChecked(true);
            QVERIFY(part<QDoubleSpinBox>(dialog, u"sessionLimitDollars"_s)->isEnabled());
            // Typed as a person would; 12.34 is 1233.99999… cents as a double, so truncating would lose a cent.
            auto *sessionSpin = part<QDoubleSpinBox>(dialog, u"sessionLimitDollars"_s);
            sessionSpin->selectAll();
            QTest::keyClicks(sessionSpin, u"12.34"_s);
            QCOMPARE(sessionSpin->value(), 12.34);
            part<QCheckBox>(dialog, u"dayLimitEnabled"_s)->setChecked(true);
            part<QDoubleSpinBox>(dialog, u"dayLimitDollars"_s)->setValue(0.29); // 28.999999999999996 * 100
            part<QCheckBox>(dialog, u"confirmAboveEnabled"_s)->setChecked(false);
            part<QSpinBox>(dialog, u"maxConcurrentJobs"_s)->setValue(7);
            part<QCheckBox>(dialog, u"rememberImages"_s)->setChecked(true);
            part<QDialogButtonBox>(dialog, QString())->button(QDialogButtonBox::Ok)->click();
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        AppSettings settings(ini);
        QCOMPARE(settings.sessionLimitCents(), std::optional<qint64>(1234));
        QCOMPARE(settings.dayLimitCents(), std::optional<qint64>(29));
        QCOMPARE(settings.confirmAboveCents(), std::optional<qint64>());
        QCOMPARE(settings.maxConcurrentJobs(), 7);
        QVERIFY(settings.rememberImages());

        // And back into the dialog as they were left.
        SettingsDialog again(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        QVERIFY(part<QCheckBox>(again, u"sessionLimitEnabled"_s)->isChecked());
        QCOMPARE(part<QDoubleSpinBox>(again, u"sessionLimitDollars"_s)->text(), u"$12.34"_s);
        QCOMPARE(part<QDoubleSpinBox>(again, u"dayLimitDollars"_s)->text(), u"$0.29"_s);
        QVERIFY(!part<QCheckBox>(again, u"confirmAboveEnabled"_s)->isChecked());
        QVERIFY(!part<QDoubleSpinBox>(again, u"confirmAboveDollars"_s)->isEnabled());
        QCOMPARE(part<QSpinBox>(again, u"maxConcurrentJobs"_s)->value(), 7);
        QVERIFY(part<QCheckBox>(again, u"rememberImages"_s)->isChecked());
    }

    void cancelChangesNothing()
    {
        const QString ini = newIni();
        {
            AppSettings settings(ini);
            settings.setSessionLimitCents(1500);
            settings.setDayLimitCents(std::nullopt);
            settings.setConfirmAboveCents(250);
            settings.setMaxConcurrentJobs(3);
            settings.setRememberImages(false);
            settings.sync();
        }
        QFile file(ini);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();

        ApiKeyStore keys;
        AppSettings settings(ini);
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        QCOMPARE(part<QDoubleSpinBox>(dialog, u"sessionLimitDollars"_s)->value(), 15.0);
        QCOMPARE(part<QDoubleSpinBox>(dialog, u"confirmAboveDollars"_s)->value(), 2.5);
        part<QCheckBox>(dialog, u"sessionLimitEnabled"_s)->setChecked(false);
        part<QCheckBox>(dialog, u"dayLimitEnabled"_s)->setChecked(true);
        part<QDoubleSpinBox>(dialog, u"confirmAboveDollars"_s)->setValue(9.99);
        part<QSpinBox>(dialog, u"maxConcurrentJobs"_s)->setValue(16);
        part<QCheckBox>(dialog, u"rememberImages"_s)->setChecked(true);
        part<QDialogButtonBox>(dialog, QString())->button(QDialogButtonBox::Cancel)->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        settings.sync();

        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
        QCOMPARE(settings.sessionLimitCents(), std::optional<qint64>(1500));
        QCOMPARE(settings.dayLimitCents(), std::optional<qint64>());
        QCOMPARE(settings.confirmAboveCents(), std::optional<qint64>(250));
        QCOMPARE(settings.maxConcurrentJobs(), 3);
        QVERIFY(!settings.rememberImages());
    }

    void showKeySectionFocusesTheKeyField()
    {
        ApiKeyStore keys;
        AppSettings settings(newIni());
        SettingsDialog dialog(&keys, &settings, QUrl(u"http://127.0.0.1:9"_s));
        dialog.show();
        part<QSpinBox>(dialog, u"maxConcurrentJobs"_s)->setFocus();
        QCOMPARE(dialog.focusWidget(), part<QSpinBox>(dialog, u"maxConcurrentJobs"_s));
        dialog.showKeySection();
        QCOMPARE(dialog.focusWidget(), part<QLineEdit>(dialog, u"apiKeyEdit"_s));
    }

    void firstRunPromptIsOfferedOnceWithoutAKey()
    {
        ApiKeyStore keys;
        QVERIFY(loadNow(keys));
        const QString ini = newIni();
        AppSettings settings(ini);
        QVERIFY(!keys.hasKey());
        QVERIFY(FirstRunPrompt::shouldOffer(keys, settings));

        FirstRunPrompt prompt(&keys, &settings);
        prompt.show();
        QSignalSpy enter(&prompt, &FirstRunPrompt::enterKeyRequested);
        part<QPushButton>(prompt, u"enterKeyButton"_s)->click();
        QCOMPARE(enter.count(), 1);
        QVERIFY(prompt.isVisible());

        // A key arriving from anywhere ends the offer, without counting as dismissed.
        QVERIFY(keys.keepInMemoryForSession(kSessionKey));
        QVERIFY(!prompt.isVisible());
        QVERIFY(!FirstRunPrompt::shouldOffer(keys, settings));
        QVERIFY(!settings.firstRunKeyPromptDismissed());

        // Dismissed: remembered, and not offered again even without a key.
        ApiKeyStore noKey;
        QVERIFY(loadNow(noKey));
        QVERIFY(FirstRunPrompt::shouldOffer(noKey, settings));
        FirstRunPrompt second(&noKey, &settings);
        second.show();
        part<QPushButton>(second, u"dismissKeyPromptButton"_s)->click();
        QVERIFY(!second.isVisible());
        QVERIFY(AppSettings(ini).firstRunKeyPromptDismissed());
        QVERIFY(!FirstRunPrompt::shouldOffer(noKey, AppSettings(ini)));

        // A key from the environment is a key: no offer.
        qputenv(ApiKeyStore::kEnvironmentVariable, kEnvironmentKey.toUtf8());
        const ApiKeyStore fromEnvironment;
        QVERIFY(!FirstRunPrompt::shouldOffer(fromEnvironment, AppSettings(newIni())));
    }

    void keyNeverReachesDiskOrLogs()
    {
        // The scan itself must be able to find a key, or its silence below proves nothing.
        QTemporaryDir planted;
        QFile plantedFile(planted.filePath(u"leak.ini"_s));
        QVERIFY(plantedFile.open(QIODevice::WriteOnly));
        plantedFile.write("key=" + kGoodKey.toUtf8() + "\n");
        plantedFile.close();
        int filesRead = 0;
        QCOMPARE(SecretScan::filesHolding(planted.path(), kAllKeys, &filesRead), QStringList{plantedFile.fileName()});

        QCOMPARE(SecretScan::filesHolding(m_home.path(), kAllKeys, &filesRead), QStringList());
        QVERIFY2(filesRead > 0, "no settings file was written where the scan looks");
        const QString keyringHome = qEnvironmentVariable("PADDOCK_TEST_KEYRING_HOME");
        QCOMPARE(SecretScan::filesHolding(keyringHome, kAllKeys, &filesRead), QStringList());
        QVERIFY2(filesRead > 0, "the private keyring wrote no file at all");

        for (const QString &line : SecretScan::loggedLines()) {
            for (const QString &key : kAllKeys)
                QVERIFY2(!line.contains(key), qPrintable(u"a log line shows a key: "_s + line));
        }
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
