#include "media/Mp4Info.h"

#include <QFile>
#include <QStringList>
#include <QtEndian>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 fourcc(const char (&text)[5])
{
    return (quint32(quint8(text[0])) << 24) | (quint32(quint8(text[1])) << 16) | (quint32(quint8(text[2])) << 8) |
           quint32(quint8(text[3]));
}

// A real ftyp is 16 bytes plus a few compatible brands; anything far bigger is not an MP4 header.
constexpr quint32 kMinFtypSize = 16;
constexpr quint32 kMaxFtypSize = 4096;

// A real file has a few dozen boxes on the paths we walk (more for fragmented files); a hostile one could
// hold hundreds of millions of 8-byte boxes, and walking them would hang the caller.
constexpr int kMaxBoxes = 100'000;

// stts is read in chunks so a huge table never becomes one allocation; past this many entries the
// average frame rate is already known well, so the rest is skipped.
constexpr quint32 kMaxSttsEntries = 1'000'000;
constexpr quint32 kSttsEntriesPerChunk = 4096;

QString fourccText(quint32 type)
{
    QString text;
    for (int shift = 24; shift >= 0; shift -= 8) {
        const auto c = char16_t((type >> shift) & 0xFF);
        // Hostile files put anything here; keep the text printable for messages and the library.
        text.append(c >= 0x20 && c < 0x7F ? QChar(c) : QChar(u'?'));
    }
    return text;
}

// Big-endian fields from a box payload; reading past the end sets ok to false instead of crashing.
class Cursor
{
public:
    explicit Cursor(const QByteArray &bytes) : m_bytes(bytes) {}

    bool ok() const { return m_ok; }
    void skip(qsizetype count) { take(count); }
    quint8 u8() { return read<quint8>(); }
    quint16 u16() { return read<quint16>(); }
    quint32 u32() { return read<quint32>(); }
    quint64 u64() { return read<quint64>(); }

private:
    const char *take(qsizetype count)
    {
        if (!m_ok || count > m_bytes.size() - m_pos) {
            m_ok = false;
            return nullptr;
        }
        const char *start = m_bytes.constData() + m_pos;
        m_pos += count;
        return start;
    }

    template <typename T> T read()
    {
        const char *start = take(qsizetype(sizeof(T)));
        return start ? qFromBigEndian<T>(start) : T(0);
    }

    const QByteArray &m_bytes;
    qsizetype m_pos = 0;
    bool m_ok = true;
};

struct Box
{
    quint32 type = 0;
    qint64 start = 0;   // offset of the size field
    qint64 payload = 0; // first byte after the header
    qint64 end = 0;     // one past the last byte
    qint64 payloadSize() const { return end - payload; }
};

// What one trak says, gathered before it is folded into the result.
struct Track
{
    quint32 handler = 0;
    int width = 0; // display size from tkhd, after a 90 or 270 degree rotation
    int height = 0;
    int codedWidth = 0; // from the visual sample entry, for files whose tkhd says 0
    int codedHeight = 0;
    quint32 timescale = 0;
    quint64 duration = 0;
    quint32 codec = 0;
    double sampleCount = 0;
    double sampleDuration = 0; // in timescale units
};

// Walks the box tree with seeks and small reads: only the boxes on the path to each track's header are
// read, and only their fixed-size prefix, so mdat is never loaded and no size from the file drives an
// allocation. Descent follows the fixed path moov/trak/mdia/minf/stbl, so nesting depth is bounded by
// construction however deeply a hostile file nests its boxes.
class BoxReader
{
public:
    explicit BoxReader(QIODevice *device) : m_device(device), m_fileSize(device->size()) {}

    Mp4Info read();

private:
    enum class Header
    {
        Ok,
        Cut,
        Overruns,
        BadSize
    };

    Header readHeader(qint64 pos, qint64 limit, Box &box);
    bool checkFtyp();
    bool scanTopLevel();
    template <typename Fn> bool forEachChild(const Box &parent, Fn &&visit);
    std::optional<QByteArray> readPayload(const Box &box, qint64 maxBytes);
    bool countBox();
    bool fail(const QString &error);
    bool damagedBox(const Box &box);

