// The state hash: XXH3_64bits as xxHash's own tool computes it, one-shot or in pieces.

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/state_archive.hpp"
#include "sim/core/state_hash.hpp"

namespace murmur {
namespace {

// 1024 bytes 0, 1, ..., 255 four times: long enough for XXH3's long-input path and for the
// streaming state to fill its 256-byte buffer more than once.
std::string byte_ramp() {
  std::string bytes;
  for (int round = 0; round < 4; ++round)
    for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  return bytes;
}

// Reference values from `xxhsum -H3` (xxHash 0.8.1) over the same bytes: the hash is XXH3 with
// seed 0 and no secret of our own, so they hold on any little-endian machine.
TEST(StateHash, HashBytesIsXxh3OfTheBytes) {
  EXPECT_EQ(hash_bytes(""), 0x2d06800538d394c2u);
  EXPECT_EQ(hash_bytes("murmur"), 0x14d1126509c42f3cu);
  EXPECT_EQ(hash_bytes(std::string(1000, '\0')), 0x24c1ea6074dd588cu);
  EXPECT_EQ(hash_bytes(byte_ramp()), 0xa870f92984398d22u);
}

TEST(StateHash, PiecesHashLikeTheirConcatenation) {
  const std::string bytes = byte_ramp();
  for (const std::size_t piece : {1u, 3u, 16u, 129u, 240u, 241u, 256u, 1000u}) {
    StateHasher hasher;
    for (std::size_t at = 0; at < bytes.size(); at += piece)
      hasher.add(std::string_view(bytes).substr(at, piece));
    EXPECT_EQ(hasher.value(), 0xa870f92984398d22u) << "pieces of " << piece << " bytes";
  }
  EXPECT_EQ(StateHasher().value(), hash_bytes(""));
}

TEST(StateHash, AValueHashesAsItsBytesInMemory) {
  const std::uint32_t word = 0x72756d6d;
  const std::string in_memory = std::endian::native == std::endian::little ? "mmur" : "rumm";
  StateHasher hasher;
  hasher.add(word);
  hasher.add(std::string_view("ur"));
  EXPECT_EQ(hasher.value(), hash_bytes(in_memory + "ur"));
}

TEST(StateHash, ACopyContinuesOnItsOwn) {
  StateHasher first;
  first.add(std::string_view("mur"));
  StateHasher second = first;
  first.add(std::string_view("mur"));
  second.add(std::string_view("ky"));
  EXPECT_EQ(first.value(), hash_bytes("murmur"));
  EXPECT_EQ(second.value(), hash_bytes("murky"));
  second = first;
  EXPECT_EQ(second.value(), hash_bytes("murmur"));
}

// One state, written three ways: a hashing writer gives the hash of a StateWriter's bytes
// (so Model::state_hash needs no copy of the state), and write_state_exactly allocates the
// string once at its final size (a doubling string would hold up to twice the state).
TEST(StateHash, WritersAgreeOnTheBytesTheyHashCountAndKeep) {
  const std::vector<std::uint32_t> numbers(10000, 7);
  const std::string text = byte_ramp();
  auto write = [&](auto& out) {
    out(std::uint64_t{42});
    out(numbers);
    out(text);
  };
  StateWriter plain;
  write(plain);
  BasicStateWriter<StateHashSink> hasher;
  write(hasher);
  EXPECT_EQ(hasher.take(), hash_bytes(plain.bytes()));
  const std::string exact = write_state_exactly(write);
  EXPECT_EQ(exact, plain.bytes());
  EXPECT_EQ(exact.capacity(), exact.size());
}

}  // namespace
}  // namespace murmur
