"""The presentation deck: an ordered list of slides, each a saved view (a page, its URL
parameters and one of the page's charts) with a title and a talking point, and its JSON file
format.

``deck_from_json`` validates an imported file completely (size, JSON, format marker, version,
each slide's page and chart, text lengths, and each slide's parameters through
``settings.clean_params``)
and raises ``DeckError`` with one sentence that says what is wrong and what to do. A slide with
settings the app does not know keeps its valid ones and says which were dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from rare_earth_atlas.charts import slide_pages
from rare_earth_atlas.sharing.settings import PageSettings, clean_params
from rare_earth_atlas.vocabulary import SECTOR_LABELS

FORMAT = "rare-earth-atlas-deck"
VERSION = 1
MAX_FILE_BYTES = 1_000_000
MAX_SLIDES = 100
MAX_TITLE_CHARS = 120
MAX_TALKING_POINT_CHARS = 1_000


class DeckError(ValueError):
    """A deck file that cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Slide:
    title: str
    talking_point: str
    page: str  # URL path without the slash: "" (Overview), "map", "capacity", "demand"
    params: dict[str, list[str]] = field(default_factory=dict)
    chart: str = ""  # which of the page's charts the slide shows (``charts.CHARTS``); "" for the first

    def __post_init__(self):
        pages = slide_pages()
        if not self.chart and self.page in pages:  # the page's first chart, stated
            object.__setattr__(self, "chart", pages[self.page][0])


@dataclass(frozen=True)
class Deck:
    title: str
    slides: tuple[Slide, ...]

    def add(self, slide: Slide) -> Deck:
        return replace(self, slides=(*self.slides, slide))

    def remove(self, index: int) -> Deck:
        return replace(self, slides=self.slides[:index] + self.slides[index + 1 :])

    def move(self, index: int, offset: int) -> Deck:
        """The slide at ``index`` moved ``offset`` places (clamped to the deck)."""
        target = min(max(index + offset, 0), len(self.slides) - 1)
        slides = list(self.slides)
        slides.insert(target, slides.pop(index))
        return replace(self, slides=tuple(slides))

    def rename(self, index: int, title: str, talking_point: str | None = None) -> Deck:
        old = self.slides[index]
        new = replace(
            old,
            title=title[:MAX_TITLE_CHARS],
            talking_point=(talking_point if talking_point is not None else old.talking_point)[:MAX_TALKING_POINT_CHARS],
        )
        return replace(self, slides=self.slides[:index] + (new,) + self.slides[index + 1 :])


