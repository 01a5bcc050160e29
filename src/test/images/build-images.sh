#!/usr/bin/env bash
# Builds the registry's images with Podman for the container tests (./mvnw verify -Pimages), from base
# images already present (--pull=never: the real ones, or the stand-ins that
# ../shared/tools/container-bases/make-bases.sh tags), and lists them in target/images/images.properties:
#   jvm                 src/main/docker/Dockerfile.jvm on target/quarkus-app with its trained AOT cache
#   jvm-rejected-cache  the same with quarkus-run.jar touched after training: the JVM rejects the cache
#   jvm-no-cache        the same without app.aot
#   native, native-micro  src/main/docker/Dockerfile.native{,-micro} on target/*-runner, when a native
#                       binary is there (built beforehand from the same sources)
#   migrate-jvm         migrate/src/main/docker/Dockerfile.jvm on migrate/target/quarkus-app: the one-shot
#                       schema migration (animus/animus-registry-migrate) that runs before serving containers
#   migrate-native      migrate/src/main/docker/Dockerfile.native on migrate/target/*-runner, when there
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
out=target/images
rm -rf "$out" && mkdir -p "$out"
list=$out/images.properties
log() { echo "[images] $*"; }

command -v podman >/dev/null || { log "podman is missing: run ../shared/tools/container-bases/make-bases.sh . (as root) first"; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || { log "no target/quarkus-app: package the application first"; exit 1; }
[ -f migrate/target/quarkus-app/quarkus-run.jar ] || { log "no migrate/target/quarkus-app: build the migration artifact first (./mvnw -B -f migrate/pom.xml package -DskipTests)"; exit 1; }
# Quarkus's test launcher gives the cache's creation (java -XX:AOTMode=create) 20 s and leaves it
# running when it takes longer, as it does on a busy machine: wait for it.
cache=$PWD/target/quarkus-app/app.aot
for _ in $(seq 1 600); do pgrep -f -- "-XX:AOTCache=$cache" >/dev/null || break; sleep 1; done
[ -s "$cache" ] || { log "no AOT cache in target/quarkus-app: the profile trains it on a JDK 25 (JAVA_HOME=.../jdk-25)"; exit 1; }

build() {  # $1: key, $2: image name, then podman build arguments
  local key=$1 image=$2 start=$SECONDS
  shift 2
  podman build -q --pull=never -t "$image" "$@" > "$out/build-$key.log" 2>&1 || { cat "$out/build-$key.log"; log "building $image failed"; exit 1; }
  echo "$key=$image" >> "$list"
  printf '%-20s %-56s %4d MB  built in %3d s\n' "$key" "$image" \
    $(( $(podman image inspect -f '{{.Size}}' "$image") / 1000000 )) $((SECONDS - start)) | tee -a "$out/sizes.txt"
}

jvm=localhost/animus/animus-registry-jvm:test
build jvm "$jvm" -f src/main/docker/Dockerfile.jvm .
printf 'FROM %s\nRUN touch /deployments/quarkus-run.jar\n' "$jvm" > "$out/Containerfile.jvm-rejected-cache"
build jvm-rejected-cache "$jvm-rejected-cache" -f "$out/Containerfile.jvm-rejected-cache" "$out"
printf 'FROM %s\nRUN rm /deployments/app.aot\n' "$jvm" > "$out/Containerfile.jvm-no-cache"
build jvm-no-cache "$jvm-no-cache" -f "$out/Containerfile.jvm-no-cache" "$out"

runner=$(ls target/*-runner 2>/dev/null | head -n 1 || true)
if [ -z "$runner" ]; then
  reason="no native binary target/*-runner (build one with ../shared/tools/native-image/native-build.sh . or ./mvnw package -Dnative)"
fi
if [ -n "${reason:-}" ]; then
  printf 'native.skipped=%s\nnative-micro.skipped=%s\n' "$reason" "$reason" >> "$list"
  log "NATIVE IMAGES NOT TESTED: $reason; the JVM image alone is tested"
else
  build native localhost/animus/animus-registry:test-native -f src/main/docker/Dockerfile.native .
  build native-micro localhost/animus/animus-registry:test-native-micro -f src/main/docker/Dockerfile.native-micro .
fi

# The schema migration: every serving container of the tests runs after it (Deployment.migrate).
build migrate-jvm localhost/animus/animus-registry-migrate:test -f migrate/src/main/docker/Dockerfile.jvm migrate
migrate_runner=$(ls migrate/target/*-runner 2>/dev/null | head -n 1 || true)
if [ -z "$migrate_runner" ]; then
  reason="no native migration executable migrate/target/*-runner (build one with ../shared/tools/native-image/native-build.sh migrate or ./mvnw -f migrate/pom.xml package -Dnative)"
  echo "migrate-native.skipped=$reason" >> "$list"
  log "NATIVE MIGRATION IMAGE NOT TESTED: $reason; the JVM migration image migrates for every serving image"
else
  build migrate-native localhost/animus/animus-registry-migrate:test-native -f migrate/src/main/docker/Dockerfile.native migrate
fi
