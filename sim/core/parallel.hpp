#pragma once
// The one place that talks to oneTBB. The engine runs its customer phases as
// for_each_block(count, fn): fixed blocks of kBlockSize customers, so each block's work and
// its partial results are the same whichever worker runs it, and reductions fold the
// per-block partials in block order (bit-identical for any thread count).
//
// Under ThreadSanitizer the same functions run on plain std::threads instead: Debian's
// libtbb is not instrumented, so TSan cannot see oneTBB's task synchronization and reports
// TBB's own bookkeeping as races. Plain threads are fully visible to TSan, and what it must
// check is Murmur's data: which block writes what, which is the same on either backend.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "sim/core/types.hpp"

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

#if defined(__SANITIZE_THREAD__)
#define MURMUR_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MURMUR_THREAD_SANITIZER 1
#endif
#endif

#ifdef MURMUR_THREAD_SANITIZER
namespace detail {
/// Threads the calling code may use (run_with_threads sets it; 0 = all cores).
inline thread_local unsigned thread_budget = 0;
/// The calling thread's number among the workers of the loop it runs in (current_worker()).
inline thread_local unsigned worker_number = 0;

/// fn(i) for i in [0, count) on up to thread_budget std::threads, taking indices in turn. As
/// with oneTBB, the first exception of any worker stops the handing out of indices and is
/// rethrown to the caller once every worker has finished (an exception leaving a std::thread
/// would terminate the process).
template <class Fn>
void run_indices_on_threads(std::size_t count, Fn& fn) {
  const unsigned budget =
      thread_budget == 0 ? std::max(1u, std::thread::hardware_concurrency()) : thread_budget;
  const auto workers = static_cast<unsigned>(std::min<std::size_t>(budget, count));
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;  // the first exception, guarded by failure_mutex
  auto work = [&](unsigned worker) {
    thread_budget = 1;  // nested loops run inline, as they would on a busy pool
    worker_number = worker;
    try {
      for (std::size_t i = next++; i < count; i = next++) fn(i);
    } catch (...) {
      next = count;  // no more indices for anyone
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  const unsigned mine = thread_budget;
  const unsigned my_number = worker_number;
  {
    std::vector<std::jthread> threads;
    for (unsigned w = 1; w < workers; ++w) threads.emplace_back(work, w);
    work(0);
  }  // joined
  thread_budget = mine;
  worker_number = my_number;
  if (failure) std::rethrow_exception(failure);
}
}  // namespace detail
#endif

/// Calls fn(BlockRange) once per block, in parallel. fn must write only its own block's slots.
template <class Fn>
void for_each_block(CustomerIndex count, Fn&& fn) {
  const std::size_t blocks = block_count(count);
  auto one_block = [&](std::size_t b) {
    const auto begin = static_cast<CustomerIndex>(b * kBlockSize);
    const auto end = static_cast<CustomerIndex>(std::min<std::size_t>(count, (b + 1) * kBlockSize));
    fn(BlockRange{begin, end, b});
  };
#ifdef MURMUR_THREAD_SANITIZER
  detail::run_indices_on_threads(blocks, one_block);
#else
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks, 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t b = range.begin(); b != range.end(); ++b) one_block(b);
      },
      tbb::simple_partitioner{});
#endif
}

/// Calls fn(i) for i in [0, count) in parallel, in chunks (for work that is not per customer).
template <class Fn>
void parallel_for_index(std::size_t count, Fn&& fn) {
#ifdef MURMUR_THREAD_SANITIZER
  detail::run_indices_on_threads(count, fn);
#else
  tbb::parallel_for(std::size_t{0}, count, std::forward<Fn>(fn));
#endif
}

/// Runs fn inside an arena of exactly `threads` workers (0 = all cores).
template <class Fn>
decltype(auto) run_with_threads(unsigned threads, Fn&& fn) {
#ifdef MURMUR_THREAD_SANITIZER
  struct Restore {
    unsigned previous = detail::thread_budget;
    ~Restore() { detail::thread_budget = previous; }
  } restore;
  detail::thread_budget = threads;
  return std::forward<Fn>(fn)();
#else
  tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
  return arena.execute(std::forward<Fn>(fn));
#endif
}

/// Worker threads this machine offers (its cores within the affinity mask): oneTBB runs no
/// more than these at once, whatever an arena asks for.
[[nodiscard]] inline unsigned hardware_threads() noexcept {
#ifdef MURMUR_THREAD_SANITIZER
  return std::max(1u, std::thread::hardware_concurrency());
#else
  return static_cast<unsigned>(std::max(1, tbb::info::default_concurrency()));
#endif
}

/// Number of worker threads available to the calling code.
[[nodiscard]] inline unsigned available_threads() noexcept {
#ifdef MURMUR_THREAD_SANITIZER
  return detail::thread_budget == 0 ? std::max(1u, std::thread::hardware_concurrency())
                                    : detail::thread_budget;
#else
  return static_cast<unsigned>(tbb::this_task_arena::max_concurrency());
#endif
}

/// The calling worker's number inside a for_each_block, 0 <= n < available_threads() as
/// seen where the loop was started: per-worker buffers indexed by it need no locks, since a
/// worker runs one block at a time.
[[nodiscard]] inline unsigned current_worker() noexcept {
#ifdef MURMUR_THREAD_SANITIZER
  return detail::worker_number;
#else
  return static_cast<unsigned>(tbb::this_task_arena::current_thread_index());
#endif
}

}  // namespace murmur
