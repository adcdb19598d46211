#pragma once
// Invariant checks of a MURMUR_VALIDATE build (cmake -DMURMUR_VALIDATE=ON; CI's sanitizer
// build turns it on). MURMUR_ASSERT(condition, message) aborts with the file, line, condition
// and message when the condition fails; in other builds it compiles to nothing and its
// arguments are not evaluated, so a check may be as slow as it needs to be.
//
// Use it for what the code promises itself (a CSR row's symmetry, a bound that must hold),
// never for user input: bad input is an InputError in every build.

#if defined(MURMUR_VALIDATE)
#include <cstdio>
#include <cstdlib>

namespace murmur::detail {
[[noreturn]] inline void validation_failed(const char* file, int line, const char* condition,
                                           const char* message) noexcept {
  std::fprintf(stderr, "%s:%d: MURMUR_VALIDATE: %s failed: %s\n", file, line, condition, message);
  std::abort();
}
}  // namespace murmur::detail

#define MURMUR_ASSERT(condition, message) \
  ((condition) ? static_cast<void>(0)     \
               : ::murmur::detail::validation_failed(__FILE__, __LINE__, #condition, message))
#else
#define MURMUR_ASSERT(condition, message) static_cast<void>(0)
#endif
