#!/bin/sh
# Load test of shenbao serve on loopback (issue 5), bounded in time and count:
#   1. 200 concurrent clients render the individual sample for 30 s;
#   2. as many clients as cores render it for 10 s: the latency of one
#      render without queueing, comparable with single-request figures;
#   3. 20 concurrent clients each send bundles of 20 evidence files
#      (16 A4 photos at 300 dpi, 4 PDFs), 40 bundles in all.
# For each, the load generator's JSON (latency, throughput, statuses) and the
# server's peak RSS (VmHWM) are printed. The server runs with its defaults
# (workers = cores, queue 256) and logs one JSON line per request to a file.
#
# The server listens on a port the kernel picks (PORT=n to choose one); the
# script reads the address from the server's own "listening" log line and
# checks the process answering /readyz is the one it started, so a server
# already holding a port is never measured by mistake.
#
#   sh bench/server/run.sh [render|latency|bundle|all]    (from the module root)
set -eu
what=${1:-all}
port=${PORT:-0}
dur=${DURATION:-30s}
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
pid=

go build -o "$tmp/shenbao" ./cmd/shenbao
go build -o "$tmp/loadgen" ./bench/server

start() {
	mkdir -p "$tmp/uploads"
	if [ "$port" != 0 ] && curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
		echo "port $port already answers: another server holds it; unset PORT to let the kernel pick one" >&2
		exit 2
	fi
	"$tmp/shenbao" serve --addr "127.0.0.1:$port" --temp-dir "$tmp/uploads" 2>"$tmp/server-$1.log" &
	pid=$!
	# The address our server bound, from its own log line: with port 0 no
	# other process can hold it.
	addr=
	i=0
	until [ -n "$addr" ] && curl -fsS "http://$addr/readyz" >/dev/null 2>&1; do
		kill -0 "$pid" 2>/dev/null || { echo "server exited:" >&2; cat "$tmp/server-$1.log" >&2; exit 2; }
		i=$((i + 1)); [ $i -lt 100 ] || { echo "server did not start" >&2; exit 2; }
		sleep 0.1
		addr=$(sed -n 's/.*"msg":"listening","addr":"\([^"]*\)".*/\1/p' "$tmp/server-$1.log" | head -1)
	done
	# The process listening on addr must be ours.
	owner=$(ss -Hltnp "sport = :${addr##*:}" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
	if [ -n "$owner" ] && [ "$owner" != "$pid" ]; then
		echo "$addr is served by pid $owner, not by the server started here ($pid)" >&2
		exit 2
	fi
	base="http://$addr"
}

stop() {
	echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' /proc/$pid/status)"
	echo "server CPU time: $(awk '{printf "%.1f s", ($14+$15)/100}' /proc/$pid/stat)"
	curl -fsS "$base/metrics" | grep -E '^shenbao_work_duration_seconds_(sum|count)' || true
	kill -TERM "$pid"
	wait "$pid" || true
	pid=
	echo "upload folders left: $(ls "$tmp/uploads" | wc -l)"
	echo "log lines: $(wc -l <"$tmp/server-$1.log"), errors logged: $(grep -c '"status":[45]' "$tmp/server-$1.log" || true)"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
if [ "$what" = render ] || [ "$what" = all ]; then
	start render
	echo "== render: 200 clients, $dur"
	"$tmp/loadgen" -url "$base" -mode render -kind individual -c 200 -d "$dur" || echo "render: errors"
	stop render
fi
if [ "$what" = latency ] || [ "$what" = all ]; then
	start latency
	echo "== render: $(nproc) clients, 10s"
	"$tmp/loadgen" -url "$base" -mode render -kind individual -c "$(nproc)" -d 10s || echo "latency: errors"
	stop latency
fi
if [ "$what" = bundle ] || [ "$what" = all ]; then
	start bundle
	echo "== bundle: 20 clients, 20 files each, 40 bundles"
	"$tmp/loadgen" -url "$base" -mode bundle -c 20 -files 20 -n 40 -d 10m || echo "bundle: errors"
	stop bundle
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
