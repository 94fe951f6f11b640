"""Benchmark: reference-data load and page reruns on the server.

    .venv/bin/python bench/bench_startup.py        (or: make bench)

Measures, on this machine:
* ``load_reference()``: reading and validating every reference CSV (what a cold start pays
  once; afterwards ``st.cache_data`` serves it);
* a full rerun of each page in ``AppTest`` after one warm-up run (server-side script time,
  no browser), median of repeated runs.
Results are reported in docs/performance.md.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from rare_earth_atlas.data.reference import load_reference  # noqa: E402

REPEATS = 15


def timed(fn, repeats=REPEATS) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<40} median {statistics.median(samples):7.1f} ms   min {min(samples):7.1f}   max {max(samples):7.1f}   (n={len(samples)})"
    )


def main() -> None:
    report("load_reference() (uncached)", timed(load_reference))
    for page in ("app_pages/overview.py", "app_pages/sources.py"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        if page != "app_pages/overview.py":
            at.switch_page(page).run()
        at.run()  # warm-up
        report(f"rerun {page}", timed(at.run))


if __name__ == "__main__":
    main()
