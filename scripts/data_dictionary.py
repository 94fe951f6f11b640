"""Write the data dictionary (one table per reference file) from the loader's schemas.

    .venv/bin/python scripts/data_dictionary.py           # print it
    .venv/bin/python scripts/data_dictionary.py --write   # replace the section in data/README.md

A test checks that data/README.md documents every column.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rare_earth_atlas.data.reference import SCHEMAS  # noqa: E402

TYPE_NAMES = {"text": "text", "int": "integer", "float": "number", "date": "date (YYYY-MM-DD)"}
README = Path(__file__).resolve().parent.parent / "data" / "README.md"
MARKER = "## Data dictionary"


def dictionary() -> str:
    lines = []
    for schema in SCHEMAS.values():
        lines += [
            f"### `{schema.file}`",
            "",
            f"{schema.description} Key: {', '.join(f'`{k}`' for k in schema.key)}.",
            "",
            "| column | type | unit | required | meaning |",
            "|---|---|---|---|---|",
        ]
        for c in schema.columns:
            allowed = f" Allowed: {', '.join(a for a in c.allowed if a)}." if c.allowed else ""
            bounds = ""
            if c.minimum is not None or c.maximum is not None:
                low = "" if c.minimum is None else f"{c.minimum:g}"
                high = "" if c.maximum is None else f"{c.maximum:g}"
                bounds = f" Range: {low}..{high}."
            required = "yes" if c.required else "no"
            lines.append(
                f"| `{c.name}` | {TYPE_NAMES[c.kind]} | {c.unit} | {required} | {c.meaning}{allowed}{bounds} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    if "--write" in sys.argv:
        head = README.read_text(encoding="utf-8").split(MARKER, 1)[0]
        intro = "The tables below are generated from the loader's schemas by `scripts/data_dictionary.py --write`.\n\n"
        README.write_text(f"{head}{MARKER}\n\n{intro}{dictionary()}", encoding="utf-8")
    else:
        sys.stdout.write(dictionary())


if __name__ == "__main__":
    main()
