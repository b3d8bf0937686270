#!/usr/bin/env bash
# Load benchmark of `onbrand serve` (not a test): 64 connections post a 2 KB e-mail for 30 s with
# wrk (Debian: apt-get install wrk), beside `onbrand check -` as a process per request.
#   scripts/bench-serve.sh [DURATION_SECONDS]
#   ONBRAND_BIN=target/x86_64-unknown-linux-musl/dist/onbrand scripts/bench-serve.sh   (a release archive's binary)
#   ROUNDS=5 scripts/bench-serve.sh 10   (five runs of the load in a row, then their median)
# Prints requests/s and p50/p99 for both, the server's CPU time per check (user and system, from
# /proc: steadier than latency on a shared machine), the server's memory at the start, after the
# warm-up and after each round (flat memory shows as the same RSS round after round), and the load. Latency on a 2-core machine moves with whatever else runs: on a shared machine, run
# it under `nice -n -20` (as root) and give several rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30}"
bin="${ONBRAND_BIN:-target/release/onbrand}"
[ -n "${ONBRAND_BIN:-}" ] || cargo build --release --locked --bin onbrand
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# A 2 KB marketing e-mail written for this benchmark (not from any corpus).
python3 - "$work" <<'PY'
import json, sys
paragraph = ("Hi Sam, thanks for planning your autumn trip with Fernway. Your bookings now sit "
             "in one place, so you can see trains, rooms and tickets at a glance. Send us an "
             "e-mail if anything changes and we will sort it out the same day. ")
body = "Subject: Your trip is ready\n\n" + paragraph * 8
body = body[:2048]
open(f"{sys.argv[1]}/mail.eml", "w").write(body)
open(f"{sys.argv[1]}/body.json", "w").write(json.dumps({"text": body, "format": "email", "channel": "email"}))
PY
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/body.json"); wrk.body = f:read("*a"); f:close()
LUA

"$bin" serve --listen 127.0.0.1:7791 --max-in-flight 1024 2>"$work/serve.log" &
server=$!
sleep 1
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$server/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
rss_at_start=$(rss)
curl -sf -XPOST --data @"$work/body.json" http://127.0.0.1:7791/v1/check >/dev/null
# Two seconds of the same load first, not counted: the first requests compile the regexes that
# are built on first use and start the lint threads; the rounds measure the steady state.
wrk -t2 -c64 -d2s -s "$work/post.lua" http://127.0.0.1:7791/v1/check >/dev/null
rounds="${ROUNDS:-1}"
echo "== onbrand serve: 64 connections, ${duration}s, $rounds round(s) (RSS at start: $rss_at_start; after the warm-up: $(rss))"
: >"$work/rounds"
for round in $(seq "$rounds"); do
  before=$(cpu_ticks)
  wrk -t2 -c64 -d"${duration}s" --latency -s "$work/post.lua" http://127.0.0.1:7791/v1/check >"$work/wrk"
  after=$(cpu_ticks)
  grep -E "Non-2xx|Socket errors" "$work/wrk" || true
  # requests/s, p50 and p99 in ms, server CPU µs per check (clock ticks are 1/100 s).
  awk -v ticks=$((after - before)) -v round="$round" -v rss="$(rss)" '
    function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v * 1000 }
    / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    END { printf "round %d: %.0f checks/s  p50 %.2f ms  p99 %.2f ms  server CPU %.0f us/check  (%d requests, RSS %s)\n",
          round, rps, p50, p99, ticks * 10000 / n, n, rss }' "$work/wrk" | tee -a "$work/rounds"
done
if [ "$rounds" -gt 1 ]; then
  sort -t: -k2 -n "$work/rounds" | awk -v r="$rounds" 'NR == int((r + 1) / 2) { sub(/^round [0-9]+/, "median round"); print }'
fi
echo "RSS after: $(rss)"
curl -s http://127.0.0.1:7791/metrics | grep -E '^onbrand_http_requests_total\{route="/v1/check"' || true

echo "== onbrand check as a process per request (sequential, 200 runs)"
python3 - "$bin" "$work/mail.eml" <<'PY'
import subprocess, sys, time
times = []
for _ in range(200):
    start = time.perf_counter()
    subprocess.run([sys.argv[1], "check", "--format", "json", "--channel", "email", sys.argv[2]],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
times.sort()
print(f"checks/s: {len(times) / sum(times):.0f}  p50: {times[100] * 1000:.1f} ms  p99: {times[197] * 1000:.1f} ms")
PY
echo "== machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
