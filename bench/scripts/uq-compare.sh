#!/usr/bin/env bash
# uq compare on Burgers (issue 12): nu = 0.1, nx = 128, u(0) -> u(1), TRAIN training trajectories (the last 20 % held
# out for conformal calibration) and TEST test trajectories; deep ensemble (5 heteroscedastic FNOs), MC dropout
# (rate 0.1, 50 passes) and the flow-matching surrogate (Euler, 20 steps), 50 members per input, calibrated at
# 90 %. Also measures training two ensemble members one after the other against both at once (--parallel 1 vs 2).
#
# Resumable: data and the parallel measurement are skipped when done; the comparison keeps each method's fit under
# $OUT/fits (finished methods are loaded, an interrupted ensemble continues member by member, an interrupted model
# from its last checkpoint), so rerunning after a kill only does what is missing.
#
# usage: bench/scripts/uq-compare.sh            (from the repository root)
# knobs: OUT (default bench-results/uq-compare), TRAIN (400), TEST (100), EPOCHS (100), WIDTH (64), MODES (16),
#        LAYERS (4), MEMBERS (5), SAMPLES (50), METHODS (ensemble,dropout,flow; add hmc for HMC over the last
#        layers), OPTIONS (extra "--option KEY=VALUE ..." words, e.g. the hmc.* budget), PARALLEL_EPOCHS (5; 0 skips
#        the measurement), SURROGATE_JAVA_OPTS, SURROGATE (the program; default ./surrogate, e.g. "java -jar
#        /tmp/app/surrogate.jar" to keep rebuilding the repository while a run goes on)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="${OUT:-bench-results/uq-compare}"
mkdir -p "$out"
read -r -a s <<< "${SURROGATE:-./surrogate}"
read -r -a extra <<< "${OPTIONS:-}"
timed() { # timed NAME CMD... : runs CMD with GNU time once (skipped when done); stdout of CMD goes to $out/NAME.out
  local name="$1"; shift
  if [[ -s "$out/$name.done" ]]; then echo "skip $name (done)" >&2; return 0; fi
  /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err"
  grep -E 'Maximum resident|Elapsed' "$out/$name.time" | sed "s/^/$name: /" >&2
  date > "$out/$name.done"
}
arch=(--width "${WIDTH:-64}" --modes "${MODES:-16}" --layers "${LAYERS:-4}")
gen=(generate burgers --nu 0.1 --t-final 1 --snapshots 2 --nx 128 --no-progress)
timed train-data "${s[@]}" "${gen[@]}" --samples "${TRAIN:-400}" --seed 1 --out "$out/burgers128-train.nc"
timed test-data "${s[@]}" "${gen[@]}" --samples "${TEST:-100}" --seed 2 --out "$out/burgers128-test.nc"

# two members trained one after the other, then both at once (1 ND4J thread each): wall clock in the .time files
pe="${PARALLEL_EPOCHS:-5}"
if [[ "$pe" != 0 ]]; then
  for p in 1 2; do
    [[ -s "$out/parallel-$p.done" ]] || rm -rf "$out/parallel-$p"
    timed "parallel-$p" "${s[@]}" train ensemble --data "$out/burgers128-train.nc" --out "$out/parallel-$p" \
      --members 2 --parallel "$p" --epochs "$pe" --train-samples 320 --val-fraction 0 "${arch[@]}" --no-progress
  done
fi

# the comparison (resumes through $out/fits; always reruns the scoring, which is cheap next to training)
/usr/bin/time -v -o "$out/compare.time" "${s[@]}" uq compare --data "$out/burgers128-train.nc" \
  --test "$out/burgers128-test.nc" --methods "${METHODS:-ensemble,dropout,flow}" --calibrate 0.2 --level 0.9 \
  --samples "${SAMPLES:-50}" --members "${MEMBERS:-5}" --epochs "${EPOCHS:-100}" "${arch[@]}" --seed 0 \
  --out "$out/fits" ${extra[@]+"${extra[@]}"} --json > "$out/compare.json" 2> "$out/compare.err"
grep -E 'Maximum resident|Elapsed' "$out/compare.time" | sed "s/^/compare: /" >&2
cp "$out/fits/reliability.png" "$out/fits/forecast.png" "$out/"
echo "results: $out/compare.json, $out/reliability.png, $out/forecast.png; parallel timing: $out/parallel-*.time" >&2
