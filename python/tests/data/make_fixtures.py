"""Regenerates the demo-*.json fixtures from the installed package's embedded demo."""

import json
from pathlib import Path

import kompetence

HERE = Path(__file__).parent

if __name__ == "__main__":
    engine = kompetence.Engine.demo()
    for kind in ("organisation", "catalog", "policy"):
        text = json.dumps(engine.document(kind), indent=2, ensure_ascii=False) + "\n"
        (HERE / f"demo-{kind}.json").write_text(text, encoding="utf-8")
