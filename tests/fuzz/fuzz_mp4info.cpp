// Fuzzes the MP4 box reader that checks every downloaded clip before it is shown.
#include "FuzzSupport.h"

#include "media/Mp4Info.h"

#include <QBuffer>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    FuzzSupport::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray bytes = FuzzSupport::view(data, size);
    (void)Mp4Info::startsLikeMp4(bytes.left(16));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    const Mp4Info info = Mp4Info::fromDevice(&buffer);
    (void)info.summary();
    return 0;
}
