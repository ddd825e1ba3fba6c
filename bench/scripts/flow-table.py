#!/usr/bin/env python3
"""Summarises the evaluate JSON files of bench/scripts/flow-burgers.sh as one markdown table.

usage: bench/scripts/flow-table.py [OUT]   (default bench-results/flow-burgers)
"""
import json
import pathlib
import re
import sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bench-results/flow-burgers")
keys = ["rel_l2", "crps", "coverage_90", "spread_skill", "pde_residual", "spectrum_error", "nfe",
        "seconds_per_sample"]
print("| run | " + " | ".join(keys) + " |")
print("|---|" + "---|" * len(keys))
for f in sorted(out.glob("eval-*.out")):
    try:
        m = json.loads(f.read_text())
    except (json.JSONDecodeError, OSError):
        continue
    cells = []
    for k in keys:
        v = m.get(k)
        cells.append("-" if v is None else ("%.4g" % v if isinstance(v, (int, float)) else str(v)))
    print("| " + f.stem[len("eval-"):] + " | " + " | ".join(cells) + " |")
solver = out / "solver-time.err"
if solver.exists():
    m = re.search(r"generated (\d+) samples in ([0-9.]+) s", solver.read_text())
    if m:
        n, s = int(m.group(1)), float(m.group(2))
        print("\nsolver (ETDRK4, 1 thread): %.4g s per trajectory over [0, 1] (%d trajectories in %.2f s)" % (s / n, n, s))
