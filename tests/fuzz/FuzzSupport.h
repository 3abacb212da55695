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

// Stops the run with a report when a promise the code makes about its result is broken: libFuzzer then keeps the
// input as a crash, so the fuzzers find wrong answers as well as memory errors.
[[noreturn]] void broken(const char *promise, const char *file, int line);

} // namespace FuzzSupport

#define FUZZ_PROMISE(condition)                                                                                    \
    do {                                                                                                           \
        if (!(condition))                                                                                          \
            FuzzSupport::broken(#condition, __FILE__, __LINE__);                                                   \
    } while (false)
