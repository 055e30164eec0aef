#include "respond/organisation.h"

#include <algorithm>

namespace yuqing {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const size_t* FindSorted(const std::vector<std::pair<std::string, size_t>>& sorted,
                         std::string_view key) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  return it != sorted.end() && it->first == key ? &it->second : nullptr;
}

}  // namespace

std::vector<Department> StandardDepartments() {
  // Topics are the built-in scheme ids (resources/schemes/shebao.yaml).
  return {
      {"pension",
       "养老保险处",
       {"retirement_age", "pension_adjustment", "dual_track", "personal_pension", "fund_gap",
        "transfer_continuation", "contribution_rate"},
       {}},
      {"medical",
       "医疗保险处",
       {"medical_insurance", "cross_region_medical", "maternity", "long_term_care"},
       {}},
      {"work_injury", "工伤保险处", {"work_injury"}, {}},
      {"unemployment", "失业保险处", {"unemployment"}, {}},
      {"fund_supervision", "基金监督处", {"fund_fraud", "enrollment_arrears"}, {}},
      {"service", "经办服务处", {"service_complaint", "social_security_card"}, {}},
      {"publicity", "宣传/舆情处", {"other_social_insurance"}, {}},
  };
}

std::vector<std::string> RegionAncestors(std::string_view code) {
  if ((code.size() != 6 && code.size() != 9) || !AllDigits(code)) return {};
  std::vector<std::string> chain;
  if (code == kNationalCode) return {std::string(kNationalCode)};
  chain.emplace_back(code);
  std::string six(code.substr(0, 6));
  if (code.size() == 9) chain.push_back(six);
  // county XXYYZZ -> city XXYY00 -> province XX0000; skip the steps that are the code itself.
  const std::string city = six.substr(0, 4) + "00";
  const std::string province = six.substr(0, 2) + "0000";
  if (city != chain.back()) chain.push_back(city);
  if (province != chain.back()) chain.push_back(province);
  chain.emplace_back(kNationalCode);
  return chain;
}

Result<OrganisationTree> OrganisationTree::Build(OrganisationDefinition definition) {
  OrganisationTree tree;
  tree.units_ = std::move(definition.units);
  const std::string& source = definition.source;
  auto error = [&](const Unit& unit, const std::string& what) {
    return Status::InvalidInput(source + ": organisation unit '" + unit.id + "': " + what);
  };
  for (size_t i = 0; i < tree.units_.size(); ++i) {
    Unit& unit = tree.units_[i];
    if (unit.id.empty()) unit.id = unit.region_code;
    if (unit.id.empty()) {
      return Status::InvalidInput(source + ": organisation unit #" + std::to_string(i + 1) +
                                  " has neither id nor region");
    }
    if (RegionAncestors(unit.region_code).empty()) {
      return error(unit, "region '" + unit.region_code +
                             "' is not a 6- or 9-digit GB/T 2260 code (national: 000000)");
    }
    for (const Department& department : unit.departments) {
      if (department.id.empty()) return error(unit, "a department has no id");
    }
    if (!unit.default_department.empty() &&
        std::none_of(unit.departments.begin(), unit.departments.end(),
                     [&](const Department& d) { return d.id == unit.default_department; })) {
      return error(unit, "default_department '" + unit.default_department +
                             "' is not one of its departments");
    }
    tree.by_region_.emplace_back(unit.region_code, i);
    tree.by_id_.emplace_back(unit.id, i);
  }
  auto sort_unique = [&](std::vector<std::pair<std::string, size_t>>& index,
                         std::string_view what) -> Status {
    std::sort(index.begin(), index.end());
    for (size_t i = 1; i < index.size(); ++i) {
      if (index[i].first == index[i - 1].first) {
        return Status::InvalidInput(source + ": two organisation units have " + std::string(what) +
                                    " '" + index[i].first + "'");
      }
    }
    return Status::Ok();
  };
  if (Status s = sort_unique(tree.by_region_, "region"); !s.ok()) return s;
  if (Status s = sort_unique(tree.by_id_, "id"); !s.ok()) return s;
  tree.parent_.assign(tree.units_.size(), kNone);
  for (size_t i = 0; i < tree.units_.size(); ++i) {
    const std::vector<std::string> chain = RegionAncestors(tree.units_[i].region_code);
    for (size_t k = 1; k < chain.size(); ++k) {
      if (const size_t* parent = FindSorted(tree.by_region_, chain[k])) {
        tree.parent_[i] = *parent;
        break;
      }
    }
  }
  return tree;
}

const Unit* OrganisationTree::Find(std::string_view unit_id) const {
  const size_t* i = FindSorted(by_id_, unit_id);
  return i != nullptr ? &units_[*i] : nullptr;
}

const Unit* OrganisationTree::ForRegion(std::string_view region_code) const {
  const size_t* i = FindSorted(by_region_, region_code);
  return i != nullptr ? &units_[*i] : nullptr;
}

const Unit* OrganisationTree::Parent(const Unit& unit) const {
  const size_t i = static_cast<size_t>(&unit - units_.data());
  if (i >= units_.size() || parent_[i] == kNone) return nullptr;
  return &units_[parent_[i]];
}

const Unit* OrganisationTree::Responsible(const std::vector<std::string>& region_codes) const {
  // The common enclosing region: the longest ancestor chain prefix shared by all codes, read
  // from the top (national) down.
  std::vector<std::string> common;
  bool first = true;
  for (const std::string& code : region_codes) {
    std::vector<std::string> chain = RegionAncestors(code);
    if (chain.empty()) continue;
    std::reverse(chain.begin(), chain.end());  // national first
    if (first) {
      common = std::move(chain);
      first = false;
      continue;
    }
    size_t shared = 0;
    while (shared < common.size() && shared < chain.size() && common[shared] == chain[shared]) {
      ++shared;
    }
    common.resize(shared);
  }
  if (common.empty()) common.emplace_back(kNationalCode);
  for (auto it = common.rbegin(); it != common.rend(); ++it) {
    if (const Unit* unit = ForRegion(*it)) return unit;
  }
  return nullptr;
}

const Department* OrganisationTree::DepartmentFor(const Unit& unit,
                                                  const std::vector<std::string>& topics) const {
  for (const std::string& topic : topics) {
    for (const Department& department : unit.departments) {
      if (std::find(department.topics.begin(), department.topics.end(), topic) !=
          department.topics.end()) {
        return &department;
      }
    }
  }
  for (const Department& department : unit.departments) {
    if (department.id == unit.default_department) return &department;
  }
  return unit.departments.empty() ? nullptr : &unit.departments.front();
}

}  // namespace yuqing
