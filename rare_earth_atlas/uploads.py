"""An analyst's upload from bytes to something the pages can show (issue 6).

``process_upload`` runs the steps in order: read the file (``upload_reader``), recognise its
kind and columns (``upload_schema``; the user may override both), validate the rows of that
kind (``upload_facilities``, ``upload_country_year``, ``upload_demand``) and summarise what
happened in sentences. It never raises for a bad file: the outcome carries either the result
or one message saying what to do.

``template_table`` builds each kind's template from the reference data itself, so the example
rows in a template are real, sourced figures; ``compare_with_usgs`` lines an uploaded
country-year series up against USGS mine production.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from rare_earth_atlas.demand import ASSUMPTION_COLUMNS
from rare_earth_atlas.reference import ReferenceData
from rare_earth_atlas.upload_country_year import CountryYearUpload, validate_country_year
from rare_earth_atlas.upload_demand import DemandUpload, validate_demand_assumptions
from rare_earth_atlas.upload_facilities import FacilityUpload, validate_facilities
from rare_earth_atlas.upload_reader import TEMPLATE_HINT, ReadResult, UploadError, read_upload
from rare_earth_atlas.upload_schema import KINDS, KindGuess, guess_kind, match_columns
from rare_earth_atlas.upload_values import decimal_comma_column, year_columns

# One line per template column: what the page shows next to each template.
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "name": "Facility name as you want it shown.",
    "operator": "Company operating the facility.",
    "country": "Country name or ISO code; 'Burma', 'USA', 'Korea, Republic of' and names in several languages are recognised.",
    "city": "City or town; used to place the facility when there are no coordinates (marked as city-level).",
    "lat": "Latitude in decimal degrees, -90 to 90 (leave empty to place by city).",
    "lon": "Longitude in decimal degrees, -180 to 180.",
    "stage": "One of: mining, separation, metal_alloy, magnets, recycling, research.",
    "capacity_value": "Nameplate capacity as a number; leave empty if not disclosed.",
    "capacity_unit": "Unit of the capacity, for example 't REO/yr' or 't magnets/yr'.",
    "status": "One of: operating, commissioning, construction, planned, suspended, blocked.",
    "location_precision": "Optional: site, city or region; how exact the coordinates are (default site).",
    "year": "Calendar year, for example 2024 (or one column per year, as in USGS tables).",
    "value": "The number; markers such as W (withheld), NA, '—', 'e' (estimate) and '>' are understood.",
    "measure": "What the number is, for example 'mine production' (compared with USGS when it is).",
    "unit": "Unit of the value, for example 't REO' or 'kt REO'.",
    "sector": "One of the modelled sectors: drones, robots, defence, electronics, industrial_motors.",
    "label": "Product within the sector; your rows replace all reference rows of their sector (several rows per sector are fine).",
    "units_base_year": "Units in use or sold in the base year.",
    "magnet_kg_per_unit": "Kilograms of NdFeB magnet per unit.",
    "ree_content_pct": "Rare earth content of the magnet, in percent (about 31 for NdFeB).",
    "growth_steps_pct": "Growth per year in the stated-policies scenario, percent (-50 to 100).",
    "growth_aps_pct": "Growth per year in the announced-pledges scenario, percent.",
    "growth_nze_pct": "Growth per year in the net-zero scenario, percent.",
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
) -> UploadOutcome:
    """Read, recognise and validate one file. ``kind`` and ``mapping`` override the guesses."""
    outcome = UploadOutcome(filename=filename, size_bytes=len(data))
    try:
        outcome.read = read_upload(data, filename, **({"max_bytes": max_bytes} if max_bytes else {}))
    except UploadError as error:
        outcome.error = str(error)
        return outcome
    outcome.guess = guess_kind(outcome.headers)
    outcome.kind = kind if kind in KINDS else (outcome.guess.kind or None)
    if outcome.kind is None:
        closest = KINDS[outcome.guess.closest]
        outcome.error = (
            f"No recognisable columns: the headers ({', '.join(outcome.headers[:8])}) match none of the three kinds. "
            f"The closest is {closest.label.split(' (')[0].lower()}, which needs {', '.join(outcome.guess.missing)}. "
            f"Rename the columns, pick the kind and columns below, or start from a template."
        )
        return outcome
    outcome.mapping = dict(mapping) if mapping is not None else (
        outcome.guess.mapping if outcome.guess.kind == outcome.kind else match_columns(outcome.headers, outcome.kind)
    )  # fmt: skip
    outcome.mapping = {c: h for c, h in outcome.mapping.items() if h in outcome.headers}
    missing = [c for c in _required(outcome) if c not in outcome.mapping]
    if missing:
        outcome.error = (
            f"As {KINDS[outcome.kind].label.split(' (')[0].lower()}, this file needs a column for {', '.join(missing)}. "
            f"Choose which of your columns holds it below, or add it to the file. {TEMPLATE_HINT}"
        )
        return outcome
    outcome.notes = list(outcome.read.fixes) + _number_notes(outcome)
    if outcome.kind == "facilities":
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
    elif outcome.kind == "country_year":
        result = validate_country_year(outcome.read, outcome.mapping)
        if result.wide:
            outcome.notes.append(
                f"One column per year: reshaped to one row per country and year ({len(_year_columns(outcome))} year columns)."
            )
        outcome.notes += _marker_notes(result)
    else:
        result = validate_demand_assumptions(outcome.read, outcome.mapping, reference.demand_assumptions, filename)
        outcome.notes += result.notes
        if result.replaced_sectors:
            outcome.notes.append(
                f"Your rows replace every reference row of these sectors: {', '.join(result.replaced_sectors)}."
            )
        if result.unchanged:
            outcome.notes.append(f"Kept from the reference data: {', '.join(result.unchanged)}.")
    outcome.result = result
    return outcome


def _required(outcome: UploadOutcome) -> list[str]:
    """Required template columns; a country-year table with one column per year needs no year
    or value column."""
    if outcome.kind == "country_year" and "year" not in outcome.mapping and len(_year_columns(outcome)) >= 2:
        return ["country"]
    return list(KINDS[outcome.kind].required)


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
    columns = [
        header
        for column, header in outcome.mapping.items()
        if column in numeric and decimal_comma_column([str(v) for v in table[header].head(5000)], european)
    ]
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
    elif kind == "country_year":
        production = reference.mine_production
        latest = production[production["year"] == production["year"].max()]
        rows = latest[latest["iso3"].isin(["CHN", "USA", "AUS", "MMR"])].sort_values("tonnes_reo", ascending=False)
        table = pd.DataFrame(
            {
                "country": rows["country"],
                "year": rows["year"],
                "value": rows["tonnes_reo"],
                "measure": "mine production",
                "unit": "t REO",
            }
        )
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
    "": 1.0, "t": 1.0, "t reo": 1.0, "tonnes": 1.0, "tonnes reo": 1.0, "metric tons": 1.0, "metric tons reo": 1.0,
    "kt": 1000.0, "kt reo": 1000.0, "thousand tonnes": 1000.0, "thousand tonnes reo": 1000.0,
}  # fmt: skip
PRODUCTION_WORDS = ("", "mine production", "production", "mine output", "output", "mining")


def compare_with_usgs(values: pd.DataFrame, mine_production: pd.DataFrame) -> pd.DataFrame:
    """Uploaded country-year values next to USGS mine production for the same country and year.

    Only values whose measure reads as mine production (or is not given) and whose unit is
    tonnes of REO or a stated multiple are compared; the others are listed with the reason.
    """
    rows = values.assign(
        measure_key=values["measure"].astype(str).str.strip().str.lower(),
        unit_key=values["unit"].astype(str).str.strip().str.lower().str.replace(".", "", regex=False),
    )
    factor = rows["unit_key"].map(lambda u: TONNES_PER_UNIT.get(u))
    comparable = rows["measure_key"].isin(PRODUCTION_WORDS) & factor.notna()
    usgs = mine_production[["iso3", "year", "tonnes_reo", "status", "edition", "source_id"]].rename(
        columns={"tonnes_reo": "usgs_tonnes_reo", "status": "usgs_status", "edition": "usgs_edition"}
    )
    out = rows.assign(your_tonnes_reo=rows["value"] * factor.astype(float))
    out = out.merge(usgs, on=["iso3", "year"], how="left")
    out["difference_tonnes_reo"] = out["your_tonnes_reo"] - out["usgs_tonnes_reo"]
    out["difference_pct"] = (
        100 * out["difference_tonnes_reo"] / out["usgs_tonnes_reo"].where(out["usgs_tonnes_reo"] > 0)
    ).round(1)
    reason = pd.Series("", index=out.index)
    reason[~comparable.to_numpy() & ~rows["measure_key"].isin(PRODUCTION_WORDS).to_numpy()] = (
        "not compared: measure is not mine production"
    )
    reason[~comparable.to_numpy() & rows["measure_key"].isin(PRODUCTION_WORDS).to_numpy()] = (
        "not compared: unit is not tonnes of REO"
    )
    reason[comparable.to_numpy() & out["usgs_tonnes_reo"].isna().to_numpy()] = (
        "USGS gives no figure for this country and year"
    )
    out["comparison"] = reason.to_numpy()
    out.loc[~comparable.to_numpy(), ["your_tonnes_reo", "difference_tonnes_reo", "difference_pct"]] = None
    columns = [
        "country", "iso3", "year", "value", "unit", "measure", "estimated", "lower_bound", "upper_bound", "your_tonnes_reo",
        "usgs_tonnes_reo", "usgs_status", "difference_tonnes_reo", "difference_pct", "comparison", "line", "usgs_edition", "source_id",
    ]  # fmt: skip
    out["source_id"] = out["source_id"].fillna("")
    return out[columns].sort_values(["iso3", "year"]).reset_index(drop=True)
