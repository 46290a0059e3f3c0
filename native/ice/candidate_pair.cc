#include "ice/candidate_pair.h"

#include <algorithm>

namespace wasmrtc::ice {

uint64_t pair_priority(uint32_t controlling_priority, uint32_t controlled_priority) {
  uint64_t g = controlling_priority, d = controlled_priority;
  return (std::min(g, d) << 32) + 2 * std::max(g, d) + (g > d ? 1 : 0);
}

}  // namespace wasmrtc::ice
