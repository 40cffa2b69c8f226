#pragma once
// Request metrics of the server and their Prometheus text rendering (format 0.0.4).
// Labels are route patterns, never raw paths, so the series count stays bounded.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/metrics.hpp"
#include "http/server.hpp"

namespace mk::http {

inline constexpr std::string_view kUnmatchedRoute = "unmatched";
inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

struct GaugeValues {
  uint64_t queue_depth = 0;
  uint64_t connections = 0;
  uint64_t streams = 0;
  uint64_t fast_path = 0;  // counter: requests answered by their route's fast path
};

class HttpMetrics {
 public:
  void record(std::string_view route, std::string_view method, int status, double seconds);
  std::string render(const GaugeValues& gauges, const std::vector<HistogramMetric>& extra) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Histogram>> durations_;
};

// Exposed for tests: label value escaping (\\, \", \n) and one histogram's sample lines.
std::string escape_label_value(std::string_view value);
void append_histogram(std::string& out, std::string_view name, std::string_view labels, const Histogram& h);

}  // namespace mk::http
