"""Benchmark: reading and validating a 1,000,000-row country-year upload.

    .venv/bin/python bench/bench_uploads.py        (or: make bench)

Side by side in one run, on the same bytes in memory (an upload arrives as bytes):
* pyarrow: ``pyarrow.csv.read_csv`` with its defaults, which only reads (and infers types);
* the atlas: ``read_upload`` + ``guess_kind`` + ``validate_country_year``, i.e. everything
  the Your data page does before showing the report: encoding and delimiter detection, header
  search, country names to ISO codes, years, numbers, markers ("W", "NA", "—", "e 1200",
  ">90000") turned into flags or report rows.
Each is timed REPEATS times, alternating, after a warm-up; the medians and their ratio are
printed. Peak memory is measured in a fresh process that runs the atlas's pipeline once
(resident set size, so it includes Python and the libraries).

Target (issue 6): at most 2x pyarrow's time, peak memory under 1 GB. Results in
docs/performance.md.
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

import pyarrow.csv as pa_csv  # noqa: E402

from rare_earth_atlas.upload_country_year import validate_country_year  # noqa: E402
from rare_earth_atlas.upload_reader import read_upload  # noqa: E402
from rare_earth_atlas.upload_schema import guess_kind  # noqa: E402

ROWS = 1_000_000
REPEATS = 11
# Spellings an analyst's file really mixes: names, aliases, ISO codes, one with a comma.
COUNTRIES = [
    "Australia", "China", "United States", "Burma", "Brazil", "India", "Russia", "Thailand", "Viet Nam",
    "Madagascar", "Nigeria", "Laos", "Malaysia", '"Korea, Republic of"', "USA", "CHN", "Tanzania",
]  # fmt: skip
MEASURES = ["mining", "separation", "magnets"]
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


def atlas(data: bytes):
    read = read_upload(data, "upload.csv")
    guess = guess_kind(list(read.table.columns))
    return validate_country_year(read, guess.mapping)


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
        arrow_s, atlas_s = [], []
        for _ in range(REPEATS):
            start = time.perf_counter()
            pa_csv.read_csv(io.BytesIO(data))
            arrow_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = atlas(data)
            atlas_s.append(time.perf_counter() - start)
        memory = peak_memory_mb(path)
    arrow, ours = statistics.median(arrow_s), statistics.median(atlas_s)
    print(f"file: {ROWS:,} rows, {len(data) / 1e6:.1f} MB")
    print(
        f"result: read {result.read:,} values, kept {result.kept:,}, not used {result.rejected:,} (report rows {len(result.report):,})"
    )
    print(
        f"pyarrow.csv.read_csv (read only): median {arrow * 1000:.0f} ms  (runs: {', '.join(f'{s * 1000:.0f}' for s in arrow_s)})"
    )
    print(
        f"atlas read + validate:            median {ours * 1000:.0f} ms  (runs: {', '.join(f'{s * 1000:.0f}' for s in atlas_s)})"
    )
    print(f"ratio: {ours / arrow:.2f}x (target <= 2x)")
    print(f"peak memory, fresh process: {memory:.0f} MB (target < 1024 MB)")
    print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB max RSS")


if __name__ == "__main__":
    main()
