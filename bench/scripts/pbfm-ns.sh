#!/usr/bin/env bash
# Physics-aware flow matching on 2-D Navier-Stokes (issue 11, part 2): plain flow matching against PBFM's
# physics-residual training, each sampled plainly and with PCFM's zero-mean-vorticity projection.
# Kolmogorov-forced vorticity, nu = 1e-3, 32^2 by default (NX=64 for 64^2), 16 snapshots on [0, 1.5];
# the first 4 given, the other 12 drawn at once (trajectory task). From t = 0.4 on the solver's own residual floor is
# below 3e-4 of RMS(w_t) (stage 'floor').
# Each stage writes its output under $OUT and is skipped when re-run once done; training resumes from its last
# checkpoint after a kill.
#
# usage: bench/scripts/pbfm-ns.sh [data|floor|train-fm|train-pbfm|evaluate|solver|all]   (from the repository root)
# knobs: OUT (default bench-results/pbfm-ns), TRAIN (96 trajectories), TEST (32), EPOCHS (100), K (8 members per
#        input), EVAL_INPUTS (16 test inputs per evaluation), WIDTH (32), MODES (12), NX (32: grid NX^2),
#        FLOW_ARGS (extra options for both flows, e.g. "--parameterization data"), PBFM_COMBINE (config, or
#        weights:flow_matching=1,residual=W), SURROGATE (default ./surrogate; e.g. "java -jar /tmp/app/surrogate.jar"
#        to keep building the repository during a long run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
what="${1:-all}"
out="${OUT:-bench-results/pbfm-ns}"
mkdir -p "$out"
read -r -a s <<< "${SURROGATE:-./surrogate}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
k="${K:-8}"
inputs="${EVAL_INPUTS:-16}"
epochs="${EPOCHS:-100}"
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

gen=(generate navier-stokes --nu 1e-3 --t-final 1.5 --snapshots 16 --nx "${NX:-32}" --no-progress)
if is data; then
  timed data-train "${s[@]}" "${gen[@]}" --samples "${TRAIN:-96}" --seed 1 --out "$out/train.nc"
  timed data-test "${s[@]}" "${gen[@]}" --samples "${TEST:-32}" --seed 2 --out "$out/test.nc"
fi
if is floor; then
  timed floor-test "${s[@]}" residual --data "$out/test.nc" --json --from-time 0.4
fi

common=(--data "$out/train.nc" --val-data "$out/test.nc" --task trajectory --window 4 --batch 16 --lr 1e-3
        --schedule cosine --width "${WIDTH:-32}" --modes "${MODES:-12}" --layers 4 --seed 0 --no-progress)
train() { # train NAME MODEL EPOCHS EXTRA...
  local name="$1" model="$2" n="$3"; shift 3
  local extra=()
  read -r -a extra <<< "${FLOW_ARGS:-}"
  timed "train-$name" "${s[@]}" train "$model" --out "$out/$name" --epochs "$n" "${common[@]}" "${extra[@]}" "$@" \
    $(resume_flag "$out/$name")
}
if is train-fm; then train fm flow "$epochs"; fi
if is train-pbfm; then train pbfm flow "$epochs" --physics residual --combine "${PBFM_COMBINE:-config}"; fi

evaluate() { # evaluate NAME MODEL EXTRA...
  local name="$1" model="$2"; shift 2
  if [[ ! -s "$out/train-$model.done" ]]; then echo "skip eval-$name ($model not trained yet)" >&2; return 0; fi
  timed "eval-$name" "${s[@]}" evaluate --model "$out/$model" --data "$out/test.nc" --samples "$k" \
    --max-samples "$inputs" --batch "$inputs" --seed 0 --json --no-progress "$@"
}
if is evaluate; then
  evaluate fm fm --sampler euler --steps 20
  evaluate pbfm pbfm --sampler euler --steps 20
  evaluate fm-pcfm fm --sampler euler --steps 20 --constrain zero-mean
  evaluate pbfm-pcfm pbfm --sampler euler --steps 20 --constrain zero-mean
fi
if is solver; then
  # the solver's own cost of the same forecast: 32 trajectories over [0, 1.5] on one thread
  timed solver-time "${s[@]}" generate navier-stokes --nu 1e-3 --t-final 1.5 --snapshots 16 --nx "${NX:-32}" --samples 32 \
    --seed 3 --threads 1 --no-progress --out "$out/solver-timing.nc"
fi
echo "results in $out/*.out (JSON metrics), $out/*.time (GNU time: wall clock, peak RSS)" >&2
