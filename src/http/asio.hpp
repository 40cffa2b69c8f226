#pragma once
// Beast and Asio for src/http (and its tests) only; precompiled, and compiled once in
// asio_impl.cpp (separate compilation), so each translation unit parses them cheaply.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace mk::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;  // "http" is our own namespace
using tcp = asio::ip::tcp;
using boost::system::error_code;

// Completion token for `auto [ec, n] = co_await op(..., use_tuple)`: errors as values,
// because a closed connection is normal control flow here, not an exception.
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

}  // namespace mk::http
