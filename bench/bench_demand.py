"""Benchmark: the /demand page.

    .venv/bin/python bench/bench_demand.py        (or: make bench)

* Toggling a sector: the pills live inside an ``st.fragment`` with the charts, so in a browser
  only that part reruns. Timed in AppTest, switching one sector off and on; median of repeated
  runs after a warm-up, both with the per-view cache warm and with it cleared ("cold").
* An assumption edit: a changed assumptions table (as the editor produces it) and a full rerun.
Targets: 60 ms for a toggle, 150 ms for an assumption edit. Results in
docs/performance.md.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from components.data_access import _chart_cached  # noqa: E402
from rare_earth_atlas.data.reference import load_reference  # noqa: E402

REPEATS = 15


def timed(action, before=None) -> list[float]:
    samples = []
    for i in range(REPEATS):
        widget = action(i)
        if before:
            before()
        start = time.perf_counter()
        widget.run()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<40} median {statistics.median(samples):6.0f} ms  min {min(samples):5.0f}  max {max(samples):5.0f}  (n={len(samples)})"
    )


def main() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/demand.py").run()
    assert not at.exception
    everything = list(at.button_group(key="sectors").value)
    without_drones = [s for s in everything if s != "drones"]

    def toggle(i):
        return at.button_group(key="sectors").set_value(without_drones if i % 2 else everything)

    toggle(1).run()  # warm-up
    report("sector toggle, warm", timed(toggle))
    report(
        "sector toggle, cold (view cache cleared)",
        timed(toggle, _chart_cached.clear),
    )

    defaults = load_reference().demand_assumptions

    def edit(i):
        table = defaults.copy()
        table.loc[2, "growth_steps_pct"] = 40.0 + i  # a new value every time: never a cache hit
        at.session_state["assumptions"] = table
        return at

    edit(100).run()  # warm-up
    report("assumption edit (new value each run)", timed(edit))
    assert not at.exception


if __name__ == "__main__":
    main()
