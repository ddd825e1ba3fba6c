#!/usr/bin/env bash
# Physics-aware flow matching on Burgers (issue 11, part 2): plain flow matching against PBFM's physics-residual
# training, each sampled plainly and with PCFM's constrained sampling, and a few-step average-velocity model.
# Burgers nu = 0.1, nx = 128, 33 snapshots on [0, 1]; the first 8 given, the other 25 drawn at once (trajectory
# task); the generated window starts at t = 0.25, where the solver's own residual floor is small (stage 'floor').
# Each stage writes its output under $OUT and is skipped when re-run once done; training resumes from its last
# checkpoint after a kill.
#
# usage: bench/scripts/pbfm-burgers.sh [data|floor|train-fm|train-pbfm|train-meanflow|train-fm-film|evaluate|fewstep|
#        resolution|solver|all]
#        (from the repository root; a model is evaluated only once its training stage is done)
# knobs: OUT (default bench-results/pbfm-burgers), TRAIN (256 trajectories), TEST (64), EPOCHS (250),
#        MF_EPOCHS (250), K (8 members per input), EVAL_INPUTS (32 test inputs per evaluation),
#        FLOW_ARGS (extra options for every flow and mean-flow training, e.g. "--noise grf"),
#        PBFM_COMBINE (how the physics run combines its terms: config, or weights:flow_matching=1,residual=W),
#        SURROGATE (default ./surrogate; point it at a copy of the jar to keep building the repository while a long
#        run goes on, e.g. "java -jar /tmp/pbfmapp/surrogate.jar")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
what="${1:-all}"
out="${OUT:-bench-results/pbfm-burgers}"
mkdir -p "$out"
read -r -a s <<< "${SURROGATE:-./surrogate}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
k="${K:-8}"
inputs="${EVAL_INPUTS:-32}"
epochs="${EPOCHS:-250}"
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

gen=(generate burgers --nu 0.1 --t-final 1 --snapshots 33 --nx 128 --no-progress)
if is data; then
  timed data-train "${s[@]}" "${gen[@]}" --samples "${TRAIN:-256}" --seed 1 --out "$out/train.nc"
  timed data-test "${s[@]}" "${gen[@]}" --samples "${TEST:-64}" --seed 2 --out "$out/test.nc"
fi
if is floor; then
  # the solver's own residual: per snapshot, and pooled over the generated window t >= 0.25 (index 8 on)
  timed floor-test "${s[@]}" residual --data "$out/test.nc" --json --from-time 0.25
  timed floor-test-all "${s[@]}" residual --data "$out/test.nc" --json
fi

common=(--data "$out/train.nc" --val-data "$out/test.nc" --task trajectory --window 8 --batch 20 --lr 1e-3
        --schedule cosine --width 64 --modes 16 --layers 4 --seed 0 --no-progress)
train() { # train NAME MODEL EPOCHS EXTRA...
  local name="$1" model="$2" n="$3"; shift 3
  local extra=()
  read -r -a extra <<< "${FLOW_ARGS:-}"
  timed "train-$name" "${s[@]}" train "$model" --out "$out/$name" --epochs "$n" "${common[@]}" "${extra[@]}" "$@" \
    $(resume_flag "$out/$name")
}
if is train-fm; then train fm flow "$epochs"; fi
if is train-pbfm; then train pbfm flow "$epochs" --physics residual --combine "${PBFM_COMBINE:-config}"; fi
if is train-meanflow; then train meanflow meanflow "${MF_EPOCHS:-250}"; fi
# the time through a FiLM embedding of every Fourier layer instead of a constant input channel (plain FM)
if is train-fm-film; then train fm-film flow "$epochs" --velocity fno-film; fi

evaluate() { # evaluate NAME MODEL EXTRA...
  local name="$1" model="$2"; shift 2
  if [[ ! -s "$out/train-$model.done" ]]; then echo "skip eval-$name ($model not trained yet)" >&2; return 0; fi
  timed "eval-$name" "${s[@]}" evaluate --model "$out/$model" --data "$out/test.nc" --samples "$k" \
    --max-samples "$inputs" --batch "$inputs" --seed 0 --json --no-progress "$@"
}
if is evaluate; then
  # the table: plain FM / physics-residual FM / constrained sampling / both, Euler with 20 steps each;
  # constraint_error measures the conserved mean and the energy balance for every row
  evaluate fm fm --sampler euler --steps 20
  evaluate pbfm pbfm --sampler euler --steps 20
  evaluate fm-pcfm fm --sampler euler --steps 20 --constrain mean,energy
  evaluate pbfm-pcfm pbfm --sampler euler --steps 20 --constrain mean,energy
  evaluate fm-pcfm-mean fm --sampler euler --steps 20 --constrain mean
  evaluate fm-dopri fm --sampler dopri --rtol 1e-3 --atol 1e-3
  evaluate pbfm-dopri pbfm --sampler dopri --rtol 1e-3 --atol 1e-3
  evaluate fm-film fm-film --sampler euler --steps 20
fi
if is resolution; then
  # the same test trajectories (seed 2) solved on a twice finer grid, drawn by the models trained at nx 128
  timed data-test-256 "${s[@]}" generate burgers --nu 0.1 --t-final 1 --snapshots 33 --nx 256 --no-progress \
    --samples "${TEST:-64}" --seed 2 --out "$out/test-256.nc"
  for m in fm pbfm; do
    if [[ ! -s "$out/train-$m.done" ]]; then continue; fi
    timed "eval-$m-256" "${s[@]}" evaluate --model "$out/$m" --data "$out/test-256.nc" --samples "$k" \
      --max-samples "$inputs" --batch "$inputs" --seed 0 --json --no-progress --sampler euler --steps 20
  done
fi
if is fewstep; then
  for n in 1 2 4 8; do
    evaluate "meanflow-$n" meanflow --sampler mean --steps "$n"
    evaluate "fm-euler-$n" fm --sampler euler --steps "$n"
  done
  for n in 1 2 4; do evaluate "fm-heun-$((2 * n))" fm --sampler heun --steps "$n"; done
  evaluate fm-euler-20 fm --sampler euler --steps 20
  evaluate fm-dopri-fewstep fm --sampler dopri --rtol 1e-3 --atol 1e-3
fi
if is solver; then
  # the solver's own cost of the same forecast: one trajectory over [0, 1] on one thread
  timed solver-time "${s[@]}" generate burgers --nu 0.1 --nx 128 --t-final 1 --snapshots 33 --samples 64 --seed 3 \
    --threads 1 --no-progress --out "$out/solver-timing.nc"
fi
echo "results in $out/*.out (JSON metrics), $out/*.time (GNU time: wall clock, peak RSS)" >&2
