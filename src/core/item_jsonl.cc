#include "core/item_jsonl.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include <simdjson.h>

#include "core/json_text.h"

namespace yuqing {

static_assert(LineReader::kPadding >= simdjson::SIMDJSON_PADDING);

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr size_t kMaxQuotedValue = 80;

// A value as it appears in a message: strings quoted and cut short, others as JSON.
std::string Quote(element value) {
  std::string text;
  if (value.is_string()) {
    text = std::string(value.get_string().value_unsafe());
  } else {
    text = simdjson::minify(value);
  }
  if (text.size() > kMaxQuotedValue) {
    size_t cut = kMaxQuotedValue;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "…";
  }
  return "'" + text + "'";
}

std::string_view TypeName(element value) {
  switch (value.type()) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "a number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

Status FieldError(std::string_view field, std::string_view what, element value) {
  return Status::InvalidInput(std::string(field) + ": " + std::string(what) + ", got " +
                              std::string(TypeName(value)) + " " + Quote(value));
}

// Optional text fields: a string, or null for absent.
Status ReadString(std::string_view field, element value, std::string* out) {
  if (value.is_null()) {
    out->clear();
    return Status::Ok();
  }
  if (!value.is_string()) return FieldError(field, "expected a string", value);
  *out = std::string(value.get_string().value_unsafe());
  return Status::Ok();
}

Status ReadOptionalString(std::string_view field, element value, std::optional<std::string>* out) {
  if (value.is_null()) {
    out->reset();
    return Status::Ok();
  }
  if (!value.is_string()) return FieldError(field, "expected a string", value);
  *out = std::string(value.get_string().value_unsafe());
  return Status::Ok();
}

// Ids: vendors send them as strings or as integers; both become strings.
Status ReadId(std::string_view field, element value, std::string* out) {
  if (value.is_int64() || value.is_uint64()) {
    *out = simdjson::minify(value);
    return Status::Ok();
  }
  if (value.is_null()) {
    out->clear();
    return Status::Ok();
  }
  if (!value.is_string()) return FieldError(field, "expected a string or integer id", value);
  *out = std::string(value.get_string().value_unsafe());
  return Status::Ok();
}

// Counters: integers, integral floats, or strings of digits (as some vendors send them).
Status ReadCount(std::string_view field, element value, std::optional<int64_t>* out) {
  constexpr std::string_view kWant = "expected a non-negative integer";
  if (value.is_null()) {
    out->reset();
    return Status::Ok();
  }
  int64_t n = -1;
  if (value.is_int64()) {
    n = value.get_int64().value_unsafe();
  } else if (value.is_uint64()) {
    return FieldError(field, "integer too large", value);
  } else if (value.is_double()) {
    const double d = value.get_double().value_unsafe();
    if (!(d >= 0 && d < 9.0e18) || std::floor(d) != d) return FieldError(field, kWant, value);
    n = static_cast<int64_t>(d);
  } else if (value.is_string()) {
    const std::string_view s = value.get_string().value_unsafe();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
      return FieldError(field, kWant, value);
    }
  } else {
    return FieldError(field, kWant, value);
  }
  if (n < 0) return FieldError(field, kWant, value);
  *out = n;
  return Status::Ok();
}

Status ReadBool(std::string_view field, element value, std::optional<bool>* out) {
  if (value.is_null()) {
    out->reset();
    return Status::Ok();
  }
  if (!value.is_bool()) return FieldError(field, "expected true or false", value);
  *out = value.get_bool().value_unsafe();
  return Status::Ok();
}

bool IsAnalysisKey(std::string_view key) {
  return key == "clean_text" || key == "schemes" || key == "sentiment" || key == "regions" ||
         key == "keywords" || key == "source_class" || key == "source_credibility" ||
         key == "simhash" || key == "duplicate_of" || key == "story_id";
}

}  // namespace

struct ItemParser::Impl {
  simdjson::dom::parser parser;
  std::string padded;  // copy of unpadded input
};

ItemParser::ItemParser() : impl_(std::make_unique<Impl>()) {}
ItemParser::~ItemParser() = default;

