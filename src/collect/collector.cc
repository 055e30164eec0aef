#include "collect/collector.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_set>

#include "collect/article_links.h"
#include "collect/feed_parser.h"
#include "collect/folder_source.h"
#include "collect/url.h"
#include "extract/charset.h"
#include "extract/extractor.h"

namespace yuqing {
namespace {

constexpr int32_t kBeijingOffsetMin = 480;

Timestamp FetchTime(int64_t now_ms) { return Timestamp{now_ms, kBeijingOffsetMin}; }

std::string JoinParagraphs(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out += '\n';
    out += p;
  }
  return out;
}

}  // namespace

struct Collector::SourceState {
  SourceSpec spec;
  SourceHealthTracker health;
  int64_t next_poll_ms = 0;
  SourceStatus last_status = SourceStatus::kOk;
  // rss: ids in the feed last time (a feed repeats its entries until they age out);
  // html: article URLs already taken.
  std::unordered_set<std::string> seen;
  std::unique_ptr<FolderSource> folder;

  SourceState(SourceSpec s, const CollectorOptions& options)
      : spec(std::move(s)),
        health(spec.interval_ms, options.health_window, options.failing_after) {}
};

Collector::Collector(CollectorOptions options, CollectorCallbacks callbacks)
    : options_(std::move(options)), callbacks_(std::move(callbacks)), fetcher_(options_.fetcher) {}

Collector::~Collector() = default;

Result<std::unique_ptr<Collector>> Collector::Create(std::vector<SourceSpec> sources,
                                                     CollectorOptions options,
                                                     CollectorCallbacks callbacks) {
  std::unique_ptr<Collector> collector(new Collector(std::move(options), std::move(callbacks)));
  std::unordered_set<std::string> ids;
  bool needs_extractor = false;
  for (SourceSpec& spec : sources) {
    const std::string what = "source '" + spec.id + "'";
    // Ids name state files (<state_dir>/<id>.seen): no path separators or dot-names.
    if (spec.id.empty() || spec.id.front() == '.' ||
        spec.id.find_first_of("/\\") != std::string::npos) {
      return Status::InvalidInput("source id '" + spec.id + "' cannot name a file");
    }
    if (!ids.insert(spec.id).second) return Status::InvalidInput(what + ": duplicate id");
    if (spec.interval_ms <= 0) return Status::InvalidInput(what + ": interval must be positive");
    if (spec.name.empty()) spec.name = spec.id;
    auto state = std::make_unique<SourceState>(spec, collector->options_);
    if (spec.kind == SourceKind::kFolder) {
      if (spec.path.empty()) return Status::InvalidInput(what + ": folder source needs a path");
      state->folder = std::make_unique<FolderSource>(spec.id, spec.path);
    } else {
      const auto url = ParseHttpUrl(spec.url);
      if (!url) return Status::InvalidInput(what + ": not an http(s) URL: '" + spec.url + "'");
      if (spec.min_host_interval_ms > 0) {
        collector->fetcher_.SetHostInterval(url->Authority(), spec.min_host_interval_ms);
      }
      needs_extractor = needs_extractor || spec.kind == SourceKind::kHtml;
    }
    if (spec.kind == SourceKind::kHtml && !collector->options_.state_dir.empty()) {
      std::ifstream in(collector->options_.state_dir + "/" + spec.id + ".seen");
      for (std::string line; std::getline(in, line);) {
        if (!line.empty()) state->seen.insert(line);
      }
    }
    collector->sources_.push_back(std::move(state));
  }
  if (needs_extractor) {
    auto extractor = PageExtractor::Create();
    if (!extractor.ok()) return extractor.status();
    collector->extractor_ = std::move(extractor).value();
  }
  if (!collector->options_.state_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(collector->options_.state_dir, ec);
    if (ec) return Status::IoError(collector->options_.state_dir + ": " + ec.message());
  }
  return collector;
}

int64_t Collector::Poll(int64_t now_ms) {
  for (auto& source : sources_) {
    int64_t due = 0;
    {
      std::lock_guard lock(health_mutex_);
      due = source->next_poll_ms;
    }
    if (due <= now_ms) RunPoll(*source, now_ms);
  }
  std::lock_guard lock(health_mutex_);
  int64_t next = INT64_MAX;
  for (const auto& source : sources_) next = std::min(next, source->next_poll_ms);
  return next == INT64_MAX ? now_ms + 60'000 : next;
}

Status Collector::PollSource(std::string_view id, int64_t now_ms) {
  for (auto& source : sources_) {
    if (source->spec.id != id) continue;
    return RunPoll(*source, now_ms);
  }
  return Status::NotFound("no source '" + std::string(id) + "'");
}

Status Collector::RunPoll(SourceState& source, int64_t now_ms) {
  size_t items = 0;
  Status status = PollOne(source, now_ms, &items);
  SourceNotice notice;
  bool notify = false;
  {
    std::lock_guard lock(health_mutex_);
    source.health.RecordPoll(now_ms, status.ok(), items, status.message());
    int64_t wait = source.spec.interval_ms;
    if (!status.ok()) {
      // Back off exponentially while failing, so a dead site is asked less and less often.
      const int shift = std::min(source.health.consecutive_failures(), 16);
      wait = std::min(std::max(options_.max_backoff_ms, source.spec.interval_ms),
                      source.spec.interval_ms << shift);
    }
    source.next_poll_ms = now_ms + wait;
    const SourceStatus current = source.health.Status(now_ms);
    if (current != source.last_status) {
      notify = true;
      notice.source_id = source.spec.id;
      notice.status = current;
      notice.previous = source.last_status;
      notice.at_ms = now_ms;
      notice.message = "source '" + source.spec.id + "' " + std::string(SourceStatusName(current));
      if (current == SourceStatus::kFailing) notice.message += ": " + status.message();
      if (current == SourceStatus::kStale) notice.message += ": nothing new for longer than usual";
      source.last_status = current;
    }
  }
  if (notify && callbacks_.on_notice) callbacks_.on_notice(notice);
  return status;
}

