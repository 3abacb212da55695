#pragma once

#include <QHash>
#include <QString>
#include <QtGlobal>

// Counts requests per key in fixed windows (a minute on the real service) and says when a key is
// over its limit and when its window resets.
class SimRateLimiter final
{
public:
    SimRateLimiter(int limitPerWindow, qint64 windowMs) : m_limit(limitPerWindow), m_windowMs(windowMs) {}

    // Records a request at nowMs. Returns true when it is allowed; otherwise resetAtMs is when the
    // key's window ends and requests are allowed again.
    bool allow(const QString &key, qint64 nowMs, qint64 *resetAtMs);

private:
    struct Window
    {
        qint64 startMs = 0;
        int count = 0;
    };
    int m_limit;
    qint64 m_windowMs;
    QHash<QString, Window> m_windows;
};
