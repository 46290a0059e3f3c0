// AttributeList: lookups over the ordered a= lines of one SDP section. Linear scans on purpose: a
// section holds a few dozen attributes at most, and order (which a map would lose) is part of the
// round-trip contract of session_description.h.
#include "sdp/session_description.h"

#include <algorithm>

namespace wasmrtc::sdp {

bool AttributeList::has(std::string_view name) const {
  return std::any_of(attributes_.begin(), attributes_.end(),
                     [&](const Attribute& a) { return a.name == name; });
}

std::optional<std::string_view> AttributeList::first(std::string_view name) const {
  for (const Attribute& a : attributes_)
    if (a.name == name) return a.value ? std::string_view(*a.value) : std::string_view();
  return std::nullopt;
}

std::vector<std::string_view> AttributeList::values(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const Attribute& a : attributes_)
    if (a.name == name) out.push_back(a.value ? std::string_view(*a.value) : std::string_view());
  return out;
}

void AttributeList::add(std::string name, std::optional<std::string> value) {
  attributes_.push_back(Attribute{std::move(name), std::move(value)});
}

void AttributeList::set(std::string_view name, std::optional<std::string> value) {
  for (Attribute& a : attributes_) {
    if (a.name == name) {
      a.value = std::move(value);
      return;
    }
  }
  attributes_.push_back(Attribute{std::string(name), std::move(value)});
}

size_t AttributeList::remove(std::string_view name) {
  auto it = std::remove_if(attributes_.begin(), attributes_.end(),
                           [&](const Attribute& a) { return a.name == name; });
  size_t removed = static_cast<size_t>(attributes_.end() - it);
  attributes_.erase(it, attributes_.end());
  return removed;
}

}  // namespace wasmrtc::sdp