def deck_to_json(deck: Deck) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "title": deck.title,
            "slides": [
                {
                    "title": s.title,
                    "talking_point": s.talking_point,
                    "page": s.page,
                    "chart": s.chart,
                    "params": s.params,
                }
                for s in deck.slides
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def deck_from_json(data: bytes | str, settings: PageSettings) -> tuple[Deck, list[str]]:
    """(deck, notices about settings that were dropped) from an exported deck file."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_FILE_BYTES:
        raise DeckError(
            f"The deck file is larger than {MAX_FILE_BYTES // 1000} KB; a deck is a small JSON file exported from this page."
        )
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DeckError(
            "This is not a deck file (it is not valid JSON). Export a deck from this page and import that file."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise DeckError(
            "This JSON file is not a Rare Earth Atlas deck. Export a deck from this page and import that file."
        )
    if document.get("version") != VERSION:
        raise DeckError(
            f"This deck was written by a different version of the app (version {str(document.get('version'))[:10]}); this app reads version {VERSION}."
        )
    slides_raw = document.get("slides")
    if not isinstance(slides_raw, list) or not slides_raw:
        raise DeckError("The deck file has no slides.")
    if len(slides_raw) > MAX_SLIDES:
        raise DeckError(f"The deck has {len(slides_raw)} slides; the limit is {MAX_SLIDES}.")
    slides, notices = [], []
    for number, item in enumerate(slides_raw, start=1):
        if not isinstance(item, dict):
            raise DeckError(f"Slide {number} is not a slide (expected title, talking point, page and settings).")
        title, talking_point, page, params = (item.get(k) for k in ("title", "talking_point", "page", "params"))
        if not isinstance(title, str) or not title.strip():
            raise DeckError(f"Slide {number} has no title.")
        if not isinstance(talking_point, str):
            talking_point = ""
        charts = slide_pages()
        if not isinstance(page, str) or page.strip("/") not in charts:
            pages = ", ".join("/" + p for p in charts)
            raise DeckError(f"Slide {number} shows a page that cannot be a slide (unknown page); use one of: {pages}.")
        page = page.strip("/")
        chart = item.get("chart") or charts[page][0]
        if chart not in charts[page]:
            names = ", ".join(charts[page])
            raise DeckError(f"Slide {number} asks for a chart the page does not have; use one of: {names}.")
        if params is None:
            params = {}
        if not isinstance(params, dict) or not all(isinstance(v, (str, list)) for v in params.values()):
            raise DeckError(f"Slide {number}'s settings are not in the expected form (name: value or list of values).")
        kept, dropped = clean_params(page, {str(k): v for k, v in params.items()}, settings)
        notices += [f"Slide {number}: {notice}" for notice in dropped]
        slides.append(
            Slide(title.strip()[:MAX_TITLE_CHARS], talking_point.strip()[:MAX_TALKING_POINT_CHARS], page, kept, chart)
        )
    title = document.get("title")
    return Deck(title if isinstance(title, str) and title.strip() else "Imported deck", tuple(slides)), notices


def default_deck(latest_year: int) -> Deck:
    """The app's own story, told with the reference data."""
    everything = list(SECTOR_LABELS.values())
    return Deck(
        "Rare earths: China's processing lead",
        (
            Slide(
                "China's share of mining, refining and magnet making",
                "The gap is not in the ground: it is in separation, refining and magnet making (the chart gives the shares and their sources).",
                "",
                chart="midstream_gap",
            ),
            Slide(
                "The Yangtze River Delta: Ningbo's magnet makers, Jiangsu's separation and recycling, Shanghai",
                "One region coordinates the midstream; the map shows the cluster next to Baotou and Ganzhou.",
                "map",
                {"view": ["Yangtze River Delta"]},
                chart="map",
            ),
            Slide(
                "The West mines, but processes little",
                "One axis, one unit: what the West mines against what it can separate, make into metal and magnets, and recycle.",
                "capacity",
                {"year": [str(latest_year)], "pipeline": ["false"]},
                chart="western",
            ),
            Slide(
                "The pipeline to 2030",
                "Adding plants under construction and planned: what changes if they are all built.",
                "capacity",
                {"year": [str(latest_year)], "pipeline": ["true"]},
                chart="western",
            ),
            Slide(
                "Demand today: EVs and wind",
                "The IEA's stated-policies scenario, EVs and wind only.",
                "demand",
                {"scenario": ["STEPS"], "sectors": ["EVs", "Wind"]},
            ),
            Slide(
                "Add drones and low-altitude aviation",
                "Modelled, hatched: small next to EVs, growing fast.",
                "demand",
                {"scenario": ["STEPS"], "sectors": ["EVs", "Wind", "Drones & low-altitude"]},
            ),
            Slide(
                "Add robots and defence",
                "Humanoid and industrial robots and defence systems, each from stated assumptions.",
                "demand",
                {"scenario": ["STEPS"], "sectors": ["EVs", "Wind", "Drones & low-altitude", "Robots", "Defence"]},
            ),
            Slide(
                "If China cut its exports",
                "If China stopped exporting magnets and separated magnet rare earths: what producers outside China could still supply, and what would go unbuilt.",
                "demand",
                {"scenario": ["STEPS"], "sectors": everything, "cut": ["100"], "oxide_cut": ["100"]},
                chart="whatif",
            ),
        ),
    )
