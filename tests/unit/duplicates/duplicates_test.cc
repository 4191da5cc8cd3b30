// Near-duplicate detection: copies grouped (identical, rewritten, truncated), different stories on
// one topic kept apart, tiny documents never grouped, order independence, and the MinHash
// estimate checked against the exact Jaccard index (a slow, obviously correct twin).
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "chronicle/duplicates.h"

namespace chronicle {
namespace {

// Two different stories on the same topic (cocoa, the same week), in Reuters' style.
const std::vector<std::string> kStrikeSentences = {
    "Dock workers at the Ivory Coast port of San Pedro went on strike on Monday, halting cocoa "
    "loadings for the second time this month, shipping agents said.",
    "About 40,000 tonnes of cocoa beans were waiting to be loaded on six vessels anchored off the "
    "port, according to one agent.",
    "The union is demanding a 15 pct pay rise and better safety equipment after an accident last "
    "week in which two workers were injured.",
    "Port officials said talks with the union would resume on Wednesday and that they hoped to "
    "reopen the quays before the end of the week.",
    "London cocoa futures rose 18 stg a tonne on news of the stoppage, dealers said.",
};
const std::vector<std::string> kBufferSentences = {
    "The International Cocoa Organization buffer stock manager will start buying cocoa next week "
    "if prices stay below the floor, delegates said.",
    "The council agreed in London on Friday on rules that let the manager purchase up to 75,000 "
    "tonnes of beans from producing countries.",
    "Consumer members had resisted purchases of Ivory Coast cocoa, saying they would favour one "
    "producer over the others.",
    "Dealers said the decision had been expected and had little effect on London cocoa futures, "
    "which closed slightly lower.",
    "The buffer stock holds about 100,000 tonnes bought under the previous agreement, "
    "delegates added.",
};

std::string join(const std::vector<std::string>& sentences) {
  std::string text;
  for (const std::string& sentence : sentences) text += (text.empty() ? "" : " ") + sentence;
  return text;
}

const std::string kBoilerplate =
    "Copyright Reuters Limited. All rights reserved. Republication or redistribution of Reuters "
    "content is expressly prohibited without the prior written consent of Reuters.";

std::string rewritten_strike() {
  std::vector<std::string> shuffled = {kStrikeSentences[2], kStrikeSentences[0],
                                       kStrikeSentences[4], kStrikeSentences[1],
                                       kStrikeSentences[3]};
  return "ABIDJAN (Reuters) - " + join(shuffled) + "\n\n" + kBoilerplate;
}

std::string truncated_strike() {
  std::string text = join(kStrikeSentences);
  return text.substr(0, text.size() * 6 / 10);
}

TEST(DuplicateWordsTest, LowerCaseUnicodeAwareWithoutPunctuation) {
  EXPECT_EQ(duplicate_words("The Café's PRICE, up 3.5 pct!"),
            (std::vector<std::string>{"the", "café", "s", "price", "up", "3", "5", "pct"}));
  // NFKC: full-width letters are the ASCII words; upper-case accented letters are lowered.
  EXPECT_EQ(duplicate_words("\xEF\xBC\xB4\xEF\xBD\x88\xEF\xBD\x85 ÉTÉ"),
            (std::vector<std::string>{"the", "été"}));
  EXPECT_TRUE(duplicate_words("").empty());
  EXPECT_TRUE(duplicate_words(" -- ... ").empty());
}

TEST(NearDuplicateDetectorTest, IdenticalTextsAreGrouped) {
  NearDuplicateDetector detector;
  detector.add(1, join(kStrikeSentences));
  detector.add(2, join(kStrikeSentences));
  EXPECT_EQ(detector.group_of(1), (std::vector<uint64_t>{1, 2}));
  ASSERT_EQ(detector.pairs().size(), 1u);
  EXPECT_DOUBLE_EQ(detector.pairs()[0].similarity.jaccard, 1.0);
}

TEST(NearDuplicateDetectorTest, RewrittenCopyIsGrouped) {
  NearDuplicateDetector detector;
  detector.add(10, join(kStrikeSentences));
  detector.add(11, rewritten_strike());
  EXPECT_EQ(detector.group_of(11), (std::vector<uint64_t>{10, 11}));
}

TEST(NearDuplicateDetectorTest, TruncatedCopyIsGroupedByContainment) {
  NearDuplicateDetector detector;
  detector.add(1, join(kStrikeSentences));
  detector.add(2, truncated_strike());
  EXPECT_EQ(detector.group_of(2), (std::vector<uint64_t>{1, 2}));
  DuplicateSimilarity similarity =
      duplicate_similarity(*detector.signature(1), *detector.signature(2));
  // Jaccard alone is about the kept fraction; containment is what groups them.
  EXPECT_LT(similarity.jaccard, 0.75);
  EXPECT_GT(similarity.containment, 0.85);
}

TEST(NearDuplicateDetectorTest, DifferentStoriesOnTheSameTopicAreNotGrouped) {
  NearDuplicateDetector detector;
  detector.add(1, join(kStrikeSentences));
  detector.add(2, join(kBufferSentences));
  detector.add(3, rewritten_strike());
  EXPECT_EQ(detector.group_of(2), (std::vector<uint64_t>{2}));
  EXPECT_EQ(detector.group_of(1), (std::vector<uint64_t>{1, 3}));
  DuplicateSimilarity different = duplicate_similarity(*detector.signature(1), *detector.signature(2));
  EXPECT_LT(different.jaccard, 0.1);
  EXPECT_LT(different.containment, 0.2);
}

TEST(NearDuplicateDetectorTest, TemplatedReportsWithOtherNumbersAreNotGrouped) {
  const std::string tultex =
      "Tultex Corp said its board declared a regular quarterly dividend of 12 cts per share, "
      "payable April 1 to shareholders of record on March 15. The company paid a dividend of 12 "
      "cts per share in the prior quarter. Qtly div 12 cts vs 12 cts prior.";
  const std::string brenco =
      "Brenco Inc said its board declared a regular quarterly dividend of 18 cts per share, "
      "payable March 31 to shareholders of record on March 16. The company paid a dividend of 18 "
      "cts per share in the prior quarter. Qtly div 18 cts vs 18 cts prior.";
  NearDuplicateDetector detector;
  detector.add(1, tultex);
  detector.add(2, brenco);
  detector.add(3, "DALLAS (Reuters) - " + tultex);
  DuplicateSimilarity similarity =
      duplicate_similarity(*detector.signature(1), *detector.signature(2));
  EXPECT_GE(similarity.jaccard, DuplicateOptions{}.threshold);  // the words alone would group
  EXPECT_LT(similarity.numbers, DuplicateOptions{}.number_threshold);
  EXPECT_EQ(detector.group_of(2), (std::vector<uint64_t>{2}));
  EXPECT_EQ(detector.group_of(1), (std::vector<uint64_t>{1, 3}));
}

TEST(NearDuplicateDetectorTest, GroupsDoNotDependOnInputOrder) {
  const std::vector<std::string> texts = {
      join(kStrikeSentences), join(kBufferSentences), rewritten_strike(), truncated_strike(),
      join(kBufferSentences) + " " + kBoilerplate, "Too short to judge.", ""};
  std::vector<DuplicateSignature> signatures;
  for (const std::string& text : texts) signatures.push_back(duplicate_signature(text));
  std::vector<size_t> order(texts.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<DuplicateGroup> first;
  std::vector<std::pair<uint64_t, uint64_t>> first_pairs;
  size_t permutations = 0;
  do {
    NearDuplicateDetector detector;
    for (size_t text_idx : order) detector.add(text_idx, signatures[text_idx]);
    std::vector<DuplicateGroup> groups = detector.groups();
    std::vector<std::pair<uint64_t, uint64_t>> pairs;
    for (const DuplicatePair& pair : detector.pairs()) pairs.emplace_back(pair.first, pair.second);
    if (permutations++ == 0) {
      first = groups;
      first_pairs = pairs;
      ASSERT_EQ(groups.size(), 2u);
      EXPECT_EQ(groups[0].members, (std::vector<uint64_t>{0, 2, 3}));
      EXPECT_EQ(groups[1].members, (std::vector<uint64_t>{1, 4}));
      continue;
    }
    ASSERT_EQ(groups.size(), first.size());
    for (size_t group_idx = 0; group_idx < groups.size(); ++group_idx) {
      EXPECT_EQ(groups[group_idx].members, first[group_idx].members);
    }
    EXPECT_EQ(pairs, first_pairs);
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(permutations, 5040u);
}

TEST(NearDuplicateDetectorTest, EmptyAndTinyDocumentsAreNeverGrouped) {
  NearDuplicateDetector detector;
  EXPECT_TRUE(detector.add(1, ""));
  EXPECT_TRUE(detector.add(2, ""));
  EXPECT_TRUE(detector.add(3, "Markets closed."));
  EXPECT_TRUE(detector.add(4, "Markets closed."));
  EXPECT_TRUE(detector.add(5, "\xFF\xFE broken bytes \xC3"));  // invalid UTF-8 must not crash
  EXPECT_TRUE(detector.add(6, "\xFF\xFE broken bytes \xC3"));
  EXPECT_TRUE(detector.groups().empty());
  EXPECT_EQ(detector.group_of(3), (std::vector<uint64_t>{3}));
  EXPECT_TRUE(detector.group_of(99).empty());
  EXPECT_EQ(duplicate_similarity(*detector.signature(1), *detector.signature(2)).jaccard, 0);
}

TEST(NearDuplicateDetectorTest, AKeyIsAddedOnce) {
  NearDuplicateDetector detector;
  EXPECT_TRUE(detector.add(7, join(kStrikeSentences)));
  EXPECT_FALSE(detector.add(7, join(kBufferSentences)));
  EXPECT_EQ(detector.size(), 1u);
}

TEST(NearDuplicateDetectorTest, ThresholdIsHonoured) {
  DuplicateOptions strict;
  strict.threshold = 1.0;
  strict.containment_threshold = 1.0;
  NearDuplicateDetector detector(strict);
  detector.add(1, join(kStrikeSentences));
  detector.add(2, rewritten_strike());
  EXPECT_EQ(detector.group_of(1), (std::vector<uint64_t>{1}));
}

// The slow reference: the exact Jaccard index of the two sets of word shingles.
double exact_jaccard(const std::string& a, const std::string& b) {
  auto shingles = [](const std::string& text) {
    const size_t width = static_cast<size_t>(DuplicateOptions{}.shingle_words);
    std::vector<std::string> words = duplicate_words(text);
    std::set<std::string> out;
    for (size_t first = 0; first + width <= words.size(); ++first) {
      std::string shingle;
      for (size_t word_idx = first; word_idx < first + width; ++word_idx) {
        shingle += words[word_idx] + ' ';
      }
      out.insert(shingle);
    }
    return out;
  };
  std::set<std::string> left = shingles(a), right = shingles(b);
  size_t common = 0;
  for (const std::string& shingle : left) common += right.count(shingle);
  return static_cast<double>(common) / static_cast<double>(left.size() + right.size() - common);
}

TEST(DuplicateSimilarityTest, EstimatesTheExactJaccardIndex) {
  const std::vector<std::string> texts = {join(kStrikeSentences), rewritten_strike(),
                                          truncated_strike(), join(kBufferSentences)};
  for (size_t a = 0; a < texts.size(); ++a) {
    for (size_t b = 0; b < texts.size(); ++b) {
      const DuplicateSimilarity estimate = duplicate_similarity(duplicate_signature(texts[a]),
                                                                duplicate_signature(texts[b]));
      // 128 hashes: standard error sqrt(J(1-J)/128) <= 0.045; allow three of them.
      EXPECT_NEAR(estimate.jaccard, exact_jaccard(texts[a], texts[b]), 0.135)
          << "texts " << a << " and " << b;
      const DuplicateSimilarity reverse = duplicate_similarity(duplicate_signature(texts[b]),
                                                               duplicate_signature(texts[a]));
      EXPECT_EQ(estimate.jaccard, reverse.jaccard);
      EXPECT_EQ(estimate.containment, reverse.containment);
    }
  }
}

}  // namespace
}  // namespace chronicle
