#!/usr/bin/env bash
# The change feed: how many changes a reader lists per second (GET /api/v1/changes, 1000 a page, goal
# >= 5,000/s), and how long after its commit a change is visible in the feed and arrives on the stream
# (GET /api/v1/changes/stream; goal <= 100 ms), beside pgbench -S on the same PostgreSQL.
# Usage: bench/changes.sh [--smoke]     (starts a private PostgreSQL and the packaged service)
#   --smoke: a few seconds, small data; exits non-zero when a change is missing or never arrives.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
need openssl; need curl; need python3
SMOKE=
[ "${1:-}" = "--smoke" ] && SMOKE=1
CHANGES=${CHANGES:-$([ -n "$SMOKE" ] && echo 3000 || echo 100000)}
ROUNDS=${ROUNDS:-$([ -n "$SMOKE" ] && echo 5 || echo 50)}
trap 'bench_service_stop; bench_pg_stop' EXIT

bench_pg_start
bench_service_start
viewer_id=$(bench_user bench-feed-viewer viewer)
TOKEN=$(mint_token "$viewer_id" bench-feed-viewer viewer)
base="http://127.0.0.1:$SERVICE_PORT/api/v1/changes"
since=$(curl -fs -H "Authorization: Bearer $TOKEN" "$base?limit=1" | sed -E 's/.*"newest":"([0-9]+)".*/\1/')
[ -n "$since" ] || die "the feed did not answer"

echo "writing $CHANGES changes (tools) ..."
psql -d registry -qc "INSERT INTO tools (name) SELECT 'bench-feed-' || $since || '-' || g FROM generate_series(1, $CHANGES) g"

BASE="$base" TOKEN="$TOKEN" SINCE="$since" CHANGES="$CHANGES" ROUNDS="$ROUNDS" python3 - <<'PY'
import datetime, http.client, json, os, statistics, subprocess, sys, threading, time, urllib.request

base, token, since = os.environ["BASE"], os.environ["TOKEN"], os.environ["SINCE"]
expected, rounds = int(os.environ["CHANGES"]), int(os.environ["ROUNDS"])
auth = {"Authorization": "Bearer " + token}

def page(cursor, limit=1000):
    request = urllib.request.Request(f"{base}?since={cursor}&limit={limit}", headers=auth)
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)

def at(change):
    return datetime.datetime.fromisoformat(change["at"].replace("Z", "+00:00")).timestamp()

# 1. listing: follow the cursor through every change written above (once to warm up, then measured)
def list_all():
    cursor, listed, started = since, 0, time.perf_counter()
    while True:
        body = page(cursor)
        listed += sum(1 for c in body["changes"] if c["table"] == "tools" and c["op"] == "created")
        cursor = body["cursor"]
        if not body["more"]:
            return cursor, listed, time.perf_counter() - started
list_all()
cursor, listed, seconds = list_all()
rate = listed / seconds
print(f"listed {listed} changes in {seconds:.2f} s: {rate:,.0f} changes/s (goal >= 5,000/s)")
if listed < expected:
    sys.exit(f"bench: {expected - listed} change(s) missing from the feed")

# 2. latency: one change at a time, committed by psql; seen on the stream and by a reader polling the feed
events, lock = {}, threading.Condition()
def follow():
    host, port = base.split("//")[1].split("/")[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.request("GET", "/api/v1/changes/stream?since=" + cursor, headers=dict(auth, Accept="text/event-stream"))
    response = connection.getresponse()
    name, data = None, None
    for raw in response:
        line = raw.decode().rstrip("\r\n")
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data = line[5:].strip()
        elif line == "":
            if name == "change" and data:
                change = json.loads(data)
                with lock:
                    events[(change["table"], change["id"])] = (time.time(), change)
                    lock.notify_all()
            name, data = None, None
threading.Thread(target=follow, daemon=True).start()
time.sleep(0.5)

stream_ms, feed_ms, feed_cursor = [], [], cursor
for i in range(rounds):
    out = subprocess.run(["psql", "-d", "registry", "-qAtc",
                          f"INSERT INTO tools (name) VALUES ('bench-latency-{since}-{i}') RETURNING id"],
                         check=True, capture_output=True, text=True).stdout.split()[0]
    row = int(out)
    # the feed, polled as fast as a client could
    deadline = time.time() + 5
    while time.time() < deadline:
        body = page(feed_cursor, 1000)
        hit = next((c for c in body["changes"] if c["table"] == "tools" and c["id"] == row), None)
        if hit:
            feed_ms.append((time.time() - at(hit)) * 1000)
            feed_cursor = body["cursor"]
            break
    else:
        sys.exit(f"bench: change of tool {row} not in the feed within 5 s")
    with lock:
        if not lock.wait_for(lambda: ("tools", row) in events, timeout=5):
            sys.exit(f"bench: change of tool {row} not on the stream within 5 s")
        received, change = events[("tools", row)]
    stream_ms.append((received - at(change)) * 1000)

def summary(values):
    values = sorted(values)
    return f"median {statistics.median(values):.1f} ms, max {values[-1]:.1f} ms over {len(values)}"
print(f"commit to visible in the feed: {summary(feed_ms)} (goal <= 100 ms)")
print(f"commit to event on the stream: {summary(stream_ms)} (goal <= 100 ms)")
PY
tps=$(pgbench_select_tps 1 "$([ -n "$SMOKE" ] && echo 2 || echo 10)")
echo "pgbench -S -c 1 on the same PostgreSQL: $tps tps (one indexed read per transaction, for scale)"
