"""Each page's settings, declared once: key, label, default, allowed values and URL form.

A view is a page plus its settings, written as the page's URL query parameters; permalinks and
the presentation deck are both lists of views. ``page_settings`` declares every page's settings
(``Setting``): the widget's key, its label, its default, the values it allows and how a value is
written in the URL. Everything else is derived from those declarations: the checks a link goes
through (``clean_params``), the defaults a page and a slide start from (``defaults``), and the
conversions between URL text and Python values (``settings_from_params``,
``params_from_settings``). The app's widget layer draws each widget from the same declaration.

URL values are written exactly as Streamlit writes a widget bound to the URL: the displayed
label for choices (``measure=Share``, ``sectors=EVs``), ``true``/``false`` for switches, the
number as text for sliders. The map's filter labels carry live counts, so its settings are not
bound widgets: the page keeps them in the URL by id (``stage=magnets``) under their own names.

``clean_params`` keeps what is valid and turns every other parameter into a short notice, so a
hand-edited or hostile link falls back to defaults instead of failing, and never echoes more
than a few characters of what it was given (the notice is shown as text by the page).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rare_earth_atlas.charts import page_tabs
from rare_earth_atlas.demand.model import SCENARIOS, YEARS
from rare_earth_atlas.vocabulary import DATASET_LABELS, DEFAULT_WEST, PAGE_TITLES, SECTOR_LABELS, WEST_CHOICES

MAX_SHOWN_CHARS = 30  # of an invalid value, in a notice


@dataclass(frozen=True)
class Setting:
    """One setting of a page.

    ``widget`` says how it is drawn (``select_slider``, ``switch``, ``segmented``, ``multiselect``,
    ``pills``, ``slider``, ``number``, ``text``, ``select`` (a drop-down that may be empty), ``tabs``
    (which of a page's tabs is open), or ``map_filter`` for the map's hand-kept
    filters); ``choices`` are the allowed values as Python values and ``labels`` what the user
    reads (and the URL holds) for each. ``url_name`` is the URL parameter where it differs from
    the widget's key.
    """

    key: str
    label: str
    widget: str
    default: Any = None
    choices: tuple = ()
    labels: Mapping[Any, str] | None = None
    multiple: bool = False
    low: float | None = None
    high: float | None = None
    step: float | None = None
    help: str = ""
    url_name: str = ""
    bound: bool = True  # a widget bound to the URL (``bind="query-params"``)
    max_chars: int = 200  # for free text (a search)

    @property
    def name(self) -> str:
        """The URL parameter's name."""
        return self.url_name or self.key

    def text(self, value: Any) -> str:
        """One value as the URL writes it."""
        if isinstance(value, bool):
            return "true" if value else "false"
        return self.labels[value] if self.labels else str(value)

    @property
    def url_choices(self) -> tuple[str, ...]:
        return tuple(self.text(c) for c in self.choices)

    def to_url(self, value: Any) -> list[str]:
        """The URL values for ``value`` (none for an empty one)."""
        if value is None or value == "" or (isinstance(value, (list, tuple)) and not value):
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [self.text(v) for v in values]

    def from_url(self, values: list[str]) -> Any:
        """The Python value of checked URL values (see ``problem``)."""
        if self.choices:
            by_text = dict(zip(self.url_choices, self.choices, strict=True))
            parsed = [by_text[v] for v in values]
            return parsed if self.multiple else parsed[0]
        if self.multiple:
            return list(values)
        if self.widget == "switch":
            return values[0] == "true"
        if self.low is not None:
            return float(values[0])
        return values[0]

    def problem(self, values: list[str]) -> str | None:
        """Why these URL values are not allowed, or None if they are."""
        if not self.multiple and len(values) != 1:
            return "give one value"
        choices = self.url_choices or (("true", "false") if self.widget == "switch" else ())
        for value in values:
            if len(value) > self.max_chars:
                return f"longer than {self.max_chars} characters"
            if choices and value not in choices:
                return f"not one of the options ({', '.join(choices[:6])}{', ...' if len(choices) > 6 else ''})"
            if self.low is not None:
                try:
                    number = float(value)
                except ValueError:
                    return "not a number"
                if not self.low <= number <= self.high:
                    return f"outside {self.low:g} to {self.high:g}"
        return None


@dataclass(frozen=True)
class MapChoices:
    """What the map's settings can be, from the facilities on it."""

    presets: tuple[str, ...]
    stages: tuple[str, ...]
    statuses: tuple[str, ...]
    clusters: tuple[str, ...]
    countries: tuple[str, ...]
    facility_ids: tuple[str, ...]


@dataclass(frozen=True)
class SettingsData:
    """The data some settings' choices and defaults come from."""

    production_years: tuple[int, ...]  # years of USGS mine production
    recovery_pct: float  # the default recycling recovery rate
    recovery_reasoning: str
    map_choices: MapChoices | None = None  # without it the map accepts no settings


PageSettings = dict[str, tuple[Setting, ...]]


def _map_settings(choices: MapChoices) -> tuple[Setting, ...]:
    def facet(key: str, name: str, label: str, options: tuple[str, ...]) -> Setting:
        return Setting(key, label, "map_filter", [], options, multiple=True, url_name=name, bound=False)

    return (
        Setting("view", "View", "segmented", "World", choices.presets, bound=False),
        facet("filter_stages", "stage", "Stage", choices.stages),
        facet("filter_statuses", "status", "Status", choices.statuses),
        facet("filter_clusters", "cluster", "Cluster", choices.clusters),
        facet("filter_countries", "country", "Country", choices.countries),
        Setting("search", "Search", "text", "", url_name="q", bound=False, max_chars=100),
        Setting(
            "flows",
            "Documented flows",
            "switch",
            False,
            bound=False,
            help="Arcs only where a source documents the flow: material moving between plants (grey) and China's stakes, contracts and imports abroad (orange).",
        ),
        Setting("facility", "Facility", "map_filter", None, choices.facility_ids, bound=False),
    )


def _tab_setting(page: str) -> Setting:
    tabs = page_tabs(page)
    return Setting("chart", "Chart", "tabs", tabs[0], tabs)


def page_settings(data: SettingsData) -> PageSettings:
    """Every page's settings, by page URL path ("" is the Overview)."""
    capitalised = {"tonnes": "Tonnes", "share": "Share"}
    years = tuple(data.production_years)
    return {
        "": (
            Setting(
                "production", "Show mine production as", "segmented", "tonnes", ("tonnes", "share"), capitalised,
                help="Tonnes: thousand metric tons of rare earth oxide. Share: percent of USGS's rounded world total.",
            ),
        ),
        "map": _map_settings(data.map_choices) if data.map_choices else (),
        "capacity": (
            _tab_setting("capacity"),
            Setting("year", "Year", "select_slider", years[-1], years),
            Setting(
                "pipeline", "Include pipeline", "switch", True,
                help="Add commissioning, construction and planned facilities to operating ones.",
            ),
            Setting("measure", "Production as", "segmented", "tonnes", ("tonnes", "share"), capitalised),
            Setting(
                "west", "Countries counted as the West", "multiselect", list(DEFAULT_WEST), tuple(WEST_CHOICES),
                multiple=True, help="Edit the group: every chart below recomputes with it.",
            ),
        ),
        "demand": (
            _tab_setting("demand"),
            Setting(
                "scenario", "IEA scenario", "segmented", "STEPS", SCENARIOS,
                help="STEPS: stated policies. APS: announced pledges. NZE: net zero emissions by 2050.",
            ),
            Setting("year", "Year", "select_slider", 2035, YEARS[1:]),
            Setting(
                "cut", "Cut in China's magnet exports (%)", "slider", 100, tuple(range(0, 101, 5)), step=5,
                help="For the what-if: how much of China's exports of NdFeB magnets stop.",
            ),
            Setting(
                "oxide_cut", "Cut in China's separated rare earth exports (%)", "slider", 100, tuple(range(0, 101, 5)),
                step=5, help="For the what-if: how much of China's exports of separated magnet rare earths (oxides, metals) stop.",
            ),
            Setting(
                "recovery", "Recycling recovery rate (%)", "number", data.recovery_pct,
                low=0.0, high=100.0, step=1.0, help=data.recovery_reasoning,
            ),
            Setting(
                "sectors", "Sectors shown", "pills", list(SECTOR_LABELS), tuple(SECTOR_LABELS), SECTOR_LABELS,
                multiple=True,
            ),
        ),
        "data": (),
        "sources": (
            Setting("q", "Find a source", "text", "", max_chars=100),
            Setting("feeds", "Feeds the dataset", "select", None, tuple(DATASET_LABELS), DATASET_LABELS),
        ),
    }  # fmt: skip


def by_name(settings: tuple[Setting, ...]) -> dict[str, Setting]:
    return {s.name: s for s in settings}


def defaults(settings: tuple[Setting, ...]) -> dict[str, Any]:
    """{widget key: default}."""
    return {s.key: s.default for s in settings}


def _shown(value: str) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def clean_params(
    page: str, params: Mapping[str, str | list[str]], settings: PageSettings
) -> tuple[dict[str, list[str]], list[str]]:
    """(the valid parameters, one notice per parameter that was dropped). Unknown pages raise
    ``ValueError``: callers check the page first."""
    if page not in settings:
        raise ValueError(f"unknown page {page!r}")
    known = by_name(settings[page])
    kept: dict[str, list[str]] = {}
    notices: list[str] = []
    for name, raw in params.items():
        values = [str(v) for v in raw] if isinstance(raw, (list, tuple)) else [str(raw)]
        setting = known.get(name)
        if setting is None:
            notices.append(f"Ignored the link's '{_shown(name)}': the {PAGE_TITLES[page]} page has no such setting.")
            continue
        if setting.multiple and setting.choices:
            # Streamlit keeps a repeated parameter's valid values and drops the rest; so do we.
            good = [v for v in values if v in setting.url_choices]
            bad = [v for v in values if v not in setting.url_choices]
            if bad:
                notices.append(
                    f"Ignored {setting.label} = '{_shown(', '.join(bad))}' from the link (not one of the options); "
                    + ("the other values are used." if good else "the default is used.")
                )
            if good:
                kept[name] = good
            continue
        problem = setting.problem(values)
        if problem:
            shown = _shown(", ".join(values))
            notices.append(f"Ignored {setting.label} = '{shown}' from the link ({problem}); the default is used.")
            continue
        kept[name] = values
    return kept, notices


def settings_from_params(settings: tuple[Setting, ...], params: Mapping[str, list[str]]) -> dict[str, Any]:
    """A page's settings as Python values, by widget key: the defaults overridden by the
    (already checked) URL values."""
    values = defaults(settings)
    for setting in settings:
        if setting.name in params:
            values[setting.key] = setting.from_url(list(params[setting.name]))
    return values


def params_from_settings(settings: tuple[Setting, ...], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """The URL values for a page's settings (by widget key), leaving out those at their default."""
    params: dict[str, list[str]] = {}
    for setting in settings:
        if setting.key in values and values[setting.key] != setting.default:
            text = setting.to_url(values[setting.key])
            if text:
                params[setting.name] = text
    return params
