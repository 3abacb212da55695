// Fuzzes the MP4 box reader that checks every downloaded clip before it is shown and recorded.
#include "FuzzSupport.h"

#include "media/Mp4Info.h"

#include <QBuffer>

#include <cmath>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    FuzzSupport::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray bytes = FuzzSupport::view(data, size);
    const bool looksLikeMp4 = Mp4Info::startsLikeMp4(bytes.left(16));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    const Mp4Info info = Mp4Info::fromDevice(&buffer);
    const QString summary = info.summary();
    if (!info.valid) {
        // Nothing half-read leaks out of a file that failed, and the reason is given.
        FUZZ_PROMISE(!info.error.isEmpty() && summary == info.error);
        FUZZ_PROMISE(info.width == 0 && info.height == 0 && !info.hasVideo && !info.hasAudio);
        return 0;
    }
    // What goes into the library is a real size and finite, non-negative times.
    FUZZ_PROMISE(looksLikeMp4);
    FUZZ_PROMISE(info.hasVideo || info.hasAudio);
    FUZZ_PROMISE(info.width >= 0 && info.height >= 0 && info.width <= 65536 && info.height <= 65536);
    for (const double seconds : {info.durationSeconds, info.videoDurationSeconds, info.audioDurationSeconds,
                                 info.frameRate})
        FUZZ_PROMISE(std::isfinite(seconds) && seconds >= 0);
    FUZZ_PROMISE(info.videoCodec.size() <= 4 && info.audioCodec.size() <= 4);
    return 0;
}
