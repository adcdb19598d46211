// Walks of the scenario schema that need neither YAML nor JSON: range texts and the lists
// of brand levers and generation parameters (the documents are in sim/io/scenario_documents.cpp).

#include "sim/core/scenario_schema.hpp"

#include <cmath>

#include <fmt/format.h>

namespace murmur {

std::string Range::text() const {
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  if (has_min && has_max) {
    return fmt::format("in {}{}, {}{}", min_open ? '(' : '[', min, max, max_open ? ')' : ']');
  }
  if (has_min) return fmt::format("{} {}", min_open ? ">" : ">=", min);
  if (has_max) return fmt::format("{} {}", max_open ? "<" : "<=", max);
  return {};
}

namespace {

/// Visits nothing but numbers; the base of the lever helpers below.
struct NumberVisitor {
  void integer(const Field&, auto&) {}
  void optional_number(const Field&, std::optional<double>&) {}
  void optional_integer(const Field&, std::optional<Step>&) {}
  void week_or_never(const Field&, Step&) {}
  void flag(const Field&, bool&) {}
  void text(const Field&, std::string&, Presence = Presence::Optional) {}
  void path(const Field&, std::string&) {}
  void keyword(const Field&, std::string&, std::span<const std::string_view>) {}
  void choice(const Field&, auto&) {}
};

struct LeverLister : NumberVisitor {
  std::vector<NumericKey> levers;
  void number(const Field& field, double&) {
    levers.push_back({field.key, field.range, field.unit, field.doc});
  }
};

struct LeverFinder : NumberVisitor {
  std::string_view key;
  double* found = nullptr;
  void number(const Field& field, double& value) {
    if (field.key == key) found = &value;
  }
};

}  // namespace

namespace {

/// The numeric keys of a section, with their ranges.
template <class Section>
std::vector<NumericKey> numeric_keys() {
  Section section;
  LeverLister lister;
  describe(section, lister);
  return lister.levers;
}

/// The member of `section` a numeric key names, or nullptr.
template <class Section>
double* find_numeric(Section& section, std::string_view key) {
  LeverFinder finder;
  finder.key = key;
  describe(section, finder);
  return finder.found;
}

}  // namespace

std::vector<NumericKey> brand_levers() { return numeric_keys<BrandSpec>(); }
double* find_brand_lever(BrandSpec& brand, std::string_view key) {
  return find_numeric(brand, key);
}
std::vector<NumericKey> generation_parameters() { return numeric_keys<GenerationProfile>(); }
double* find_generation_parameter(GenerationProfile& profile, std::string_view key) {
  return find_numeric(profile, key);
}

}  // namespace murmur
