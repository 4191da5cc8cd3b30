// Training stage: evaluation figures as `chronicle eval` prints them.
//
// The training stage (this folder) holds the trainers and evaluators; only the command-line tool
// links it, so the runtime library never carries training code (after sentencepiece).
#pragma once

#include <string>
#include <vector>

namespace chronicle::training {

// One figure: `name` is one word ("UPOS", "LAS", "F1"); `value` a percentage for accuracies and
// F1 scores, a plain number for counts and rates.
struct Figure {
  std::string name;
  double value = 0;
};

// "NAME VALUE\n" per figure, two decimals: the format scripts read.
std::string format_figures(const std::vector<Figure>& figures);

}  // namespace chronicle::training
