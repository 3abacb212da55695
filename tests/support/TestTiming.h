#pragma once

#include <QtGlobal>

// Time limits and timing windows in tests are set for the normal build. Under AddressSanitizer and
// UndefinedBehaviorSanitizer (-DPADDOCK_SANITIZE=ON) every memory access is checked and code runs several times
// slower, so a limit that guards against a hang, or a window a test must hit (a job's queued phase, a rate-limit
// window), is widened there rather than dropped.
namespace TestTiming {

// gcc says so with a macro, clang with a feature test.
#if defined(__SANITIZE_ADDRESS__)
#define PADDOCK_TEST_SANITIZED
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PADDOCK_TEST_SANITIZED
#endif
#endif

#ifdef PADDOCK_TEST_SANITIZED
constexpr qint64 kSlowdown = 6;
#else
constexpr qint64 kSlowdown = 1;
#endif

// ms in the normal build, widened in a sanitizer build.
constexpr qint64 scaledMs(qint64 ms)
{
    return ms * kSlowdown;
}

} // namespace TestTiming
