#pragma once
// The one place that talks to oneTBB. The engine runs its customer phases as
// for_each_block(count, fn): fixed blocks of kBlockSize customers, so each block's work and
// its partial results are the same whichever worker runs it, and reductions fold the
// per-block partials in block order (bit-identical for any thread count).

#include <algorithm>
#include <cstddef>
#include <memory>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "sim/types.hpp"

namespace murmur {

/// Customers per block: 4096 keeps a block's hot arrays in L2 and gives enough blocks
/// (244 at 1M customers) to balance two to sixty-four threads.
inline constexpr CustomerIndex kBlockSize = 4096;

struct BlockRange {
  CustomerIndex begin;  ///< first customer of the block
  CustomerIndex end;    ///< one past the last customer
  std::size_t index;    ///< block number, for per-block partial results
};

[[nodiscard]] constexpr std::size_t block_count(CustomerIndex count) noexcept {
  return (static_cast<std::size_t>(count) + kBlockSize - 1) / kBlockSize;
}

/// Calls fn(BlockRange) once per block, in parallel. fn must write only its own block's slots.
template <class Fn>
void for_each_block(CustomerIndex count, Fn&& fn) {
  const std::size_t blocks = block_count(count);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks, 1),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t b = range.begin(); b != range.end(); ++b) {
                        const auto begin = static_cast<CustomerIndex>(b * kBlockSize);
                        const auto end = static_cast<CustomerIndex>(
                            std::min<std::size_t>(count, (b + 1) * kBlockSize));
                        fn(BlockRange{begin, end, b});
                      }
                    },
                    tbb::simple_partitioner{});
}

/// Calls fn(i) for i in [0, count) in parallel, in chunks (for work that is not per customer).
template <class Fn>
void parallel_for_index(std::size_t count, Fn&& fn) {
  tbb::parallel_for(std::size_t{0}, count, std::forward<Fn>(fn));
}

/// Runs fn inside an arena of exactly `threads` workers (0 = all cores).
template <class Fn>
decltype(auto) run_with_threads(unsigned threads, Fn&& fn) {
  tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
  return arena.execute(std::forward<Fn>(fn));
}

/// Number of worker threads available to the calling code.
[[nodiscard]] inline unsigned available_threads() noexcept {
  return static_cast<unsigned>(tbb::this_task_arena::max_concurrency());
}

}  // namespace murmur
