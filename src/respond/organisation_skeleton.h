// The organisation tree generated from the division codes (issue 8): one unit per region with
// the standard departments and nobody in them yet. It is the built-in tree when the
// configuration names none (routing then says which office is responsible even before people
// are entered), and `yuqing org skeleton` prints it as YAML for a province to fill in.
#pragma once

#include <string>

#include "nlp/regions/gazetteer.h"
#include "respond/organisation.h"

namespace yuqing {

struct SkeletonOptions {
  std::string province;  // "510000": that province only; empty: the whole country
  bool counties = true;
  bool towns = false;  // streets and towns (街道/乡镇): about 40,000 units nationwide
  bool national = true;
};

OrganisationDefinition OrganisationSkeleton(const regions::Gazetteer& gazetteer,
                                            const SkeletonOptions& options);

// The `organisation:` section of a configuration file, ready to be filled in.
std::string OrganisationYaml(const OrganisationDefinition& organisation);

}  // namespace yuqing
