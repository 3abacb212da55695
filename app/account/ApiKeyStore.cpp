#include "account/ApiKeyStore.h"

#include <QTimer>

#include <qt6keychain/keychain.h>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

using Failure = ApiKeyStore::Failure;

// Which QtKeychain errors mean "there is no keychain here" (the session-memory case) rather than a keychain
// that answered and refused. With the libsecret backend a missing D-Bus session or Secret Service arrives as
// OtherError with a D-Bus message, so OtherError counts as unavailable.
std::optional<Failure> classify(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
        return std::nullopt;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        return Failure::KeychainUnavailable;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Failure::AccessDenied;
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return Failure::Other;
}

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

} // namespace

ApiKeyStore::ApiKeyStore(QObject *parent) : ApiKeyStore(defaultService(), parent) {}

ApiKeyStore::ApiKeyStore(const QString &service, QObject *parent) : QObject(parent), m_service(service)
{
    readEnvironment();
}

// Jobs in flight have no parent (see startNext) and outlive the store safely: their finished signal is
// connected with this store as context, so it is simply dropped.
ApiKeyStore::~ApiKeyStore() = default;

QString ApiKeyStore::defaultService()
{
    return u"Paddock"_s;
}

QString ApiKeyStore::entryName()
{
    return u"segmind-api-key"_s;
}

void ApiKeyStore::load()
{
    readEnvironment();
    enqueue(Operation::Read);
}

void ApiKeyStore::save(const QString &key)
{
    enqueue(Operation::Write, key.trimmed());
}

void ApiKeyStore::remove()
{
    enqueue(Operation::Delete);
}

bool ApiKeyStore::keepInMemoryForSession(const QString &key)
{
    const QString trimmed = key.trimmed();
    if (trimmed.isEmpty())
        return false;
    m_sessionKey = trimmed;
    if (!isEnvironmentOverride())
        setKey(trimmed, Source::SessionMemory);
    return true;
}

void ApiKeyStore::readEnvironment()
{
    m_environmentKey = qEnvironmentVariable(kEnvironmentVariable).trimmed();
    if (isEnvironmentOverride())
        setKey(m_environmentKey, Source::Environment);
    else if (m_source == Source::Environment)
        setKey(m_sessionKey, m_sessionKey.isEmpty() ? Source::None : Source::SessionMemory);
}

void ApiKeyStore::enqueue(Operation operation, const QString &key)
{
    m_queue.append({operation, key});
    startNext();
}

void ApiKeyStore::finishLater(const std::function<void()> &emitOutcome)
{
    m_busy = true;
    QTimer::singleShot(0, this, [this, emitOutcome] {
        m_busy = false;
        emitOutcome();
        startNext();
    });
}

void ApiKeyStore::startNext()
{
    if (m_busy || m_queue.isEmpty())
        return;
    const Pending next = m_queue.takeFirst();

    if (next.operation == Operation::Read && isEnvironmentOverride()) {
        // The variable decides for this run: the keychain is not asked, so it is not unlocked for nothing.
        finishLater([this] { Q_EMIT loaded(m_key, m_source); });
        return;
    }
    if (next.operation == Operation::Write && next.key.isEmpty()) {
        finishLater(
            [this] { Q_EMIT failed(Failure::Other, u"There is no key to save. Paste your Segmind API key first."_s); });
        return;
    }

    QKeychain::Job *job = nullptr;
    switch (next.operation) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service);
        write->setTextData(next.key);
        job = write;
        break;
    }
    case Operation::Delete:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    // Never QtKeychain's plain-text QSettings fallback: without a keychain the caller must opt in to memory.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(entryName());
    m_busy = true;
    connect(
        job, &QKeychain::Job::finished, this,
        [this, operation = next.operation, key = next.key](QKeychain::Job *done) { finishJob(done, operation, key); });
    job->start();
}

