// meekijk-fsync: the disk ceiling. Writes 4 KiB and syncs it, in a loop, on a file in DIR —
// what one SQLite WAL commit (synchronous=FULL) costs at the least. SQLite on Linux syncs the
// WAL with fdatasync; fsync is measured too. The writes cycle through a preallocated 1 MiB
// region, as the WAL is reused after a checkpoint, so the file size does not change.
//
// Prints a human summary and one `RESULT sync=… ops_per_s=…` line per sync call.
#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kBlock = 4096;
constexpr size_t kBlocks = 256;  // 1 MiB

struct Result {
  uint64_t ops = 0;
  double seconds = 0;
  std::vector<uint32_t> latency_us;
};

bool write_all(int fd, const char* data, size_t n, off_t at) {
  while (n) {
    ssize_t w = ::pwrite(fd, data, n, at);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
    at += w;
  }
  return true;
}

Result loop(int fd, double seconds, bool data_only) {
  std::vector<char> block(kBlock, 'w');
  Result r;
  auto start = Clock::now();
  auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (auto now = start; now < end;) {
    block[r.ops % kBlock] = static_cast<char>('a' + r.ops % 26);  // the bytes change each time
    if (!write_all(fd, block.data(), kBlock, static_cast<off_t>((r.ops % kBlocks) * kBlock)) ||
        (data_only ? ::fdatasync(fd) : ::fsync(fd)) != 0) {
      std::perror("meekijk-fsync: write/sync");
      std::exit(1);
    }
    auto after = Clock::now();
    r.latency_us.push_back(static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(after - now).count()));
    ++r.ops;
    now = after;
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

double pct(const std::vector<uint32_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)] / 1000.0;
}

void print(const char* name, Result& r) {
  std::sort(r.latency_us.begin(), r.latency_us.end());
  double rate = static_cast<double>(r.ops) / r.seconds;
  std::printf("  4 KiB write + %-9s %8.0f ops/s   latency ms: p50 %.3f  p99 %.3f  max %.3f\n", name, rate,
              pct(r.latency_us, 0.5), pct(r.latency_us, 0.99), pct(r.latency_us, 1.0));
  std::printf("RESULT sync=%s ops=%llu seconds=%.2f ops_per_s=%.1f p50_ms=%.3f p99_ms=%.3f\n", name,
              static_cast<unsigned long long>(r.ops), r.seconds, rate, pct(r.latency_us, 0.5), pct(r.latency_us, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = ".";
  double seconds = 5;
  std::string which = "both";
  CLI::App app{"meekijk-fsync — the single-fsync rate of a directory's disk"};
  app.add_option("--dir", dir, "directory to write the test file in")->check(CLI::ExistingDirectory)->capture_default_str();
  app.add_option("--seconds,-d", seconds, "seconds per sync call")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--sync", which, "fdatasync, fsync or both")
      ->check(CLI::IsMember({"fdatasync", "fsync", "both"}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  auto path = std::filesystem::path(dir) / "meekijk-fsync.tmp";
  int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::perror(("meekijk-fsync: open " + path.string()).c_str());
    return 1;
  }
  std::vector<char> zeros(kBlock * kBlocks, 0);
  if (!write_all(fd, zeros.data(), zeros.size(), 0) || ::fsync(fd) != 0) {
    std::perror("meekijk-fsync: preallocate");
    return 1;
  }
  std::printf("meekijk-fsync: %s, %.0f s per sync call\n", path.c_str(), seconds);
  if (which != "fsync") {
    auto r = loop(fd, seconds, true);
    print("fdatasync", r);
  }
  if (which != "fdatasync") {
    auto r = loop(fd, seconds, false);
    print("fsync", r);
  }
  ::close(fd);
  std::filesystem::remove(path);
  return 0;
}
