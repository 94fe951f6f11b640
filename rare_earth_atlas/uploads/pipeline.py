"""An analyst's upload from bytes to something the pages can show.

``process_upload`` runs the steps in order: read the file (``upload_reader``; for a workbook,
the sheet the user picks or the one that looks like a table the atlas understands), recognise
its kind and columns (``upload_schema``; the user may override both), for country-year values
the subset of commodities and statistics to use (proposed: rare earths, mine production) and,
for a file without a country column, the country it describes (asked), then validate the rows
of that kind (``upload_facilities``, ``upload_country_year``, ``upload_demand``) and summarise
what happened in sentences. It never raises for a bad file: the outcome carries either the
result, a question for the user, or one message saying what to do.

``template_table`` builds each kind's template from the reference data itself, so the example
rows in a template are real, sourced figures; ``compare_with_usgs`` lines an uploaded
country-year series up against USGS mine production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from rare_earth_atlas.data.countries import normalise_country
from rare_earth_atlas.data.reference import ReferenceData
from rare_earth_atlas.demand.model import ASSUMPTION_COLUMNS
from rare_earth_atlas.uploads.cells import decimal_comma_column, year_columns
from rare_earth_atlas.uploads.country_year import (
    DIMENSION_NAMES,
    CountryYearUpload,
    dimension_values,
    is_production,
    is_reserves,
    layout_of,
    propose_subset,
    refine_mapping,
    statistic_columns,
    unit_from_text,
    validate_country_year,
)
from rare_earth_atlas.uploads.demand import DemandUpload, validate_demand_assumptions
from rare_earth_atlas.uploads.facilities import FacilityUpload, validate_facilities
from rare_earth_atlas.uploads.kinds import KINDS, KindGuess, guess_kind, match_columns
from rare_earth_atlas.uploads.reader import TEMPLATE_HINT, ReadResult, SheetInfo, UploadError, read_upload

# One line per template column: what the page shows next to each template.
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "name": "Facility name as you want it shown.",
    "operator": "Company operating the facility.",
    "country": "Country name or ISO code; 'Burma', 'USA', 'Korea, Republic of' and names in several languages are recognised.",
    "city": "City or town; used to place the facility when there are no coordinates (marked as city-level).",
    "province_or_state": "State or province of the city ('Western Australia', 'WA', 'Jiangxi'): the city is looked up there.",
    "lat": "Latitude in decimal degrees, -90 to 90 (leave empty to place by city).",
    "lon": "Longitude in decimal degrees, -180 to 180.",
    "stage": "One of: mining, separation, metal_alloy, magnets, recycling, research.",
    "capacity_value": "Nameplate capacity as a number; leave empty if not disclosed.",
    "capacity_unit": "Unit of the capacity, for example 't REO/yr' or 't magnets/yr'.",
    "status": "One of: operating, commissioning, construction, planned, suspended, blocked.",
    "location_precision": "Optional: site, city or region; how exact the coordinates are (default site).",
    "year": "Calendar year, for example 2024 (or one column per year, as in USGS tables).",
    "value": "The number; markers such as W (withheld), NA, '—', 'e' (estimate) and '>' are understood.",
    "commodity": "Optional: the mineral, for example 'Rare earths'; other commodities are set aside (you pick which to use).",
    "measure": "What the number is, for example 'mine production' or 'reserves' (compared with USGS when it is).",
    "detail": "Optional: a finer statistic, for example USGS's 'Mine production' under 'Production'.",
    "flow": "Optional: a trade flow (imports, exports); kept as a label.",
    "unit": "Unit of the value, for example 't REO' or 'kt REO'.",
    "sector": "One of the modelled sectors: drones, robots, defence, electronics, industrial_motors.",
    "label": "Product within the sector; your rows replace all reference rows of their sector (several rows per sector are fine).",
    "units_base_year": "Units in use or sold in the base year.",
    "magnet_kg_per_unit": "Kilograms of NdFeB magnet per unit.",
    "ree_content_pct": "Rare earth content of the magnet, in percent (about 31 for NdFeB).",
    "ceiling_units": "Optional: market size at saturation, units a year; growth slows towards it (default: the reference row's).",
    "growth_steps_pct": "Starting growth per year, the low case used with the IEA's STEPS, percent (-50 to 100).",
    "growth_aps_pct": "Starting growth per year, the central case used with APS, percent.",
    "growth_nze_pct": "Starting growth per year, the high case used with NZE, percent.",
}

Validated = FacilityUpload | CountryYearUpload | DemandUpload


@dataclass
class UploadOutcome:
    """What became of one uploaded file."""

    filename: str
    size_bytes: int
    error: str | None = None  # the one message for a file that cannot be used
    read: ReadResult | None = None
    guess: KindGuess | None = None
    kind: str | None = None  # the kind used (guessed or chosen by the user)
    mapping: dict[str, str] = field(default_factory=dict)  # {template column: the file's header}
    result: Validated | None = None
    notes: list[str] = field(default_factory=list)  # what was fixed or flagged, in sentences
    sheets: list[SheetInfo] = field(default_factory=list)  # a workbook's sheets
    sheet: str | None = None  # the sheet read
    sheet_proposed: bool = False  # True when the atlas picked the sheet (the user did not)
    dimensions: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # {dimension: [(value, count)]}
    subset: dict[str, list[str]] = field(default_factory=dict)  # the values used, per dimension
    question: str | None = None  # what the atlas must ask before it can read the file
    country: str | None = None  # the country the whole file describes (when it has no country column)
    country_hints: list[str] = field(default_factory=list)  # countries named in the file's title or name

    @property
    def headers(self) -> list[str]:
        return [] if self.read is None else [str(c) for c in self.read.table.columns]


def process_upload(
    data: bytes,
    filename: str,
    reference: ReferenceData,
    kind: str | None = None,
    mapping: dict[str, str] | None = None,
    max_bytes: int | None = None,
    sheet: str | None = None,
    subset: dict[str, list[str]] | None = None,
    country: str | None = None,
) -> UploadOutcome:
    """Read, recognise and validate one file. ``kind``, ``mapping``, ``sheet``, ``subset`` and
    ``country`` are the user's choices; where one is not given, the atlas proposes it (and says
    so), except the country a file without a country column describes, which it asks for.
    Each step that cannot go on leaves its sentence in ``error`` (or its question in
    ``question``) and returns."""
    outcome = UploadOutcome(filename=filename, size_bytes=len(data))
    if not _read(outcome, data, max_bytes, sheet) or not _recognise(outcome, kind, mapping, country):
        return outcome
    outcome.notes = list(outcome.read.fixes) + _structure_notes(outcome.read) + _number_notes(outcome)
    if outcome.kind == "facilities":
        result = _validate_facilities(outcome)
    elif outcome.kind == "country_year":
        result = _validate_country_year(outcome, subset)
    else:
        result = _validate_demand(outcome, reference)
    if outcome.read.problems:
        structure = pd.DataFrame(
            [
                {"line": p["line"], "column": "", "value": "", "problem": p["problem"], "action": p["action"]}
                for p in outcome.read.problems
            ]
        )
        result.report = pd.concat([structure, result.report], ignore_index=True)
    outcome.result = result
    return outcome


def _read(outcome: UploadOutcome, data: bytes, max_bytes: int | None, sheet: str | None) -> bool:
    """Read the file (the sheet that holds a table, unless the user chose one)."""
    try:
        outcome.read = read_upload(
            data, outcome.filename, **({"max_bytes": max_bytes} if max_bytes else {}), sheet=sheet
        )
        if outcome.read.sheets and len(outcome.read.sheets) > 1 and sheet is None:
            outcome.read = _proposed_sheet(data, outcome.filename, outcome.read, max_bytes)
            outcome.sheet_proposed = True
    except UploadError as error:
        outcome.error = str(error)
        return False
    outcome.sheets, outcome.sheet = outcome.read.sheets, outcome.read.sheet
    return True


def _recognise(outcome: UploadOutcome, kind: str | None, mapping: dict[str, str] | None, country: str | None) -> bool:
    """The file's kind, its column mapping and, for a series without a country column, the
    country it describes; False when one of them is missing."""
    outcome.guess = guess_kind(outcome.headers)
    outcome.kind = kind if kind in KINDS else (outcome.guess.kind or None)
    series = _is_series_without_country(outcome)
    if outcome.kind is None and series:
        outcome.kind = "country_year"
    located = _is_list_without_country(outcome)
    if outcome.kind is None and located:
        outcome.kind = "facilities"
    if outcome.kind is None:
        closest = KINDS[outcome.guess.closest]
        outcome.mapping = dict(outcome.guess.mapping)  # what was recognised, for the user to complete
        outcome.error = (
            f"No recognisable columns: the headers ({', '.join(outcome.headers[:8])}) match none of the three kinds. "
            f"The closest is {closest.label.split(' (')[0].lower()}, which needs {', '.join(outcome.guess.missing)}. "
            f"Rename the columns, pick the kind and columns below, or start from a template."
        )
        return False
    outcome.mapping = dict(mapping) if mapping is not None else (
        outcome.guess.mapping
        if outcome.guess.kind == outcome.kind or series or located
        else match_columns(outcome.headers, outcome.kind)
    )  # fmt: skip
    outcome.mapping = {c: h for c, h in outcome.mapping.items() if h in outcome.headers}
    if outcome.kind == "country_year":
        outcome.mapping = refine_mapping(outcome.read.table, outcome.mapping)
        if "country" not in outcome.mapping:
            outcome.country = _country_name(country)
            outcome.country_hints = country_hints(outcome.read.title_lines, outcome.filename)
            if outcome.country is None:
                outcome.question = "country"
                outcome.notes = list(outcome.read.fixes)
                return False
    missing = [c for c in _required(outcome) if c not in outcome.mapping]
    if missing:
        outcome.error = (
            f"As {KINDS[outcome.kind].label.split(' (')[0].lower()}, this file needs a column for {', '.join(missing)}. "
            f"Choose which of your columns holds it below, or add it to the file. {TEMPLATE_HINT}"
        )
        return False
    return True


def _validate_facilities(outcome: UploadOutcome) -> FacilityUpload:
    result = validate_facilities(outcome.read, outcome.mapping)
    city_level = int((result.facilities["location_precision"] == "city").sum())
    if city_level:
        outcome.notes.append(
            f"{city_level} facilities had no coordinates and were placed at their city's centre (marked city-level)."
        )
    if result.unplaced:
        outcome.notes.append(
            f"{len(result.unplaced)} could not be placed on the map: {', '.join(result.unplaced[:10])}."
        )
    if result.countries_from_coordinates:
        outcome.notes.append(
            "The file has no country column: each facility's country is the one its coordinates lie in "
            "(Natural Earth outlines shipped with the app)."
        )
    if result.set_aside_count:
        listed = ", ".join(
            f"{v or '(empty)'} {n}"
            for v, n in list(zip(result.set_aside["value"], result.set_aside["values"], strict=True))[:5]
        )
        outcome.notes.append(
            f"Set aside {result.set_aside_count} of the file's {result.in_file} rows whose commodities do not include "
            f"rare earths ({listed}{', …' if len(result.set_aside) > 5 else ''})."
        )
    return result


def _validate_country_year(outcome: UploadOutcome, subset: dict[str, list[str]] | None) -> CountryYearUpload:
    chosen = propose_subset(outcome.read, outcome.mapping, subset)
    outcome.dimensions = dimension_values(outcome.read, outcome.mapping, chosen)
    outcome.subset = {d: list(v) for d, v in chosen.items() if d in outcome.dimensions}
    default_unit = "" if "unit" in outcome.mapping else unit_from_text(outcome.read.title_lines)
    result = validate_country_year(
        outcome.read, outcome.mapping, outcome.subset, country=outcome.country, default_unit=default_unit
    )
    if outcome.country:
        outcome.notes.append(f"Every value is read as a figure for {outcome.country} (the file has no country column).")
    if result.layout == "wide by year":
        outcome.notes.append(
            f"One column per year: reshaped to one row per country and year ({len(_year_columns(outcome))} year columns)."
        )
    elif result.layout == "wide by statistic":
        statistics = [v for v, _ in outcome.dimensions.get("measure", [])]
        outcome.notes.append(f"One column per statistic: {', '.join(statistics[:8])}.")
    if default_unit:
        outcome.notes.append(f"The unit, {default_unit}, is taken from the title above the table.")
    outcome.notes += _subset_notes(outcome, result) + _marker_notes(result)
    return result


def _validate_demand(outcome: UploadOutcome, reference: ReferenceData) -> DemandUpload:
    result = validate_demand_assumptions(
        outcome.read, outcome.mapping, reference.demand_assumptions, outcome.filename, reference.demand_iea
    )
    outcome.notes += result.notes
    if result.replaced_sectors:
        outcome.notes.append(
            f"Your rows replace every reference row of these sectors: {', '.join(result.replaced_sectors)}."
        )
    if result.unchanged:
        outcome.notes.append(f"Kept from the reference data: {', '.join(result.unchanged)}.")
    return result


def _proposed_sheet(data: bytes, filename: str, first: ReadResult, max_bytes: int | None) -> ReadResult:
    """The workbook sheet that looks most like a table the atlas understands: one whose columns
    make a kind (the most rows among them), else the first sheet that can be read."""
    workbook = first.workbook
    best, best_score = None, None
    for info in first.sheets:
        try:
            candidate = workbook.read(info.name)
        except UploadError:
            continue
        guess = guess_kind([str(c) for c in candidate.table.columns])
        named = bool(
            _RARE_EARTH_RE.search(f"{info.name} {info.title}")
        )  # one sheet per mineral (BGS, World Mining Data)
        score = (guess.kind is not None, named, -len(guess.missing), len(candidate.table))
        if best_score is None or score > best_score:
            best, best_score = candidate, score
    if best is None:
        raise UploadError(f"None of the workbook's {len(first.sheets)} sheets holds a table. {TEMPLATE_HINT}")
    return best


def _is_series_without_country(outcome: UploadOutcome) -> bool:
    """A country-year table the headers alone do not make one: years with a column of numbers
    per statistic ("Rare earths production (t)", as Our World in Data writes it), and perhaps no
    country column (a national series, such as USGS's Data Series 140 for the United States,
    read once the user names the country)."""
    guess = outcome.guess
    return (
        guess.closest == "country_year"
        and "year" in guess.mapping
        and set(guess.missing) <= {"country", "value"}
        and outcome.read is not None
        and bool(statistic_columns(outcome.read.table, guess.mapping))
    )


def _is_list_without_country(outcome: UploadOutcome) -> bool:
    """A list of named places with coordinates and no country column (a national geological
    survey's deposits): facilities, each country taken from its coordinates."""
    mapping = match_columns(outcome.headers, "facilities")
    return outcome.guess.kind is None and {"name", "lat", "lon"} <= set(mapping) and "country" not in mapping


def _country_name(country: str | None) -> str | None:
    """The user's country as the app names it, or None if it is not a country."""
    if not country:
        return None
    return str(country).strip() if normalise_country(country) else None


def country_hints(title_lines: list[str], filename: str) -> list[str]:
    """Countries named in a file's title rows or its name ('U.S. GEOLOGICAL SURVEY' -> United
    States), to suggest when asking which country a file describes."""
    import pycountry

    found: list[str] = []
    texts = [*title_lines, re.sub(r"[_\-.]+", " ", filename.rsplit(".", 1)[0])]
    for text in texts:
        words = re.findall(r"[A-Za-z][A-Za-z.'’]*", text)
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                phrase = " ".join(words[i : i + size])
                if len(phrase.strip(".")) < 3 and not phrase.isupper():
                    continue
                iso3 = normalise_country(phrase) if phrase[:1].isupper() else None
                if iso3:
                    name = pycountry.countries.get(alpha_3=iso3)
                    label = getattr(name, "common_name", None) or getattr(name, "name", iso3)
                    if label not in found:
                        found.append(label)
    return found


def _structure_notes(read: ReadResult) -> list[str]:
    """Broken structure, said in one sentence each (the report lists them too)."""
    return [f"{p['problem'][0].upper()}{p['problem'][1:]}: {p['action']}." for p in read.problems[:10]] + (
        [f"… and {len(read.problems) - 10} more rows with a different number of fields (listed in the report)."]
        if len(read.problems) > 10
        else []
    )


def _subset_notes(outcome: UploadOutcome, result: CountryYearUpload) -> list[str]:
    """What was set aside and why, and which values are used."""
    notes = []
    if result.set_aside_count:
        by_reason = result.set_aside.groupby("reason", sort=False)
        parts = []
        for reason, rows in by_reason:
            rows = rows.sort_values("values", ascending=False)
            listed = ", ".join(
                f"{v or '(empty)'} {n:,}" for v, n in list(zip(rows["value"], rows["values"], strict=True))[:5]
            )
            more = f", and {len(rows) - 5} more" if len(rows) > 5 else ""
            parts.append(f"{int(rows['values'].sum()):,} of {reason} ({listed}{more})")
        notes.append(
            f"Set aside {result.set_aside_count:,} of the file's {result.in_file:,} values: " + "; ".join(parts) + "."
        )
    used = [f"{DIMENSION_NAMES[d]} {', '.join(v) if v else '(none)'}" for d, v in outcome.subset.items()]
    if used:
        notes.append("Values used: " + "; ".join(used) + ".")
    return notes


def _required(outcome: UploadOutcome) -> list[str]:
    """Required template columns. A country-year table with one column per year needs no year
    or value column, one with a column per statistic no value column, and a file the user said
    describes one country no country column."""
    required = list(KINDS[outcome.kind].required)
    if outcome.kind == "facilities" and {"lat", "lon"} <= set(outcome.mapping):
        return ["name"]  # the country comes from the coordinates when the file has none
    if outcome.kind != "country_year":
        return required
    layout = layout_of(outcome.read.table, outcome.mapping)
    if layout == "wide by year":
        required = ["country"]
    elif layout == "wide by statistic":
        required = ["country", "year"]
    return [c for c in required if not (c == "country" and outcome.country)]


def _year_columns(outcome: UploadOutcome) -> list:
    return year_columns([h for h in outcome.headers if h != outcome.mapping.get("country")])


def _marker_notes(result: CountryYearUpload) -> list[str]:
    """'12 values marked W (withheld) were not used (lines 5, 9, ...)' and flag counts."""
    notes = []
    report = result.report
    markers = report[
        report["problem"].str.startswith("no number (") & (report["problem"] != "no number (not a number)")
    ]
    for problem, rows in markers.groupby("problem", sort=True):
        what = problem.removeprefix("no number (").removesuffix(")")
        lines = sorted(set(rows["line"].tolist()))
        shown = ", ".join(str(n) for n in lines[:8]) + (" …" if len(lines) > 8 else "")
        notes.append(f"{len(rows)} value(s) marked as {what} left empty, not zero (lines {shown}).")
    for flag, count in result.flagged.items():
        if count:
            notes.append(f"{count} value(s) kept with the flag '{flag}'; charts draw them as such.")
    return notes


def file_size_text(size: int) -> str:
    """'820 bytes', '12.4 KB', '31.5 MB' (units of 1024, as the upload widget counts)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _number_notes(outcome: UploadOutcome) -> list[str]:
    """Which columns were read with decimal commas: a file's number convention is a fix worth stating."""
    numeric = ("capacity_value", "value", *ASSUMPTION_COLUMNS)
    table, european = outcome.read.table, outcome.read.delimiter == ";"

    def decimal_comma(header: str) -> bool:
        sample = table[header].head(5000)
        # Without a comma in any cell, only a semicolon file can use decimal commas (with
        # dot-grouped thousands): the cheap test settles most files.
        if not european and not sample.astype(str).str.contains(",", regex=False).any():
            return False
        return decimal_comma_column([str(v) for v in sample], european)

    columns = [header for column, header in outcome.mapping.items() if column in numeric and decimal_comma(header)]
    if not columns:
        return []
    return [f"Numbers in {', '.join(columns)} use a decimal comma (29,87) and dots for thousands (270.000)."]


# ---------------------------------------------------------------- templates

TEMPLATE_FACILITY_IDS = ("au-lynas-mt-weld", "us-mp-mountain-pass-separation", "cn-ningbo-yunsheng")


def template_table(kind: str, reference: ReferenceData) -> pd.DataFrame:
    """A template for ``kind``: its columns, with a few real rows from the reference data (one
    facility left without coordinates to show placement by city)."""
    columns = [*KINDS[kind].required, *KINDS[kind].optional]
    if kind == "facilities":
        facilities = reference.facilities.set_index("facility_id")
        picked = [f for f in TEMPLATE_FACILITY_IDS if f in facilities.index] or list(facilities.index[:3])
        rows = facilities.loc[picked].reset_index()
        city_level = rows["location_precision"] == "city"
        rows.loc[city_level, ["lat", "lon"]] = None
        rows.loc[city_level, "location_precision"] = ""
        table = rows
        columns = [c for c in columns if c in table.columns]
    elif kind == "country_year":
        production = reference.mine_production
        latest = production[production["year"] == production["year"].max()]
        rows = latest[latest["iso3"].isin(["CHN", "USA", "AUS", "MMR"])].sort_values("tonnes_reo", ascending=False)
        table = pd.DataFrame(
            {
                "country": rows["country"],
                "year": rows["year"],
                "value": rows["tonnes_reo"],
                "commodity": "Rare earths",
                "measure": "mine production",
                "unit": "t REO",
            }
        )
        columns = [c for c in columns if c in table.columns]
    else:
        table = reference.demand_assumptions[columns].head(3)
    return table[columns].reset_index(drop=True)


def template_descriptions(kind: str) -> pd.DataFrame:
    """One row per template column: name, required or optional, what it holds."""
    spec = KINDS[kind]
    return pd.DataFrame(
        [
            {
                "column": c,
                "required": "required" if c in spec.required else "optional",
                "description": COLUMN_DESCRIPTIONS[c],
            }
            for c in (*spec.required, *spec.optional)
        ]
    )


# ---------------------------------------------------------------- comparison with USGS

# Units an upload's value can be compared in, as tonnes of REO per unit. "Mt" is left out on
# purpose: statistical tables use it for both metric tons and million tonnes.
TONNES_PER_UNIT = {
    "t": 1.0, "t reo": 1.0, "tonnes": 1.0, "tonnes reo": 1.0, "metric tons": 1.0, "metric tons reo": 1.0,
    "metric tons, reo": 1.0, "tons": 1.0, "kt": 1000.0, "kt reo": 1000.0, "thousand tonnes": 1000.0,
    "thousand tonnes reo": 1000.0, "thousand metric tons": 1000.0, "metr t": 1.0,
}  # fmt: skip
MINE_PRODUCTION, RESERVES = "mine production", "reserves"
_RARE_EARTH_RE = re.compile(r"rare[\s-]*earth|\bree\b|\breo\b", re.IGNORECASE)
COMPARISON_COLUMNS = [
    "country", "iso3", "year", "statistic", "value", "unit", "commodity", "measure", "detail", "estimated", "lower_bound",
    "upper_bound", "your_tonnes_reo", "usgs_tonnes_reo", "usgs_status", "difference_tonnes_reo", "difference_pct",
    "comparison", "explanation", "line", "usgs_edition", "source_id",
]  # fmt: skip


def _statistic(measure: str, detail: str) -> str | None:
    """Which of the atlas's USGS statistics a value is: 'mine production' (also when the file
    does not say), 'reserves', or None for anything else (imports, prices, capacity...)."""
    texts = [t for t in (detail, measure) if t]
    if not texts:
        return MINE_PRODUCTION
    if any(is_reserves(t) for t in texts):
        return RESERVES
    if all(is_production(t) for t in texts):
        return MINE_PRODUCTION
    return None


def _usgs_figures(mine_production: pd.DataFrame, reserves: pd.DataFrame | None) -> pd.DataFrame:
    """The atlas's USGS figures in one table: (iso3, year, statistic) -> tonnes REO, status,
    edition, source and notes. Reserves carry the year of the edition's mine production (MCS
    2026 gives reserves as of 2025)."""
    production = mine_production.assign(statistic=MINE_PRODUCTION)[
        ["iso3", "year", "statistic", "tonnes_reo", "status", "edition", "source_id", "notes", "country"]
    ]
    if reserves is None or reserves.empty:
        return production
    reserve_years = mine_production.groupby("source_id")["year"].max()
    stocks = reserves.assign(
        statistic=RESERVES,
        year=reserves["source_id"].map(reserve_years),
        status=reserves["qualifier"].where(reserves["qualifier"].astype(str) != "", "reported"),
    ).dropna(subset=["year"])
    stocks["year"] = stocks["year"].astype(int)
    return pd.concat([production, stocks[production.columns]], ignore_index=True)


def _explanation(usgs_notes: object, yours: float) -> str:
    """Why a difference is there, when the atlas's own data says: a figure USGS revised after
    first publishing it ("Revised in version 1.3 from 21,000,000.") that the file still has."""
    text = str(usgs_notes or "")
    found = re.search(r"[Rr]evised in (version [\d.]+)[^\d]*from ([\d,.]+)", text)
    if not found:
        return ""
    earlier = float(found.group(2).rstrip(".").replace(",", ""))
    if yours == earlier:
        return f"USGS revised this figure in {found.group(1)} (from {found.group(2).rstrip('.')}); your file has the earlier figure."
    return f"USGS revised this figure in {found.group(1)} (from {found.group(2).rstrip('.')})."


def compare_with_usgs(
    values: pd.DataFrame, mine_production: pd.DataFrame, reserves: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Uploaded country-year values next to the atlas's USGS figures, like with like.

    A value is compared only with the same statistic (mine production, or reserves), for the
    same country and year, for rare earths (or a file that does not name a commodity), in tonnes
    of REO or a stated multiple, and only when it is the one value the selection holds for that
    country, year and statistic. Every other value is listed with the reason it was not compared.
    """
    rows = values.copy()
    for column in ("commodity", "measure", "detail", "unit"):
        rows[column] = rows[column].astype(str).str.strip() if column in rows else ""
    rows["statistic"] = [_statistic(m, d) for m, d in zip(rows["measure"], rows["detail"], strict=True)]
    unit_key = rows["unit"].str.lower().str.replace(".", "", regex=False).str.replace(r"\s+", " ", regex=True)
    factor = unit_key.map(lambda u: 1.0 if u == "" else TONNES_PER_UNIT.get(u))
    rare_earths = rows["commodity"].eq("") | rows["commodity"].str.contains(_RARE_EARTH_RE)
    duplicate = rows.duplicated(["iso3", "year", "statistic"], keep=False) & rows["statistic"].notna()
    usgs = _usgs_figures(mine_production, reserves).rename(
        columns={
            "tonnes_reo": "usgs_tonnes_reo",
            "status": "usgs_status",
            "edition": "usgs_edition",
            "notes": "usgs_notes",
            "country": "usgs_country",
        }
    )
    out = rows.merge(usgs, on=["iso3", "year", "statistic"], how="left")
    comparable = (
        out["statistic"].notna().to_numpy() & rare_earths.to_numpy() & factor.notna().to_numpy() & ~duplicate.to_numpy()
    )
    out["your_tonnes_reo"] = out["value"] * factor.astype(float).to_numpy()
    out["difference_tonnes_reo"] = out["your_tonnes_reo"] - out["usgs_tonnes_reo"]
    out["difference_pct"] = (
        100 * out["difference_tonnes_reo"] / out["usgs_tonnes_reo"].where(out["usgs_tonnes_reo"] > 0)
    ).round(1)
    reason = np.full(len(out), "", dtype=object)
    reason[out["statistic"].isna().to_numpy()] = "not compared: the statistic is neither mine production nor reserves"
    reason[(reason == "") & ~rare_earths.to_numpy()] = "not compared: the commodity is not rare earths"
    reason[(reason == "") & factor.isna().to_numpy()] = "not compared: the unit is not tonnes of REO"
    reason[(reason == "") & duplicate.to_numpy()] = (
        "not compared: several values for this country, year and statistic in your selection; narrow it"
    )
    reason[(reason == "") & out["usgs_tonnes_reo"].isna().to_numpy()] = (
        "USGS gives no figure for this country, year and statistic"
    )
    reason[(reason == "") & unit_key.eq("").to_numpy()] = "compared as tonnes of REO (your file states no unit)"
    out["comparison"] = reason
    out["explanation"] = [
        _explanation(note, yours) if ok and diff else ""
        for note, yours, ok, diff in zip(
            out["usgs_notes"], out["value"], comparable, out["difference_tonnes_reo"].fillna(0) != 0, strict=True
        )
    ]
    out.loc[~comparable, ["your_tonnes_reo", "difference_tonnes_reo", "difference_pct"]] = None
    # The atlas's own name for the country (USGS's spelling), not the file's with footnotes glued on.
    out["country"] = out["usgs_country"].where(out["usgs_country"].notna(), out["country"].astype(str))
    out["source_id"] = out["source_id"].fillna("")
    return out[COMPARISON_COLUMNS].sort_values(["statistic", "iso3", "year"], na_position="last").reset_index(drop=True)
