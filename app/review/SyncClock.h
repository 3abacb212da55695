#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

// The one clock of a synced view: every clip shows the frame due at its time. It runs in laps of length(): position()
// keeps growing across laps while looping (the clips tag their frames the same way), and timeInLap() is what a
// person sees. Without looping it stops at the end.
class SyncClock final
{
public:
    void setLength(qint64 lengthUs);
    qint64 length() const { return m_lengthUs; }
    void setFrameDuration(qint64 frameUs) { m_frameUs = frameUs > 0 ? frameUs : m_frameUs; }
    qint64 frameDuration() const { return m_frameUs; }

    void play();
    void pause();
    bool isPlaying() const { return m_playing; }
    // Rates from 0.1 to 4; the position carries on from where it is.
    void setRate(double rate);
    double rate() const { return m_rate; }
    void setLooping(bool looping);
    bool isLooping() const { return m_looping; }

    // Microseconds since the first lap started (see the class comment). Stops at the end without looping.
    qint64 position() const;
    qint64 timeInLap() const;
    int lap() const;
    // Goes to timeUs within the current lap (clamped to the length); returns the new position().
    qint64 seekInLap(qint64 timeUs);
    // One frame forward or back (pauses first), landing in the middle of the frame so that rounding never shows
    // its neighbour; returns the new position().
    qint64 step(int frames);
    // True when the clock is past the end without looping (a view stops its timer then).
    bool hasEnded() const;

private:
    qint64 rawPosition() const;
    qint64 lapStartOf(qint64 timeUs) const; // where the lap holding timeUs starts
    void rebase();

    QElapsedTimer m_timer;
    qint64 m_baseUs = 0; // position when m_timer started (or the position while paused)
    qint64 m_lengthUs = 1;
    qint64 m_frameUs = 41667;
    double m_rate = 1.0;
    bool m_playing = false;
    bool m_looping = true;
};
