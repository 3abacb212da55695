// ApiKeyStore against a real Secret Service (a private gnome-keyring started by tests/support/with-keyring.sh),
// the environment override, the key's format check, and KeyCheck against the simulator. Afterwards no file under
// the test's home or the keyring's home may hold a key in plain text, and no log line may show one.
#include "SecretScan.h"
#include "account/ApiKeyStore.h"
#include "account/KeyCheck.h"
#include "SimFixture.h"

#include <QDirIterator>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;
using Source = ApiKeyStore::Source;

namespace {

const QString kFirstKey = u"SG_1111aaaa2222bbbb"_s;
const QString kSecondKey = u"SG_3333cccc4444dddd"_s;
const QString kEnvironmentKey = u"SG_5555eeee6666ffff"_s;
const QString kSessionKey = u"SG_7777aaaa8888bbbb"_s;
const QString kGoodKey = u"SG_9999cccc0000dddd"_s;
const QString kWrongKey = u"SG_deadbeefdeadbeef"_s;
const QStringList kAllKeys = {kFirstKey, kSecondKey, kEnvironmentKey, kSessionKey, kGoodKey, kWrongKey};

// What one keychain entry holds, read with QtKeychain directly: an independent look at what the store wrote.
struct RawEntry
{
    QKeychain::Error error = QKeychain::OtherError;
    QString text;
};

RawEntry readRaw(const QString &service, const QString &key)
{
    RawEntry entry;
    bool done = false;
    auto *job = new QKeychain::ReadPasswordJob(service);
    job->setKey(key);
    QObject context;
    QObject::connect(job, &QKeychain::Job::finished, &context, [&entry, &done](QKeychain::Job *finished) {
        entry.error = finished->error();
        entry.text = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
        done = true;
    });
    job->start();
    [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 20000); }();
    return entry;
}

} // namespace

