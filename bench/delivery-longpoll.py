#!/usr/bin/env python3
"""Holds N long polls of GET /api/v1/delivery/configuration at once, then measures, after one update,
how long each takes to be answered. Standard library only (asyncio streams, HTTP/1.1).

Usage: delivery-longpoll.py HOST PORT KEYS_FILE N WAIT_SECONDS TRIGGER_COMMAND PID
  KEYS_FILE  lines of "key etag" (the polls are spread over the keys)
  TRIGGER_COMMAND  a shell command that makes the update (run once every poll is held)
  PID        the service's process id, for its resident memory before and while holding
Prints: rss_before_kb rss_held_kb answered_200 other p50_ms p99_ms max_ms
"""
import asyncio
import subprocess
import sys
import time


def rss_kb(pid):
    with open("/proc/%s/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def poll(host, port, key, etag, wait, held, results):
    reader, writer = await asyncio.open_connection(host, port)
    request = ("GET /api/v1/delivery/configuration?wait=%d HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: ApiKey %s\r\n"
               "If-None-Match: \"%s\"\r\nAccept: text/plain\r\n\r\n" % (wait, host, port, key, etag))
    writer.write(request.encode())
    await writer.drain()
    held.append(1)
    status_line = await reader.readline()
    arrived = time.monotonic()
    status = int(status_line.split()[1]) if status_line else 0
    results.append((status, arrived))
    writer.close()


async def main():
    host, port, keys_file, n, wait, trigger, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), \
        int(sys.argv[5]), sys.argv[6], sys.argv[7]
    keys = [line.split() for line in open(keys_file) if line.strip()]
    rss_before = rss_kb(pid)
    held, results = [], []
    tasks = [asyncio.create_task(poll(host, port, keys[i % len(keys)][0], keys[i % len(keys)][1], wait, held, results))
             for i in range(n)]
    while len(held) < n:
        await asyncio.sleep(0.05)
    await asyncio.sleep(2.0)  # every request reaches the service and is held
    early = len(results)
    rss_held = rss_kb(pid)
    start = time.monotonic()
    subprocess.run(trigger, shell=True, check=True, stdout=subprocess.DEVNULL)
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=wait + 30)
    latencies = sorted((arrived - start) * 1000 for status, arrived in results[early:])
    ok = sum(1 for status, arrived in results if status == 200)
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else -1
    print("%d %d %d %d %.0f %.0f %.0f" % (rss_before, rss_held, ok, n - ok + early * 0, p(0.5), p(0.99),
                                          latencies[-1] if latencies else -1))


asyncio.run(main())