Status ItemParser::Parse(std::string_view json, Item* item, bool padded) {
  *item = Item();
  element root;
  simdjson::error_code error;
  if (padded) {
    error = impl_->parser.parse(json.data(), json.size(), false).get(root);
  } else {
    impl_->padded.assign(json);
    impl_->padded.append(simdjson::SIMDJSON_PADDING, '\0');
    error = impl_->parser.parse(impl_->padded.data(), json.size(), false).get(root);
  }
  if (error) {
    return Status::InvalidInput(std::string("not valid JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    return Status::InvalidInput(std::string("expected a JSON object, got ") +
                                std::string(TypeName(root)));
  }

  bool has_id = false, has_created_at = false;
  for (auto field : object) {
    const std::string_view key = field.key;
    const element value = field.value;
    Status s;
    if (key == "id") {
      s = ReadId(key, value, &item->id);
      has_id = !item->id.empty();
    } else if (key == "platform") {
      if (value.is_null()) continue;
      if (!value.is_string()) {
        s = FieldError(key, "expected a string", value);
      } else if (auto p = ParsePlatform(value.get_string().value_unsafe())) {
        item->platform = *p;
      } else {
        s = Status::InvalidInput("platform: unknown value " + Quote(value) + " (expected " +
                                 std::string(PlatformNames()) + ")");
      }
    } else if (key == "created_at") {
      if (!value.is_string()) {
        s = FieldError(key, "expected an ISO 8601 string", value);
      } else {
        auto t = ParseIso8601(value.get_string().value_unsafe());
        if (t.ok()) {
          item->created_at = *t;
          has_created_at = true;
        } else {
          s = Status::InvalidInput("created_at: " + t.status().message() + ": " + Quote(value));
        }
      }
    } else if (key == "url") {
      s = ReadString(key, value, &item->url);
    } else if (key == "site") {
      s = ReadString(key, value, &item->site);
    } else if (key == "author") {
      s = ReadString(key, value, &item->author);
    } else if (key == "author_location") {
      s = ReadString(key, value, &item->author_location);
    } else if (key == "title") {
      s = ReadString(key, value, &item->title);
    } else if (key == "text") {
      s = ReadOptionalString(key, value, &item->text);
    } else if (key == "html") {
      s = ReadOptionalString(key, value, &item->html);
    } else if (key == "parent_id") {
      s = ReadId(key, value, &item->parent_id);
    } else if (key == "reposts") {
      s = ReadCount(key, value, &item->reposts);
    } else if (key == "comments") {
      s = ReadCount(key, value, &item->comments);
    } else if (key == "likes") {
      s = ReadCount(key, value, &item->likes);
    } else if (key == "author_followers") {
      s = ReadCount(key, value, &item->author_followers);
    } else if (key == "author_verified") {
      s = ReadBool(key, value, &item->author_verified);
    } else if (key == "source_id") {
      s = ReadId(key, value, &item->source_id);
    } else {
      // Unknown (or earlier analysis output): passed on as it came; a repeated key keeps the
      // last value, as JSON parsers commonly do.
      auto same_key = [key](const auto& extra) { return extra.first == key; };
      auto it = std::find_if(item->extra_fields.begin(), item->extra_fields.end(), same_key);
      if (it != item->extra_fields.end()) {
        it->second = simdjson::minify(value);
      } else {
        item->extra_fields.emplace_back(std::string(key), simdjson::minify(value));
      }
    }
    if (!s.ok()) return s;
  }
  if (!has_id) return Status::InvalidInput("id: required field missing or empty");
  if (!has_created_at) return Status::InvalidInput("created_at: required field missing");
  if (!item->text && !item->html) {
    return Status::InvalidInput("text, html: at least one must be present (text may be empty)");
  }
  return Status::Ok();
}

namespace {

void Key(std::string_view key, std::string* out) {
  out->push_back(',');
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void StringField(std::string_view key, std::string_view value, std::string* out) {
  if (value.empty()) return;
  Key(key, out);
  AppendJsonString(value, out);
}

void CountField(std::string_view key, const std::optional<int64_t>& value, std::string* out) {
  if (!value) return;
  Key(key, out);
  AppendJsonNumber(*value, out);
}

void StringList(const std::vector<std::string>& values, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(values[i], out);
  }
  out->push_back(']');
}

bool AnalysisSets(const ItemAnalysis& a, std::string_view key) {
  if (key == "clean_text") return a.clean_text.has_value();
  if (key == "schemes") return a.schemes.has_value();
  if (key == "sentiment") return a.sentiment.has_value();
  if (key == "regions") return a.regions.has_value();
  if (key == "keywords") return a.keywords.has_value();
  if (key == "source_class") return a.source_class.has_value();
  if (key == "source_credibility") return a.source_credibility.has_value();
  if (key == "simhash") return a.simhash.has_value();
  if (key == "duplicate_of") return a.duplicate_of.has_value();
  if (key == "story_id") return a.story_id.has_value();
  return false;
}

void AppendAnalysis(const ItemAnalysis& a, std::string* out) {
  if (a.clean_text) {
    Key("clean_text", out);
    AppendJsonString(*a.clean_text, out);
  }
  if (a.schemes) {
    Key("schemes", out);
    StringList(*a.schemes, out);
  }
  if (a.sentiment) {
    Key("sentiment", out);
    out->append("{\"label\":");
    AppendJsonString(a.sentiment->label, out);
    out->append(",\"score\":");
    AppendJsonNumber(a.sentiment->score, out);
    out->push_back('}');
  }
  if (a.regions) {
    Key("regions", out);
    out->push_back('[');
    for (size_t i = 0; i < a.regions->size(); ++i) {
      const RegionMatch& r = (*a.regions)[i];
      if (i) out->push_back(',');
      out->append("{\"code\":");
      AppendJsonString(r.code, out);
      out->append(",\"name\":");
      AppendJsonString(r.name, out);
      out->append(",\"level\":");
      AppendJsonString(r.level, out);
      out->append(",\"path\":");
      AppendJsonString(r.path, out);
      out->append(",\"confidence\":");
      AppendJsonNumber(r.confidence, out);
      out->append(",\"evidence\":");
      AppendJsonString(r.evidence, out);
      out->append(",\"mention\":");
      AppendJsonString(r.mention, out);
      out->append(",\"scope\":");
      AppendJsonString(r.scope, out);
      out->push_back('}');
    }
    out->push_back(']');
  }
  if (a.keywords) {
    Key("keywords", out);
    StringList(*a.keywords, out);
  }
  if (a.source_class) {
    Key("source_class", out);
    AppendJsonString(*a.source_class, out);
  }
  if (a.source_credibility) {
    Key("source_credibility", out);
    AppendJsonNumber(*a.source_credibility, out);
  }
  if (a.simhash) {
    Key("simhash", out);
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(*a.simhash));
    out->append(buf);
  }
  if (a.duplicate_of) {
    Key("duplicate_of", out);
    if (a.duplicate_of->empty()) {
      out->append("null");
    } else {
      AppendJsonString(*a.duplicate_of, out);
    }
  }
  if (a.story_id) {
    Key("story_id", out);
    AppendJsonString(*a.story_id, out);
  }
}

}  // namespace

