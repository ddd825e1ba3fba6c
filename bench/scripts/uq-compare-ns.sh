#!/usr/bin/env bash
# uq compare on Navier-Stokes 32^2 (u(0) -> u(1)), all four methods; resumable through $out/fits
# usage: bench/scripts/uq-compare-ns.sh  (from anywhere); knobs: OUT, EPOCHS (40), SURROGATE (default ./surrogate)
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="${OUT:-bench-results/uq-compare-ns}"
mkdir -p $out
read -r -a s <<< "${SURROGATE:-./surrogate}"
gen=(generate navier-stokes --nu 1e-3 --t-final 1 --snapshots 2 --nx 32 --no-progress)
[[ -s $out/train.nc ]] || "${s[@]}" "${gen[@]}" --samples 200 --seed 1 --out $out/train.nc
[[ -s $out/test.nc ]] || "${s[@]}" "${gen[@]}" --samples 50 --seed 2 --out $out/test.nc
/usr/bin/time -v -o $out/compare.time "${s[@]}" uq compare --data $out/train.nc --test $out/test.nc \
  --methods ensemble,dropout,flow,hmc --calibrate 0.2 --level 0.9 --samples 32 --members 5 --epochs ${EPOCHS:-40} \
  --width 32 --modes 12 --layers 4 --seed 0 --out $out/fits \
  --option hmc.likelihood_samples=32 --option hmc.chains=2 --option hmc.warmup=30 --option hmc.draws=20 \
  --option hmc.leapfrog_steps=5 --json > $out/compare.json 2> $out/compare.err
