#pragma once
// Word of mouth pushed rather than pulled. In a typical week about one customer in ten
// speaks, so counting what each customer heard by reading every neighbour's broadcast (the
// pull, message_counts.hpp) visits some nine silent neighbours for each message, and at a
// million customers those reads of random neighbours wait on memory. MessageRouter
// instead walks the rows of the customers who spoke only, files each message with its
// hearer, and sorts the mail by the hearer's block; a block's customers then find their
// counts in a 16-byte slot each (deliver()).
//
// Deterministic: the mail is filed per worker, in whatever order the blocks happened to run,
// but a count is a sum of ones, the same in any order; the counts equal the pull's to the
// bit (tests/agents/test_message_routing.cpp).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "agents/customers.hpp"
#include "agents/message_counts.hpp"
#include "sim/core/parallel.hpp"

namespace murmur {

class MessageRouter {
 public:
  /// Files every broadcast of `said` that carries a message (positive or negative) under
  /// each neighbour of its speaker, by the neighbour's block. The graph's CSR rows are
  /// `row_starts` / `columns`. Replaces what the last call filed. Runs its own for_each_block.
  void route(std::span<const std::uint32_t> row_starts, std::span<const CustomerIndex> columns,
             std::span<const Broadcast> said);

  /// The packed counts (message_counts.hpp) of what each customer of block `r` heard in
  /// the last route(), in counts[i − r.begin]; counts must hold the block. Only for markets
  /// that the packed count takes: at most 8 brands, and no customer with more than 255
  /// neighbours (a lane holds 255 messages).
  void deliver(BlockRange r, std::span<PackedCounts> counts) const;

  /// The messages filed by the last route().
  [[nodiscard]] std::size_t messages() const noexcept;
  /// Heap bytes held (capacity: the mail of the busiest week so far, kBytesPerMessage each).
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

  /// A filed message: its hearer and broadcast as filed, then the two packed by block.
  static constexpr std::size_t kBytesPerMessage =
      sizeof(CustomerIndex) + sizeof(Broadcast) + sizeof(std::uint32_t);

 private:
  /// A message sorted by block: the hearer's offset in its block above the broadcast byte.
  static constexpr unsigned kOffsetShift = 8;
  static_assert(kBlockSize <= (std::uint64_t{1} << (32 - kOffsetShift)),
                "a block offset and a broadcast byte share 32 bits");

  /// What one worker filed: as it went (the hearer and the broadcast of each message), then
  /// sorted by the hearer's block. Per worker so that filing takes no lock; a worker's mail
  /// is about its share of the week's messages, so the memory does not grow with the
  /// number of workers.
  struct WorkerMail {
    std::vector<CustomerIndex> hearers;
    std::vector<Broadcast> messages;
    std::vector<std::uint32_t> block_starts;  ///< (blocks + 1): block d's mail in by_block
    std::vector<std::uint32_t> next;          ///< the counting sort's cursors
    /// The hearer's offset in its block above the broadcast byte, by block.
    std::vector<std::uint32_t> by_block;

    void sort_by_block(std::size_t blocks);
  };
  std::vector<WorkerMail> mail_;
};

}  // namespace murmur
