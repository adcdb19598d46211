// libFuzzer target: any bytes as an edge-list file. Every input must either give a valid
// graph (sorted, symmetric rows without self loops) or throw InputError.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/core/error.hpp"
#include "sim/graph/social_graph.hpp"

namespace {

std::string scratch_file() {
  static const std::string path = "/tmp/murmur_fuzz_edges_" + std::to_string(::getpid()) + ".txt";
  return path;
}

void check_graph(const murmur::SocialGraph& graph) {
  for (murmur::CustomerIndex i = 0; i < graph.customer_count(); ++i) {
    const auto row = graph.neighbours(i);
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (row[k] == i || row[k] >= graph.customer_count() || (k > 0 && row[k - 1] >= row[k]))
        std::abort();
    }
  }
  if (graph.directed_edge_count() % 2 != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::FILE* file = std::fopen(scratch_file().c_str(), "wb");
  if (file == nullptr) return 0;
  std::fwrite(data, 1, size, file);
  std::fclose(file);
  try {
    check_graph(murmur::read_edge_list(scratch_file()));
  } catch (const murmur::InputError&) {
  }
  return 0;
}
