// Fuzzes what Paddock does with an image file the user picks: header inspection for both roles, the slot's
// thumbnail and summary, and preparing the bytes for upload. The functions take a path, so each input is written
// to one file in a private temporary folder (in memory under /dev/shm where there is one).
#include "FuzzSupport.h"

#include "api/ImageSource.h"
#include "media/ImagePreview.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdlib>
#include <memory>

namespace {

std::unique_ptr<QTemporaryDir> g_folder;
QString g_path;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    FuzzSupport::initialize(argc, argv);
    const QString base = QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm") : QDir::tempPath();
    g_folder = std::make_unique<QTemporaryDir>(base + QStringLiteral("/paddock-fuzz-XXXXXX"));
    if (!g_folder->isValid())
        std::abort();
    g_path = g_folder->filePath(QStringLiteral("input.img"));
    // Removed at exit, also when the run ends on a time limit.
    std::atexit([] { g_folder.reset(); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    {
        QFile file(g_path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(reinterpret_cast<const char *>(data), qint64(size)) != qint64(size))
            std::abort();
    }
    const ImageInspection reference = inspectImage(g_path, ImageRole::Reference);
    const ImagePreview preview = previewImage(g_path, ImageRole::FirstFrame, QSize(48, 48));
    const EncodedImage encoded = encodeForUpload(g_path, ImageRole::FirstFrame);
    // An image is either usable or has a reason a person can read; a usable one is a format the service takes,
    // at a size its role allows.
    for (const ImageInspection &inspection : {reference, preview.inspection}) {
        FUZZ_PROMISE(inspection.isUsable() || !inspection.problems.first().isEmpty());
        if (inspection.isUsable()) {
            FUZZ_PROMISE(inspection.readable && (inspection.isSupportedFormat() || inspection.needsConversion()));
            FUZZ_PROMISE(qMin(inspection.size.width(), inspection.size.height()) >= ImageRules::kMinFirstFrameSide);
        }
    }
    FUZZ_PROMISE(preview.thumbnail.isNull() || (preview.thumbnail.width() <= 48 && preview.thumbnail.height() <= 48));
    FUZZ_PROMISE(!encoded.ok() || preview.isUsable());
    if (encoded.ok()) {
        FUZZ_PROMISE(encoded.bytes > 0 && encoded.bytes <= ImageRules::kMaxFileBytes);
        FUZZ_PROMISE(encoded.mimeType == QStringLiteral("image/jpeg") || encoded.mimeType == QStringLiteral("image/png") ||
                     encoded.mimeType == QStringLiteral("image/webp"));
        FUZZ_PROMISE(qMin(encoded.size.width(), encoded.size.height()) >= ImageRules::kMinFirstFrameSide);
    }
    return 0;
}
