#include "media/ClipSound.h"

#include "review/SyncClock.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QCoreApplication>
#include <QFile>
#include <QFuture>
#include <QIODevice>
#include <QMediaDevices>
#include <QThreadPool>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <cstring>

namespace {

constexpr qint64 kBytesPerFrame = ClipSound::kChannels * 2;
// Ten minutes of sound at most: far more than any take, and a bound on what a hostile file can make us hold.
constexpr qint64 kMaxPcmBytes = qint64(ClipSound::kSampleRate) * kBytesPerFrame * 600;

qint64 bytesForUs(qint64 us)
{
    return us * ClipSound::kSampleRate / 1000000 * kBytesPerFrame;
}

// Hands the decoded sound to the sink from a read position; past the end it gives silence.
class PcmSource final : public QIODevice
{
public:
    PcmSource(const QByteArray &pcm, qint64 fromBytes, QObject *parent)
        : QIODevice(parent), m_pcm(pcm), m_position(fromBytes)
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return 1 << 16; } // never ends: silence follows the sound
    qint64 readPosition() const { return m_position; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        maxSize -= maxSize % kBytesPerFrame;
        const qint64 left = std::clamp<qint64>(m_pcm.size() - m_position, 0, maxSize);
        if (left > 0)
            std::memcpy(data, m_pcm.constData() + m_position, size_t(left));
        std::memset(data + left, 0, size_t(maxSize - left));
        m_position += maxSize;
        return maxSize;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_pcm;
    qint64 m_position;
};

} // namespace

ClipSound::ClipSound(QObject *parent) : QObject(parent) {}

ClipSound::~ClipSound()
{
    stop();
}

void ClipSound::open(const QString &path)
{
    stop();
    m_path = path;
    m_pcm.clear();
    m_lap = -1;
    const quint64 serial = ++m_serial;
    if (path.isEmpty()) {
        Q_EMIT decoded();
        return;
    }
    QtFuture::makeReadyFuture()
        .then(QThreadPool::globalInstance(), [path] { return decode(path, nullptr); })
        .then(this, [this, serial](const QByteArray &pcm) {
            if (serial != m_serial)
                return;
            m_pcm = pcm;
            Q_EMIT decoded();
        });
}

bool ClipSound::hasDevice() const
{
    return !QMediaDevices::defaultAudioOutput().isNull();
}

qint64 ClipSound::pcmDurationUs() const
{
    return m_pcm.size() / kBytesPerFrame * 1000000 / kSampleRate;
}

void ClipSound::stop()
{
    if (m_sink) {
        m_sink->stop();
        delete m_sink;
        m_sink = nullptr;
    }
    delete m_source;
    m_source = nullptr;
}

qint64 ClipSound::heardTimeUs() const
{
    if (!m_sink || !m_source)
        return -1;
    const auto *source = static_cast<const PcmSource *>(m_source);
    // What the sink holds has been read but not heard yet.
    const qint64 buffered = std::max<qint64>(0, m_sink->bufferSize() - m_sink->bytesFree());
    return (source->readPosition() - buffered) / kBytesPerFrame * 1000000 / kSampleRate;
}

void ClipSound::startSink(qint64 timeUs)
{
    stop();
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull())
        return;
    QAudioFormat format;
    format.setSampleRate(kSampleRate);
    format.setChannelCount(kChannels);
    format.setSampleFormat(QAudioFormat::Int16);
    if (!device.isFormatSupported(format))
        return;
    m_sink = new QAudioSink(device, format, this);
    m_sink->setBufferSize(int(bytesForUs(80000))); // short: a jump to the clock is heard at once
    m_source = new PcmSource(m_pcm, bytesForUs(timeUs), this);
    m_sink->start(m_source);
}

void ClipSound::follow(const SyncClock &clock)
{
    const bool audible = clock.isPlaying() && !clock.hasEnded() && qFuzzyCompare(clock.rate(), 1.0) && hasSound();
    if (!audible) {
        if (m_sink)
            stop();
        return;
    }
    const qint64 due = clock.timeInLap();
    const qint64 heard = heardTimeUs();
    if (!m_sink || clock.lap() != m_lap || heard < 0 || std::abs(heard - due) > kMaxDriftUs) {
        m_lap = clock.lap();
        startSink(due);
    }
}

QByteArray ClipSound::decode(const QString &path, QString *error)
{
    auto fail = [error](const char *message) {
        if (error)
            *error = QCoreApplication::translate("ClipSound", message);
        return QByteArray();
    };
    AVFormatContext *format = nullptr;
    const QByteArray file = QFile::encodeName(path);
    if (avformat_open_input(&format, file.constData(), nullptr, nullptr) < 0)
        return fail("the file cannot be opened.");
    struct Cleanup
    {
        AVFormatContext **format;
        AVCodecContext *codec = nullptr;
        SwrContext *resampler = nullptr;
        AVPacket *packet = av_packet_alloc();
        AVFrame *frame = av_frame_alloc();
        ~Cleanup()
        {
            av_frame_free(&frame);
            av_packet_free(&packet);
            swr_free(&resampler);
            avcodec_free_context(&codec);
            avformat_close_input(format);
        }
    } av{&format};
    if (avformat_find_stream_info(format, nullptr) < 0)
        return fail("the file has no streams Paddock can read.");
    const AVCodec *codec = nullptr;
    const int stream = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    if (stream < 0 || !codec)
        return fail("the clip has no sound.");
    av.codec = avcodec_alloc_context3(codec);
    if (!av.codec || avcodec_parameters_to_context(av.codec, format->streams[stream]->codecpar) < 0 ||
        avcodec_open2(av.codec, codec, nullptr) < 0 || !av.packet || !av.frame)
        return fail("the sound's codec cannot be opened.");
    AVChannelLayout stereo{};
    av_channel_layout_default(&stereo, kChannels);
    if (swr_alloc_set_opts2(&av.resampler, &stereo, AV_SAMPLE_FMT_S16, kSampleRate, &av.codec->ch_layout,
                            av.codec->sample_fmt, av.codec->sample_rate, 0, nullptr) < 0 ||
        swr_init(av.resampler) < 0)
        return fail("the sound cannot be converted for playing.");

    QByteArray pcm;
    auto drain = [&](const AVFrame *in) {
        const int room = swr_get_out_samples(av.resampler, in ? in->nb_samples : 0);
        if (room <= 0)
            return true;
        const qint64 at = pcm.size();
        if (at + qint64(room) * kBytesPerFrame > kMaxPcmBytes)
            return false;
        pcm.resize(at + qint64(room) * kBytesPerFrame);
        auto *out = reinterpret_cast<uint8_t *>(pcm.data() + at);
        const int made = swr_convert(av.resampler, &out, room, in ? const_cast<const uint8_t **>(in->extended_data) : nullptr,
                                     in ? in->nb_samples : 0);
        pcm.resize(at + qint64(std::max(0, made)) * kBytesPerFrame);
        return made >= 0;
    };
    bool more = true;
    while (more) {
        if (av_read_frame(format, av.packet) < 0) {
            avcodec_send_packet(av.codec, nullptr);
            more = false;
        } else {
            const bool ours = av.packet->stream_index == stream;
            if (ours)
                avcodec_send_packet(av.codec, av.packet);
            av_packet_unref(av.packet);
            if (!ours)
                continue;
        }
        while (avcodec_receive_frame(av.codec, av.frame) == 0) {
            const bool kept = drain(av.frame);
            av_frame_unref(av.frame);
            if (!kept)
                return fail("the sound is longer than Paddock plays.");
        }
    }
    drain(nullptr);
    return pcm;
}
