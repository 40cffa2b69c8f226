// Prometheus text rendering.
#include <gtest/gtest.h>

#include "http/metrics.hpp"

namespace mk::http {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(HttpMetrics, EscapesLabelValues) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_label_value("/consults/{id}"), "/consults/{id}");
}

TEST(HttpMetrics, HistogramBucketsAreCumulative) {
  Histogram h;
  h.observe(0.0002);
  h.observe(0.003);
  h.observe(10.0);
  std::string out;
  append_histogram(out, "x_seconds", "", h);
  EXPECT_TRUE(contains(out, "x_seconds_bucket{le=\"0.0001\"} 0\n"));
  EXPECT_TRUE(contains(out, "x_seconds_bucket{le=\"0.00025\"} 1\n"));
  EXPECT_TRUE(contains(out, "x_seconds_bucket{le=\"0.005\"} 2\n"));
  EXPECT_TRUE(contains(out, "x_seconds_bucket{le=\"2.5\"} 2\n"));
  EXPECT_TRUE(contains(out, "x_seconds_bucket{le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(contains(out, "x_seconds_count 3\n"));
  EXPECT_TRUE(contains(out, "x_seconds_sum 10.0032\n")) << out;
}

TEST(HttpMetrics, RendersCountersGaugesAndExtraHistograms) {
  HttpMetrics m;
  m.record("/a/{id}", "GET", 200, 0.01);
  m.record("/a/{id}", "GET", 200, 0.02);
  m.record("/a/{id}", "GET", 404, 0.01);
  m.record("weird\"route", "POST", 500, 0.01);
  Histogram db;
  db.observe(0.5);
  auto out = m.render({3, 7}, {{"meekijk_db_commit_seconds", "Commit latency.", &db}});
  EXPECT_TRUE(contains(out, "# TYPE meekijk_http_requests_total counter\n"));
  EXPECT_TRUE(contains(out, "meekijk_http_requests_total{route=\"/a/{id}\",method=\"GET\",status=\"200\"} 2\n"));
  EXPECT_TRUE(contains(out, "meekijk_http_requests_total{route=\"/a/{id}\",method=\"GET\",status=\"404\"} 1\n"));
  EXPECT_TRUE(contains(out, "route=\"weird\\\"route\""));
  EXPECT_TRUE(contains(out, "meekijk_http_request_duration_seconds_count{route=\"/a/{id}\",method=\"GET\"} 3\n"));
  EXPECT_TRUE(contains(out, "meekijk_worker_queue_depth 3\n"));
  EXPECT_TRUE(contains(out, "meekijk_http_connections 7\n"));
  EXPECT_TRUE(contains(out, "# HELP meekijk_db_commit_seconds Commit latency.\n"));
  EXPECT_TRUE(contains(out, "meekijk_db_commit_seconds_bucket{le=\"0.5\"} 1\n"));
  EXPECT_EQ(out.back(), '\n');
}

}  // namespace
}  // namespace mk::http
