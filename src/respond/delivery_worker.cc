#include "respond/delivery_worker.h"

#include <chrono>
#include <thread>

#include "respond/channels/robot_channels.h"

namespace yuqing {

Result<DeliveryPass> DeliveryWorker::Pass(int64_t now_ms, bool wall_clock) {
  auto due = outbox_->ClaimDue(now_ms, options_.batch);
  if (!due.ok()) return due.status();
  DeliveryPass pass;
  for (const OutboxEntry& entry : *due) {
    const Delivery& delivery = entry.delivery;
    Channel* channel = channels_->For(delivery.endpoint.kind);
    DeliveryReceipt receipt =
        channel != nullptr ? channel->Send(delivery)
                           : DeliveryReceipt{.retryable = false, .detail = "no channel for kind"};
    ++pass.sent;
    if (receipt.delivered) ++pass.delivered;
    // A crash here, after Send and before the receipt is stored, is the one window in which the
    // receiver can get the message twice; the idempotency key lets it drop the repeat.
    const int64_t at_ms = wall_clock ? WallClockMs() : now_ms;
    if (Status s = outbox_->RecordAttempt(delivery.idempotency_key, receipt, at_ms); !s.ok()) {
      return s;
    }
  }
  return pass;
}

Status DeliveryWorker::Run(const std::atomic<bool>& stop, bool until_drained) {
  if (auto requeued = outbox_->RequeueInFlight(WallClockMs()); !requeued.ok()) {
    return requeued.status();
  }
  while (!stop.load()) {
    auto pass = Pass(WallClockMs(), /*wall_clock=*/true);
    if (!pass.ok()) return pass.status();
    if (pass->sent > 0) continue;
    if (until_drained) {
      auto counts = outbox_->Counts();
      if (!counts.ok()) return counts.status();
      if (counts->pending == 0 && counts->sending == 0) return Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.idle_wait_ms));
  }
  return Status::Ok();
}

}  // namespace yuqing