    bool readMoov(const Box &moov);
    bool readMvhd(const Box &box);
    bool readTrak(const Box &trak);
    bool readTkhd(const Box &box, Track &track);
    bool readMdia(const Box &mdia, Track &track);
    bool readMdhd(const Box &box, Track &track);
    bool readHdlr(const Box &box, Track &track);
    bool readStbl(const Box &stbl, Track &track);
    bool readStsd(const Box &box, Track &track);
    bool readStts(const Box &box, Track &track);
    void addTrack(const Track &track);
    void finish();

    QIODevice *m_device;
    qint64 m_fileSize;
    int m_boxes = 0;
    bool m_haveMoov = false;
    quint32 m_movieTimescale = 0;
    quint64 m_movieDuration = 0;
    double m_longestTrackSeconds = 0;
    Mp4Info m_info;
};

Mp4Info BoxReader::read()
{
    if (!checkFtyp() || !scanTopLevel()) {
        // Nothing half-read leaks out: a caller that forgets to check valid sees no size or tracks.
        Mp4Info failed;
        failed.error = m_info.error;
        return failed;
    }
    m_info.valid = true;
    finish();
    return m_info;
}

bool BoxReader::fail(const QString &error)
{
    m_info.error = error;
    return false;
}

bool BoxReader::damagedBox(const Box &box)
{
    return fail(u"The MP4 file is damaged: the box at byte %1 has an impossible size."_s.arg(box.start));
}

bool BoxReader::countBox()
{
    if (++m_boxes <= kMaxBoxes)
        return true;
    return fail(
        u"The MP4 file is damaged: it holds more than %1 boxes, far more than any real video."_s.arg(kMaxBoxes));
}

BoxReader::Header BoxReader::readHeader(qint64 pos, qint64 limit, Box &box)
{
    box = Box{};
    box.start = pos;
    if (limit - pos < 8 || !m_device->seek(pos))
        return Header::Cut;
    const QByteArray head = m_device->read(16);
    if (head.size() < 8)
        return Header::Cut;
    Cursor cursor(head);
    const quint64 size32 = cursor.u32();
    box.type = cursor.u32();
    qint64 headerSize = 8;
    quint64 size = size32;
    if (size32 == 1) {
        // 64-bit size follows the type, for boxes over 4 GB.
        if (limit - pos < 16 || head.size() < 16)
            return Header::Cut;
        size = cursor.u64();
        headerSize = 16;
    } else if (size32 == 0) {
        size = quint64(limit - pos); // the box runs to the end of the file (or of its parent)
    }
    if (box.type == fourcc("uuid"))
        headerSize += 16; // extended type
    box.payload = pos + headerSize;
    if (size < quint64(headerSize))
        return Header::BadSize;
    // Compared before adding, so a size near 2^64 cannot overflow the end offset.
    if (size > quint64(limit - pos))
        return Header::Overruns;
    box.end = pos + qint64(size);
    return Header::Ok;
}

std::optional<QByteArray> BoxReader::readPayload(const Box &box, qint64 maxBytes)
{
    const qint64 wanted = std::min(box.payloadSize(), maxBytes);
    if (!m_device->seek(box.payload)) {
        fail(u"Could not read the file: %1."_s.arg(m_device->errorString()));
        return std::nullopt;
    }
    QByteArray bytes = m_device->read(wanted);
    if (bytes.size() != wanted) {
        fail(u"Could not read the file: it ended before its boxes did."_s);
        return std::nullopt;
    }
    return bytes;
}

bool BoxReader::checkFtyp()
{
    if (m_fileSize == 0)
        return fail(u"The file is empty: there is no video in it."_s);
    if (!m_device->seek(0))
        return fail(u"Could not read the file: %1."_s.arg(m_device->errorString()));
    const QByteArray head = m_device->read(8);
    if (!Mp4Info::startsLikeMp4(head) || qFromBigEndian<quint32>(head.constData()) > m_fileSize)
        return fail(u"Not an MP4 file: it does not start with an 'ftyp' box."_s);
    return true;
}

