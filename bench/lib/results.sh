#!/usr/bin/env bash
# The smoke mode and the results table shared by every bench (bench/all.sh reads the RESULT rows). Source it.

declare -F die >/dev/null || die() { echo "bench: $*" >&2; exit 1; }

# Every bench takes --smoke: a few seconds on small data, the same path measured, and a non-zero exit
# when that path is broken. Call bench_args "$@" first; SMOKE is 1 in smoke mode.
bench_args() {
  SMOKE=
  for arg in "$@"; do
    case "$arg" in
      --smoke) SMOKE=1 ;;
      *) die "unknown argument $arg (the only one is --smoke)" ;;
    esac
  done
}

# The machine's load (1, 5, 15 min) on its cores, taken before a measured run.
bench_load() { printf '%s/%s cores' "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)" "$(nproc)"; }

# One row of the results table: path, figure, floor, ratio (or -), load before the run.
# Printed as "RESULT|path|figure|floor|ratio|load" and appended to $BENCH_RESULTS when bench/all.sh set it.
bench_result() {
  local row="RESULT|$1|$2|$3|$4|$5"
  echo "$row"
  [ -n "${BENCH_RESULTS:-}" ] && echo "$row" >> "$BENCH_RESULTS"
  return 0
}

# Reads wrk's output file $1 and dies unless it saw requests and every answer was 2xx.
wrk_check() {
  local requests non2xx errors
  requests=$(awk '/requests in/ {print $1; exit}' "$1")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$1")
  errors=$(grep 'Socket errors' "$1" || true)
  [ -n "$requests" ] && [ "$requests" -gt 0 ] || die "wrk made no request ($1)"
  [ -z "$non2xx" ] || die "$non2xx answers were not 2xx ($1)"
  [ -z "$errors" ] || echo "bench: wrk $errors" >&2
}
