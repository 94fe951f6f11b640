"""Print the data dictionary (one table per reference file) from the loader's schemas.

    .venv/bin/python scripts/data_dictionary.py

data/README.md carries its output; a test checks the README documents every column.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rare_earth_atlas.reference import SCHEMAS  # noqa: E402

TYPE_NAMES = {"text": "text", "int": "integer", "float": "number", "date": "date (YYYY-MM-DD)"}


def main() -> None:
    for schema in SCHEMAS.values():
        print(f"### `{schema.file}`\n")
        print(f"{schema.description} Key: {', '.join(f'`{k}`' for k in schema.key)}.\n")
        print("| column | type | unit | required | meaning |")
        print("|---|---|---|---|---|")
        for c in schema.columns:
            allowed = f" Allowed: {', '.join(a for a in c.allowed if a)}." if c.allowed else ""
            bounds = ""
            if c.minimum is not None or c.maximum is not None:
                bounds = f" Range: {c.minimum if c.minimum is not None else ''}..{c.maximum if c.maximum is not None else ''}."
            print(
                f"| `{c.name}` | {TYPE_NAMES[c.kind]} | {c.unit} | {'yes' if c.required else 'no'} | {c.meaning}{allowed}{bounds} |"
            )
        print()


if __name__ == "__main__":
    main()