bool BoxReader::scanTopLevel()
{
    m_info.complete = true;
    qint64 pos = 0;
    while (pos < m_fileSize) {
        if (!countBox())
            return false;
        Box box;
        const Header header = readHeader(pos, m_fileSize, box);
        if (header == Header::BadSize)
            return damagedBox(box);
        if (header == Header::Cut || header == Header::Overruns) {
            // A cut-off download: what came before may still hold a whole moov.
            m_info.complete = false;
            break;
        }
        if (box.type == fourcc("moov") && !m_haveMoov) {
            m_haveMoov = true;
            if (!readMoov(box))
                return false;
        }
        pos = box.end;
    }
    if (!m_haveMoov)
        return fail(u"The MP4 file is incomplete: its 'moov' box is missing or cut off."_s);
    if (!m_info.hasVideo && !m_info.hasAudio)
        return fail(u"The MP4 file holds no video or audio track."_s);
    return true;
}

template <typename Fn> bool BoxReader::forEachChild(const Box &parent, Fn &&visit)
{
    qint64 pos = parent.payload;
    while (pos < parent.end) {
        if (!countBox())
            return false;
        Box child;
        switch (readHeader(pos, parent.end, child)) {
        case Header::Ok:
            break;
        case Header::Cut:
            // A few trailing bytes (some writers pad with a zero word) hold no box; nothing more to read.
            return true;
        case Header::Overruns:
            return fail(u"The MP4 file is damaged: the '%1' box at byte %2 runs past the end of its '%3' box."_s.arg(
                fourccText(child.type), QString::number(child.start), fourccText(parent.type)));
        case Header::BadSize:
            return damagedBox(child);
        }
        if (!visit(child))
            return false;
        pos = child.end;
    }
    return true;
}

bool BoxReader::readMoov(const Box &moov)
{
    return forEachChild(moov, [this](const Box &box) {
        if (box.type == fourcc("mvhd"))
            return readMvhd(box);
        if (box.type == fourcc("trak"))
            return readTrak(box);
        return true;
    });
}

bool BoxReader::readMvhd(const Box &box)
{
    const auto payload = readPayload(box, 32);
    if (!payload)
        return false;
    Cursor cursor(*payload);
    const quint8 version = cursor.u8();
    cursor.skip(3); // flags
    if (version == 1) {
        cursor.skip(16); // creation and modification times
        m_movieTimescale = cursor.u32();
        m_movieDuration = cursor.u64();
        if (m_movieDuration == ~quint64(0)) // all ones: unknown
            m_movieDuration = 0;
    } else {
        cursor.skip(8);
        m_movieTimescale = cursor.u32();
        m_movieDuration = cursor.u32();
        if (m_movieDuration == 0xFFFFFFFF)
            m_movieDuration = 0;
    }
    return cursor.ok() || damagedBox(box);
}

bool BoxReader::readTrak(const Box &trak)
{
    Track track;
    const bool ok = forEachChild(trak, [this, &track](const Box &box) {
        if (box.type == fourcc("tkhd"))
            return readTkhd(box, track);
        if (box.type == fourcc("mdia"))
            return readMdia(box, track);
        return true;
    });
    if (ok)
        addTrack(track);
    return ok;
}

