#!/usr/bin/env bash
# Checks deploy/systemd/animus-registry.service with systemd's own tools: `systemd-analyze verify`
# reports nothing, and `systemd-analyze security --offline=true` rates its exposure at most 2.5 ("OK").
# The same rating of the unit without its sandbox must fail the check, so that the check can fail.
# The executables are not installed on a build machine: verify runs on a copy whose ExecStartPre and
# ExecStart name stubs (each executable the unit names must exist, or verify reports it).
# Exits 0 with a "skipped" line when systemd-analyze is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
unit=animus-registry.service
limit=2.5
command -v systemd-analyze >/dev/null || { echo "unit check skipped: systemd-analyze is not installed"; exit 0; }

exposure() {  # $1: unit file; prints its overall exposure level
  systemd-analyze security --offline=true --no-pager "$1" 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p'
}
within() { awk -v a="$1" -v b="$limit" 'BEGIN {exit !(a != "" && a <= b)}'; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for binary in animus-registry animus-registry-migrate; do
  printf '#!/bin/sh\n' > "$work/$binary" && chmod 0755 "$work/$binary"
done
sed "s|/usr/local/bin/animus-registry|$work/animus-registry|g" "$unit" > "$work/$unit"
problems=$(systemd-analyze verify --man=no "$work/$unit" 2>&1) || true
[ -z "$problems" ] || { echo "$problems"; echo "unit check FAILED: systemd-analyze verify reports the above"; exit 1; }

score=$(exposure "$unit")
within "$score" || { systemd-analyze security --offline=true --no-pager "$unit"; echo "unit check FAILED: exposure ${score:-?} > $limit"; exit 1; }
mkdir -p "$work/bare" && sed '/^# Sandbox/,/^\[Install\]/{/^\[Install\]/!d}' "$unit" > "$work/bare/$unit"
bare=$(exposure "$work/bare/$unit")
! within "$bare" || { echo "unit check FAILED: the unit without its sandbox rates $bare, within $limit: the check cannot fail"; exit 1; }
echo "unit check passed: systemd-analyze verify clean; exposure $score (without the sandbox $bare; limit $limit)"
