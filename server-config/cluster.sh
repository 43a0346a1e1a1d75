#!/usr/bin/env bash
# A local two-node Realtime Hub cluster behind nginx, on loopback only.
#
#   server-config/cluster.sh start [sticky|shared]   build the WAR if needed, start both nodes and nginx
#   server-config/cluster.sh stop                    stop all of it
#   server-config/cluster.sh status
#
# Nodes: http://127.0.0.1:8081/ and :8082/ (Hazelcast members 127.0.0.1:6900 and :6901, joined by
# explicit TCP/IP members under their own cluster name, never multicast). Load balancer:
# http://127.0.0.1:8080/ with server-config/nginx/<mode>.conf. Ports can be changed with
# HUB_LB_PORT, HUB_NODE1_PORT, HUB_NODE2_PORT, HUB_HZ_PORT (the first member's; the second is +1).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
run=${HUB_RUN_DIR:-$root/target/cluster}
lb_port=${HUB_LB_PORT:-8080}
node_ports=("${HUB_NODE1_PORT:-8081}" "${HUB_NODE2_PORT:-8082}")
hz_port=${HUB_HZ_PORT:-6900}

start() {
  local mode=${1:-shared}
  case "$mode" in sticky|shared) ;; *) echo "mode must be sticky or shared" >&2; exit 2 ;; esac
  command -v nginx >/dev/null 2>&1 || { echo "Installing nginx ..."; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }; }
  [ -f target/realtime-hub.war ] && [ -f target/payara-micro.jar ] || mvn -B -q -DskipTests package dependency:copy@copy-payara-micro
  stop >/dev/null 2>&1 || true
  mkdir -p "$run/tmp"
  local members="127.0.0.1:$hz_port,127.0.0.1:$((hz_port + 1))"
  for i in 0 1; do
    java -Xmx512m -Drealtime.cluster="$mode" -jar target/payara-micro.jar \
      --deploy target/realtime-hub.war --contextroot / --port "${node_ports[$i]}" \
      --clustermode "tcpip:$members" --clustername realtime-hub-local --startport $((hz_port + i)) \
      --interfaces 127.0.0.1 --hzinitialjoinwait 0 --rootdir "$run/node$i" > "$run/node$i.log" 2>&1 &
    echo $! > "$run/node$i.pid"
  done
  sed -e "s|@LISTEN@|127.0.0.1:$lb_port|" -e "s|@NODE1@|127.0.0.1:${node_ports[0]}|" \
      -e "s|@NODE2@|127.0.0.1:${node_ports[1]}|" -e "s|@PREFIX@|$run|g" -e "s|@CONF@|$root/server-config/nginx|" \
      "server-config/nginx/$mode.conf" > "$run/nginx.conf"
  for i in 0 1; do
    for _ in $(seq 1 90); do
      curl -sf -m 1 "http://127.0.0.1:${node_ports[$i]}/api/stats" >/dev/null && break
      kill -0 "$(cat "$run/node$i.pid")" 2>/dev/null || { echo "node $((i + 1)) died: see $run/node$i.log" >&2; exit 1; }
      sleep 1
    done
    curl -sf -m 1 "http://127.0.0.1:${node_ports[$i]}/api/stats" >/dev/null || { echo "node $((i + 1)) not up: see $run/node$i.log" >&2; exit 1; }
  done
  nginx -p "$run" -c "$run/nginx.conf"
  echo "cluster ($mode) up: http://127.0.0.1:$lb_port/ -> :${node_ports[0]}, :${node_ports[1]}"
}

stop() {
  [ -f "$run/nginx.pid" ] && { kill "$(cat "$run/nginx.pid")" 2>/dev/null || true; rm -f "$run/nginx.pid"; }
  for i in 0 1; do
    [ -f "$run/node$i.pid" ] && { kill "$(cat "$run/node$i.pid")" 2>/dev/null || true; rm -f "$run/node$i.pid"; }
  done
  echo "cluster stopped"
}

status() {
  for i in 0 1; do
    printf 'node %d (:%s): ' $((i + 1)) "${node_ports[$i]}"
    curl -sf -m 1 "http://127.0.0.1:${node_ports[$i]}/api/stats" || printf 'down'
    echo
  done
  printf 'nginx (:%s): ' "$lb_port"; curl -sf -m 1 "http://127.0.0.1:$lb_port/api/stats" || printf 'down'; echo
}

case "${1:-}" in
  start) start "${2:-shared}" ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
