#pragma once

#include "api/ApiError.h"
#include "api/ApiResponses.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class SegmindClient;

// Tests an API key before it is saved by asking the service for the account's balance, which is free and the
// documented way to check a key. One check at a time; starting another abandons the one still running.
class KeyCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyCheck)

public:
    explicit KeyCheck(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~KeyCheck() override;

    // Asks baseUrl (the API host; plain http only to loopback) whether key works. Always answers later with
    // exactly one of accepted() or rejected(), unless cancelled or superseded.
    void start(const QUrl &baseUrl, const QString &key);
    void cancel();
    bool isRunning() const { return m_context != nullptr; }

    // For a person, e.g. "The key works. Balance: $12.52, including $0.02 of free credits."
    static QString describe(const Credits &credits);
    // Cents as dollars, e.g. 1252 -> "$12.52".
    static QString dollars(qint64 cents);

Q_SIGNALS:
    void accepted(const Credits &credits);
    // error.message is for a person and never contains the key; error.kind is Auth when the service refused it.
    void rejected(const ApiError &error);

private:
    SegmindClient *m_client;
    // Owns the callback of the running check: deleting it drops an answer nobody waits for any more.
    QPointer<QObject> m_context;
    QPointer<QNetworkReply> m_reply;
};
