#include "cli/interrupt.hpp"

#include <csignal>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace murmur::cli {

namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void record_signal(int signal_number) { g_signal = signal_number; }

}  // namespace

Interrupted::Interrupted(int signal_number)
    : std::runtime_error(fmt::format("interrupted by {}", strsignal(signal_number))),
      signal_number_(signal_number) {}

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // the second signal takes the default action: it ends us
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void throw_if_interrupted() {
  if (g_signal != 0) throw Interrupted(g_signal);
}

void end_by_signal(int signal_number) {
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
  std::_Exit(128 + signal_number);  // not reached unless the signal is blocked
}

}  // namespace murmur::cli
