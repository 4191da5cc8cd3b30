#include "training/figures.h"

#include <cstdio>

namespace chronicle::training {

std::string format_figures(const std::vector<Figure>& figures) {
  std::string out;
  char value[64];
  for (const auto& figure : figures) {
    std::snprintf(value, sizeof value, "%.2f", figure.value);
    out += figure.name + " " + value + "\n";
  }
  return out;
}

}  // namespace chronicle::training
