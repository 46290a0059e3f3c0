#include "peer/stats.h"

namespace wasmrtc::peer {

const StatValue* StatsEntry::get(std::string_view name) const {
  for (const auto& [key, value] : members) {
    if (key == name) return &value;
  }
  return nullptr;
}

const StatsEntry* PeerConnectionStats::find(std::string_view id) const {
  for (const auto& e : entries) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::vector<const StatsEntry*> PeerConnectionStats::of_type(std::string_view type) const {
  std::vector<const StatsEntry*> out;
  for (const auto& e : entries) {
    if (e.type == type) out.push_back(&e);
  }
  return out;
}

}  // namespace wasmrtc::peer
