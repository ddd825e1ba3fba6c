"""Runs the PyTorch peer script unchanged and also reports its rates per second of process CPU time.

The peer times itself with time.perf_counter (wall clock). This wrapper lets every perf_counter call also record
time.process_time (CPU time of all the process's threads), runs the peer, and prints a second line in the format of
the surrogate side (dev.surrogate.bench.PeerThroughput): on a machine shared with other jobs the CPU-time rate does
not depend on how much of a core the scheduler handed out. The peer's own line is printed as it is.
Usage: python3 peer_cpu_time.py PEER_SCRIPT [threads] [1d|2d]"""
import runpy
import sys
import time

peer = sys.argv[1]
sys.argv = [peer] + sys.argv[2:]
two_d = len(sys.argv) > 2 and sys.argv[2] == "2d"
steps, batch = (20 if two_d else 50), 20
wall = time.perf_counter
marks = []


def recording_clock():
    marks.append(time.process_time())
    return wall()


time.perf_counter = recording_clock
runpy.run_path(peer, run_name="__main__")
# the peer reads the clock four times: before and after its timed training steps, then its timed forward passes
if len(marks) != 4:
    sys.exit(f"peer_cpu_time: expected 4 clock reads from {peer}, saw {len(marks)}")
train = (marks[1] - marks[0]) / steps
infer = (marks[3] - marks[2]) / steps
print(f"per CPU second: train {batch / train:.0f} samples/s ({train * 1e3:.1f} ms CPU/step), "
      f"infer {batch / infer:.0f} samples/s")
