"""A view is a page plus its state, written as the page's URL query parameters (issue 7
groundwork: permalinks and the presentation deck are both lists of views).

``view_schemas`` says, for each page, which parameters it understands and which values are
allowed, in exactly the form Streamlit writes them when a widget is bound to the URL: the
widget's displayed label for choices (``measure=Share``, ``sectors=EVs``), ``true``/``false`` for
switches, the number as text for sliders. ``clean_params`` keeps what is valid and turns every
other parameter into a short notice, so a hand-edited or hostile link falls back to defaults
instead of failing, and never echoes more than a few characters of what it was given (the
notice is shown as text by the page).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rare_earth_atlas import vocabulary
from rare_earth_atlas.demand import model as demand

MAX_SHOWN_CHARS = 30  # of an invalid value, in a notice


@dataclass(frozen=True)
class ParamSpec:
    """One URL parameter: its allowed values (as text) or numeric range, and whether it repeats."""

    name: str
    label: str  # what the user calls it ("Year")
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    multiple: bool = False
    max_chars: int = 200  # for free text (a search)

    def problem(self, values: list[str]) -> str | None:
        """Why these values are not allowed, or None if they are."""
        if not self.multiple and len(values) != 1:
            return "give one value"
        for value in values:
            if len(value) > self.max_chars:
                return f"longer than {self.max_chars} characters"
            if self.choices and value not in self.choices:
                return (
                    f"not one of the options ({', '.join(self.choices[:6])}{', ...' if len(self.choices) > 6 else ''})"
                )
            if self.low is not None:
                try:
                    number = float(value)
                except ValueError:
                    return "not a number"
                if not self.low <= number <= self.high:
                    return f"outside {self.low:g} to {self.high:g}"
        return None


# Sector pills on the Demand page, by the label Streamlit writes into the URL.
DEMAND_SECTOR_LABELS = {
    "electric_vehicles": "EVs",
    "wind": "Wind",
    "drones": "Drones & low-altitude",
    "robots": "Robots",
    "electronics": "Electronics",
    "industrial_motors": "Industrial motors & HVAC",
    "defence": "Defence",
    "other_uses": "Other uses",
}
PAGES = {
    "": "Overview",
    "map": "Map",
    "capacity": "Capacity",
    "demand": "Demand",
    "data": "Your data",
    "sources": "Sources",
}


@dataclass(frozen=True)
class MapChoices:
    """What the map's settings can be, from the facilities on it."""

    presets: tuple[str, ...]
    stages: tuple[str, ...]
    statuses: tuple[str, ...]
    clusters: tuple[str, ...]
    countries: tuple[str, ...]
    facility_ids: tuple[str, ...]


def map_schema(choices: MapChoices) -> dict[str, ParamSpec]:
    """The map's URL parameters. They carry ids ("stage=magnets", "facility=cn-ningbo-yunsheng"),
    not labels, because the map's filter labels include live counts."""
    return {
        "view": ParamSpec("view", "View", choices=choices.presets),
        "stage": ParamSpec("stage", "Stage", choices=choices.stages, multiple=True),
        "status": ParamSpec("status", "Status", choices=choices.statuses, multiple=True),
        "cluster": ParamSpec("cluster", "Cluster", choices=choices.clusters, multiple=True),
        "country": ParamSpec("country", "Country", choices=choices.countries, multiple=True),
        "q": ParamSpec("q", "Search", max_chars=100),
        "flows": ParamSpec("flows", "Documented flows", choices=("true", "false")),
        "facility": ParamSpec("facility", "Facility", choices=choices.facility_ids),
    }


def view_schemas(production_years: list[int], map_choices: MapChoices | None = None) -> dict[str, dict[str, ParamSpec]]:
    """{page path: {parameter: spec}}; ``production_years`` are the years of USGS mine production.
    The map's parameters are known only with ``map_choices`` (otherwise none are accepted)."""
    years = tuple(str(y) for y in production_years)
    return {
        "": {"production": ParamSpec("production", "Mine production as", choices=("Tonnes", "Share"))},
        "map": map_schema(map_choices) if map_choices else {},
        "capacity": {
            "year": ParamSpec("year", "Year", choices=years),
            "pipeline": ParamSpec("pipeline", "Include pipeline", choices=("true", "false")),
            "measure": ParamSpec("measure", "Production as", choices=("Tonnes", "Share")),
            "west": ParamSpec(
                "west", "Countries counted as the West", choices=tuple(vocabulary.WEST_CHOICES), multiple=True
            ),
        },
        "demand": {
            "scenario": ParamSpec("scenario", "IEA scenario", choices=demand.SCENARIOS),
            "year": ParamSpec("year", "Year", choices=tuple(str(y) for y in demand.YEARS[1:])),
            "cut": ParamSpec("cut", "Cut in China's exports (%)", choices=tuple(str(c) for c in range(0, 101, 5))),
            "outside": ParamSpec("outside", "Demand outside China (% of world)", low=1.0, high=100.0),
            "sectors": ParamSpec(
                "sectors", "Sectors shown", choices=tuple(DEMAND_SECTOR_LABELS.values()), multiple=True
            ),
        },
        "data": {},
        "sources": {},
    }


