"""Benchmark: the downloads presenters and analysts wait for.

    .venv/bin/python bench/bench_exports.py        (or: make bench)

Times, in one fresh process: the first chart image (kaleido starts its Chromium), a chart image
once it runs ("Download this view", the Capacity page's production chart, 1280 px wide), and
the default deck as PowerPoint (eight 16:9 slide pictures, one a map snapshot), from the
slides' figure specs, as the download button has them. Median of repeated runs after the
first. No target is set; results are reported in docs/performance.md.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from components.slides import slide_exports  # noqa: E402
from rare_earth_atlas import vocabulary  # noqa: E402
from rare_earth_atlas.capacity import views as capacity_charts  # noqa: E402
from rare_earth_atlas.data.reference import load_reference  # noqa: E402
from rare_earth_atlas.sharing import exports  # noqa: E402
from rare_earth_atlas.sharing.deck import default_deck  # noqa: E402

REPEATS = 5
AS_OF = "Data as of the benchmark."


def _ms(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    problem = exports.export_problem()
    if problem:
        sys.exit(problem)
    reference = load_reference()
    chart = capacity_charts.production_chart(reference, tuple(vocabulary.DEFAULT_WEST), "tonnes")[0].to_dict()
    print(f"first chart image (starts Chromium)   {_ms(lambda: exports.chart_png(chart, AS_OF)):7.0f} ms")
    images = [_ms(lambda: exports.chart_png(chart, AS_OF)) for _ in range(REPEATS)]
    print(f"chart image, warm                      {statistics.median(images):7.0f} ms  (median of {REPEATS})")
    deck = default_deck(int(reference.mine_production["year"].max()))
    slides = slide_exports(deck)  # what the button captures when it is drawn
    decks = [_ms(lambda: exports.deck_powerpoint(deck.title, slides, AS_OF)) for _ in range(REPEATS)]
    print(
        f"deck as PowerPoint ({len(slides)} slides), warm    {statistics.median(decks):7.0f} ms  (median of {REPEATS})"
    )
    prepare = [_ms(lambda: slide_exports(deck)) for _ in range(REPEATS)]
    print(f"slide specs for the button, warm       {statistics.median(prepare):7.0f} ms  (median of {REPEATS})")


if __name__ == "__main__":
    main()
