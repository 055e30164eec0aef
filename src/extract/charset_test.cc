#include "extract/charset.h"

#include <gtest/gtest.h>
#include <iconv.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace yuqing {
namespace {

// `utf8` in charset `to` (glibc iconv), for building test pages.
std::string Encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << to;  // NOLINT(performance-no-int-to-ptr)
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());  // NOLINT: iconv does not write through it
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &dst_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

const std::string kArticle =
    "近年来，各级社保经办部门对宣传工作重视程度不断提高，宣传手段不断创新，宣传工作不断加强，"
    "但是也存在一些不足之处。全民参保计划已经上升为党中央、国务院的重大战略部署。";

TEST(CharsetTest, EmptyInputIsEmptyUtf8) {
  const DecodedText d = DecodeToUtf8("");
  EXPECT_EQ(d.utf8, "");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.invalid_bytes, 0U);
  EXPECT_FALSE(d.declaration_wrong);
}

TEST(CharsetTest, ByteOrderMarksWin) {
  const DecodedText utf8 = DecodeToUtf8("\xEF\xBB\xBF<meta charset=gbk>社保");
  EXPECT_EQ(utf8.charset, "utf-8");
  EXPECT_EQ(utf8.utf8, "<meta charset=gbk>社保");
  const DecodedText le = DecodeToUtf8("\xFF\xFE" + Encode("社保a", "UTF-16LE"));
  EXPECT_EQ(le.charset, "utf-16le");
  EXPECT_EQ(le.utf8, "社保a");
  const DecodedText be = DecodeToUtf8("\xFE\xFF" + Encode("社保a", "UTF-16BE"));
  EXPECT_EQ(be.charset, "utf-16be");
  EXPECT_EQ(be.utf8, "社保a");
}

