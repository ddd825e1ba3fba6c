#!/usr/bin/env bash
# Accuracy targets of the neural operators (issue "operators"), as a sequence of plain CLI runs:
#   1. Burgers nu = 0.1, nx = 256, 1000 train / 200 test, task final: FNO (width 64, 16 modes, 4 layers) and
#      DeepONet test rel. L2; the same FNO evaluated zero-shot on nx = 512 test data.
#   2. Navier-Stokes nu = 1e-3, 64^2, 10 input snapshots -> rollout of 10: rel. L2 per step (FNO-2D).
# Each stage writes its JSON metrics and the peak resident memory (GNU time) under $OUT; finished stages are
# skipped when re-run, and training resumes from its last checkpoint after a kill.
#
# usage: bench/scripts/operators-targets.sh [burgers|navier-stokes|all]      (from the repository root)
# knobs: OUT (default bench-results), FNO_EPOCHS (500), DEEPONET_EPOCHS (500), NS_EPOCHS (100),
#        NS_TRAIN (1000), NS_TEST (200), SURROGATE_JAVA_OPTS (e.g. -Xmx4g -Dsurrogate.threads=1),
#        SURROGATE (the program to run; default ./surrogate; point it at a copy of the jar to keep rebuilding
#        the repository while a long run goes on, e.g. "java -jar /tmp/app/surrogate.jar")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
what="${1:-all}"
out="${OUT:-bench-results}"
mkdir -p "$out"
read -r -a s <<< "${SURROGATE:-./surrogate}"
timed() { # timed NAME CMD... : runs CMD with GNU time, keeps its log; stdout of CMD goes to $out/NAME.out
  local name="$1"; shift
  if [[ -s "$out/$name.done" ]]; then echo "skip $name (done)" >&2; return 0; fi
  /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err"
  grep -E 'Maximum resident|Elapsed' "$out/$name.time" | sed "s/^/$name: /" >&2
  date > "$out/$name.done"
}
resume_flag() { [[ -f "$1/checkpoint.npz" ]] && echo --resume || true; }

if [[ "$what" == burgers || "$what" == all ]]; then
  gen=(generate burgers --nu 0.1 --t-final 1 --snapshots 2 --no-progress)
  timed burgers-train-data "${s[@]}" "${gen[@]}" --samples 1000 --nx 256 --seed 1 --out "$out/burgers256-train.nc"
  timed burgers-test-data "${s[@]}" "${gen[@]}" --samples 200 --nx 256 --seed 2 --out "$out/burgers256-test.nc"
  timed burgers-test512-data "${s[@]}" "${gen[@]}" --samples 200 --nx 512 --seed 2 --out "$out/burgers512-test.nc"

  timed fno-train "${s[@]}" train fno --data "$out/burgers256-train.nc" --val-data "$out/burgers256-test.nc" \
    --out "$out/fno-burgers" --epochs "${FNO_EPOCHS:-500}" --batch 20 --lr 1e-3 --weight-decay 1e-4 \
    --schedule step --width 64 --modes 16 --layers 4 --seed 0 $(resume_flag "$out/fno-burgers")
  timed fno-eval256 "${s[@]}" evaluate --model "$out/fno-burgers" --data "$out/burgers256-test.nc" --json --no-progress
  timed fno-eval512 "${s[@]}" evaluate --model "$out/fno-burgers" --data "$out/burgers512-test.nc" --json --no-progress

  timed deeponet-train "${s[@]}" train deeponet --data "$out/burgers256-train.nc" --val-data "$out/burgers256-test.nc" \
    --out "$out/deeponet-burgers" --epochs "${DEEPONET_EPOCHS:-500}" --batch 20 --lr 1e-3 --schedule step \
    --seed 0 $(resume_flag "$out/deeponet-burgers")
  timed deeponet-eval256 "${s[@]}" evaluate --model "$out/deeponet-burgers" --data "$out/burgers256-test.nc" --json \
    --no-progress
fi

if [[ "$what" == navier-stokes || "$what" == all ]]; then
  # snapshots at t = 0, 1, ..., 19: a window of 10 and a rollout of the following 10
  gen=(generate navier-stokes --nx 64 --nu 1e-3 --t-final 19 --snapshots 20 --no-progress)
  timed ns-train-data "${s[@]}" "${gen[@]}" --samples "${NS_TRAIN:-1000}" --seed 1 --out "$out/ns64-train.nc"
  timed ns-test-data "${s[@]}" "${gen[@]}" --samples "${NS_TEST:-200}" --seed 2 --out "$out/ns64-test.nc"
  timed fno2d-train "${s[@]}" train fno --data "$out/ns64-train.nc" --val-data "$out/ns64-test.nc" --task next \
    --window 10 --out "$out/fno-ns" --epochs "${NS_EPOCHS:-100}" --batch 20 --lr 1e-3 --schedule step \
    --width 20 --modes 12 --layers 4 --seed 0 $(resume_flag "$out/fno-ns")
  timed fno2d-eval "${s[@]}" evaluate --model "$out/fno-ns" --data "$out/ns64-test.nc" --json --no-progress
fi
echo "results in $out/*.out (JSON metrics), $out/*.time (GNU time: wall clock, peak RSS)" >&2