void AppendItemJson(const Item& item, std::string* out) {
  out->append("{\"id\":");
  AppendJsonString(item.id, out);
  out->append(",\"platform\":\"");
  out->append(PlatformName(item.platform));
  out->push_back('"');
  StringField("url", item.url, out);
  StringField("site", item.site, out);
  StringField("author", item.author, out);
  StringField("author_location", item.author_location, out);
  Key("created_at", out);
  AppendJsonString(FormatIso8601(item.created_at), out);
  StringField("title", item.title, out);
  if (item.text) {
    Key("text", out);
    AppendJsonString(*item.text, out);
  }
  if (item.html) {
    Key("html", out);
    AppendJsonString(*item.html, out);
  }
  StringField("parent_id", item.parent_id, out);
  CountField("reposts", item.reposts, out);
  CountField("comments", item.comments, out);
  CountField("likes", item.likes, out);
  CountField("author_followers", item.author_followers, out);
  if (item.author_verified) {
    Key("author_verified", out);
    out->append(*item.author_verified ? "true" : "false");
  }
  StringField("source_id", item.source_id, out);
  for (const auto& [key, raw] : item.extra_fields) {
    if (IsAnalysisKey(key) && AnalysisSets(item.analysis, key)) continue;  // replaced below
    out->push_back(',');
    AppendJsonString(key, out);
    out->push_back(':');
    out->append(raw);
  }
  AppendAnalysis(item.analysis, out);
  out->push_back('}');
}

std::string BadRecord::Describe() const {
  return source + ":" + std::to_string(line) + ": " + reason;
}

Result<std::unique_ptr<ItemReader>> ItemReader::Open(const std::string& path) {
  auto lines = LineReader::Open(path);
  if (!lines.ok()) return lines.status();
  return std::make_unique<ItemReader>(std::move(*lines));
}

ItemReader::ItemReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}

ItemReader::Outcome ItemReader::Next(Item* item, BadRecord* bad) {
  for (;;) {
    std::string_view line;
    size_t number = 0;
    switch (lines_->Next(&line, &number)) {
      case LineReader::Outcome::kEnd:
        return Outcome::kEnd;
      case LineReader::Outcome::kError:
        return Outcome::kIoError;
      case LineReader::Outcome::kTooLong:
        line_ = number;
        *bad = {lines_->name(), number, "record longer than the line limit; skipped", ""};
        return Outcome::kBadRecord;
      case LineReader::Outcome::kLine:
        break;
    }
    line_ = number;
    if (first_line_ && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // UTF-8 BOM
    first_line_ = false;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Status s = parser_.Parse(line, item, /*padded=*/true);
    if (s.ok()) return Outcome::kItem;
    *bad = {lines_->name(), number, s.message(), std::string(line)};
    return Outcome::kBadRecord;
  }
}

}  // namespace yuqing
