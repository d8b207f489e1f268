"""Instructions spent judging today's status of the bench stores, counted by callgrind.

    .venv/bin/python bench/judging_count.py                    # 10k and 1M updates
    .venv/bin/python bench/judging_count.py --sizes 1000000

Wall-clock figures on a shared machine move by 10-20% between runs; instruction counts do not,
so a change to a monitor can be weighed by a few per cent. Each size is counted twice under
`valgrind --tool=callgrind`: once reading the deciding evidence and judging it twice, once
reading it and not judging; half the difference is one judging of every commitment. Needs
Debian's valgrind (`apt-get install -y valgrind`); the stores are made as bench/run.py makes them.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import AS_OF, _env, prepare  # noqa: E402


def judge(times: int) -> None:
    """Runs under valgrind: read today's deciding evidence, then judge it `times` times."""
    from monitors.judging.assess import agreed_commitments, assess_all, full_series_ids
    from monitors.tracker import open_tracker

    tracker = open_tracker()
    as_of = date.fromisoformat(AS_OF)
    ids = [c.id for c in agreed_commitments(tracker.catalog, as_of)]
    relevant = tracker.store.relevant_updates(ids, as_of, full_series_ids(tracker.catalog))
    for _ in range(times):
        assess_all(tracker.catalog, relevant, as_of, lambda commitment_id, day: [])


def _instructions(folder: Path, times: int) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__, "judge", str(times)],
        env=_env(folder), capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "judge":
        judge(int(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/truce-bench"))
    args = parser.parse_args()
    counts = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        folder = prepare(args.workdir, size)
        counts[size] = (_instructions(folder, 2) - _instructions(folder, 0)) // 2
        print(f"{size:>10,} updates: {counts[size] / 1e6:,.0f} M instructions to judge every commitment", flush=True)
    if len(counts) > 1:
        sizes = sorted(counts)
        print(f"at {sizes[-1]:,} / at {sizes[0]:,}: {counts[sizes[-1]] / counts[sizes[0]]:.2f}x")


if __name__ == "__main__":
    main()
