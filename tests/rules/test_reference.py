from pathlib import Path

from cairn.rules.reference import reference_markdown


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    path = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    assert path.read_text() == reference_markdown(), (
        "run: python -m cairn.rules.reference > docs/rules.md"
    )
