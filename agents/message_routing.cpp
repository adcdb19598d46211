#include "agents/message_routing.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace murmur {

namespace {

/// A broadcast carries a message when its valence bits (6–7) are set: Silent is 0, and a
/// brand byte with no valence is nothing a neighbour counts (its packed-count row is zero).
constexpr std::uint64_t kValenceBits = 0xC0C0C0C0C0C0C0C0ull;

/// Calls speak(i) for each customer i in [begin, end) whose broadcast carries a message, in
/// order. Eight broadcasts at a time: most customers are silent, so most words are zero and
/// cost one test.
template <class Speak>
void for_each_speaker(std::span<const Broadcast> said, CustomerIndex begin, CustomerIndex end,
                      Speak speak) {
  CustomerIndex i = begin;
  // Byte k of the word is customer i + k only in little-endian order.
  if constexpr (std::endian::native == std::endian::little)
    for (; i + 8 <= end; i += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, said.data() + i, sizeof word);
      for (std::uint64_t spoken = word & kValenceBits; spoken != 0; spoken &= spoken - 1)
        speak(i + static_cast<CustomerIndex>(std::countr_zero(spoken) / 8));
    }
  for (; i < end; ++i)
    if (broadcast_valence(said[i]) != Valence::None) speak(i);
}

/// Speakers whose rows are fetched ahead of the one being filed (measured: bench/README.md).
constexpr std::size_t kRowsAhead = 8;

}  // namespace

void MessageRouter::route(std::span<const std::uint32_t> row_starts,
                          std::span<const CustomerIndex> columns, std::span<const Broadcast> said) {
  const auto customers = static_cast<CustomerIndex>(said.size());
  mail_.resize(std::max<std::size_t>(mail_.size(), available_threads()));
  // A worker keeps its buffers' capacity for the next week, unless they outgrew twice a
  // fair share of last week's mail (a worker that once ran many blocks): what the router
  // holds then stays near the mail of one week, whatever the number of workers.
  const std::size_t fair_share = 2 * (messages() / mail_.size()) + kBlockSize;
  for (WorkerMail& worker : mail_) {
    if (worker.by_block.capacity() > fair_share) worker = WorkerMail{};
    worker.hearers.clear();
    worker.messages.clear();
  }
  for_each_block(customers, [&](BlockRange r) {
    WorkerMail& mine = mail_[current_worker()];
    std::array<CustomerIndex, kBlockSize> speakers;
    std::size_t count = 0;
    for_each_speaker(said, r.begin, r.end, [&](CustomerIndex i) { speakers[count++] = i; });
    for (std::size_t k = 0; k < count; ++k) {
      // The speakers' rows are scattered through the graph's columns, out of reach of the
      // hardware prefetcher: fetch the row of the speaker kRowsAhead on, one line a row
      // (mean degree 10 is 40 bytes), while this one is filed.
      if (k + kRowsAhead < count)
        prefetch_line(columns.data() + row_starts[speakers[k + kRowsAhead]]);
      const CustomerIndex speaker = speakers[k];
      const Broadcast message = said[speaker];
      for (std::uint32_t e = row_starts[speaker]; e < row_starts[speaker + 1]; ++e) {
        mine.hearers.push_back(columns[e]);
        mine.messages.push_back(message);
      }
    }
  });
  const std::size_t blocks = block_count(customers);
  parallel_for_index(mail_.size(), [&](std::size_t w) { mail_[w].sort_by_block(blocks); });
}

void MessageRouter::WorkerMail::sort_by_block(std::size_t blocks) {
  // A counting sort: the messages to each block, back to back, block_starts[d] the first.
  block_starts.assign(blocks + 1, 0);
  for (const CustomerIndex hearer : hearers) ++block_starts[hearer / kBlockSize + 1];
  for (std::size_t d = 0; d < blocks; ++d) block_starts[d + 1] += block_starts[d];
  next.assign(block_starts.begin(), block_starts.end() - 1);
  by_block.resize(hearers.size());
  for (std::size_t k = 0; k < hearers.size(); ++k) {
    const CustomerIndex hearer = hearers[k];
    by_block[next[hearer / kBlockSize]++] =
        ((hearer % kBlockSize) << kOffsetShift) | broadcast_byte(messages[k]);
  }
}

void MessageRouter::deliver(BlockRange r, std::span<PackedCounts> counts) const {
  std::fill_n(counts.begin(), r.end - r.begin, PackedCounts{});
  constexpr std::uint32_t kByteMask = (1u << kOffsetShift) - 1;
  for (const WorkerMail& worker : mail_) {
    if (r.index + 1 >= worker.block_starts.size()) continue;
    for (std::uint32_t k = worker.block_starts[r.index]; k < worker.block_starts[r.index + 1];
         ++k) {
      const std::uint32_t message = worker.by_block[k];
      counts[message >> kOffsetShift] += packed_increment(message & kByteMask);
    }
  }
}

std::size_t MessageRouter::messages() const noexcept {
  std::size_t total = 0;
  for (const WorkerMail& worker : mail_) total += worker.by_block.size();
  return total;
}

std::size_t MessageRouter::memory_bytes() const noexcept {
  std::size_t bytes = mail_.capacity() * sizeof(WorkerMail);
  for (const WorkerMail& worker : mail_)
    bytes += worker.hearers.capacity() * sizeof(CustomerIndex) +
             worker.messages.capacity() * sizeof(Broadcast) +
             worker.by_block.capacity() * sizeof(std::uint32_t) +
             (worker.block_starts.capacity() + worker.next.capacity()) * sizeof(std::uint32_t);
  return bytes;
}

}  // namespace murmur