void ApiKeyStore::finishJob(QKeychain::Job *job, Operation operation, const QString &writtenKey)
{
    m_busy = false;
    const QKeychain::Error error = job->error();
    const std::optional<Failure> failure = classify(error);

    if (!failure) {
        setKeychainState(KeychainState::Available);
        switch (operation) {
        case Operation::Read: {
            const QString stored = error == QKeychain::NoError
                                       ? static_cast<QKeychain::ReadPasswordJob *>(job)->textData().trimmed()
                                       : QString();
            if (!stored.isEmpty())
                setKey(stored, Source::Keychain);
            else if (!m_sessionKey.isEmpty())
                setKey(m_sessionKey, Source::SessionMemory);
            else
                setKey({}, Source::None);
            Q_EMIT loaded(m_key, m_source);
            break;
        }
        case Operation::Write:
            // Saved for good: a session copy would only be a second place to forget.
            m_sessionKey.clear();
            if (!isEnvironmentOverride())
                setKey(writtenKey, Source::Keychain);
            Q_EMIT saved();
            break;
        case Operation::Delete:
            m_sessionKey.clear();
            if (!isEnvironmentOverride())
                setKey({}, Source::None);
            Q_EMIT removed();
            break;
        }
        startNext();
        return;
    }

    if (*failure == Failure::KeychainUnavailable)
        setKeychainState(KeychainState::Unavailable);
    else
        setKeychainState(KeychainState::Available);

    bool forgotSessionKey = false;
    if (operation == Operation::Delete && !m_sessionKey.isEmpty()) {
        // Forgetting the session key needs no keychain: do it even though the keychain part failed.
        m_sessionKey.clear();
        forgotSessionKey = true;
        if (m_source == Source::SessionMemory)
            setKey({}, Source::None);
    }
    QString message = failureMessage(operation, *failure, job->errorString());
    if (forgotSessionKey)
        message.prepend(u"Paddock forgot the key kept for this session. "_s);
    Q_EMIT failed(*failure, message);
    startNext();
}

QString ApiKeyStore::failureMessage(Operation operation, Failure failure, const QString &detail)
{
    // The keychain's own words help whoever debugs a desktop setup; they never contain the secret.
    const QString said = detail.trimmed().isEmpty() ? QString() : u" (the keychain said: %1)"_s.arg(detail.trimmed());
    switch (failure) {
    case Failure::KeychainUnavailable:
        switch (operation) {
        case Operation::Read:
            return u"No system keychain is available, so no saved key could be read%1. Start your desktop's "
                   u"keyring (GNOME Keyring or KWallet) and restart Paddock, or enter the key for this session only."_s
                       .arg(said);
        case Operation::Write:
            return u"No system keychain is available, so the key was not saved%1. Start your desktop's keyring "
                   u"(GNOME Keyring or KWallet) and save again, or keep the key in memory for this session only."_s.arg(
                       said);
        case Operation::Delete:
            return u"No system keychain is available, so a key saved there earlier could not be deleted%1. Start "
                   u"your desktop's keyring (GNOME Keyring or KWallet) and remove the key again."_s.arg(said);
        }
        break;
    case Failure::AccessDenied: {
        const QString what = operation == Operation::Read    ? u"read"_s
                             : operation == Operation::Write ? u"saved"_s
                                                             : u"removed"_s;
        return u"The system keychain is locked or refused access, so the key was not %1%2. Unlock the keychain "
               u"(for example by logging in again) and try again."_s.arg(what, said);
    }
    case Failure::Other:
        break;
    }
    const QString what = operation == Operation::Read    ? u"read"_s
                         : operation == Operation::Write ? u"save"_s
                                                         : u"remove"_s;
    return u"The system keychain could not %1 the key%2. Try again; if it keeps failing, check the keychain with "
           u"your desktop's password manager."_s.arg(what, said);
}

void ApiKeyStore::setKey(const QString &key, Source source)
{
    if (key == m_key && source == m_source)
        return;
    m_key = key;
    m_source = key.isEmpty() ? Source::None : source;
    Q_EMIT keyChanged();
}

void ApiKeyStore::setKeychainState(KeychainState state)
{
    if (state == m_keychainState)
        return;
    m_keychainState = state;
    Q_EMIT keychainStateChanged(state);
}

QString ApiKeyStore::checkFormat(const QString &key)
{
    const QString trimmed = key.trimmed();
    if (trimmed.isEmpty())
        return u"The key is empty. Paste your Segmind API key; it starts with SG_."_s;
    for (const QChar c : trimmed) {
        if (c.isSpace())
            return u"The key contains spaces or line breaks. Paste only the key itself, as one word."_s;
    }
    static const QString prefix = u"SG_"_s;
    if (!trimmed.startsWith(prefix))
        return u"Segmind keys usually start with SG_, and this one does not. Check that you copied the API key, "
               u"not another value from your Segmind account."_s;
    const QStringView rest = QStringView(trimmed).mid(prefix.size());
    if (rest.size() != 16)
        return u"Segmind keys usually have 16 characters after SG_, and this one has %1. Check that you copied "
               u"all of it."_s.arg(rest.size());
    for (const QChar c : rest) {
        if (!isHexDigit(c))
            return u"Segmind keys usually have only the characters 0-9 and a-f after SG_, and this one has others. "
                   u"Check that you copied the right text."_s;
    }
    return {};
}

QString ApiKeyStore::describe(Source source)
{
    switch (source) {
    case Source::Environment:
        return u"from the SEGMIND_API_KEY environment variable, for this run only"_s;
    case Source::Keychain:
        return u"saved in the system keychain"_s;
    case Source::SessionMemory:
        return u"kept in memory for this session only; Paddock forgets it when it quits"_s;
    case Source::None:
        break;
    }
    return u"no API key"_s;
}
