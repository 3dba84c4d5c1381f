// The benchmark's compiled reference: a brute-force fuzzy scan in C++, one thread, with the
// same score as ntm (SPEC: floor(100 (1 − lev / max len)), lengths in UTF-16 code units) and
// the same lossless length window. Every stored text of a length in the window is compared
// with the query by bit-parallel Levenshtein (Myers 1999, in Hyyrö's formulation, 64-bit
// words, as many words as the query needs), and the comparison stops as soon as the distance
// can no longer be within the threshold. No index, no other filter: the baseline an index has
// to beat.
//
//   scan TEXTS QUERIES MIN LIMIT
// TEXTS: lines "id<TAB>text" (normalised, UTF-8). QUERIES: one normalised query a line.
// Prints, per query, one line: microseconds of the scan, then "id:score" of the best LIMIT
// matches (score ≥ MIN, best first, ties to the higher id), tab-separated. The last line on
// stderr is "RSS <peak KiB>".
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/resource.h>
#include <unordered_map>
#include <vector>

using Text = std::u16string;

static Text utf16(const std::string& s) {
  Text out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    uint32_t cp;
    int n;
    if (c < 0x80) { cp = c; n = 1; }
    else if ((c >> 5) == 6) { cp = c & 0x1f; n = 2; }
    else if ((c >> 4) == 14) { cp = c & 0x0f; n = 3; }
    else { cp = c & 0x07; n = 4; }
    for (int k = 1; k < n && i + k < s.size(); k++) cp = (cp << 6) | (s[i + k] & 0x3f);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(char16_t(0xd800 + (cp >> 10)));
      out.push_back(char16_t(0xdc00 + (cp & 0x3ff)));
    } else out.push_back(char16_t(cp));
  }
  return out;
}

// The query as bit masks per code unit: bit r of word b set where query[64b + r] is that unit.
struct Pattern {
  size_t len = 0, words = 0;
  std::vector<uint64_t> ascii;  // 256 × words
  std::unordered_map<char16_t, std::vector<uint64_t>> other;
  std::vector<uint64_t> zero;
  explicit Pattern(const Text& q) : len(q.size()), words((q.size() + 63) / 64) {
    ascii.assign(256 * std::max<size_t>(words, 1), 0);
    zero.assign(std::max<size_t>(words, 1), 0);
    for (size_t i = 0; i < q.size(); i++) {
      char16_t c = q[i];
      uint64_t* m;
      if (c < 256) m = &ascii[c * words];
      else {
        auto& v = other[c];
        if (v.empty()) v.assign(words, 0);
        m = v.data();
      }
      m[i / 64] |= uint64_t(1) << (i % 64);
    }
  }
  const uint64_t* masks(char16_t c) const {
    if (c < 256) return &ascii[c * words];
    auto it = other.find(c);
    return it == other.end() ? zero.data() : it->second.data();
  }
};

// lev(query, text) if it is at most k, else any value above k.
static size_t levenshteinWithin(const Pattern& p, const Text& t, size_t k, std::vector<uint64_t>& VP, std::vector<uint64_t>& VN) {
  const size_t m = p.len, n = t.size(), W = p.words;
  if (m == 0) return n;
  if (n == 0) return m;
  VP.assign(W, ~uint64_t(0));
  VN.assign(W, 0);
  const uint64_t last = uint64_t(1) << ((m - 1) % 64);
  size_t score = m;
  for (size_t j = 0; j < n; j++) {
    const uint64_t* PM = p.masks(t[j]);
    uint64_t hpCarry = 1, hnCarry = 0;  // the row above the query counts up: D[0][j] = j
    for (size_t b = 0; b < W; b++) {
      uint64_t X = PM[b] | VN[b] | hnCarry;
      uint64_t D0 = (((X & VP[b]) + VP[b]) ^ VP[b]) | X;
      uint64_t HP = VN[b] | ~(D0 | VP[b]);
      uint64_t HN = D0 & VP[b];
      if (b == W - 1) {
        if (HP & last) score++;
        else if (HN & last) score--;
      }
      uint64_t hpOut = HP >> 63, hnOut = HN >> 63;
      HP = (HP << 1) | hpCarry;
      HN = (HN << 1) | hnCarry;
      hpCarry = hpOut;
      hnCarry = hnOut;
      VP[b] = HN | ~(D0 | HP);
      VN[b] = HP & D0;
    }
    // The last row can fall by at most one per remaining text unit.
    if (score > k + (n - 1 - j)) return k + 1;
  }
  return score;
}

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: scan TEXTS QUERIES MIN LIMIT\n");
    return 2;
  }
  const int min = std::atoi(argv[3]);
  const size_t limit = std::atoi(argv[4]);
  std::vector<long long> ids;
  std::vector<Text> texts;
  {
    std::ifstream in(argv[1]);
    std::string line;
    while (std::getline(in, line)) {
      size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      ids.push_back(std::stoll(line.substr(0, tab)));
      texts.push_back(utf16(line.substr(tab + 1)));
    }
  }
  // Texts by length, so that a query reads only its window (as an index on length would).
  std::vector<std::vector<size_t>> byLength;
  for (size_t i = 0; i < texts.size(); i++) {
    if (texts[i].size() >= byLength.size()) byLength.resize(texts[i].size() + 1);
    byLength[texts[i].size()].push_back(i);
  }
  std::ifstream qin(argv[2]);
  std::string qline;
  std::vector<uint64_t> VP, VN;
  while (std::getline(qin, qline)) {
    const Text q = utf16(qline);
    const auto t0 = std::chrono::steady_clock::now();
    const Pattern p(q);
    const size_t L = q.size();
    // Lengths that can score ≥ min at all: ceil(L·min/100) … floor(100·L/min).
    const size_t lo = min <= 0 ? 0 : (L * min + 99) / 100;
    const size_t hi = min <= 0 ? byLength.size() : std::min(byLength.size() - 1, L * 100 / size_t(min));
    std::vector<std::pair<int, long long>> best;  // (score, id), best first
    for (size_t len = lo; len <= hi && len < byLength.size(); len++) {
      const size_t M = std::max(L, len);
      const size_t k = M == 0 ? 0 : M * (100 - min) / 100;
      if ((L > len ? L - len : len - L) > k) continue;
      for (size_t i : byLength[len]) {
        // Once LIMIT matches are kept, a newcomer must beat the worst of them.
        size_t kk = k;
        if (best.size() >= limit && limit > 0) {
          const int floor = best.back().first;
          const size_t need = M * (100 - floor) / 100;
          if (need < kk) kk = need;
        }
        const size_t d = levenshteinWithin(p, texts[i], kk, VP, VN);
        if (d > kk) continue;
        const int score = M == 0 ? 100 : int((100 * (M - d)) / M);
        if (score < min) continue;
        std::pair<int, long long> item(score, ids[i]);
        auto at = std::find_if(best.begin(), best.end(), [&](const auto& b) { return b.first < score || (b.first == score && b.second < item.second); });
        best.insert(at, item);
        if (best.size() > limit) best.pop_back();
      }
    }
    const auto t1 = std::chrono::steady_clock::now();
    std::printf("%.1f", std::chrono::duration<double, std::micro>(t1 - t0).count());
    for (auto& b : best) std::printf("\t%lld:%d", b.second, b.first);
    std::printf("\n");
  }
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  std::fprintf(stderr, "RSS %ld\n", ru.ru_maxrss);
  return 0;
}
