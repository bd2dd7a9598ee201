"""docs/rules.md, generated from the registry: each rule, its message, what resolves it, and
its parameters with defaults and ranges. `tests/rules/test_reference.py` keeps the file true;
regenerate it with `python -m cairn.rules.reference > docs/rules.md`."""

from __future__ import annotations

from cairn.rules.catalogue import REGISTRY
from cairn.rules.policies import POLICY_2019_ENABLED, shipped


def reference_markdown() -> str:
    params_2019 = shipped()["2019"][0]
    lines = [
        "# Policy rules",
        "",
        "Generated from `cairn.rules.catalogue.REGISTRY` by `python -m cairn.rules.reference`;",
        "do not edit by hand. How each rule reads a chronology is explained in",
        "[ADR 0011](adr/0011-policy-rules-and-replay.md). Policy `2025` enables every rule with",
        "the defaults below; `2019` enables only "
        + ", ".join(f"`{r}`" for r in POLICY_2019_ENABLED)
        + ".",
        "",
    ]
    group = None
    for rule in REGISTRY:
        if rule.group != group:
            group = rule.group
            lines += [f"## {group}", ""]
        lines += [
            f"### `{rule.id}`",
            "",
            rule.message,
            "",
            f"- Blocks closure: {'yes' if rule.blocking else 'no'}"
            + ("; also judges each decision for what it lacked" if rule.judges_decisions else ""),
            f"- Resolved by: {rule.resolves_by}",
        ]
        if rule.params:
            lines += [
                "",
                "| parameter | meaning | default (2025) | 2019 | allowed |",
                "|---|---|---|---|---|",
            ]
            for param in rule.params:
                in_2019 = params_2019.get(rule.id, {}).get(param.name, param.default)
                shown_2019 = (
                    ", ".join(in_2019)
                    if isinstance(in_2019, list | tuple)
                    else ("yes" if in_2019 is True else "no" if in_2019 is False else str(in_2019))
                )
                if rule.id not in POLICY_2019_ENABLED:
                    shown_2019 = "(off)"
                lines.append(
                    f"| `{param.name}` | {param.help} | {param.describe_default()} | "
                    f"{shown_2019} | {param.describe_range()} |"
                )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference_markdown(), end="")
