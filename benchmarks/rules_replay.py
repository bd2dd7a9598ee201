"""`cairn replay` of a 1,000-event case file end to end, start-up included: a fresh process
reads the file, checks it against the schema, loads the policy from a migrated database,
suggests indicators for the entries that have none, runs identity resolution, evaluates and
renders. Target (issue 6): under 2 s.

    .venv/bin/python benchmarks/rules_replay.py [N] [REPEATS]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rules_common import chronology

ROOT = Path(__file__).resolve().parents[1]


def main(n: int, repeats: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="cairn-bench-replay-"))
    env = {**os.environ, "CAIRN_DATA_DIR": str(work), "CAIRN_HTTPS": "false"}
    env.pop("DATABASE_URL", None)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "-m", "cairn", "migrate", "-v0"], env=env, check=True)  # noqa: S603
    document = chronology(n)
    path = work / "long.casefile.json"
    path.write_text(json.dumps(document))
    suggested = sum(1 for e in document["events"] if "summary" in e and "indicators" not in e)
    coded = work / "coded.casefile.json"
    for event in document["events"]:
        event.setdefault("indicators", [])
    coded.write_text(json.dumps(document))
    for fmt, target in (("json", path), ("html", path), ("json", coded)):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            done = subprocess.run(  # noqa: S603
                [
                    python,
                    "-m",
                    "cairn",
                    "replay",
                    str(target),
                    "--format",
                    fmt,
                    "--until",
                    "2030-01-01",
                ],
                env=env,
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
        size = len(done.stdout)
        label = f"{suggested} for the suggester" if target == path else "all coded"
        print(
            f"{n} events ({label}), --format {fmt}: median "
            f"{statistics.median(times):.2f} s, max {max(times):.2f} s over {repeats} runs "
            f"({size:,} bytes out; load average {os.getloadavg()[0]:.2f})"
        )
    start = time.perf_counter()
    subprocess.run([python, "-m", "cairn", "check"], env=env, check=True, capture_output=True)  # noqa: S603
    print(f"start-up alone (cairn check): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 5,
    )
