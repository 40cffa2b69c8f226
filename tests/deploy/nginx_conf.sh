# shellcheck shell=bash
# Sourced by tests/deploy/cluster_test.sh and bench/backends.sh: an nginx configuration for two
# meekijk instances from the proxy blocks of deploy/nginx.conf (copied verbatim between its
# `>>> meekijk …` / `<<< meekijk …` markers; only the upstream `server` lines are replaced).
#
# meekijk_nginx_conf DEPLOY_CONF DIR PORT ADDR_A ADDR_B: writes DIR/nginx.conf (nginx listening on
# plain HTTP at 127.0.0.1:PORT, logs, pid and temp files under DIR) and checks it with `nginx -t`
# ($NGINX, else nginx from PATH). Returns 1 with a message on stderr when something is wrong.

meekijk_nginx_block() {  # meekijk_nginx_block DEPLOY_CONF NAME: the lines between the markers
  awk -v name="$2" '$0 ~ "# >>> meekijk " name "$" { on = 1; next } $0 ~ "# <<< meekijk " name "$" { on = 0 } on' "$1"
}

meekijk_nginx_conf() {
  local conf=$1 dir=$2 port=$3 addr_a=$4 addr_b=$5
  local nginx=${NGINX:-nginx} upstream locations as_root=""
  upstream=$(meekijk_nginx_block "$conf" upstream)
  locations=$(meekijk_nginx_block "$conf" locations)
  if [ -z "$upstream" ] || [ -z "$locations" ]; then
    echo "the '>>> meekijk upstream/locations' markers are missing in $conf" >&2; return 1
  fi
  grep -q '^ *server 127.0.0.1:[0-9]* ' <<<"$upstream" ||
    { echo "no 'server 127.0.0.1:PORT …' lines in the upstream block" >&2; return 1; }
  # The two server lines become A and B (their parameters kept).
  upstream=$(awk -v a="$addr_a" -v b="$addr_b" '
    /^ *server 127\.0\.0\.1:[0-9]+ / { n++; sub(/127\.0\.0\.1:[0-9]+/, n == 1 ? a : b) } { print }' <<<"$upstream")
  [ "$(grep -c "server $addr_a \|server $addr_b " <<<"$upstream")" -eq 2 ] ||
    { echo "upstream rewrite: $upstream" >&2; return 1; }

  mkdir -p "$dir/logs" "$dir/tmp"
  # As root the workers would run as nobody, who cannot enter the private temporary directory.
  [ "$(id -u)" -ne 0 ] || as_root="user root;"
  cat >"$dir/nginx.conf" <<EOF
$as_root
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log $dir/access.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
$upstream
  # deploy/nginx.conf's TLS server block, as plain HTTP on a free loopback port.
  server {
    listen 127.0.0.1:$port;
$locations
  }
}
EOF
  "$nginx" -t -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/test.log" 2>&1 ||
    { cat "$dir/test.log" >&2; echo "nginx -t refused the generated configuration" >&2; return 1; }
}
