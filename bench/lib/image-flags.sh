#!/usr/bin/env bash
# The JVM flags and malloc setting of the JVM image (src/main/docker/jvm.options, Dockerfile.jvm),
# for the benches that measure what the image runs. Source it after common.sh.

JVM_OPTIONS_FILE=$BENCH_ROOT/src/main/docker/jvm.options

# The java arguments of the image: its argument file, then EXTRA_JVM_OPTS (for experiments).
bench_jvm_opts() {
  [ -f "$JVM_OPTIONS_FILE" ] || die "no $JVM_OPTIONS_FILE"
  echo "@$JVM_OPTIONS_FILE ${EXTRA_JVM_OPTS:-}"
}

# The same flags as text, without the file's comments, for the benches' output.
bench_jvm_opts_text() {
  echo $(sed 's/#.*//' "$JVM_OPTIONS_FILE") ${EXTRA_JVM_OPTS:-}
}

# MALLOC_ARENA_MAX as Dockerfile.jvm sets it.
bench_image_malloc_arenas() {
  local arenas
  arenas=$(sed -n 's/^ENV MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' "$BENCH_ROOT/src/main/docker/Dockerfile.jvm")
  [ -n "$arenas" ] || die "Dockerfile.jvm sets no MALLOC_ARENA_MAX"
  echo "$arenas"
}
