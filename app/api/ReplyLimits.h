#pragma once

#include <QObject>

class QNetworkReply;
class QTimer;

// Bounds one network reply while it streams: the reply is aborted as soon as more than maxBytes have come (or
// are announced), and when it has not finished by its overall deadline. Qt's own transfer timeout only notices
// silence, so without this an endless answer grows memory until it fails and a trickle of a byte a second keeps a
// call open for ever. Lives as a child of the reply; the reply's finished handler asks breachOf() why it ended.
class ReplyLimits final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplyLimits)

public:
    enum class Breach
    {
        None,
        TooLarge,
        Deadline
    };

    // maxBytes <= 0: no size limit; deadlineMs <= 0: no deadline.
    static void apply(QNetworkReply *reply, qint64 maxBytes, int deadlineMs);
    static Breach breachOf(const QNetworkReply *reply);

private:
    ReplyLimits(QNetworkReply *reply, qint64 maxBytes, int deadlineMs);
    void check(qint64 received, qint64 announced);
    void breach(Breach why);

    QNetworkReply *m_reply;
    qint64 m_maxBytes;
    Breach m_breach = Breach::None;
};
