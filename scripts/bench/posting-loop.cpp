// posting-loop.mjs in C++: the same postings (same seed), the same loop. See that file.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

static uint32_t seed = 1;
static uint32_t next() {
  seed += 0x6d2b79f5u;
  uint32_t t = seed;
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return t ^ (t >> 14);
}

int main(int argc, char** argv) {
  const int N = 540000, GROUPS = 40, PER = 30;
  const int IDS = argc > 1 ? atoi(argv[1]) : 100000;
  std::vector<std::vector<uint8_t>> bufs;
  for (int left = N; left > 0; left -= GROUPS * PER) {
    std::vector<uint8_t> buf(GROUPS * PER * 3);
    int at = 0;
    for (int i = 0; i < GROUPS * PER; i++) {
      uint32_t gap = 1 + next() % (uint32_t)((IDS / (double)PER) * 0.9);
      uint32_t v = (gap << 4) | (next() % 16);
      buf[at++] = v & 255;
      buf[at++] = (v >> 8) & 255;
      buf[at++] = (v >> 16) & 255;
    }
    bufs.push_back(buf);
  }
  std::vector<uint16_t> counts(IDS * 2);
  std::vector<int32_t> touched(IDS * 2);
  auto run = [&](uint32_t any) {
    int n = 0;
    for (auto& buf : bufs)
      for (int g = 0; g < GROUPS; g++) {
        int at = g * PER * 3, end = at + PER * 3;
        uint32_t id = 0;
        for (; at < end; at += 3) {
          uint32_t v = buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16);
          id += v >> 4;
          uint16_t c = counts[id];
          if (c == 0) {
            touched[n++] = id;
            counts[id] = 1 + ((any >> (v & 15)) & 1);
          } else
            counts[id] = c + ((any >> (v & 15)) & 1);
        }
      }
    for (int i = 0; i < n; i++) counts[touched[i]] = 0;
    return n;
  };
  long sum = 0;
  for (int r = 0; r < 20; r++) sum += run(0x0ff0);
  auto t = std::chrono::steady_clock::now();
  for (int r = 0; r < 50; r++) sum += run(0x0ff0);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count() / 50;
  printf("C++, ids below %d: %.2f ms per %d postings, %.2f ns a posting (%ld)\n", IDS, ms, N, ms * 1e6 / N, sum);
}
