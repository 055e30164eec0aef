#include "core/line_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace yuqing {
namespace {

std::vector<std::string> Lines(std::unique_ptr<LineReader> reader, int* too_long = nullptr) {
  std::vector<std::string> lines;
  std::string_view line;
  size_t number = 0;
  for (;;) {
    auto outcome = reader->Next(&line, &number);
    if (outcome == LineReader::Outcome::kEnd) break;
    if (outcome == LineReader::Outcome::kTooLong) {
      if (too_long) ++*too_long;
      lines.push_back("<too long " + std::to_string(number) + ">");
      continue;
    }
    EXPECT_EQ(outcome, LineReader::Outcome::kLine);
    EXPECT_EQ(number, lines.size() + 1);
    lines.emplace_back(line);
  }
  return lines;
}

TEST(LineReader, SplitsLinesWithAndWithoutFinalNewline) {
  EXPECT_EQ(Lines(LineReader::FromString("a\nb\r\n\nc")),
            (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(Lines(LineReader::FromString("a\n")), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(Lines(LineReader::FromString("")).empty());
}

TEST(LineReader, HandlesLinesLongerThanTheBuffer) {
  const std::string big(3 << 20, 'x');
  auto lines = Lines(LineReader::FromString("s\n" + big + "\nt"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], big);
  EXPECT_EQ(lines[2], "t");
}

TEST(LineReader, SkipsOverLongLinesAndKeepsCounting) {
  auto reader = LineReader::FromString("a\n" + std::string(5 << 20, 'y') + "\nb\n" +
                                       std::string(3 << 20, 'z'));
  reader->set_max_line(1 << 20);
  int too_long = 0;
  auto lines = Lines(std::move(reader), &too_long);
  EXPECT_EQ(too_long, 2);
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "<too long 2>", "b", "<too long 4>"}));
}

TEST(LineReader, MissingFileIsAnError) {
  auto reader = LineReader::Open("/nonexistent/items.jsonl");
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("/nonexistent/items.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace yuqing
