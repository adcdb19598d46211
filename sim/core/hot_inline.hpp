#pragma once
// MURMUR_HOT_INLINE marks the per-customer phase functions of the market step, which the block
// loop calls once each per customer. They are large, so GCC would call them out of line;
// inlined, a customer's fields stay in registers from one phase to the next (bench/README.md).

#if defined(__GNUC__) || defined(__clang__)
#define MURMUR_HOT_INLINE [[gnu::always_inline]] inline
#else
#define MURMUR_HOT_INLINE inline
#endif
