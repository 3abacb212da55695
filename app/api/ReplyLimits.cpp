#include "api/ReplyLimits.h"

#include <QNetworkReply>
#include <QTimer>

void ReplyLimits::apply(QNetworkReply *reply, qint64 maxBytes, int deadlineMs)
{
    new ReplyLimits(reply, maxBytes, deadlineMs);
}

ReplyLimits::Breach ReplyLimits::breachOf(const QNetworkReply *reply)
{
    const auto *limits = reply ? reply->findChild<ReplyLimits *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
    return limits ? limits->m_breach : Breach::None;
}

ReplyLimits::ReplyLimits(QNetworkReply *reply, qint64 maxBytes, int deadlineMs)
    : QObject(reply), m_reply(reply), m_maxBytes(maxBytes)
{
    if (maxBytes > 0) {
        // Checked on every piece as it arrives, before Qt has gathered the whole answer in memory.
        connect(reply, &QNetworkReply::downloadProgress, this, &ReplyLimits::check);
        connect(reply, &QNetworkReply::readyRead, this, [this] { check(m_reply->bytesAvailable(), -1); });
    }
    if (deadlineMs > 0) {
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this] { breach(Breach::Deadline); });
        connect(reply, &QNetworkReply::finished, timer, &QTimer::stop);
        timer->start(deadlineMs);
    }
}

void ReplyLimits::check(qint64 received, qint64 announced)
{
    if (received > m_maxBytes || announced > m_maxBytes)
        breach(Breach::TooLarge);
}

void ReplyLimits::breach(Breach why)
{
    if (m_breach != Breach::None || m_reply->isFinished())
        return;
    m_breach = why;
    m_reply->abort();
}
