// ApiKeyStore where no keychain can be reached (ctest points DBUS_SESSION_BUS_ADDRESS at a socket that does not
// exist): saving says so in plain words and writes nothing anywhere; memory for the session only happens when the
// caller opts in, and lasts only as long as the store.
#include "SecretScan.h"
#include "account/ApiKeyStore.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Source = ApiKeyStore::Source;
using Failure = ApiKeyStore::Failure;

namespace {

const QString kKey = u"SG_a1b2c3d4e5f60718"_s;
const QString kEnvironmentKey = u"SG_0f1e2d3c4b5a6978"_s;

} // namespace

class TestApiKeyStoreNoBackend final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    static bool waitForOutcome(QSignalSpy &a, QSignalSpy &b)
    {
        return QTest::qWaitFor([&] { return !a.isEmpty() || !b.isEmpty(); }, 20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // A reachable bus could hold a real keyring, and this test must never write to one.
        const QString bus = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        const QString prefix = u"unix:path="_s;
        if (!bus.startsWith(prefix) || QFileInfo::exists(bus.mid(prefix.size())))
            QFAIL(
                "Run this test through ctest, which points DBUS_SESSION_BUS_ADDRESS at a socket that does not exist.");
        QVERIFY(m_home.isValid());
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", (m_home.path() + u"/config"_s).toUtf8());
        qputenv("XDG_DATA_HOME", (m_home.path() + u"/data"_s).toUtf8());
        qputenv("XDG_CACHE_HOME", (m_home.path() + u"/cache"_s).toUtf8());
        qunsetenv(ApiKeyStore::kEnvironmentVariable);
        SecretScan::recordLog();
    }

    void cleanup() { qunsetenv(ApiKeyStore::kEnvironmentVariable); }

    void loadSaysThereIsNoKeychain()
    {
        ApiKeyStore store;
        QSignalSpy loaded(&store, &ApiKeyStore::loaded);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        QSignalSpy state(&store, &ApiKeyStore::keychainStateChanged);
        store.load();
        QVERIFY(waitForOutcome(loaded, failed));
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(0).value<Failure>(), Failure::KeychainUnavailable);
        QVERIFY2(failed.first().at(1).toString().startsWith(u"No system keychain is available"_s),
                 qPrintable(failed.first().at(1).toString()));
        QCOMPARE(store.keychainState(), ApiKeyStore::KeychainState::Unavailable);
        QVERIFY(!store.isKeychainAvailable());
        QCOMPARE(state.count(), 1);
        QVERIFY(!store.hasKey());
        QCOMPARE(store.source(), Source::None);
    }

    void saveFailsPlainlyAndKeepsNothing()
    {
        ApiKeyStore store;
        QSignalSpy saved(&store, &ApiKeyStore::saved);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        QSignalSpy changed(&store, &ApiKeyStore::keyChanged);
        store.save(kKey);
        QVERIFY(waitForOutcome(saved, failed));
        QCOMPARE(saved.count(), 0);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(0).value<Failure>(), Failure::KeychainUnavailable);
        const QString message = failed.first().at(1).toString();
        qInfo("What the user reads: %s", qPrintable(message));
        QVERIFY2(message.contains(u"No system keychain is available, so the key was not saved"_s), qPrintable(message));
        QVERIFY2(message.contains(u"for this session only"_s), qPrintable(message)); // the way out, named
        QVERIFY(!message.contains(kKey));
        // No silent fallback: the key is not in use anywhere until the caller opts in.
        QVERIFY(!store.hasKey());
        QCOMPARE(store.source(), Source::None);
        QCOMPARE(changed.count(), 0);
        QVERIFY(!store.isBusy());
    }

    void keepInMemoryForSessionIsAnExplicitChoice()
    {
        ApiKeyStore store;
        QSignalSpy changed(&store, &ApiKeyStore::keyChanged);
        QVERIFY(!store.keepInMemoryForSession(u"  \n"_s));
        QCOMPARE(changed.count(), 0);

        QVERIFY(store.keepInMemoryForSession(u" "_s + kKey + u"\n"_s));
        QCOMPARE(store.key(), kKey);
        QCOMPARE(store.source(), Source::SessionMemory);
        QCOMPARE(changed.count(), 1);
        QVERIFY(ApiKeyStore::describe(store.source()).contains(u"session only"_s));

        // Loading again still cannot reach a keychain, and keeps the session key.
        QSignalSpy loaded(&store, &ApiKeyStore::loaded);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        store.load();
        QVERIFY(waitForOutcome(loaded, failed));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(store.key(), kKey);
        QCOMPARE(store.source(), Source::SessionMemory);

        // Another store (the next start of the app) knows nothing of it.
        const ApiKeyStore next;
        QVERIFY(!next.hasKey());
        QCOMPARE(next.source(), Source::None);

        // Removing forgets it, and says that the keychain part could not be done.
        failed.clear();
        QSignalSpy removed(&store, &ApiKeyStore::removed);
        store.remove();
        QVERIFY(waitForOutcome(removed, failed));
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.first().at(1).toString().startsWith(u"Paddock forgot the key kept for this session."_s),
                 qPrintable(failed.first().at(1).toString()));
        QVERIFY(!store.hasKey());
        QCOMPARE(store.source(), Source::None);
    }

    void environmentNeedsNoKeychain()
    {
        qputenv(ApiKeyStore::kEnvironmentVariable, kEnvironmentKey.toUtf8());
        ApiKeyStore store;
        QSignalSpy loaded(&store, &ApiKeyStore::loaded);
        QSignalSpy failed(&store, &ApiKeyStore::failed);
        store.load();
        QVERIFY(waitForOutcome(loaded, failed));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(loaded.first().at(0).toString(), kEnvironmentKey);
        QCOMPARE(loaded.first().at(1).value<Source>(), Source::Environment);
        QCOMPARE(store.keychainState(), ApiKeyStore::KeychainState::Unknown);
    }

    void keyNeverReachesDiskOrLogs()
    {
        // The scan itself must be able to find a key, or its silence below proves nothing.
        QTemporaryDir planted;
        QFile plantedFile(planted.filePath(u"Paddock.conf"_s));
        QVERIFY(plantedFile.open(QIODevice::WriteOnly));
        plantedFile.write(kKey.toUtf8().toBase64());
        plantedFile.close();
        QCOMPARE(SecretScan::filesHolding(planted.path(), {kKey}), QStringList{plantedFile.fileName()});

        QCOMPARE(SecretScan::filesHolding(m_home.path(), {kKey}), QStringList());
        QCOMPARE(SecretScan::filesHolding(m_home.path(), {kEnvironmentKey}), QStringList());
        for (const QString &line : SecretScan::loggedLines()) {
            QVERIFY2(!line.contains(kKey) && !line.contains(kEnvironmentKey),
                     qPrintable(u"a log line shows a key: "_s + line));
        }
    }
};

QTEST_GUILESS_MAIN(TestApiKeyStoreNoBackend)
#include "tst_apikeystore_nobackend.moc"
