#include "domain/organization.hpp"

#include <algorithm>

namespace mk::domain {

bool Service::offers(Modality m) const {
  return std::find(modalities.begin(), modalities.end(), m) != modalities.end();
}

}  // namespace mk::domain
