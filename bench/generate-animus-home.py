#!/usr/bin/env python3
"""Writes an Animus home of discovery manifests for the benchmarks.

usage: generate-animus-home.py HOME AGENTS MODULES_PER_AGENT TOOLS PLUGINS

Agents' folders are named agent-<letta_uid> with letta_uid bench-uid-NNN, as Animus installers
name them; the agents themselves must be registered separately (the scan never creates agents).
Tools carry a description, a version and a JSON Schema of a few properties (1-2 KiB); modules
and plugins are smaller, as in the seed's examples. Plugin i belongs to tool i mod (TOOLS/10)
and every second plugin depends on the previous plugin of the same tool.
"""
import json
import os
import sys


def write(path, document):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
        out.write("\n")


def main():
    home, agents, modules, tools, plugins = sys.argv[1], *map(int, sys.argv[2:6])
    words = "route relay store index watch sync notify render parse crawl".split()
    for a in range(agents):
        for m in range(modules):
            write(f"{home}/agents/agent-bench-uid-{a:03d}/modules/module-{m:02d}/manifest.json", {
                "name": f"module-{m:02d}",
                "type": "module",
                "description": f"Agent module {m} that {words[m % 10]}s for its agent",
                "version": f"0.{m}.{a % 7}",
                "entry_point": "main.py",
                "dependencies": [],
            })
    for t in range(tools):
        write(f"{home}/tools/tool-{t:04d}/manifest.json", {
            "name": f"tool-{t:04d}",
            "type": "tool",
            "description": f"Global tool {t}: " + " ".join(words[(t + i) % 10] for i in range(30)),
            "version": f"{t % 5}.{t % 11}.{t % 3}",
            "module_scope": "global",
            "entry_point": f"tool_{t}.py",
            "config_schema": {
                "type": "object",
                "required": ["endpoint"],
                "properties": {
                    "endpoint": {"type": "string", "description": f"where tool {t} listens"},
                    "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 8000 + t % 1000},
                    "mode": {"enum": ["fast", "safe", f"custom-{t}"]},
                    "retries": {"type": "integer", "minimum": 0, "default": t % 5},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
                "additionalProperties": False,
            },
            "x_maintainer": {"team": f"team-{t % 13}", "contact": f"ops-{t % 13}@example.org"},
        })
    parents = max(tools // 10, 1)
    last_of_tool = {}
    for p in range(plugins):
        tool = p % parents
        document = {
            "name": f"plugin-{p:04d}",
            "type": "plugin",
            "tool": f"tool-{tool:04d}",
            "version": f"1.{p % 9}.0",
            "description": f"Plugin {p} of tool {tool}",
        }
        if p % 2 == 1 and tool in last_of_tool:
            document["dependencies"] = [last_of_tool[tool]]
        last_of_tool[tool] = document["name"]
        write(f"{home}/plugins/plugin-{p:04d}/manifest.json", document)


if __name__ == "__main__":
    main()
