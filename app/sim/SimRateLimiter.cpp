#include "sim/SimRateLimiter.h"

bool SimRateLimiter::allow(const QString &key, qint64 nowMs, qint64 *resetAtMs)
{
    if (m_limit <= 0)
        return true;
    Window &window = m_windows[key];
    if (window.count == 0 || nowMs >= window.startMs + m_windowMs) {
        window.startMs = nowMs;
        window.count = 0;
    }
    if (window.count >= m_limit) {
        *resetAtMs = window.startMs + m_windowMs;
        return false;
    }
    ++window.count;
    return true;
}