Status Collector::PollOne(SourceState& source, int64_t now_ms, size_t* items) {
  switch (source.spec.kind) {
    case SourceKind::kRss:
      return PollFeed(source, now_ms, items);
    case SourceKind::kHtml:
      return PollHtml(source, now_ms, items);
    case SourceKind::kFolder:
      return PollFolder(source, items);
  }
  return Status::Internal("unknown source kind");
}

Status Collector::PollFeed(SourceState& source, int64_t now_ms, size_t* items) {
  FetchResult fetched = fetcher_.Fetch(source.spec.url);
  if (fetched.outcome == FetchResult::Outcome::kNotModified) return Status::Ok();
  if (!fetched.ok()) return Status::IoError(fetched.error);
  FeedContext context;
  context.source_id = source.spec.id;
  context.feed_url = fetched.final_url.empty() ? source.spec.url : fetched.final_url;
  context.fetched_at = FetchTime(now_ms);
  context.content_type = fetched.content_type;
  auto feed = ParseFeed(fetched.body, context);
  if (!feed.ok()) return feed.status().WithPrefix(source.spec.url);
  std::unordered_set<std::string> current;
  for (Item& item : feed->items) {
    current.insert(item.id);
    if (source.seen.count(item.id) != 0) continue;
    ++*items;
    if (callbacks_.on_item) callbacks_.on_item(std::move(item));
  }
  source.seen = std::move(current);
  return Status::Ok();
}

void Collector::Remember(SourceState& source, const std::string& url) {
  if (!source.seen.insert(url).second || options_.state_dir.empty()) return;
  std::ofstream out(options_.state_dir + "/" + source.spec.id + ".seen", std::ios::app);
  out << url << '\n';
}

Status Collector::PollHtml(SourceState& source, int64_t now_ms, size_t* items) {
  FetchResult list = fetcher_.Fetch(source.spec.url);
  if (list.outcome == FetchResult::Outcome::kNotModified) return Status::Ok();
  if (!list.ok()) return Status::IoError(list.error);
  const std::string list_url = list.final_url.empty() ? source.spec.url : list.final_url;
  const DecodedText decoded = DecodeToUtf8(list.body, list.content_type);
  size_t attempted = 0, failed = 0;
  std::string last_error;
  for (const std::string& url : FindArticleLinks(decoded.utf8, list_url)) {
    if (source.seen.count(url) != 0) continue;
    if (attempted >= static_cast<size_t>(std::max(1, source.spec.max_articles_per_poll))) break;
    ++attempted;
    // Articles do not change once out; no validators kept for them.
    FetchResult page = fetcher_.Fetch(url, /*conditional=*/false);
    if (page.outcome == FetchResult::Outcome::kDisallowed ||
        page.outcome == FetchResult::Outcome::kTooLarge ||
        (page.outcome == FetchResult::Outcome::kHttpError && page.status_code < 500)) {
      Remember(source, url);  // asking again cannot help
      continue;
    }
    if (!page.ok()) {
      ++failed;
      last_error = page.error;
      continue;  // tried again next poll
    }
    ExtractOptions options;
    options.fetched_at = FetchTime(now_ms);
    options.content_type = page.content_type;
    options.url = url;
    const ExtractedPage extracted = extractor_->Extract(page.body, options);
    Remember(source, url);
    if (extracted.paragraphs.empty()) continue;  // not an article after all
    Item item;
    item.id = StableItemId(source.spec.id, url);
    item.source_id = source.spec.id;
    item.url = url;
    item.site = UrlHost(url);
    item.platform = PlatformForHost(item.site);
    item.title = extracted.title;
    item.author = extracted.author;
    item.created_at = extracted.published_at.value_or(FetchTime(now_ms));
    item.text = JoinParagraphs(extracted.paragraphs);
    item.analysis.page_flags = extracted.flags;
    item.analysis.page_source = extracted.source;
    ++*items;
    if (callbacks_.on_item) callbacks_.on_item(std::move(item));
  }
  if (attempted > 0 && failed == attempted) return Status::IoError(last_error);
  return Status::Ok();
}

Status Collector::PollFolder(SourceState& source, size_t* items) {
  FolderPollStats stats;
  Status status = source.folder->Poll(
      [&](Item item) {
        if (callbacks_.on_item) callbacks_.on_item(std::move(item));
      },
      [&](const BadRecord& bad) {
        if (callbacks_.on_dead_letter) callbacks_.on_dead_letter(bad);
      },
      &stats);
  *items = stats.items;
  return status;
}

std::vector<SourceHealth> Collector::Health(int64_t now_ms) const {
  std::lock_guard lock(health_mutex_);
  std::vector<SourceHealth> out;
  for (const auto& source : sources_) {
    SourceHealth health;
    health.id = source->spec.id;
    health.kind = source->spec.kind;
    health.name = source->spec.name;
    health.next_poll_ms = source->next_poll_ms;
    source->health.Fill(now_ms, &health);
    out.push_back(std::move(health));
  }
  return out;
}

}  // namespace yuqing
