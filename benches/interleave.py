#!/usr/bin/env python3
"""benches/interleave.py: time short commands in interleaved rounds (A, B, C, A, B, C, ...).

hyperfine runs all of one command's runs before the next command's, so a change in machine load
or CPU clock during the run lands on one command only. For process-start-up figures measured in
milliseconds that bias is as large as the differences we judge, so these rows alternate the
commands each round and compare medians. Each run is one posix_spawn + waitpid, stdout and stderr
to /dev/null, no shell (as `hyperfine -N`).

    interleave.py --runs 500 --warmup 20 --export-json OUT.json -n NAME 'COMMAND' -n NAME 'COMMAND' ...

The JSON has hyperfine's shape (results[].command/median/mean/stddev/min/max/times, in seconds),
so benches/run.sh reads both alike. A command that exits non-zero stops the run (exit 2).
"""

import argparse
import json
import os
import shlex
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--export-json", required=True)
    parser.add_argument("-n", "--name", action="append", required=True)
    parser.add_argument("commands", nargs="+")
    args = parser.parse_intermixed_args()
    if len(args.name) != len(args.commands):
        parser.error("give one -n NAME per command")

    argvs = [shlex.split(c) for c in args.commands]
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [
        (os.POSIX_SPAWN_DUP2, devnull, 0),
        (os.POSIX_SPAWN_DUP2, devnull, 1),
        (os.POSIX_SPAWN_DUP2, devnull, 2),
    ]

    def run(argv: list[str]) -> float:
        start = time.perf_counter_ns()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
        _, status = os.waitpid(pid, 0)
        elapsed = time.perf_counter_ns() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            print(f"interleave.py: {shlex.join(argv)} exited with {code}", file=sys.stderr)
            sys.exit(2)
        return elapsed / 1e9

    for _ in range(args.warmup):
        for argv in argvs:
            run(argv)
    times: list[list[float]] = [[] for _ in argvs]
    for _ in range(args.runs):
        for i, argv in enumerate(argvs):
            times[i].append(run(argv))

    results = []
    for name, t in zip(args.name, times):
        results.append(
            {
                "command": name,
                "median": statistics.median(t),
                "mean": statistics.fmean(t),
                "stddev": statistics.stdev(t) if len(t) > 1 else 0.0,
                "min": min(t),
                "max": max(t),
                "times": t,
            }
        )
        print(
            f"  {name}: median {statistics.median(t) * 1e3:.3f} ms, "
            f"min {min(t) * 1e3:.3f} ms ({len(t)} runs, interleaved)",
            file=sys.stderr,
        )
    with open(args.export_json, "w") as f:
        json.dump({"results": results}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
