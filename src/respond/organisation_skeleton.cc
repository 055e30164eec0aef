#include "respond/organisation_skeleton.h"

#include <unordered_set>

namespace yuqing {
namespace {

std::string UnitName(const regions::Unit& unit) {
  std::string name(unit.name);
  switch (unit.level) {
    case regions::Level::kProvince:
      return name + "人力资源和社会保障厅";
    case regions::Level::kCity:
    case regions::Level::kCounty:
      return name + "人力资源和社会保障局";
    case regions::Level::kTown:
      return name + "劳动保障事务所";
    case regions::Level::kForeign:
      break;
  }
  return name;
}

}  // namespace

OrganisationDefinition OrganisationSkeleton(const regions::Gazetteer& gazetteer,
                                            const SkeletonOptions& options) {
  OrganisationDefinition organisation;
  organisation.source = "<division codes>";
  auto add = [&](std::string code, std::string name) {
    Unit unit;
    unit.id = code;
    unit.region_code = std::move(code);
    unit.name = std::move(name);
    unit.departments = StandardDepartments();
    unit.default_department = "publicity";
    organisation.units.push_back(std::move(unit));
  };
  if (options.national) add(std::string(kNationalCode), "人力资源和社会保障部");
  // Cities without counties (东莞 441900, 中山 442000) appear at two levels with one code.
  std::unordered_set<std::string> seen = {std::string(kNationalCode)};
  const std::string province_prefix =
      options.province.size() >= 2 ? options.province.substr(0, 2) : std::string();
  for (uint32_t i = 0; i < gazetteer.unit_count(); ++i) {
    const regions::Unit& unit = gazetteer.unit(i);
    if (unit.scope != regions::Scope::kMainland || unit.placeholder || unit.code == 0) continue;
    if (unit.level == regions::Level::kCounty && !options.counties) continue;
    if (unit.level == regions::Level::kTown && !options.towns) continue;
    if (unit.level == regions::Level::kForeign) continue;
    std::string code = gazetteer.CodeString(i);
    if (!province_prefix.empty() && code.compare(0, 2, province_prefix) != 0) continue;
    if (RegionAncestors(code).empty() || !seen.insert(code).second) continue;
    add(std::move(code), UnitName(unit));
  }
  return organisation;
}

std::string OrganisationYaml(const OrganisationDefinition& organisation) {
  std::string out =
      "# Generated from the division codes: one unit per region with the standard departments\n"
      "# (养老保险, 医疗保险, 工伤保险, 失业保险, 基金监督, 经办服务, 宣传/舆情). Add people "
      "under\n"
      "# `people:` by department id, leaders under `leaders:`, and delete units you do not need.\n"
      "organisation:\n  units:\n";
  for (const Unit& unit : organisation.units) {
    out += "    - region: \"" + unit.region_code + "\"\n";
    out += "      name: " + unit.name + "\n";
    out += "      departments: standard\n";
    out +=
        "      # people:\n      #   pension:\n      #     - name: 姓名\n"
        "      #       channels: [{kind: wecom, address: \"https://...\"}]\n";
  }
  return out;
}

}  // namespace yuqing
