#pragma once
// Word of mouth pushed rather than pulled. In a typical week a few per cent of the customers
// speak, so counting what each customer heard by reading every neighbour's broadcast (the
// pull, message_counts.hpp) visits about twenty silent neighbours for each message, and at
// a million customers those reads of random neighbours wait on memory. MessageRouter
// instead walks the rows of the customers who spoke only, and files each message under the
// block of the customer who hears it; a block's customers then find their counts in a
// 16-byte slot each (deliver()).
//
// Deterministic: the mail is filed per worker, in whatever order the blocks happened to run,
// but a count is a sum of ones, the same in any order; the counts equal the pull's to the
// bit (tests/test_message_routing.cpp).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "agents/customers.hpp"
#include "agents/message_counts.hpp"
#include "sim/parallel.hpp"

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
  /// Heap bytes held (capacity: the mail of the busiest week so far).
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

 private:
  /// A message as filed: the hearer's offset in its block above the broadcast byte.
  static constexpr unsigned kOffsetShift = 8;
  static_assert(kBlockSize <= (std::uint64_t{1} << (32 - kOffsetShift)),
                "a block offset and a broadcast byte share 32 bits");

  /// mail_[worker][block]: the messages to that block's customers filed by that worker.
  std::vector<std::vector<std::vector<std::uint32_t>>> mail_;
};

}  // namespace murmur
