"""Benchmark: reading and validating a 1,000,000-row country-year upload.

    .venv/bin/python bench/bench_uploads.py        (or: make bench)

Side by side in one run, on the same bytes in memory (an upload arrives as bytes):
* pyarrow: ``pyarrow.csv.read_csv`` with its defaults, which reads and infers types (a typed read);
* pandas: ``pandas.read_csv`` with its defaults (the C parser);
* the atlas: ``process_upload``, i.e. everything the Your data page does before showing the
  report: encoding and delimiter detection, header search, the kind and columns, the statistics
  the file holds and the subset proposed (mine production here; the other statistics are set
  aside and counted), country names to ISO codes, years, numbers, markers ("W", "NA", "—",
  "e 1200", ">90000") turned into flags or report rows.
Each is timed REPEATS times, alternating, after a warm-up; the medians and their ratios are
printed. Peak memory is measured in a fresh process that runs the atlas's pipeline once
(resident set size, so it includes Python and the libraries).

Target: within 4x pyarrow's typed read and within 3x pandas.read_csv, every check kept; peak
memory under 1 GB. Results in docs/performance.md.
"""

import io
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import pyarrow.csv as pa_csv  # noqa: E402

from rare_earth_atlas.data.reference import load_reference  # noqa: E402
from rare_earth_atlas.uploads.pipeline import process_upload  # noqa: E402

ROWS = 1_000_000
REPEATS = 11
# Spellings an analyst's file really mixes: names, aliases, ISO codes, one with a comma.
COUNTRIES = [
    "Australia", "China", "United States", "Burma", "Brazil", "India", "Russia", "Thailand", "Viet Nam",
    "Madagascar", "Nigeria", "Laos", "Malaysia", '"Korea, Republic of"', "USA", "CHN", "Tanzania",
]  # fmt: skip
MEASURES = ["mine production", "separation", "magnets"]
MARKERS = ["W", "NA", "—", "e 1200", ">90000", "est. 300"]


def make_file(path: Path, rows: int = ROWS, seed: int = 6) -> None:
    """A long country-year CSV of about 30 MB: integers, decimals and 0.2% statistical markers."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("country,year,measure,value,unit\n")
        for _ in range(rows):
            if rng.random() < 0.002:
                value = rng.choice(MARKERS)
            elif rng.random() < 0.5:
                value = str(rng.randint(0, 300_000))
            else:
                value = f"{rng.random() * 1e5:.1f}"
            out.write(f"{rng.choice(COUNTRIES)},{rng.randint(1990, 2025)},{rng.choice(MEASURES)},{value},t\n")


_REFERENCE = None


def atlas(data: bytes, subset: dict | None = None):
    global _REFERENCE
    _REFERENCE = _REFERENCE or load_reference()  # loaded once, as the app's cache does
    outcome = process_upload(data, "upload.csv", _REFERENCE, subset=subset)
    assert outcome.error is None, outcome.error
    return outcome.result


EVERY_MEASURE = {"measure": MEASURES}  # the worst case: every value read and validated


def peak_memory_mb(path: Path) -> float:
    """Peak resident memory of a fresh process that reads and validates the file once."""
    code = (
        "import sys, resource; sys.path.insert(0, sys.argv[2]);"
        "from bench.bench_uploads import atlas;"
        "result = atlas(open(sys.argv[1], 'rb').read());"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code, str(path), str(ROOT)], capture_output=True, text=True, check=True
    )
    return int(output.stdout.strip()) / 1024  # ru_maxrss is in KB on Linux


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "country_year_1m.csv"
        make_file(path)
        data = path.read_bytes()
        result = atlas(data)  # warm-up (imports, gazetteer of country names)
        pa_csv.read_csv(io.BytesIO(data))
        pd.read_csv(io.BytesIO(data))
        arrow_s, pandas_s, atlas_s, every_s = [], [], [], []
        for _ in range(REPEATS):
            for samples, run in ((arrow_s, lambda: pa_csv.read_csv(io.BytesIO(data))),
                                 (pandas_s, lambda: pd.read_csv(io.BytesIO(data))), (atlas_s, lambda: atlas(data)),
                                 (every_s, lambda: atlas(data, EVERY_MEASURE))):  # fmt: skip
                start = time.perf_counter()
                run()
                samples.append(time.perf_counter() - start)
        result = atlas(data)
        memory = peak_memory_mb(path)
    arrow, panda, ours = statistics.median(arrow_s), statistics.median(pandas_s), statistics.median(atlas_s)
    print(f"file: {ROWS:,} rows, {len(data) / 1e6:.1f} MB")
    print(
        f"result: {result.in_file:,} values in the file, {result.set_aside_count:,} set aside (other statistics), "
        f"read {result.read:,}, kept {result.kept:,}, not used {result.rejected:,} (report rows {len(result.report):,})"
    )
    every = statistics.median(every_s)
    for label, samples in (("pyarrow.csv.read_csv (typed read)", arrow_s), ("pandas.read_csv", pandas_s),
                           ("atlas process_upload", atlas_s), ("atlas, every value read", every_s)):  # fmt: skip
        print(
            f"{label:<34} median {statistics.median(samples) * 1000:5.0f} ms  (runs: {', '.join(f'{x * 1000:.0f}' for x in samples)})"
        )
    print(f"ratio to pyarrow: {ours / arrow:.2f}x (target <= 4x); every value read: {every / arrow:.2f}x")
    print(f"ratio to pandas:  {ours / panda:.2f}x (target <= 3x); every value read: {every / panda:.2f}x")
    print(f"peak memory, fresh process: {memory:.0f} MB (target < 1024 MB)")
    print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB max RSS")


if __name__ == "__main__":
    main()