bool BoxReader::readTkhd(const Box &box, Track &track)
{
    const auto payload = readPayload(box, 96);
    if (!payload)
        return false;
    Cursor cursor(*payload);
    const quint8 version = cursor.u8();
    cursor.skip(3);
    // Times, track id, reserved, duration: 32 bytes in version 1, 20 in version 0.
    cursor.skip(version == 1 ? 32 : 20);
    cursor.skip(8 + 2 + 2 + 2 + 2); // reserved, layer, alternate group, volume, reserved
    // The display matrix, row by row: a b u / c d v / x y w.
    const auto a = qint32(cursor.u32());
    const auto b = qint32(cursor.u32());
    cursor.skip(4); // u
    const auto c = qint32(cursor.u32());
    const auto d = qint32(cursor.u32());
    cursor.skip(4 * 4); // v, x, y, w
    // 16.16 fixed point; rounded, as some writers store 1279.99 for 1280.
    const int width = int((quint64(cursor.u32()) + 0x8000) >> 16);
    const int height = int((quint64(cursor.u32()) + 0x8000) >> 16);
    if (!cursor.ok())
        return damagedBox(box);
    // A phone clip is often stored landscape with a 90 degree matrix; players show it upright.
    const bool quarterTurn = a == 0 && d == 0 && b != 0 && c != 0;
    track.width = quarterTurn ? height : width;
    track.height = quarterTurn ? width : height;
    return true;
}

bool BoxReader::readMdia(const Box &mdia, Track &track)
{
    return forEachChild(mdia, [this, &track](const Box &box) {
        if (box.type == fourcc("mdhd"))
            return readMdhd(box, track);
        if (box.type == fourcc("hdlr"))
            return readHdlr(box, track);
        if (box.type == fourcc("minf")) {
            return forEachChild(box, [this, &track](const Box &child) {
                return child.type == fourcc("stbl") ? readStbl(child, track) : true;
            });
        }
        return true;
    });
}

bool BoxReader::readMdhd(const Box &box, Track &track)
{
    const auto payload = readPayload(box, 32);
    if (!payload)
        return false;
    Cursor cursor(*payload);
    const quint8 version = cursor.u8();
    cursor.skip(3);
    if (version == 1) {
        cursor.skip(16);
        track.timescale = cursor.u32();
        track.duration = cursor.u64();
        if (track.duration == ~quint64(0))
            track.duration = 0;
    } else {
        cursor.skip(8);
        track.timescale = cursor.u32();
        track.duration = cursor.u32();
        if (track.duration == 0xFFFFFFFF)
            track.duration = 0;
    }
    return cursor.ok() || damagedBox(box);
}

bool BoxReader::readHdlr(const Box &box, Track &track)
{
    const auto payload = readPayload(box, 12);
    if (!payload)
        return false;
    Cursor cursor(*payload);
    cursor.skip(4 + 4); // version and flags, pre_defined
    track.handler = cursor.u32();
    return cursor.ok() || damagedBox(box);
}

bool BoxReader::readStbl(const Box &stbl, Track &track)
{
    return forEachChild(stbl, [this, &track](const Box &box) {
        if (box.type == fourcc("stsd"))
            return readStsd(box, track);
        if (box.type == fourcc("stts"))
            return readStts(box, track);
        return true;
    });
}

bool BoxReader::readStsd(const Box &box, Track &track)
{
    // Version and flags, entry count, then the first sample entry's header and, for video, its coded size.
    const auto payload = readPayload(box, 4 + 4 + 8 + 28);
    if (!payload)
        return false;
    Cursor cursor(*payload);
    cursor.skip(4);
    if (cursor.u32() == 0)
        return cursor.ok() || damagedBox(box); // no sample entries: codec unknown
    cursor.skip(4);                            // entry size
    track.codec = cursor.u32();
    if (!cursor.ok())
        return damagedBox(box);
    cursor.skip(6 + 2 + 2 + 2 + 12); // reserved, data reference index, pre_defined, reserved, pre_defined
    const quint16 width = cursor.u16();
    const quint16 height = cursor.u16();
    // Only a visual sample entry has its coded size here; for other tracks these bytes mean something else
    // and are never used.
    if (cursor.ok()) {
        track.codedWidth = width;
        track.codedHeight = height;
    }
    return true;
}

