#!/usr/bin/env bash
# Flow-matching surrogates on Burgers (issue 11, "Flow matching" and "Use"): a 'next' flow (window 8 -> the next
# snapshot, rolled out) against a 'trajectory' flow (the first 8 snapshots -> the other 25 at once), on
# Burgers nu = 0.1, nx = 128, 33 snapshots on [0, 1]; every sampler; the solver's own time for the same forecast;
# the velocity network's time input as a channel or by FiLM; GRF noise sampled at twice the training resolution.
# Each stage writes its output under $OUT and is skipped when re-run once done; training resumes from its last
# checkpoint after a kill.
#
# usage: bench/scripts/flow-burgers.sh [data|train|evaluate|evaluate-next|evaluate-trajectory|solver|film|grf|all]
#        (from the repository root; a model is evaluated only once its training stage is done)
# knobs: OUT (default bench-results/flow-burgers), TRAIN (256 trajectories), TEST (64), NEXT_EPOCHS (25),
#        TRAJ_EPOCHS (600), K (8 members per input), EVAL_INPUTS (16 test inputs per evaluation),
#        SURROGATE (default ./surrogate; point it at a copy of the jar to keep building the repository while a long
#        run goes on, e.g. "java -jar /tmp/flowapp/surrogate.jar")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
what="${1:-all}"
out="${OUT:-bench-results/flow-burgers}"
mkdir -p "$out"
read -r -a s <<< "${SURROGATE:-./surrogate}"
k="${K:-8}"
inputs="${EVAL_INPUTS:-16}"
timed() { # timed NAME CMD... : runs CMD with GNU time; stdout of CMD goes to $out/NAME.out
  local name="$1"; shift
  if [[ -s "$out/$name.done" ]]; then echo "skip $name (done)" >&2; return 0; fi
  echo "run $name" >&2
  /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err"
  grep -E 'Maximum resident|Elapsed' "$out/$name.time" | sed "s/^/$name: /" >&2
  date > "$out/$name.done"
}
resume_flag() { [[ -f "$1/checkpoint.npz" ]] && echo --resume || true; }
is() { [[ "$what" == "$1" || "$what" == all ]]; }

gen=(generate burgers --nu 0.1 --t-final 1 --snapshots 33 --no-progress)
if is data; then
  timed data-train "${s[@]}" "${gen[@]}" --nx 128 --samples "${TRAIN:-256}" --seed 1 --out "$out/train.nc"
  timed data-test "${s[@]}" "${gen[@]}" --nx 128 --samples "${TEST:-64}" --seed 2 --out "$out/test.nc"
  # the same test trajectories at nx = 256, for sampling at twice the training resolution
  timed data-test256 "${s[@]}" "${gen[@]}" --nx 256 --samples "${TEST:-64}" --seed 2 --out "$out/test256.nc"
  timed residual-floor "${s[@]}" residual --data "$out/test.nc" --json --from-time 0.25
fi

common=(--data "$out/train.nc" --val-data "$out/test.nc" --window 8 --batch 20 --lr 1e-3 --schedule cosine
        --width 64 --modes 16 --layers 4 --seed 0 --no-progress)
train_flow() { # train_flow NAME TASK EPOCHS EXTRA...
  local name="$1" task="$2" epochs="$3"; shift 3
  timed "train-$name" "${s[@]}" train flow --task "$task" --out "$out/$name" --epochs "$epochs" "${common[@]}" "$@" \
    $(resume_flag "$out/$name")
}
if is train; then
  train_flow next next "${NEXT_EPOCHS:-25}"
  train_flow trajectory trajectory "${TRAJ_EPOCHS:-600}"
fi

evaluate() { # evaluate MODEL SAMPLER EXTRA...
  local model="$1" sampler="$2"; shift 2
  if [[ ! -s "$out/train-$model.done" ]]; then echo "skip eval-$model-$sampler ($model not trained yet)" >&2; return 0; fi
  timed "eval-$model-$sampler" "${s[@]}" evaluate --model "$out/$model" --data "$out/test.nc" --samples "$k" \
    --max-samples "$inputs" --batch "$inputs" --sampler "$sampler" --seed 0 --json --no-progress "$@"
}
evaluate_all() { # evaluate_all MODEL: every sampler
  local model="$1"
  evaluate "$model" euler --steps 20
  evaluate "$model" heun --steps 10
  evaluate "$model" rk4 --steps 5
  evaluate "$model" dopri --rtol 1e-3 --atol 1e-3
  evaluate "$model" stochastic --steps 20
}
if [[ "$what" == evaluate-next ]]; then evaluate_all next; fi
if [[ "$what" == evaluate-trajectory ]]; then evaluate_all trajectory; fi
if is evaluate; then
  evaluate_all trajectory
  evaluate_all next
  if [[ -s "$out/train-trajectory.done" ]]; then
    timed plots-trajectory "${s[@]}" evaluate --model "$out/trajectory" --data "$out/test.nc" --samples "$k" \
      --max-samples 4 --sampler euler --steps 20 --json --no-progress --plots "$out/plots-trajectory"
  fi
  if [[ -s "$out/train-next.done" ]]; then
    timed plots-next "${s[@]}" evaluate --model "$out/next" --data "$out/test.nc" --samples "$k" \
      --max-samples 4 --sampler euler --steps 20 --json --no-progress --plots "$out/plots-next"
  fi
fi

if is solver; then
  # the solver's own cost of one trajectory on one thread (the whole [0, 1]; the forecast covers its last 3/4)
  timed solver-time "${s[@]}" generate burgers --nu 0.1 --nx 128 --t-final 1 --snapshots 33 --samples 64 --seed 3 \
    --threads 1 --out "$out/solver-timing.nc"
fi

if is film; then
  train_flow trajectory-film trajectory "${TRAJ_EPOCHS:-600}" --velocity fno-film
  evaluate trajectory-film euler --steps 20
  evaluate trajectory-film dopri --rtol 1e-3 --atol 1e-3
fi

if is grf; then
  train_flow trajectory-grf trajectory "${TRAJ_EPOCHS:-600}" --noise grf
  evaluate trajectory-grf euler --steps 20
  timed eval-trajectory-grf-euler-nx256 "${s[@]}" evaluate --model "$out/trajectory-grf" --data "$out/test256.nc" \
    --samples "$k" --max-samples "$inputs" --sampler euler --steps 20 --seed 0 --json --no-progress
  timed eval-trajectory-euler-nx256 "${s[@]}" evaluate --model "$out/trajectory" --data "$out/test256.nc" \
    --samples "$k" --max-samples "$inputs" --sampler euler --steps 20 --seed 0 --json --no-progress
fi
echo "results in $out/*.out (JSON metrics), $out/*.time (GNU time: wall clock, peak RSS)" >&2
