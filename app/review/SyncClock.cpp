#include "review/SyncClock.h"

#include <algorithm>

void SyncClock::setLength(qint64 lengthUs)
{
    m_lengthUs = std::max<qint64>(1, lengthUs);
}

qint64 SyncClock::rawPosition() const
{
    if (!m_playing)
        return m_baseUs;
    return m_baseUs + qint64(double(m_timer.nsecsElapsed()) / 1000.0 * m_rate);
}

qint64 SyncClock::lapStartOf(qint64 timeUs) const
{
    return (timeUs / m_lengthUs) * m_lengthUs;
}

qint64 SyncClock::position() const
{
    const qint64 raw = rawPosition();
    if (m_looping)
        return raw;
    // Without looping the clock stops on the last frame of the lap it is in.
    return std::min(raw, lapStartOf(m_baseUs) + m_lengthUs - 1);
}

qint64 SyncClock::timeInLap() const
{
    return position() % m_lengthUs;
}

int SyncClock::lap() const
{
    return int(position() / m_lengthUs);
}

bool SyncClock::hasEnded() const
{
    if (m_looping)
        return false;
    return rawPosition() >= lapStartOf(m_baseUs) + m_lengthUs - 1;
}

void SyncClock::rebase()
{
    m_baseUs = position();
    m_timer.start();
}

void SyncClock::play()
{
    if (m_playing)
        return;
    if (hasEnded())
        m_baseUs = lapStartOf(m_baseUs) + m_lengthUs; // play again from the start: a new lap
    m_playing = true;
    m_timer.start();
}

void SyncClock::pause()
{
    if (!m_playing)
        return;
    m_baseUs = position();
    m_playing = false;
}

void SyncClock::setRate(double rate)
{
    rebase();
    m_rate = std::clamp(rate, 0.1, 4.0);
}

void SyncClock::setLooping(bool looping)
{
    rebase();
    m_looping = looping;
}

qint64 SyncClock::seekInLap(qint64 timeUs)
{
    m_baseUs = lapStartOf(position()) + std::clamp<qint64>(timeUs, 0, m_lengthUs - 1);
    m_timer.start();
    return m_baseUs;
}

qint64 SyncClock::step(int frames)
{
    pause();
    const qint64 inLap = timeInLap();
    const qint64 frame = inLap / m_frameUs + frames;
    const qint64 lastFrame = (m_lengthUs - 1) / m_frameUs;
    return seekInLap(std::clamp<qint64>(frame, 0, lastFrame) * m_frameUs + m_frameUs / 2);
}
