#include "account/KeyCheck.h"

#include "api/SegmindClient.h"

#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

KeyCheck::KeyCheck(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_client(new SegmindClient(network, this))
{
}

KeyCheck::~KeyCheck()
{
    cancel();
}

void KeyCheck::start(const QUrl &baseUrl, const QString &key)
{
    cancel();
    auto *context = new QObject(this);
    m_context = context;

    QString why;
    if (!m_client->setBaseUrl(baseUrl, &why)) {
        // Answer later, like a network outcome, so callers need no special case.
        QTimer::singleShot(0, context, [this, context, why] {
            context->deleteLater();
            m_context = nullptr;
            Q_EMIT rejected(ApiError::configuration(why));
        });
        return;
    }
    m_client->setApiKey(key);
    m_reply = m_client->fetchCredits(context, [this, context](const Credits &credits, const ApiError &error) {
        // The context dies after this call returns; deleting it here would destroy the running slot's owner.
        context->deleteLater();
        m_context = nullptr;
        m_reply = nullptr;
        if (error.isError())
            Q_EMIT rejected(error);
        else
            Q_EMIT accepted(credits);
    });
    // A key under test must not linger in the client once the request carries it.
    m_client->setApiKey({});
}

void KeyCheck::cancel()
{
    if (!m_context)
        return;
    // Delete the context first, so that the abort's finished signal reaches no callback.
    delete m_context.data();
    if (m_reply)
        m_reply->abort();
    m_reply = nullptr;
}

QString KeyCheck::dollars(qint64 cents)
{
    const QString sign = cents < 0 ? u"-"_s : QString();
    const qint64 magnitude = cents < 0 ? -cents : cents;
    return u"%1$%2.%3"_s.arg(sign).arg(magnitude / 100).arg(magnitude % 100, 2, 10, QLatin1Char('0'));
}

QString KeyCheck::describe(const Credits &credits)
{
    if (credits.freeCreditsCents > 0)
        return u"The key works. Balance: %1, including %2 of free credits."_s.arg(dollars(credits.totalCents()),
                                                                                  dollars(credits.freeCreditsCents));
    return u"The key works. Balance: %1."_s.arg(dollars(credits.totalCents()));
}
