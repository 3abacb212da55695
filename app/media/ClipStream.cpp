#include "media/ClipStream.h"

#include <QMetaObject>

#include <algorithm>

ClipStream::ClipStream(QObject *parent) : QObject(parent) {}

ClipStream::~ClipStream()
{
    stopThread();
}

void ClipStream::stopThread()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void ClipStream::open(const QString &path, qint64 startUs)
{
    stopThread();
    m_path = path;
    {
        std::lock_guard lock(m_mutex);
        m_stop = false;
        m_open = false;
        m_ahead.clear();
        m_current = {};
        m_info = {};
        m_seekUs = std::max<qint64>(0, startUs);
        ++m_seekSerial;
    }
    m_thread = std::thread([this] { run(); });
}

bool ClipStream::isOpen() const
{
    std::lock_guard lock(m_mutex);
    return m_open;
}

ClipStreamInfo ClipStream::info() const
{
    std::lock_guard lock(m_mutex);
    return m_info;
}

void ClipStream::setLapLength(qint64 lapUs)
{
    std::lock_guard lock(m_mutex);
    m_lapLengthUs = std::max<qint64>(0, lapUs);
}

void ClipStream::setLooping(bool looping)
{
    {
        std::lock_guard lock(m_mutex);
        m_looping = looping;
    }
    m_wake.notify_all();
}

void ClipStream::setOutputSize(const QSize &size)
{
    {
        std::lock_guard lock(m_mutex);
        m_outputSize = size;
    }
    m_wake.notify_all();
}

void ClipStream::seek(qint64 timeUs)
{
    timeUs = std::max<qint64>(0, timeUs);
    {
        std::lock_guard lock(m_mutex);
        // A step forward lands on a frame already decoded: no need to start again from a key frame.
        const bool aheadHasIt = m_current.isValid() && m_current.ptsUs <= timeUs && !m_ahead.empty() &&
                                m_ahead.back().ptsUs >= timeUs;
        if (!aheadHasIt) {
            m_seekUs = timeUs;
            ++m_seekSerial;
            m_ahead.clear();
            m_current = {}; // until the frame due at timeUs is decoded
        }
    }
    m_wake.notify_all();
}

DecodedFrame ClipStream::frameFor(qint64 timeUs)
{
    bool tookOne = false;
    {
        std::lock_guard lock(m_mutex);
        while (!m_ahead.empty() && m_ahead.front().ptsUs <= timeUs) {
            m_current = std::move(m_ahead.front());
            m_ahead.pop_front();
            tookOne = true;
        }
    }
    if (tookOne)
        m_wake.notify_all();
    return currentFrame();
}

DecodedFrame ClipStream::currentFrame() const
{
    std::lock_guard lock(m_mutex);
    return m_current;
}

bool ClipStream::wantsWork() const
{
    return m_stop || int(m_ahead.size()) < kFramesAhead;
}

void ClipStream::run()
{
    FrameDecoder decoder;
    QString error;
    if (!decoder.open(m_path, &error)) {
        QMetaObject::invokeMethod(this, [this, error] { Q_EMIT failed(error); }, Qt::QueuedConnection);
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_info = decoder.info();
        if (m_lapLengthUs <= 0)
            m_lapLengthUs = m_info.durationUs;
        m_open = true;
    }
    QMetaObject::invokeMethod(this, [this] { Q_EMIT opened(); }, Qt::QueuedConnection);

    quint64 doneSerial = 0;
    qint64 lapStart = 0; // the shared clock's time at which the frames being decoded start
    for (;;) {
        QSize size;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this, doneSerial] { return wantsWork() || m_seekSerial != doneSerial; });
            if (m_stop)
                return;
            if (m_seekSerial != doneSerial) {
                doneSerial = m_seekSerial;
                const qint64 lap = std::max<qint64>(1, m_lapLengthUs);
                lapStart = (m_seekUs / lap) * lap;
                decoder.seekTo(std::min(m_seekUs - lapStart, m_info.durationUs));
                // The frame due at the time sought replaces the one shown, even if it is older.
                m_current = {};
            }
            size = m_outputSize;
        }
        if (decoder.atEnd()) {
            std::unique_lock lock(m_mutex);
            if (!m_looping) {
                // Played through: wait for a seek (or the end).
                const quint64 serial = doneSerial;
                m_wake.wait(lock, [this, serial] { return m_stop || m_seekSerial != serial; });
                continue;
            }
            lapStart += std::max<qint64>(1, m_lapLengthUs);
            lock.unlock();
            decoder.seekTo(0);
            continue;
        }
        decoder.setOutputSize(size);
        DecodedFrame frame = decoder.next();
        if (!frame.isValid())
            continue; // the end (looped above) or a frame that could not be converted
        frame.ptsUs += lapStart;
        bool first = false;
        {
            std::lock_guard lock(m_mutex);
            if (m_seekSerial != doneSerial)
                continue; // sought elsewhere meanwhile
            first = !m_current.isValid();
            if (first)
                m_current = frame; // shown at once after a seek, whatever the clock says
            else
                m_ahead.push_back(std::move(frame));
        }
        QMetaObject::invokeMethod(this, [this] { Q_EMIT frameDecoded(); }, Qt::QueuedConnection);
    }
}
