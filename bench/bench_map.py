"""Benchmark: the /map page with 10,000 synthetic facilities.

    .venv/bin/python bench/bench_map.py        (or: make bench)

Builds a temporary copy of data/reference whose facilities.csv holds 10,000 synthetic
facilities (real facilities' positions jittered by up to 1.5 degrees, stages, statuses and
capacities drawn at random, about half with capacity undisclosed), points the app at it, and
measures in AppTest:
* a filter change (the Stage filter switched between two stages): server-side rerun time,
  median of repeated runs after a warm-up;
* the size of the map's JSON sent to the browser (the deck spec, basemap included).
Results are reported in docs/performance.md.
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from components.data_access import REFERENCE_DIR_ENV  # noqa: E402
from rare_earth_atlas.data.reference import DEFAULT_REFERENCE_DIR  # noqa: E402
from rare_earth_atlas.vocabulary import FACILITY_STATUSES, STAGES  # noqa: E402

FACILITIES = 10_000
REPEATS = 15


def synthetic_reference(target: Path, n: int = FACILITIES, seed: int = 7) -> None:
    shutil.copytree(DEFAULT_REFERENCE_DIR, target)
    real = pd.read_csv(DEFAULT_REFERENCE_DIR / "facilities.csv", dtype=str, keep_default_na=False)
    rng = np.random.default_rng(seed)
    rows = real.iloc[rng.integers(0, len(real), n)].reset_index(drop=True).copy()
    rows["facility_id"] = [f"synthetic-{i:05d}" for i in range(n)]
    rows["name"] = [f"Synthetic facility {i}" for i in range(n)]
    rows["lat"] = (rows["lat"].astype(float) + rng.uniform(-1.5, 1.5, n)).clip(-85, 85).round(4).astype(str)
    rows["lon"] = (rows["lon"].astype(float) + rng.uniform(-1.5, 1.5, n)).round(4).astype(str)
    rows["stage"] = rng.choice(STAGES, n)
    rows["status"] = rng.choice(FACILITY_STATUSES, n)
    disclosed = rng.random(n) < 0.5
    rows["capacity_value"] = np.where(disclosed, rng.integers(100, 50_000, n).astype(str), "")
    rows["capacity_unit"] = np.where(disclosed, "t REO/yr", "")
    rows["capacity_year"] = np.where(disclosed, "2024", "")
    rows["notes"] = "Synthetic row for benchmarking."
    rows.to_csv(target / "facilities.csv", index=False)
    # Flows refer to real facility ids; keep them resolvable.
    pd.concat([real, rows]).to_csv(target / "facilities.csv", index=False)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        reference = Path(tmp) / "reference"
        synthetic_reference(reference)
        os.environ[REFERENCE_DIR_ENV] = str(reference)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.switch_page("app_pages/map.py").run()
        assert not at.exception, at.exception
        n_markers = len(json.loads(at.get("deck_gl_json_chart")[0].proto.json)["layers"][-2]["data"])
        deck_bytes = len(at.get("deck_gl_json_chart")[0].proto.json.encode())
        stages = ["magnets", "separation"]
        at.button_group(key="filter_stages").set_value([stages[0]]).run()  # warm-up
        samples = []
        for i in range(REPEATS):
            widget = at.button_group(key="filter_stages").set_value([stages[(i + 1) % 2]])
            start = time.perf_counter()
            widget.run()
            samples.append((time.perf_counter() - start) * 1000)
        assert not at.exception
        filtered_bytes = len(at.get("deck_gl_json_chart")[0].proto.json.encode())
    print(f"facilities in the reference copy: {FACILITIES + 56:,} ({n_markers:,} markers on the unfiltered map)")
    print(
        f"map JSON sent to the browser, unfiltered: {deck_bytes / 1e6:.2f} MB; one stage: {filtered_bytes / 1e6:.2f} MB"
    )
    print(
        f"filter change rerun: median {statistics.median(samples):.0f} ms, min {min(samples):.0f}, "
        f"max {max(samples):.0f} (n={len(samples)})"
    )


if __name__ == "__main__":
    main()
