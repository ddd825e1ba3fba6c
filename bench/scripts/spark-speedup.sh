#!/usr/bin/env bash
# Navier-Stokes generation as a Spark job (issue 13): local[1] against local[2], and both against the plain CLI
# with --threads 1 and --threads 2, interleaved and repeated because the machine is shared. Prints one line per
# run (wall and CPU seconds of the whole process, the share of a core it got, the 1-minute load average when it
# started and, for the Spark job, the time of its distributed stage alone) to stdout. On a machine shared with other
# work the CPU share says how much parallelism a run actually got.
#
# usage: bench/scripts/spark-speedup.sh      (from the repository root; builds the CLI and the spark module)
# knobs: REPEATS (3), SAMPLES (16), SHARDS (8), NX (64), T_FINAL (4), SNAPSHOTS (11), OUT (/tmp/spark-speedup)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repeats="${REPEATS:-3}"
samples="${SAMPLES:-16}"
shards="${SHARDS:-8}"
out="${OUT:-/tmp/spark-speedup}"
mkdir -p "$out"
# Spark is 'provided': outside spark-submit it comes from the module's test class path (the last module written)
mvn -B -q -DskipTests package dependency:build-classpath -pl spark -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/cp.txt" >&2
cp="spark/target/classes:$(cat "$out/cp.txt")"
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
gen=(navier-stokes --samples "$samples" --nx "${NX:-64}" --t-final "${T_FINAL:-4}" --snapshots "${SNAPSHOTS:-11}"
  --seed 1)
run() { # run NAME CMD...: one timed run from a clean output directory
  local name="$1"; shift
  rm -rf "$out/run" && mkdir -p "$out/run"
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -f '%e %U %S %P' -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err"
  read -r wall user sys cpu < "$out/$name.time"
  # for the Spark job also the distributed stage alone, from its result line ("generated in X s")
  local stage; stage="$(grep -o 'generated in [0-9.]* s' "$out/$name.out" || true)"
  printf '%-14s %6.1f s wall, %6.1f s CPU (%s of a core)  load %s  %s\n' "$name" "$wall" \
    "$(echo "$user + $sys" | bc)" "$cpu" "$load" "$stage"
}
export SPARK_LOCAL_IP=127.0.0.1
for r in $(seq 1 "$repeats"); do
  for master in 1 2; do
    # shellcheck disable=SC2086
    run "spark-local$master" java $opens -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
      dev.surrogate.spark.GenerateJob --shards "$shards" --master "local[$master]" "${gen[@]}" \
      --out "$out/run/ns.nc"
  done
  for threads in 1 2; do
    run "cli-threads$threads" java -jar cli/target/surrogate.jar generate "${gen[@]}" --threads "$threads" \
      --no-progress --out "$out/run/ns.nc"
  done
done
