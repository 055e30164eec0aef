#include "extract/page_json.h"

#include <cstdio>

#include "core/json_text.h"

namespace yuqing {
namespace {

void StringOrNull(const std::string& value, std::string* out) {
  if (value.empty()) {
    out->append("null");
  } else {
    AppendJsonString(value, out);
  }
}

void StringArray(const std::vector<std::string>& values, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(values[i], out);
  }
  out->push_back(']');
}

}  // namespace

void AppendExtractedPageJson(const ExtractedPage& page, std::string* out) {
  out->append("{\"title\":");
  StringOrNull(page.title, out);
  out->append(",\"author\":");
  StringOrNull(page.author, out);
  out->append(",\"published_at\":");
  if (!page.published_at) {
    out->append("null");
  } else if (page.published_date_only) {
    // The date as the page shows it, in the page's own offset.
    AppendJsonString(FormatIso8601(*page.published_at).substr(0, 10), out);
  } else {
    AppendJsonString(FormatIso8601(*page.published_at), out);
  }
  out->append(",\"source\":");
  StringOrNull(page.source, out);
  out->append(",\"body\":");
  std::string body;
  for (size_t i = 0; i < page.paragraphs.size(); ++i) {
    if (i) body.push_back('\n');
    body += page.paragraphs[i];
  }
  AppendJsonString(body, out);
  out->append(",\"keywords\":");
  StringArray(page.keywords, out);
  out->append(",\"charset\":");
  AppendJsonString(page.charset, out);
  out->append(",\"page_class\":\"");
  out->append(PageClassName(page.page_class));
  out->append("\",\"removed\":{");
  for (size_t i = 0; i < page.removed.size(); ++i) {
    const RemovedContent& r = page.removed[i];
    if (i) out->push_back(',');
    AppendJsonString(r.kind, out);
    out->append(":{\"count\":");
    AppendJsonNumber(static_cast<int64_t>(r.count), out);
    out->append(",\"samples\":");
    StringArray(r.samples, out);
    out->push_back('}');
  }
  out->append("},\"flags\":");
  StringArray(page.flags, out);
  out->append(",\"author_note\":");
  StringOrNull(page.author_note, out);
  out->push_back('}');
}

}  // namespace yuqing