class TestApiKeyStore final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    QNetworkAccessManager m_network;

    // Loads in a fresh store, as the next start of the app would, and returns what it found.
    std::pair<QString, Source> loadFresh()
    {
        ApiKeyStore store;
        QSignalSpy loaded(&store, &ApiKeyStore::loaded);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        store.load();
        [&] { QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, 20000); }();
        if (!failed.isEmpty())
            qWarning("load failed: %s", qPrintable(failed.first().at(1).toString()));
        if (loaded.isEmpty())
            return {u"<failed>"_s, Source::None};
        return {loaded.first().at(0).toString(), loaded.first().at(1).value<Source>()};
    }

    // Runs one operation and checks it ended with the expected signal and no failure.
    static bool finishes(ApiKeyStore &store, QSignalSpy &expected, QSignalSpy &failed)
    {
        const bool ended = QTest::qWaitFor([&] { return !expected.isEmpty() || !failed.isEmpty(); }, 20000);
        if (!failed.isEmpty())
            qWarning("keychain operation failed: %s", qPrintable(failed.first().at(1).toString()));
        return ended && failed.isEmpty() && expected.count() == 1 && !store.isBusy();
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
        SecretScan::recordLog();
    }

    void cleanup() { qunsetenv(ApiKeyStore::kEnvironmentVariable); }

    void namesInTheKeychain()
    {
        ApiKeyStore store;
        QCOMPARE(store.service(), u"Paddock"_s);
        QCOMPARE(ApiKeyStore::entryName(), u"segmind-api-key"_s);
        QCOMPARE(store.source(), Source::None);
        QCOMPARE(store.keychainState(), ApiKeyStore::KeychainState::Unknown);
    }

    void roundTrip()
    {
        QCOMPARE(loadFresh(), std::make_pair(QString(), Source::None));

        ApiKeyStore store;
        QSignalSpy saved(&store, &ApiKeyStore::saved);
        QSignalSpy removed(&store, &ApiKeyStore::removed);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        QSignalSpy changed(&store, &ApiKeyStore::keyChanged);

        // Write: surrounding whitespace from a paste is not part of the key.
        store.save(u"  "_s + kFirstKey + u"\n"_s);
        QVERIFY(finishes(store, saved, failed));
        QCOMPARE(store.key(), kFirstKey);
        QCOMPARE(store.source(), Source::Keychain);
        QCOMPARE(store.keychainState(), ApiKeyStore::KeychainState::Available);
        QVERIFY(store.isKeychainAvailable());
        QCOMPARE(changed.count(), 1);
        const RawEntry written = readRaw(u"Paddock"_s, u"segmind-api-key"_s);
        QCOMPARE(written.error, QKeychain::NoError);
        QCOMPARE(written.text, kFirstKey);
        QCOMPARE(loadFresh(), std::make_pair(kFirstKey, Source::Keychain));

        // Replace.
        saved.clear();
        store.save(kSecondKey);
        QVERIFY(finishes(store, saved, failed));
        QCOMPARE(store.key(), kSecondKey);
        QCOMPARE(readRaw(u"Paddock"_s, u"segmind-api-key"_s).text, kSecondKey);
        QCOMPARE(loadFresh(), std::make_pair(kSecondKey, Source::Keychain));

        // Remove, then read after remove: nothing.
        store.remove();
        QVERIFY(finishes(store, removed, failed));
        QCOMPARE(store.key(), QString());
        QCOMPARE(store.source(), Source::None);
        QCOMPARE(readRaw(u"Paddock"_s, u"segmind-api-key"_s).error, QKeychain::EntryNotFound);
        QCOMPARE(loadFresh(), std::make_pair(QString(), Source::None));

        // Removing what is not there is not an error.
        removed.clear();
        store.remove();
        QVERIFY(finishes(store, removed, failed));
    }

    void operationsRunInTheOrderAsked()
    {
        ApiKeyStore store;
        QStringList order;
        connect(&store, &ApiKeyStore::saved, this, [&order, &store] { order.append(u"saved "_s + store.key()); });
        connect(&store, &ApiKeyStore::removed, this, [&order] { order.append(u"removed"_s); });
        connect(&store, &ApiKeyStore::loaded, this,
                [&order](const QString &key, Source) { order.append(u"loaded "_s + key); });
        connect(&store, &ApiKeyStore::failed, this,
                [&order](ApiKeyStore::Failure, const QString &message) { order.append(u"failed "_s + message); });
        store.save(kFirstKey);
        store.save(kSecondKey);
        store.load();
        store.remove();
        store.load();
        QVERIFY(store.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 5, 20000);
        QCOMPARE(order, (QStringList{u"saved "_s + kFirstKey, u"saved "_s + kSecondKey, u"loaded "_s + kSecondKey,
                                     u"removed"_s, u"loaded "_s}));
        QVERIFY(!store.isBusy());
    }

    void environmentOverridesForTheRun()
    {
        ApiKeyStore setup;
        QSignalSpy setupSaved(&setup, &ApiKeyStore::saved);
        QSignalSpy setupFailed(&setup, &ApiKeyStore::failed);
        setup.save(kFirstKey);
        QVERIFY(finishes(setup, setupSaved, setupFailed));

        qputenv(ApiKeyStore::kEnvironmentVariable, (u" "_s + kEnvironmentKey + u" "_s).toUtf8());
        ApiKeyStore store;
        // Known at once, before any keychain answer, so that the app can decide its backend at start.
        QCOMPARE(store.key(), kEnvironmentKey);
        QCOMPARE(store.source(), Source::Environment);
        QVERIFY(store.isEnvironmentOverride());

        QSignalSpy loaded(&store, &ApiKeyStore::loaded);
        QSignalSpy saved(&store, &ApiKeyStore::saved);
        QSignalSpy removed(&store, &ApiKeyStore::removed);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        store.load();
        QVERIFY(finishes(store, loaded, failed));
        QCOMPARE(loaded.first().at(0).toString(), kEnvironmentKey);
        QCOMPARE(loaded.first().at(1).value<Source>(), Source::Environment);
        // The keychain was not asked, and its entry is untouched.
        QCOMPARE(store.keychainState(), ApiKeyStore::KeychainState::Unknown);
        QCOMPARE(readRaw(u"Paddock"_s, u"segmind-api-key"_s).text, kFirstKey);

        // Saving still goes to the keychain (for runs without the variable); the variable stays in use.
        store.save(kSecondKey);
        QVERIFY(finishes(store, saved, failed));
        QCOMPARE(store.key(), kEnvironmentKey);
        QCOMPARE(store.source(), Source::Environment);
        QCOMPARE(readRaw(u"Paddock"_s, u"segmind-api-key"_s).text, kSecondKey);

        store.remove();
        QVERIFY(finishes(store, removed, failed));
        QCOMPARE(store.key(), kEnvironmentKey);
        QCOMPARE(readRaw(u"Paddock"_s, u"segmind-api-key"_s).error, QKeychain::EntryNotFound);

        // Without the variable, the next run has no key.
        qunsetenv(ApiKeyStore::kEnvironmentVariable);
        QCOMPARE(loadFresh(), std::make_pair(QString(), Source::None));
    }

    void sessionKeyIsKeptOnlyInThisStore()
    {
        ApiKeyStore store;
        QVERIFY(!store.keepInMemoryForSession(u"   "_s));
        QCOMPARE(store.source(), Source::None);
        QVERIFY(store.keepInMemoryForSession(kSessionKey));
        QCOMPARE(store.key(), kSessionKey);
        QCOMPARE(store.source(), Source::SessionMemory);

        QSignalSpy loaded(&store, &ApiKeyStore::loaded);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        store.load(); // nothing saved: the session key stays in use
        QVERIFY(finishes(store, loaded, failed));
        QCOMPARE(loaded.first().at(1).value<Source>(), Source::SessionMemory);
        QCOMPARE(store.key(), kSessionKey);
        QCOMPARE(readRaw(u"Paddock"_s, u"segmind-api-key"_s).error, QKeychain::EntryNotFound);
        QCOMPARE(loadFresh(), std::make_pair(QString(), Source::None));

        QSignalSpy removed(&store, &ApiKeyStore::removed);
        store.remove();
        QVERIFY(finishes(store, removed, failed));
        QCOMPARE(store.source(), Source::None);
    }

    void checkFormat_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected"); // empty: accepted; else a fragment of the warning

        QTest::newRow("valid") << u"SG_0123456789abcdef"_s << QString();
        QTest::newRow("valid upper-case hex") << u"SG_0123456789ABCDEF"_s << QString();
        QTest::newRow("surrounding whitespace") << u"  SG_0123456789abcdef\n"_s << QString();
        QTest::newRow("empty") << QString() << u"empty"_s;
        QTest::newRow("only whitespace") << u" \t\n"_s << u"empty"_s;
        QTest::newRow("no prefix") << u"0123456789abcdef"_s << u"start with SG_"_s;
        QTest::newRow("lower-case prefix") << u"sg_0123456789abcdef"_s << u"start with SG_"_s;
        QTest::newRow("too short") << u"SG_0123"_s << u"has 4"_s;
        QTest::newRow("too long") << u"SG_0123456789abcdef0"_s << u"has 17"_s;
        QTest::newRow("prefix only") << u"SG_"_s << u"has 0"_s;
        QTest::newRow("not hex") << u"SG_0123456789abcdeg"_s << u"0-9 and a-f"_s;
        QTest::newRow("space inside") << u"SG_01234567 89abcdef"_s << u"spaces"_s;
        QTest::newRow("header pasted") << u"x-api-key: SG_0123456789abcdef"_s << u"spaces"_s;
    }

    void checkFormat()
    {
        QFETCH(QString, key);
        QFETCH(QString, expected);
        const QString warning = ApiKeyStore::checkFormat(key);
        if (expected.isEmpty()) {
            QCOMPARE(warning, QString());
            return;
        }
        QVERIFY2(warning.contains(expected), qPrintable(warning));
        QVERIFY(warning.endsWith(u'.'));
        // A warning must not repeat what was typed (only "SG_" itself may appear, as advice).
        if (key.trimmed().size() > 3)
            QVERIFY2(!warning.contains(key.trimmed()), "a warning must not repeat the key");
    }

    void keyCheckReportsBalanceOrRefusal()
    {
        SimSettings settings = SimSettings::forTests();
        settings.acceptedKeys = {kGoodKey};
        settings.balanceCents = 1250;
        settings.freeCreditsCents = 2;
        SimFixture sim(settings);
        QVERIFY2(sim.started(), qPrintable(sim.startError()));

        KeyCheck check(&m_network);
        QSignalSpy accepted(&check, &KeyCheck::accepted);
        QSignalSpy rejected(&check, &KeyCheck::rejected);

        check.start(sim.server().baseUrl(), u" "_s + kGoodKey + u" "_s);
        QVERIFY(check.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(accepted.count() + rejected.count(), 1, 20000);
        QCOMPARE(accepted.count(), 1);
        const auto credits = accepted.first().at(0).value<Credits>();
        QCOMPARE(credits.creditsCents, 1250);
        QCOMPARE(credits.freeCreditsCents, 2);
        QCOMPARE(credits.totalCents(), 1252);
        QCOMPARE(KeyCheck::describe(credits), u"The key works. Balance: $12.52, including $0.02 of free credits."_s);
        QVERIFY(!check.isRunning());

        accepted.clear();
        check.start(sim.server().baseUrl(), kWrongKey);
        QTRY_COMPARE_WITH_TIMEOUT(accepted.count() + rejected.count(), 1, 20000);
        QCOMPARE(rejected.count(), 1);
        const auto error = rejected.first().at(0).value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Auth);
        QCOMPARE(error.httpStatus, 401);
        QVERIFY2(error.message.contains(u"API key"_s), qPrintable(error.message));
        QVERIFY(!error.message.contains(kWrongKey));

        // A check started while another runs replaces it: only the second one answers.
        rejected.clear();
        check.start(sim.server().baseUrl(), kWrongKey);
        check.start(sim.server().baseUrl(), kGoodKey);
        QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 20000);
        check.start(sim.server().baseUrl(), kGoodKey); // one more round trip: a late answer would show by now
        QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 2, 20000);
        QCOMPARE(rejected.count(), 0);

        // The key only goes to an acceptable host: plain http elsewhere is refused before anything is sent.
        check.start(QUrl(u"http://example.com"_s), kGoodKey);
        QTRY_COMPARE_WITH_TIMEOUT(rejected.count(), 1, 20000);
        QCOMPARE(rejected.first().at(0).value<ApiError>().kind, ApiError::Kind::Configuration);
        QCOMPARE(accepted.count(), 2);
    }

    void keyNeverReachesDiskOrLogs()
    {
        // The scan itself must be able to find a key, or its silence below proves nothing.
        QTemporaryDir planted;
        QFile plantedFile(planted.filePath(u"sub/leak.conf"_s));
        QVERIFY(QDir().mkpath(planted.filePath(u"sub"_s)));
        QVERIFY(plantedFile.open(QIODevice::WriteOnly));
        plantedFile.write("key=" + kFirstKey.toUtf8() + "\n");
        plantedFile.close();
        int filesRead = 0;
        QCOMPARE(SecretScan::filesHolding(planted.path(), kAllKeys, &filesRead), QStringList{plantedFile.fileName()});

        QCOMPARE(SecretScan::filesHolding(m_home.path(), kAllKeys, &filesRead), QStringList());

        // The keyring's own file is there, and encrypted: the key is not in it in plain text.
        const QString keyringHome = qEnvironmentVariable("PADDOCK_TEST_KEYRING_HOME");
        QCOMPARE(SecretScan::filesHolding(keyringHome, kAllKeys, &filesRead), QStringList());
        QVERIFY2(filesRead > 0, "the private keyring wrote no file at all");

        for (const QString &line : SecretScan::loggedLines()) {
            for (const QString &key : kAllKeys)
                QVERIFY2(!line.contains(key), qPrintable(u"a log line shows a key: "_s + line));
        }
    }
};

QTEST_GUILESS_MAIN(TestApiKeyStore)
#include "tst_apikeystore.moc"
