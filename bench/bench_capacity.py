"""Benchmark: the /capacity page, a rerun after each control change.

    .venv/bin/python bench/bench_capacity.py        (or: make bench)

For each control (year, the West grouping, pipeline, tonnes/shares) the value is switched back
and forth in AppTest and the server-side rerun timed; median of repeated runs after a warm-up.
Target: at most 200 ms. Results are reported in docs/performance.md.

Each chart is cached per the settings it depends on, so switching back to a view seen before
is a cache hit. The benchmark reports both cases: "warm" (back and forth between two views,
as the issue's measure does) and "cold" (the chart cache cleared before every run: every view
is new; the reference data itself stays loaded, as on a running server).
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from components.data_access import _chart_cached  # noqa: E402

REPEATS = 12


def main() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/capacity.py").run()
    assert not at.exception, at.exception
    default_west = list(at.multiselect(key="west").value)
    controls = {
        "year": lambda i: at.select_slider(key="year").set_value(2024 if i % 2 else 2025),
        "west (add/remove India)": lambda i: at.multiselect(key="west").set_value(
            default_west + (["India"] if i % 2 else [])
        ),
        "pipeline": lambda i: at.toggle(key="pipeline").set_value(bool(i % 2)),
        "tonnes/shares": lambda i: at.button_group(key="measure").set_value("share" if i % 2 else "tonnes"),
    }
    for mode in ("warm", "cold"):
        all_samples = []
        for name, change in controls.items():
            change(0).run()  # warm-up
            samples = []
            for i in range(1, REPEATS + 1):
                widget = change(i)
                if mode == "cold":
                    _chart_cached.clear()
                start = time.perf_counter()
                widget.run()
                samples.append((time.perf_counter() - start) * 1000)
            assert not at.exception, at.exception
            all_samples += samples
            print(
                f"{mode} {name:<26} median {statistics.median(samples):6.0f} ms  min {min(samples):5.0f}  max {max(samples):5.0f}  (n={len(samples)})"
            )
        print(f"{mode} {'all controls':<26} median {statistics.median(all_samples):6.0f} ms  (n={len(all_samples)})")


if __name__ == "__main__":
    main()
