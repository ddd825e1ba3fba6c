#!/usr/bin/env bash
# Issue "uq" (#12), HMC part, as a sequence of plain CLI runs:
#   1. HMC over the weights of the reference operator (FNO-1D width 8, 16 modes, 4 layers) trained on Burgers
#      u(0) -> u(0.5), nu 0.1, nx 256: chains started from the trained weights, 100 leapfrog steps, prior precision
#      100, noise scale sampled; diagnostics (acceptance, R-hat, bulk ESS, divergences, seconds) in hmc.out, and
#      the posterior predictive scored on held-out data by 'evaluate --samples' (CRPS, NLL, coverage, spread-skill,
#      sharpness) next to the trained model's deterministic metrics.
#   2. The inverse problem: nu of a Burgers run from 16 noisy points at 4 times (noise 1 % of their RMS), by HMC on
#      (nu, noise scale) with the classical solver and with a parametric FNO surrogate (nu as an input channel,
#      trained on a --vary nu dataset) as the forward model.
# Each stage writes its output (JSON) and GNU time's log under $OUT; finished stages are skipped when re-run,
# training resumes from its checkpoint and HMC chain by chain after a kill.
#
# usage: bench/scripts/uq-hmc.sh [hmc|inverse|all]      (from the repository root)
# knobs: OUT (default bench-results/uq-hmc), FNO_EPOCHS (500), HMC_TRAIN (trajectories in the likelihood, 50),
#        HMC_CHAINS (4), HMC_WARMUP (40), HMC_DRAWS (40), HMC_STEPS (100), HMC_LAYERS (all), MEMBERS (32),
#        INV_EPOCHS (300), INV_CHAINS (4), INV_WARMUP (300), INV_DRAWS (500), INV_STEPS (10),
#        SURROGATE (the program; default ./surrogate, e.g. "java -jar /tmp/app/surrogate.jar")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
what="${1:-all}"
out="${OUT:-bench-results/uq-hmc}"
mkdir -p "$out"
read -r -a s <<< "${SURROGATE:-./surrogate}"
timed() { # timed NAME CMD... : runs CMD with GNU time; stdout of CMD goes to $out/NAME.out
  local name="$1"; shift
  if [[ -s "$out/$name.done" ]]; then echo "skip $name (done)" >&2; return 0; fi
  /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err"
  grep -E 'Maximum resident|Elapsed' "$out/$name.time" | sed "s/^/$name: /" >&2
  date > "$out/$name.done"
}
resume_flag() { [[ -f "$1/checkpoint.npz" ]] && echo --resume || true; }
hmc_resume_flag() { [[ -f "$1/hmc.json" ]] && echo --resume || true; }

if [[ "$what" == hmc || "$what" == all ]]; then
  gen=(generate burgers --nu 0.1 --t-final 0.5 --snapshots 2 --nx 256 --no-progress)
  timed data-train "${s[@]}" "${gen[@]}" --samples 300 --seed 1 --out "$out/train.nc"
  timed data-test "${s[@]}" "${gen[@]}" --samples 100 --seed 2 --first-sample 1000 --out "$out/test.nc"
  timed fno8-train "${s[@]}" train fno --data "$out/train.nc" --out "$out/fno8" --width 8 --modes 16 --layers 4 \
    --epochs "${FNO_EPOCHS:-500}" --seed 0 --no-progress $(resume_flag "$out/fno8")
  timed fno8-eval "${s[@]}" evaluate --model "$out/fno8" --data "$out/test.nc" --json --no-progress
  timed hmc "${s[@]}" uq hmc --model "$out/fno8" --data "$out/train.nc" --out "$out/hmc-fno8" \
    --train-samples "${HMC_TRAIN:-50}" --chains "${HMC_CHAINS:-4}" --warmup "${HMC_WARMUP:-40}" \
    --draws "${HMC_DRAWS:-40}" --leapfrog-steps "${HMC_STEPS:-100}" --layers "${HMC_LAYERS:-all}" \
    --prior-precision 100 --noise sampled --seed 0 --json $(hmc_resume_flag "$out/hmc-fno8")
  timed hmc-eval "${s[@]}" evaluate --model "$out/hmc-fno8" --data "$out/test.nc" --samples "${MEMBERS:-32}" \
    --seed 0 --json --no-progress
fi
if [[ "$what" == inverse || "$what" == all ]]; then
  # snapshots at t = 0, 0.125, ..., 0.5; the surrogate learns u(t) -> u(t + 0.125) with nu as an input channel
  gen=(generate burgers --nx 128 --t-final 0.5 --snapshots 5 --no-progress)
  timed inv-sweep-data "${s[@]}" "${gen[@]}" --samples 400 --vary nu=0.02:0.1:log --seed 11 --out "$out/sweep.nc"
  timed inv-obs-data "${s[@]}" "${gen[@]}" --samples 3 --nu 0.05 --seed 12 --first-sample 5000 --out "$out/obs.nc"
  timed inv-fno-train "${s[@]}" train fno --data "$out/sweep.nc" --out "$out/fno-nu" --task next --window 1 \
    --parameters nu --width 32 --modes 16 --layers 4 --epochs "${INV_EPOCHS:-300}" --seed 0 --no-progress \
    $(resume_flag "$out/fno-nu")
  for i in 0 1 2; do
    timed "inverse-$i" "${s[@]}" uq inverse --data "$out/obs.nc" --sample "$i" --points 16 --times 4 --noise 0.01 \
      --model "$out/fno-nu" --nu-prior 0.02:0.1 --chains "${INV_CHAINS:-4}" --warmup "${INV_WARMUP:-300}" \
      --draws "${INV_DRAWS:-500}" --leapfrog-steps "${INV_STEPS:-10}" --seed "$i" --json --no-progress
  done
fi
echo "results in $out/*.out (JSON), $out/*.time (GNU time: wall clock, peak RSS)" >&2
