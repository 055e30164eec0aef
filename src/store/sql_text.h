// SQL built piece by piece (filters that come and go) with its values always bound as
// parameters, never spliced into the text: what the item store's queries are made of.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/status.h"
#include "store/sqlite_db.h"

namespace yuqing {

using SqlValue = std::variant<int64_t, std::string>;

// SQL text with its parameters in order: every value goes in as a bound '?', never as text.
class SqlText {
 public:
  SqlText& operator<<(std::string_view text) {
    text_ += text;
    return *this;
  }
  SqlText& Param(SqlValue value) {
    text_ += '?';
    values_.push_back(std::move(value));
    return *this;
  }
  Result<SqliteStatement> Prepare(SqliteDb& db) const {
    auto statement = db.Prepare(text_);
    if (!statement.ok()) return statement;
    for (size_t i = 0; i < values_.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      if (const auto* number = std::get_if<int64_t>(&values_[i])) {
        statement->Bind(index, *number);
      } else {
        statement->Bind(index, std::get<std::string>(values_[i]));
      }
    }
    return statement;
  }

 private:
  std::string text_;
  std::vector<SqlValue> values_;
};

}  // namespace yuqing
