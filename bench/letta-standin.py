#!/usr/bin/env python3
"""A Letta stand-in for the benches: serves N agents as Letta's V1 API pages them.

    bench/letta-standin.py PORT AGENTS [PASSWORD]

GET /v1/health/, GET /v1/agents/count, GET /v1/agents/?limit=&after=&include=agent.tools (oldest
first, cursor after an agent id), GET /v1/agents/{id}. Agent i is agent-<uuid4 made from i>, named
letta-bench-<i>, with three tools. Pages are built once and kept, so the stand-in's own time is the
HTTP exchange; it prints the seconds it spent answering agent pages when it gets SIGTERM.
"""
import json
import signal
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PORT = int(sys.argv[1])
N = int(sys.argv[2])
PASSWORD = sys.argv[3] if len(sys.argv) > 3 else None


def agent_id(i):
    u = uuid.UUID(int=(0x1234567890ABCDEF << 64) | i)
    return "agent-" + str(uuid.UUID(bytes=u.bytes, version=4))


IDS = [agent_id(i) for i in range(N)]
INDEX = {a: i for i, a in enumerate(IDS)}


def agent(i):
    return {
        "id": IDS[i], "name": "letta-bench-%d" % i, "description": "bench agent %d" % i,
        "system": "You are a bench agent.", "agent_type": "memgpt_v2_agent",
        "created_at": "2026-11-01T10:00:00Z", "updated_at": "2026-12-01T10:00:00.000001",
        "llm_config": {"model": "gpt-4o-mini", "model_endpoint_type": "openai", "context_window": 128000},
        "memory": {"blocks": [{"label": "persona", "value": "x" * 400}, {"label": "human", "value": "y" * 200}]},
        "blocks": [], "sources": [], "tags": ["bench"],
        "tools": [{"id": "tool-%s" % uuid.uuid5(uuid.NAMESPACE_DNS, t), "name": t, "tool_type": "custom"}
                  for t in ("send_message", "web_search", "smcp__weather_now")],
    }


CACHE = {}
SPENT = [0.0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def raw(self, data):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        start = time.process_time()
        if PASSWORD and self.headers.get("Authorization") != "Bearer " + PASSWORD:
            return self.answer(401, {"detail": "Unauthorized"})
        url = urlparse(self.path)
        q = parse_qs(url.query)
        if url.path == "/v1/health/":
            return self.answer(200, {"version": "0.16.1-bench", "status": "ok"})
        if url.path == "/v1/agents/count":
            return self.answer(200, N)
        if url.path == "/v1/agents/":
            limit = int(q.get("limit", ["50"])[0])
            after = q.get("after", [None])[0]
            first = 0 if after is None else INDEX[after] + 1
            key = (first, limit)
            if key not in CACHE:
                CACHE[key] = json.dumps([agent(i) for i in range(first, min(N, first + limit))]).encode()
            self.raw(CACHE[key])
            SPENT[0] += time.process_time() - start
            return
        if url.path.startswith("/v1/agents/") and url.path[len("/v1/agents/"):] in INDEX:
            return self.answer(200, agent(INDEX[url.path[len("/v1/agents/"):]]))
        self.answer(404, {"detail": "Not Found"})


def stop(*_):
    print("standin-cpu-seconds %.3f" % SPENT[0], flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
for page_start in range(0, N + 1, 50):
    CACHE[(page_start, 50)] = json.dumps([agent(i) for i in range(page_start, min(N, page_start + 50))]).encode()
print("standin-ready", flush=True)
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
