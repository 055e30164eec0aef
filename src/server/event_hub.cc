#include "server/event_hub.h"

#include <algorithm>
#include <chrono>

namespace yuqing {

std::shared_ptr<EventHub::Subscription> EventHub::Subscribe() {
  auto subscription = std::make_shared<Subscription>();
  subscription->hub_ = this;
  std::lock_guard lock(mutex_);
  subscriptions_.push_back(subscription);
  return subscription;
}

void EventHub::Unsubscribe(const std::shared_ptr<Subscription>& subscription) {
  std::lock_guard lock(mutex_);
  std::erase(subscriptions_, subscription);
}

void EventHub::Publish(const LiveEvent& event) {
  {
    std::lock_guard lock(mutex_);
    if (closed_ || subscriptions_.empty()) return;
    for (const auto& subscription : subscriptions_) {
      if (subscription->queue_.size() >= kQueueLimit) subscription->queue_.pop_front();
      subscription->queue_.push_back(event);
    }
  }
  changed_.notify_all();
}

void EventHub::Close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

size_t EventHub::subscribers() const {
  std::lock_guard lock(mutex_);
  return subscriptions_.size();
}

std::optional<LiveEvent> EventHub::Subscription::Next(int wait_ms) {
  std::unique_lock lock(hub_->mutex_);
  hub_->changed_.wait_for(lock, std::chrono::milliseconds(wait_ms),
                          [&] { return hub_->closed_ || !queue_.empty(); });
  if (hub_->closed_ || queue_.empty()) return std::nullopt;
  LiveEvent event = std::move(queue_.front());
  queue_.pop_front();
  return event;
}

bool EventHub::Subscription::closed() const {
  std::lock_guard lock(hub_->mutex_);
  return hub_->closed_;
}

}  // namespace yuqing
