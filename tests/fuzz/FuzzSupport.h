#pragma once

#include <QByteArray>

#include <cstddef>
#include <cstdint>

// Shared set-up of the libFuzzer targets: a QCoreApplication (so image plugins load as they do in Paddock) and a
// quiet message handler (parsers warn about every bad input, which would drown the fuzzer's own output).
namespace FuzzSupport {

void initialize(int *argc, char ***argv);

// The input as a QByteArray without copying; valid only during the call.
inline QByteArray view(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace FuzzSupport
