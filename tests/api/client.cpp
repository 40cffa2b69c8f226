#include "api/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include <chrono>

namespace mk::apitest {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::seconds kTimeout{60};  // a safety net, never a timing assertion

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> Response::header(std::string_view name) const {
  auto key = lower(name);
  for (const auto& [k, v] : headers)
    if (k == key) return v;
  return std::nullopt;
}

boost::json::value Response::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) {
    ADD_FAILURE() << "response body is not JSON (" << ec.message() << "): " << describe();
    return nullptr;
  }
  return v;
}

boost::json::object Response::object() const {
  auto v = json();
  return v.is_object() ? v.as_object() : boost::json::object{};
}

std::vector<std::string> Response::error_fields() const {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return out;
  auto* errors = v.as_object().if_contains("errors");
  if (!errors || !errors->is_array()) return out;
  for (const auto& e : errors->as_array())
    if (e.is_object())
      if (auto* f = e.as_object().if_contains("field"); f && f->is_string()) out.emplace_back(f->as_string());
  return out;
}

bool Response::names_field(std::string_view field) const {
  for (const auto& f : error_fields())
    if (f == field) return true;
  return false;
}

std::string Response::describe() const {
  std::string text = std::to_string(status) + " " + body.substr(0, 600);
  return text;
}

Response send(uint16_t port, const Request& request) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  bhttp::request<bhttp::string_body> req;
  req.method_string(request.method);
  req.target(request.target);
  req.version(11);
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::connection, "close");
  for (const auto& [name, value] : request.headers) req.insert(name, value);
  req.body() = request.body;
  if (request.chunked) req.chunked(true);
  else if (!request.body.empty() || request.method == "POST" || request.method == "PUT") req.prepare_payload();

  Response out;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64u << 20);
  boost::system::error_code connect_ec, read_ec;
  bool read_done = false;
  stream.expires_after(kTimeout);
  stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](boost::system::error_code ec) {
    connect_ec = ec;
    if (ec) return;
    // The write and the read run together: the server may answer before it reads the body.
    bhttp::async_write(stream, req, [](boost::system::error_code, size_t) {});
    bhttp::async_read(stream, buffer, parser, [&](boost::system::error_code ec2, size_t) {
      read_ec = ec2;
      read_done = true;
      boost::system::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream.close();  // also ends a write the server no longer wants
    });
  });
  io.run();
  if (connect_ec || !read_done || read_ec) {
    out.status = 0;
    out.body = "transport error: " + (connect_ec ? connect_ec.message() : read_ec.message());
    return out;
  }
  auto res = parser.release();
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) out.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  out.body = std::move(res.body());
  return out;
}

}  // namespace mk::apitest
