#pragma once
// Ctrl-C (SIGINT) and SIGTERM end a command cleanly. The handler only records the signal;
// runs check it between weeks and batches between runs, and throw Interrupted, so that the
// unwinding removes what the command had started (temporary files, a run directory it
// created) and releases the directory's lock. A second signal ends the process at once.

#include <stdexcept>

namespace murmur::cli {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number);
  [[nodiscard]] int signal_number() const noexcept { return signal_number_; }

 private:
  int signal_number_;
};

void install_interrupt_handlers();

/// Throws Interrupted if SIGINT or SIGTERM has arrived.
void throw_if_interrupted();

/// Ends the process by the signal, with its default action, so that the caller (a shell, a
/// scheduler) sees the run was interrupted.
[[noreturn]] void end_by_signal(int signal_number);

}  // namespace murmur::cli
