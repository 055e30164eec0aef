#include "core/dead_letter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace yuqing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(DeadLetterFile, CreatedOnFirstRecordOnlyAndKeepsRawBytes) {
  const auto dir = std::filesystem::temp_directory_path() / ("yq-dl-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::string path = DeadLetterFile::DefaultPath(dir.string(), "analyze");
  {
    DeadLetterFile empty(path);
    EXPECT_TRUE(empty.Close().ok());
    EXPECT_FALSE(std::filesystem::exists(path));
  }
  DeadLetterFile file(path);
  ASSERT_TRUE(file.Add({"in.jsonl", 3, "created_at: bad", "{\"id\":1}"}, "read").ok());
  ASSERT_TRUE(file.Add({"in.jsonl", 9, "not valid JSON", "\xFF\xFE"}, "read").ok());
  ASSERT_TRUE(file.Close().ok());
  EXPECT_EQ(file.count(), 2u);
  const std::string text = ReadAll(path);
  EXPECT_NE(text.find(R"("source":"in.jsonl","line":3,"stage":"read","reason":"created_at: bad",)"
                      R"("record":"{\"id\":1}")"),
            std::string::npos);
  EXPECT_NE(text.find(R"("record_base64":"//4=")"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace yuqing