TEST(CharsetTest, MetaDeclarationsInTheirForms) {
  const std::string body = Encode(kArticle, "GBK");
  for (const std::string& head :
       {std::string("<html><head><meta charset=\"gb2312\"></head>"),
        std::string("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">"),
        std::string("<meta content='text/html;charset=gb2312' http-equiv=Content-Type />"),
        std::string("<!-- a comment first --><meta charset=x-gbk>")}) {
    const DecodedText d = DecodeToUtf8(head + "<body>" + body);
    EXPECT_EQ(d.declared, "gb18030") << head;
    EXPECT_EQ(d.charset, "gb18030") << head;
    EXPECT_NE(d.utf8.find(kArticle), std::string::npos) << head;
    EXPECT_FALSE(d.declaration_wrong);
    EXPECT_EQ(d.invalid_bytes, 0U);
  }
}

TEST(CharsetTest, CleanEvalWrapperDeclaresTheEncoding) {
  const std::string page = "<text id=\"http://cn.news.yahoo.com/x.html\" title=\"" +
                           Encode("社保新闻", "GBK") + "\" encoding=\"gb2312\">\n<html>" +
                           Encode(kArticle, "GBK") + "</html></text>";
  const DecodedText d = DecodeToUtf8(page);
  EXPECT_EQ(d.declared, "gb18030");
  EXPECT_NE(d.utf8.find("title=\"社保新闻\""), std::string::npos);
  EXPECT_NE(d.utf8.find(kArticle), std::string::npos);
}

TEST(CharsetTest, HttpHeaderOutranksTheDocument) {
  const std::string page = "<meta charset=\"big5\"><p>" + Encode(kArticle, "GB18030");
  const DecodedText d = DecodeToUtf8(page, "text/html; charset=GBK");
  EXPECT_EQ(d.declared, "gb18030");
  EXPECT_NE(d.utf8.find(kArticle), std::string::npos);
}

TEST(CharsetTest, ValidUtf8BeatsAGb2312Claim) {
  const DecodedText d = DecodeToUtf8("<meta charset=\"gb2312\"><p>" + kArticle);
  EXPECT_EQ(d.declared, "gb18030");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_TRUE(d.declaration_wrong);
  EXPECT_NE(d.utf8.find(kArticle), std::string::npos);
}

TEST(CharsetTest, FalseUtf8ClaimIsDetected) {
  const DecodedText d = DecodeToUtf8("<meta charset=\"utf-8\"><p>" + Encode(kArticle, "GBK"));
  EXPECT_EQ(d.declared, "utf-8");
  EXPECT_TRUE(d.declaration_wrong);
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_NE(d.utf8.find(kArticle), std::string::npos);
}

TEST(CharsetTest, UndeclaredPagesAreDetected) {
  const DecodedText gbk = DecodeToUtf8("<p>" + Encode(kArticle + kArticle, "GBK") + "</p>");
  EXPECT_EQ(gbk.declared, "");
  EXPECT_EQ(gbk.charset, "gb18030");
  EXPECT_NE(gbk.utf8.find(kArticle), std::string::npos);
  // Too short for the detector: GBK is the fallback for Chinese pages.
  const DecodedText short_gbk = DecodeToUtf8(Encode("社保", "GBK"));
  EXPECT_EQ(short_gbk.utf8, "社保");
  const DecodedText ascii = DecodeToUtf8("<p>hello</p>");
  EXPECT_EQ(ascii.charset, "utf-8");
  EXPECT_EQ(ascii.utf8, "<p>hello</p>");
}

TEST(CharsetTest, Big5DeclaredAndDetected) {
  const std::string traditional =
      "近年來，各級社保經辦部門對宣傳工作重視程度不斷提高，宣傳手段不斷創新，但是也存在一些不足之處"
      "。"
      "全民參保計劃已經上升為黨中央、國務院的重大戰略部署。";
  const std::string big5 = Encode(traditional, "BIG5");
  const DecodedText declared = DecodeToUtf8("<meta charset=\"big5\">" + big5);
  EXPECT_EQ(declared.charset, "big5");
  EXPECT_NE(declared.utf8.find(traditional), std::string::npos);
  EXPECT_EQ(declared.invalid_bytes, 0U);
  const DecodedText detected = DecodeToUtf8(big5 + big5);
  EXPECT_EQ(detected.charset, "big5");
  EXPECT_NE(detected.utf8.find(traditional), std::string::npos);
  // Cantonese characters CP950 lacks (嘢 is HKSCS 0x9DCF) make the decoder fall back to
  // Big5-HKSCS instead of producing U+FFFD.
  const std::string cantonese = "佢哋話呢啲嘢唔係咁嘅";
  const DecodedText hk = DecodeToUtf8("<meta charset=big5>" + Encode(cantonese, "BIG5-HKSCS"));
  EXPECT_EQ(hk.charset, "big5-hkscs");
  EXPECT_NE(hk.utf8.find(cantonese), std::string::npos);
  EXPECT_EQ(hk.invalid_bytes, 0U);
}

TEST(CharsetTest, InvalidBytesBecomeReplacementCharacters) {
  // Stray bytes in a long UTF-8 page: still UTF-8, each bad byte replaced and counted.
  const DecodedText utf8 =
      DecodeToUtf8("<meta charset=utf-8>" + kArticle + "\xFF\xFE\x80" + kArticle);
  EXPECT_EQ(utf8.charset, "utf-8");
  EXPECT_FALSE(utf8.declaration_wrong);
  EXPECT_EQ(utf8.invalid_bytes, 3U);
  EXPECT_EQ(Count(utf8.utf8, "\xEF\xBF\xBD"), 3U);
  // GB18030: 0x80 and 0xFF are never valid; the bytes after them still decode.
  const DecodedText gb = DecodeToUtf8("<meta charset=gbk>" + Encode("社保", "GBK") + "\x80\xFF" +
                                      Encode("发放", "GBK"));
  EXPECT_EQ(gb.charset, "gb18030");
  EXPECT_EQ(gb.invalid_bytes, 2U);
  EXPECT_NE(gb.utf8.find("社保\xEF\xBF\xBD\xEF\xBF\xBD发放"), std::string::npos);
  // A lead byte followed by a byte that cannot be a trail: only the lead is lost.
  const DecodedText lead = DecodeToUtf8("<meta charset=gbk>\xC9<b>");
  EXPECT_EQ(lead.utf8, "<meta charset=gbk>\xEF\xBF\xBD<b>");
}

TEST(CharsetTest, TruncatedMultiByteSequences) {
  const std::string gbk = Encode("社保卡", "GBK");
  const DecodedText cut_gbk = DecodeToUtf8("<meta charset=gbk>" + gbk.substr(0, gbk.size() - 1));
  EXPECT_EQ(cut_gbk.utf8, "<meta charset=gbk>社保\xEF\xBF\xBD");
  EXPECT_EQ(cut_gbk.invalid_bytes, 1U);
  const std::string four = Encode("\xF0\xA0\x80\x80", "GB18030");  // U+20000: four bytes
  ASSERT_EQ(four.size(), 4U);
  const DecodedText cut_four = DecodeToUtf8("<meta charset=gb18030>" + four.substr(0, 3));
  EXPECT_EQ(cut_four.utf8, "<meta charset=gb18030>\xEF\xBF\xBD");
  EXPECT_EQ(cut_four.invalid_bytes, 3U);
  const std::string utf8 = kArticle + "社";
  const DecodedText cut_utf8 =
      DecodeToUtf8("<meta charset=utf-8>" + utf8.substr(0, utf8.size() - 1));
  EXPECT_EQ(cut_utf8.charset, "utf-8");
  EXPECT_EQ(cut_utf8.invalid_bytes, 2U);
  const std::string utf16 = "\xFF\xFE" + Encode("社保", "UTF-16LE");
  const DecodedText cut_utf16 = DecodeToUtf8(utf16.substr(0, utf16.size() - 1));
  EXPECT_EQ(cut_utf16.utf8, "社\xEF\xBF\xBD");
}

TEST(CharsetTest, UnknownAndWesternLabels) {
  const std::string gbk = Encode(kArticle + kArticle, "GBK");
  const DecodedText unset = DecodeToUtf8("<meta charset=\"unset\">" + gbk);
  EXPECT_EQ(unset.declared, "unset");
  EXPECT_FALSE(unset.declaration_wrong);
  EXPECT_EQ(unset.charset, "gb18030");
  EXPECT_NE(unset.utf8.find(kArticle), std::string::npos);
  // A server that labels a GBK page ISO-8859-1.
  const DecodedText latin1 = DecodeToUtf8(gbk, "text/html; charset=ISO-8859-1");
  EXPECT_TRUE(latin1.declaration_wrong);
  EXPECT_EQ(latin1.charset, "gb18030");
  // A real Latin-1 page stays Latin-1.
  const DecodedText french = DecodeToUtf8("<meta charset=iso-8859-1>caf\xE9 cr\xE8me", "");
  EXPECT_EQ(french.utf8, "<meta charset=iso-8859-1>caf\xC3\xA9 cr\xC3\xA8me");
}

// The shared pages (../shared/data, skipped when absent): every CWCED page decodes so that its
// gold text is found in it, and GNE's tests/163/9 (declares GB2312, is UTF-8) is caught.
std::string SharedData() {
  const char* env = std::getenv("YUQING_SHARED_DATA");
  return env != nullptr && *env != '\0' ? env : "../shared/data";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The longest run of CJK ideographs in `text` (links inside a paragraph break shorter runs in
// the HTML, so the longest is the one most likely to be contiguous there too).
std::string LongestCjkRun(std::string_view text) {
  std::string_view best;
  size_t start = 0;
  bool in_run = false;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const size_t len = b < 0x80 ? 1 : (b < 0xE0 ? 2 : (b < 0xF0 ? 3 : 4));
    const bool cjk = b >= 0xE4 && b <= 0xE9 && i + 3 <= text.size();
    if (cjk && !in_run) start = i;
    in_run = cjk;
    i += len;
    if (cjk && i - start > best.size()) best = text.substr(start, i - start);
  }
  return std::string(best);
}

TEST(CharsetRealPagesTest, CwcedPagesDecodeToTheirGoldText) {
  const std::string gold_path = SharedData() + "/html_extraction_cwced/gold.jsonl";
  if (!std::filesystem::exists(gold_path)) GTEST_SKIP() << "no shared data";
  std::ifstream gold(gold_path);
  std::string line;
  simdjson::dom::parser parser;
  size_t pages = 0;
  size_t legacy = 0;
  while (std::getline(gold, line)) {
    simdjson::dom::element doc;
    ASSERT_FALSE(parser.parse(line).get(doc));
    std::string_view file;
    std::string_view content;
    ASSERT_FALSE(doc["file"].get(file));
    ASSERT_FALSE(doc["content"].get(content));
    const std::string run = LongestCjkRun(content);
    if (run.size() < size_t{24}) continue;  // 8 CJK characters of 3 bytes
    const DecodedText d =
        DecodeToUtf8(ReadFile(SharedData() + "/html_extraction_cwced/" + std::string(file)));
    EXPECT_NE(d.utf8.find(run), std::string::npos) << file << " as " << d.charset;
    EXPECT_LT(d.invalid_bytes, 20U) << file;
    legacy += d.charset == "gb18030";
    ++pages;
  }
  EXPECT_GT(pages, 40U);
  EXPECT_GT(legacy, 25U);
}

TEST(CharsetRealPagesTest, GneUtf8PageDeclaringGb2312) {
  const std::string path = SharedData() + "/html_extraction_gne/pages/tests/163/9.html";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data";
  const DecodedText d = DecodeToUtf8(ReadFile(path));
  EXPECT_EQ(d.declared, "gb18030");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_TRUE(d.declaration_wrong);
  EXPECT_EQ(d.invalid_bytes, 0U);
}

}  // namespace
}  // namespace yuqing
