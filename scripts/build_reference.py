"""Rebuild the derived reference CSVs from the original files in data/raw/.

    .venv/bin/python scripts/build_reference.py        (or: make data)

Writes data/reference/mine_production.csv, reserves.csv and facilities.csv, then loads
the whole reference set to check it.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rare_earth_atlas.data import build  # noqa: E402
from rare_earth_atlas.data.reference import load_reference  # noqa: E402

OUT = ROOT / "data" / "reference"


def main() -> None:
    outputs = {
        "mine_production.csv": build.build_mine_production(),
        "reserves.csv": build.build_reserves(),
        "facilities.csv": build.build_facilities(),
    }
    for name, frame in outputs.items():
        frame.to_csv(OUT / name, index=False, lineterminator="\n")
        print(f"wrote {OUT / name} ({len(frame)} rows)")
    load_reference(OUT)
    print("reference data loads and validates")


if __name__ == "__main__":
    main()
