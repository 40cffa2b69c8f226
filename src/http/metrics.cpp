#include "http/metrics.hpp"

#include <charconv>

namespace mk::http {
namespace {

// Shortest round-trip form in fixed notation ("0.0001", not "1e-04"), as exporters usually write.
std::string number(double v) {
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (result.ec != std::errc{}) result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

void append_header(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
  out.append("# HELP ").append(name).append(" ");
  for (char c : help) {  // HELP escapes only backslash and newline
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  out.append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void append_sample(std::string& out, std::string_view name, std::string_view labels, std::string_view value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

std::string label(std::string_view key, std::string_view value) {
  return std::string(key) + "=\"" + escape_label_value(value) + "\"";
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

void append_histogram(std::string& out, std::string_view name, std::string_view labels, const Histogram& h) {
  std::string prefix = labels.empty() ? std::string() : std::string(labels) + ",";
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= Histogram::kBounds.size(); ++i) {
    cumulative += h.bucket(i);
    std::string le = i < Histogram::kBounds.size() ? number(Histogram::kBounds[i]) : "+Inf";
    append_sample(out, std::string(name) + "_bucket", prefix + label("le", le), std::to_string(cumulative));
  }
  // The count is the +Inf bucket, so a scrape never sees count and buckets disagree.
  append_sample(out, std::string(name) + "_sum", labels, number(h.sum_seconds()));
  append_sample(out, std::string(name) + "_count", labels, std::to_string(cumulative));
}

void HttpMetrics::record(std::string_view route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
  auto& h = durations_[{std::string(route), std::string(method)}];
  if (!h) h = std::make_unique<Histogram>();
  h->observe(seconds);
}

std::string HttpMetrics::render(const GaugeValues& gauges, const std::vector<HistogramMetric>& extra) const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    append_header(out, "meekijk_http_requests_total", "HTTP requests served, by route pattern.", "counter");
    for (const auto& [key, count] : requests_) {
      const auto& [route, method, status] = key;
      append_sample(out, "meekijk_http_requests_total",
                    label("route", route) + "," + label("method", method) + "," + label("status", std::to_string(status)),
                    std::to_string(count));
    }
    append_header(out, "meekijk_http_request_duration_seconds", "Time from request header to response written (event streams: to their header).",
                  "histogram");
    for (const auto& [key, histogram] : durations_)
      append_histogram(out, "meekijk_http_request_duration_seconds",
                       label("route", key.first) + "," + label("method", key.second), *histogram);
  }
  append_header(out, "meekijk_worker_queue_depth", "Handlers waiting for or running on the worker pool.", "gauge");
  append_sample(out, "meekijk_worker_queue_depth", "", std::to_string(gauges.queue_depth));
  append_header(out, "meekijk_http_connections", "Open client connections.", "gauge");
  append_sample(out, "meekijk_http_connections", "", std::to_string(gauges.connections));
  append_header(out, "meekijk_http_streams", "Open event streams (their connections are counted above too).", "gauge");
  append_sample(out, "meekijk_http_streams", "", std::to_string(gauges.streams));
  append_header(out, "meekijk_http_fast_path_total",
                "Requests answered by their route's fast path, without a worker thread.", "counter");
  append_sample(out, "meekijk_http_fast_path_total", "", std::to_string(gauges.fast_path));
  for (const auto& metric : extra) {
    if (!metric.histogram) continue;
    append_header(out, metric.name, metric.help, "histogram");
    append_histogram(out, metric.name, "", *metric.histogram);
  }
  return out;
}

}  // namespace mk::http