bool BoxReader::readStts(const Box &box, Track &track)
{
    const auto head = readPayload(box, 8);
    if (!head)
        return false;
    Cursor cursor(*head);
    cursor.skip(4);
    const quint32 declared = cursor.u32();
    if (!cursor.ok())
        return damagedBox(box);
    // Never trust the count beyond what the box can hold.
    const auto fits = quint64(std::max<qint64>(0, box.payloadSize() - 8) / 8);
    quint32 remaining = quint32(std::min<quint64>({declared, fits, kMaxSttsEntries}));
    qint64 pos = box.payload + 8;
    while (remaining > 0) {
        const quint32 count = std::min(remaining, kSttsEntriesPerChunk);
        Box chunk;
        chunk.payload = pos;
        chunk.end = pos + qint64(count) * 8;
        const auto bytes = readPayload(chunk, chunk.payloadSize());
        if (!bytes)
            return false;
        Cursor entries(*bytes);
        for (quint32 i = 0; i < count; ++i) {
            const double samples = entries.u32();
            const double delta = entries.u32();
            track.sampleCount += samples;
            track.sampleDuration += samples * delta;
        }
        remaining -= count;
        pos = chunk.end;
    }
    return true;
}

void BoxReader::addTrack(const Track &track)
{
    const double seconds = track.timescale > 0 ? double(track.duration) / track.timescale : 0;
    m_longestTrackSeconds = std::max(m_longestTrackSeconds, seconds);
    if (track.handler == fourcc("vide") && !m_info.hasVideo) {
        m_info.hasVideo = true;
        m_info.width = track.width > 0 ? track.width : track.codedWidth;
        m_info.height = track.height > 0 ? track.height : track.codedHeight;
        m_info.videoDurationSeconds = seconds;
        m_info.videoCodec = track.codec ? fourccText(track.codec) : QString();
        if (track.timescale > 0 && track.sampleDuration > 0)
            m_info.frameRate = track.sampleCount * track.timescale / track.sampleDuration;
    } else if (track.handler == fourcc("soun") && !m_info.hasAudio) {
        m_info.hasAudio = true;
        m_info.audioDurationSeconds = seconds;
        m_info.audioCodec = track.codec ? fourccText(track.codec) : QString();
    }
}

void BoxReader::finish()
{
    m_info.durationSeconds = m_movieTimescale > 0 && m_movieDuration > 0 ? double(m_movieDuration) / m_movieTimescale
                                                                         : m_longestTrackSeconds;
}

} // namespace

QString Mp4Info::summary() const
{
    if (!valid)
        return error;
    QStringList parts;
    if (hasVideo) {
        QString video = u"%1×%2 %3"_s.arg(width).arg(height).arg(videoCodec.isEmpty() ? u"video"_s : videoCodec);
        if (frameRate > 0)
            video += u" at %1 fps"_s.arg(frameRate, 0, 'g', 4);
        parts << video;
    }
    if (hasAudio)
        parts << u"%1 audio"_s.arg(audioCodec.isEmpty() ? u"unknown"_s : audioCodec);
    parts << u"%1 s"_s.arg(durationSeconds, 0, 'f', 1);
    QString text = parts.join(u", "_s);
    if (!complete)
        text += u" (the file is cut off)"_s;
    return text;
}

Mp4Info Mp4Info::fromFile(const QString &path)
{
    QFile file(path);
    // Unbuffered: the reader seeks and reads a few bytes at a time, and read-ahead would pull in media data.
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        Mp4Info info;
        info.error = u"Could not open the file \"%1\": %2."_s.arg(path, file.errorString());
        return info;
    }
    return fromDevice(&file);
}

Mp4Info Mp4Info::fromDevice(QIODevice *device)
{
    if (!device || !device->isOpen() || !device->isReadable() || device->isSequential()) {
        Mp4Info info;
        info.error = u"Could not read the file: it is not open for reading with random access."_s;
        return info;
    }
    return BoxReader(device).read();
}

bool Mp4Info::startsLikeMp4(const QByteArray &head)
{
    if (head.size() < 8 || head.mid(4, 4) != "ftyp")
        return false;
    const quint32 size = qFromBigEndian<quint32>(head.constData());
    return size >= kMinFtypSize && size <= kMaxFtypSize;
}
