"""Evaluating every rule of policy 2025 over one long chronology: the work a page showing a
person's open flags does. Target (issue 6): under 20 ms for 1,000 entries.

    .venv/bin/python benchmarks/rules_evaluate.py [N] [REPEATS]
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

from rules_common import chronology


def main(n: int, repeats: int) -> None:
    from cairn.lib.casefile import loads
    from cairn.rules.catalogue import REGISTRY
    from cairn.rules.engine import Facts, evaluate_rules
    from cairn.rules.policies import shipped
    from cairn.rules.workdays import end_of_day

    case = loads(json.dumps(chronology(n)))
    parameters = shipped()["2025"][0]
    until = end_of_day(case.events[-1].day)
    facts = Facts(date_of_birth=case.subject.date_of_birth)
    rules = list(REGISTRY)
    flags = evaluate_rules(rules, case.events, until, parameters, facts)  # warm the caches
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        evaluate_rules(rules, case.events, until, parameters, facts)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    print(
        f"{n} entries, {len(flags)} flags, {repeats} runs: "
        f"wall median {statistics.median(wall):.1f} ms, "
        f"p95 {wall[int(len(wall) * 0.95) - 1]:.1f} ms; CPU median {statistics.median(cpu):.1f} ms"
        f" (load average {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 50,
    )
