// The delivery loop: claim due outbox entries, send each through the channel of its endpoint's
// kind, record the receipt. One worker per store file (see store/outbox.h). Built into
// yuqing_channels; the `yuqing deliver` command and the service will run it.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/status.h"
#include "respond/channels/channel_set.h"
#include "store/outbox.h"

namespace yuqing {

struct DeliveryWorkerOptions {
  int batch = 16;              // entries claimed per transaction
  int64_t idle_wait_ms = 200;  // sleep when nothing is due
};

struct DeliveryPass {
  int sent = 0;       // attempts made
  int delivered = 0;  // of which delivered
};

class DeliveryWorker {
 public:
  DeliveryWorker(Outbox* outbox, const ChannelSet* channels, DeliveryWorkerOptions options = {})
      : outbox_(outbox), channels_(channels), options_(options) {}

  // One claim and the sends it returned, at `now_ms` (tests drive the clock).
  Result<DeliveryPass> RunOnce(int64_t now_ms) { return Pass(now_ms, /*wall_clock=*/false); }

  // Requeues what a dead predecessor left in flight, then loops on the wall clock until `stop`
  // is set, or, with `until_drained`, until nothing is pending or in flight.
  Status Run(const std::atomic<bool>& stop, bool until_drained = false);

 private:
  // wall_clock: receipts are stamped (and backoffs counted) from the time each send returned,
  // not from the claim, which may be a batch of slow receivers earlier.
  Result<DeliveryPass> Pass(int64_t now_ms, bool wall_clock);

  Outbox* outbox_;
  const ChannelSet* channels_;
  DeliveryWorkerOptions options_;
};

}  // namespace yuqing
