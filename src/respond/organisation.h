// The organisation tree (issue 8): units at national, province, city, county and street level,
// each with its region (GB/T 2260), departments, people and the channels they use. A unit's
// jurisdiction is its region and everything below it; the responsible unit for an incident is
// the lowest unit whose jurisdiction covers all the incident's regions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "respond/delivery.h"

namespace yuqing {

struct Person {
  std::string name;
  std::string role;     // "处长", "值班员"
  bool leader = false;  // paged in an emergency response
  std::vector<Endpoint> endpoints;
};

struct Department {
  std::string id;                   // "pension"
  std::string name;                 // "养老保险处"
  std::vector<std::string> topics;  // scheme ids it answers for ("retirement_age", ...)
  std::vector<Person> people;
};

struct Unit {
  std::string id;           // unique; by convention the region code ("510100")
  std::string name;         // "成都市人力资源和社会保障局"
  std::string region_code;  // "510100"; "000000" for the national unit
  std::vector<Department> departments;
  std::vector<Person> leaders;  // the unit's leadership (分管领导), paged in emergencies
  // A department of this unit answers for every topic no department names: the general office
  // or 宣传/舆情. Empty: the first department.
  std::string default_department;
};

struct OrganisationDefinition {
  std::vector<Unit> units;
  std::string source;  // the file it came from, for messages
};

// The standard departments of a human-resources and social-security bureau, with the built-in
// schemes they answer for: 养老保险, 医疗保险, 工伤保险, 失业保险, 基金监督, 经办服务, 宣传/舆情.
std::vector<Department> StandardDepartments();

// "510104001" -> {"510104001", "510104", "510100", "510000", "000000"}: the code, then each
// enclosing level, ending at the national code. Codes that are not 6 or 9 digits give {}.
std::vector<std::string> RegionAncestors(std::string_view code);
inline constexpr std::string_view kNationalCode = "000000";

class OrganisationTree {
 public:
  OrganisationTree() = default;
  // Checks ids are unique, region codes valid and unique, departments named; the parent of
  // each unit is the unit of the nearest enclosing region.
  static Result<OrganisationTree> Build(OrganisationDefinition definition);

  const Unit* Find(std::string_view unit_id) const;
  const Unit* ForRegion(std::string_view region_code) const;  // exactly that region's unit
  const Unit* Parent(const Unit& unit) const;
  // The lowest unit whose jurisdiction covers every code (the common enclosing region that has a
  // unit); nullptr when no unit covers them (no national unit configured).
  const Unit* Responsible(const std::vector<std::string>& region_codes) const;
  // The department of `unit` that answers for the first topic one of them names, else the
  // default department; nullptr when the unit has none.
  const Department* DepartmentFor(const Unit& unit, const std::vector<std::string>& topics) const;

  size_t size() const { return units_.size(); }
  const std::vector<Unit>& units() const { return units_; }

 private:
  std::vector<Unit> units_;
  std::vector<size_t> parent_;                             // index into units_, or npos
  std::vector<std::pair<std::string, size_t>> by_region_;  // sorted by code
  std::vector<std::pair<std::string, size_t>> by_id_;      // sorted by id
};

}  // namespace yuqing
