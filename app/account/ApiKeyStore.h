#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <functional>

namespace QKeychain {
class Job;
}

// Keeps the Segmind API key: SEGMIND_API_KEY for the run, else the system keychain, else (only when the caller
// opts in) memory for this session. Never settings, never a plain-text file, never a log line.
//
// Keychain operations are asynchronous and run one at a time in the order asked; each ends in exactly one
// signal: load() in loaded() or failed(), save() in saved() or failed(), remove() in removed() or failed().
// keyChanged() follows every change of key() or source().
class ApiKeyStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiKeyStore)

public:
    // Where the key in use comes from.
    enum class Source
    {
        None,
        Environment,
        Keychain,
        SessionMemory
    };
    Q_ENUM(Source)

    // What the keychain said the last time it was asked; Unknown until the first operation ends.
    enum class KeychainState
    {
        Unknown,
        Available,
        Unavailable
    };
    Q_ENUM(KeychainState)

    // Why an operation failed: Unavailable is the case where keepInMemoryForSession() is the way out.
    enum class Failure
    {
        KeychainUnavailable,
        AccessDenied,
        Other
    };
    Q_ENUM(Failure)

    static constexpr const char *kEnvironmentVariable = "SEGMIND_API_KEY";

    explicit ApiKeyStore(QObject *parent = nullptr);
    // Tests give another service name so that they never read or overwrite a real user's entry.
    ApiKeyStore(const QString &service, QObject *parent);
    ~ApiKeyStore() override;

    static QString defaultService(); // "Paddock"
    static QString entryName();      // "segmind-api-key"
    QString service() const { return m_service; }

    // The key in use (trimmed), or empty. Never log it.
    QString key() const { return m_key; }
    Source source() const { return m_source; }
    bool hasKey() const { return !m_key.isEmpty(); }
    // True while SEGMIND_API_KEY decides the key for this run; saving or removing then changes only the
    // keychain's copy, for the next run without the variable.
    bool isEnvironmentOverride() const { return !m_environmentKey.isEmpty(); }

    KeychainState keychainState() const { return m_keychainState; }
    bool isKeychainAvailable() const { return m_keychainState == KeychainState::Available; }
    bool isBusy() const { return m_busy || !m_queue.isEmpty(); }

    // Reads the environment, then (when it has no key) the keychain.
    void load();
    // Stores key in the keychain, replacing any saved key. Never falls back to anything else by itself.
    void save(const QString &key);
    // Deletes the saved key from the keychain and forgets a session key. A missing entry is not an error.
    void remove();
    // The explicit opt-in when there is no keychain: keep key in memory until the app quits. Returns false
    // (and changes nothing) for an empty key. Nothing is written anywhere.
    bool keepInMemoryForSession(const QString &key);

    // Empty when key (surrounding whitespace ignored) looks like a Segmind key, "SG_" and 16 hex characters;
    // otherwise one sentence saying what looks wrong. A warning only: the service's own check is the truth.
    static QString checkFormat(const QString &key);
    // For a person, e.g. "from the SEGMIND_API_KEY environment variable".
    static QString describe(Source source);

Q_SIGNALS:
    // After load(): the key in use and its source; an empty key with Source::None when there is none.
    void loaded(const QString &key, ApiKeyStore::Source source);
    void saved();
    void removed();
    // message: plain words with a next step; it never contains the key.
    void failed(ApiKeyStore::Failure failure, const QString &message);
    void keyChanged();
    void keychainStateChanged(ApiKeyStore::KeychainState state);

private:
    enum class Operation
    {
        Read,
        Write,
        Delete
    };
    struct Pending
    {
        Operation operation;
        QString key; // Write only
    };

    void enqueue(Operation operation, const QString &key = {});
    void startNext();
    // Ends the current operation on the next event-loop turn, so that callers always get their signal after
    // the call returns, as with a keychain job.
    void finishLater(const std::function<void()> &emitOutcome);
    void finishJob(QKeychain::Job *job, Operation operation, const QString &writtenKey);
    void readEnvironment();
    void setKey(const QString &key, Source source);
    void setKeychainState(KeychainState state);
    static QString failureMessage(Operation operation, Failure failure, const QString &detail);

    QString m_service;
    QString m_key;
    Source m_source = Source::None;
    QString m_environmentKey;
    QString m_sessionKey;
    KeychainState m_keychainState = KeychainState::Unknown;
    QList<Pending> m_queue;
    bool m_busy = false;
};
