#!/usr/bin/env bash
# FNO training and inference throughput side by side with the PyTorch peer (issue 10), interleaved on the same
# machine in the same run: for each model and thread count, peer, ours, peer, ours (ROUNDS pairs), each pair
# printed with its ratio ours / peer. Only these same-run ratios mean anything on a shared machine.
#   peer: ../shared/anchors/bench_torch_fno.py THREADS 1d|2d, run with /usr/bin/python3 (Debian: apt-get install
#         -y python3-numpy python3-torch); PEER overrides its path.
#   ours: dev.surrogate.bench.PeerThroughput THREADS fno1d|fno2d (same models, batch 20, Adam 1e-3, relative L2
#         loss, the trainer's graph), with OMP_WAIT_POLICY=PASSIVE as ./surrogate sets it.
# Peak resident memory of each process is measured by GNU time (/usr/bin/time), so both include everything.
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

# run NAME CMD...: runs CMD under GNU time; sets train, infer (samples/s) and rss (MB) from its output
run() {
  local name="$1"; shift
  if ! /usr/bin/time -f '%M' -o "$tmp/$name.time" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"; then
    echo "$name failed:" >&2; tail -5 "$tmp/$name.err" >&2; exit 1
  fi
  train="$(sed -n 's/.*train \([0-9.]*\) samples\/s.*/\1/p' "$tmp/$name.out")"
  infer="$(sed -n 's/.*infer \([0-9.]*\) samples\/s.*/\1/p' "$tmp/$name.out")"
  rss="$(awk 'END { printf "%.0f", $1 / 1024 }' "$tmp/$name.time")"
  echo "  $(cat "$tmp/$name.out")  [peak RSS ${rss} MB]" >&2
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

printf '%-6s %-3s %-3s | %-27s | %-27s | %-17s\n' model thr run "train samples/s peer ours" \
  "infer samples/s peer ours" "peak RSS MB p/o"
for model in $models; do
  for threads in $threads_list; do
    for ((r = 1; r <= rounds; r++)); do
      p_train=0; p_infer=0; p_rss=-
      if [[ $have_peer == 1 ]]; then
        run "peer-$model-$threads-$r" /usr/bin/python3 "$peer" "$threads" "${model#fno}"
        p_train=$train; p_infer=$infer; p_rss=$rss
      fi
      # shellcheck disable=SC2086
      run "ours-$model-$threads-$r" env OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" java -Djava.awt.headless=true \
        -Dpeer.warmup="${WARMUP:-15}" ${JAVA_OPTS:-} -cp "$root/bench/target/bench.jar:$root/bench/target/lib/*" \
        dev.surrogate.bench.PeerThroughput "$threads" "$model"
      printf '%-6s %-3s %-3s | %6s %6s  ratio %5s | %6s %6s  ratio %5s | %6s %6s\n' "$model" "$threads" "$r" \
        "$p_train" "$train" "$(ratio "$train" "$p_train")" "$p_infer" "$infer" "$(ratio "$infer" "$p_infer")" \
        "$p_rss" "$rss"
    done
  done
done