def _shown(value: str) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def clean_params(
    page: str, params: Mapping[str, str | list[str]], schemas: dict[str, dict[str, ParamSpec]]
) -> tuple[dict[str, list[str]], list[str]]:
    """(the valid parameters, one notice per parameter that was dropped). Unknown pages raise
    ``ValueError``: callers check the page first."""
    if page not in schemas:
        raise ValueError(f"unknown page {page!r}")
    schema = schemas[page]
    kept: dict[str, list[str]] = {}
    notices: list[str] = []
    for name, raw in params.items():
        values = [str(v) for v in raw] if isinstance(raw, (list, tuple)) else [str(raw)]
        spec = schema.get(name)
        if spec is None:
            notices.append(f"Ignored the link's '{_shown(name)}': the {PAGES[page]} page has no such setting.")
            continue
        if spec.multiple and spec.choices:
            # Streamlit keeps a repeated parameter's valid values and drops the rest; so do we.
            bad = [v for v in values if v not in spec.choices]
            good = [v for v in values if v in spec.choices]
            if bad:
                notices.append(
                    f"Ignored {spec.label} = '{_shown(', '.join(bad))}' from the link (not one of the options); "
                    + ("the other values are used." if good else "the default is used.")
                )
            if good:
                kept[name] = good
            continue
        problem = spec.problem(values)
        if problem:
            shown = _shown(", ".join(values))
            notices.append(f"Ignored {spec.label} = '{shown}' from the link ({problem}); the default is used.")
            continue
        kept[name] = values
    return kept, notices


# ---------------------------------------------------------------- settings <-> URL values

# The charts a slide can show, per page (the first is the default).
CHARTS: dict[str, tuple[str, ...]] = {
    "": ("midstream_gap", "mine_production"),
    "map": ("map",),
    "capacity": ("ladder", "production", "western", "quotas", "concentration"),
    "demand": ("demand", "gap", "drivers", "whatif"),
}
_SECTOR_BY_LABEL = {label: sector for sector, label in DEMAND_SECTOR_LABELS.items()}


def settings_from_params(
    page: str, params: Mapping[str, list[str]], defaults: Mapping[str, object]
) -> dict[str, object]:
    """The page's settings as Python values (for drawing a view): ``defaults`` overridden by the
    (already checked) URL values. Keys are the pages' widget keys."""
    settings = dict(defaults)
    for name, values in params.items():
        if page == "" and name == "production":
            settings["production"] = values[0].lower()
        elif page == "capacity":
            settings[name] = {
                "year": lambda v: int(v[0]), "pipeline": lambda v: v[0] == "true",
                "measure": lambda v: v[0].lower(), "west": list,
            }[name](values)  # fmt: skip
        elif page == "demand":
            settings[name] = {
                "scenario": lambda v: v[0], "year": lambda v: int(v[0]), "cut": lambda v: int(float(v[0])),
                "outside": lambda v: float(v[0]), "sectors": lambda v: [_SECTOR_BY_LABEL[x] for x in v],
            }[name](values)  # fmt: skip
        elif page == "map":
            settings[name] = values if name in ("stage", "status", "cluster", "country") else values[0]
    return settings


def params_from_settings(page: str, settings: Mapping[str, object]) -> dict[str, list[str]]:
    """The URL values for a page's settings (widget keys -> URL names, labels for choices)."""
    params: dict[str, list[str]] = {}
    for key, value in settings.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, bool):
            text = ["true" if value else "false"]
        elif page == "demand" and key == "sectors":
            text = [DEMAND_SECTOR_LABELS[s] for s in value]
        elif isinstance(value, (list, tuple)):
            text = [str(v) for v in value]
        elif key in ("production", "measure"):
            text = [str(value).capitalize()]
        else:
            text = [str(value)]
        params[key] = text
    return params
