#!/usr/bin/env bash
# FNO training and inference throughput side by side with the PyTorch peer (issue 10), interleaved on the same
# machine in the same run: for each model and thread count, peer, ours, peer, ours (ROUNDS pairs), each pair
# printed with its ratio ours / peer. Only these same-run ratios mean anything on a shared machine.
#   peer: ../shared/anchors/bench_torch_fno.py THREADS 1d|2d, run with /usr/bin/python3 (Debian: apt-get install
#         -y python3-numpy python3-torch); PEER overrides its path.
#   ours: dev.surrogate.bench.PeerThroughput THREADS fno1d|fno2d (same models, batch 20, Adam 1e-3, relative L2
#         loss, the trainer's graph).
# Both run with the same OpenMP environment, OMP_WAIT_POLICY=PASSIVE (as ./surrogate sets it; override by exporting
# OMP_WAIT_POLICY): with OpenMP's default spinning wait, PyTorch at 2 threads on a busy 2-core machine was measured
# at 10-11 FNO-1D training samples/s burning ~900 ms of CPU per step, which would compare against a straw man.
# Both also get OPENBLAS_NUM_THREADS and OMP_NUM_THREADS equal to the thread count: Debian's torch does its matrix
# products in the system OpenBLAS, whose own thread pool torch.set_num_threads does not limit, so the "1 thread"
# peer used 129-169 ms of CPU per 61-85 ms FNO-1D training step (two cores) until this was set; with it its CPU
# time equals its wall time and its wall time did not change (82.9 against 85.2 ms, same run).
# Peak resident memory of each process is measured by GNU time (/usr/bin/time), so both include everything.
# Besides samples per second of wall-clock time (what the issue asks for), each side also reports samples per
# second of its process CPU time (the peer through bench/scripts/peer_cpu_time.py, which runs the peer unchanged):
# at 1 thread that rate does not depend on how much of a core the other jobs on a shared machine left over.
#
# usage: bench/scripts/fno-vs-torch.sh            (from anywhere; builds bench/target/bench.jar if it is missing)
# knobs: MODELS ("fno1d fno2d"), THREADS ("1 2"), ROUNDS (2), WARMUP (seconds of our JIT warm-up, 15),
#        JAVA_OPTS (extra JVM options for ours)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peer="${PEER:-$root/../shared/anchors/bench_torch_fno.py}"
models="${MODELS:-fno1d fno2d}"
threads_list="${THREADS:-1 2}"
rounds="${ROUNDS:-2}"
if [[ ! -f "$root/bench/target/bench.jar" ]]; then
  echo "building bench/target/bench.jar..." >&2
  (cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package -pl bench -am) >&2
fi
have_peer=1
if [[ ! -f "$peer" ]]; then
  echo "peer script $peer not found: printing ours only" >&2; have_peer=0
elif ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "/usr/bin/python3 has no torch (apt-get install -y python3-numpy python3-torch): printing ours only" >&2
  have_peer=0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# run NAME CMD...: runs CMD under GNU time; sets train, infer (samples/s of wall time), ctrain, cinfer (samples/s
# of CPU time) and rss (MB) from its output
run() {
  local name="$1"; shift
  if ! /usr/bin/time -f '%M' -o "$tmp/$name.time" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"; then
    echo "$name failed:" >&2; tail -5 "$tmp/$name.err" >&2; exit 1
  fi
  local wall cpu
  wall="$(grep -v '^per CPU second' "$tmp/$name.out")"
  cpu="$(grep '^per CPU second' "$tmp/$name.out")"
  train="$(sed -n 's/.*train \([0-9.]*\) samples\/s.*/\1/p' <<< "$wall")"
  infer="$(sed -n 's/.*infer \([0-9.]*\) samples\/s.*/\1/p' <<< "$wall")"
  ctrain="$(sed -n 's/.*train \([0-9.]*\) samples\/s.*/\1/p' <<< "$cpu")"
  cinfer="$(sed -n 's/.*infer \([0-9.]*\) samples\/s.*/\1/p' <<< "$cpu")"
  rss="$(awk 'END { printf "%.0f", $1 / 1024 }' "$tmp/$name.time")"
  sed "s/^/  /; \$s/\$/  [peak RSS ${rss} MB]/" "$tmp/$name.out" >&2
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

declare -A ours_train peer_train
printf '%-6s %-3s %-3s | %-23s | %-23s | %-23s | %-23s | %-13s\n' model thr run "train/s peer ours ratio" \
  "infer/s peer ours ratio" "train/CPU-s peer ours r" "infer/CPU-s peer ours r" "peak RSS MB"
for model in $models; do
  for threads in $threads_list; do
    for ((r = 1; r <= rounds; r++)); do
      p_train=0; p_infer=0; p_ctrain=0; p_cinfer=0; p_rss=-
      if [[ $have_peer == 1 ]]; then
        run "peer-$model-$threads-$r" env OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" \
          OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" /usr/bin/python3 \
          "$root/bench/scripts/peer_cpu_time.py" "$peer" "$threads" "${model#fno}"
        p_train=$train; p_infer=$infer; p_ctrain=$ctrain; p_cinfer=$cinfer; p_rss=$rss
      fi
      # shellcheck disable=SC2086
      run "ours-$model-$threads-$r" env OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" \
        OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" java -Djava.awt.headless=true \
        -Dpeer.warmup="${WARMUP:-15}" ${JAVA_OPTS:-} -cp "$root/bench/target/bench.jar:$root/bench/target/lib/*" \
        dev.surrogate.bench.PeerThroughput "$threads" "$model"
      printf '%-6s %-3s %-3s | %6s %6s %9s | %6s %6s %9s | %6s %6s %9s | %6s %6s %9s | %6s %6s\n' \
        "$model" "$threads" "$r" "$p_train" "$train" "$(ratio "$train" "$p_train")" \
        "$p_infer" "$infer" "$(ratio "$infer" "$p_infer")" "$p_ctrain" "$ctrain" "$(ratio "$ctrain" "$p_ctrain")" \
        "$p_cinfer" "$cinfer" "$(ratio "$cinfer" "$p_cinfer")" "$p_rss" "$rss"
      ours_train["$model $threads"]="${ours_train["$model $threads"]:-} $train"
      peer_train["$model $threads"]="${peer_train["$model $threads"]:-} $p_train"
    done
  done
done
# the issue's second question: does a second thread speed up training (each side against its own 1-thread rounds)?
mean() { awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; if (NF) printf "%.1f", s / NF; else print 0 }' <<< "$1"; }
for model in $models; do
  for threads in $threads_list; do
    [[ $threads == 1 || -z "${ours_train["$model 1"]:-}" ]] && continue
    o1="$(mean "${ours_train["$model 1"]}")"; on="$(mean "${ours_train["$model $threads"]}")"
    p1="$(mean "${peer_train["$model 1"]}")"; pn="$(mean "${peer_train["$model $threads"]}")"
    printf '%s training, %s threads over 1 (mean samples/s of the rounds): ours %s / %s = %s, peer %s / %s = %s\n' \
      "$model" "$threads" "$on" "$o1" "$(ratio "$on" "$o1")" "$pn" "$p1" "$(ratio "$pn" "$p1")"
  done
done
