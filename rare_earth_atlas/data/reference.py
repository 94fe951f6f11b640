"""Load and validate the reference datasets in ``data/reference/``.

Each file has a schema below: column types, units, allowed values, ranges, which
columns are required and which form the key. ``load_reference`` reads every file,
converts types, and checks the schemas plus the cross-file rule that every
``source_id`` exists in ``sources.csv``. A broken file raises ``ReferenceDataError``
naming the file, row (as a line number in the CSV, header = line 1), column and reason,
so whoever edited it can fix it in one go.

The schemas also document the data: ``data/README.md`` describes the same columns
and a test keeps the two in step.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rare_earth_atlas import REFERENCE_FILES
from rare_earth_atlas.vocabulary import (
    CAPACITY_SCOPES,
    CAPACITY_UNITS,
    EVIDENCE_LEVELS,
    FACILITY_STATUSES,
    OVERSEAS_RELATIONSHIPS,
    STAGES,
    STAKE_STATUSES,
)

# The demand sectors the atlas models itself (demand_assumptions.csv, demand_forecasts.csv).
MODELLED_SECTOR_IDS = ("drones", "robots", "defence", "electronics", "industrial_motors")

DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"

LOCATION_PRECISIONS = ("site", "city", "region")
PRODUCTION_STATUSES = ("reported", "estimated", "revised")


@dataclass(frozen=True)
class Column:
    """One column of a reference file."""

    name: str
    kind: str  # "text", "int", "float", "date"
    required: bool = True
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    meaning: str = ""


@dataclass(frozen=True)
class Schema:
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _source_col() -> Column:
    return Column("source_id", "text", meaning="Source(s) in sources.csv; several separated by ';'.")


SCHEMAS: dict[str, Schema] = {
    "sources": Schema(
        "sources.csv",
        (
            Column("source_id", "text", meaning="Short identifier cited by every other file."),
            Column("title", "text", meaning="Title of the document or dataset."),
            Column(
                "publisher",
                "text",
                meaning="Organisation that published it (the original publisher, not where a copy was read).",
            ),
            Column(
                "published",
                "text",
                required=False,
                meaning="Publication date: YYYY-MM-DD, or YYYY-MM / YYYY where only that is known; empty if unknown.",
            ),
            Column(
                "url",
                "text",
                required=False,
                meaning="Link to the document or the publisher's page for it; empty where no address could be confirmed.",
            ),
            Column("licence", "text", meaning="Licence or terms under which it is cited."),
            Column("notes", "text", required=False, meaning="How solid the figures are, and how they were read."),
        ),
        key=("source_id",),
        description="Every document the app's numbers come from.",
    ),
    "mine_production": Schema(
        "mine_production.csv",
        (
            Column(
                "country",
                "text",
                meaning="Country as USGS names it; 'World total' and 'Other countries' are aggregates.",
            ),
            Column(
                "iso3", "text", meaning="ISO 3166-1 alpha-3 code; WLD = world total, OTH = USGS's 'other countries'."
            ),
            Column("year", "int", minimum=2000, maximum=2100, meaning="Calendar year of production."),
            Column(
                "tonnes_reo",
                "float",
                required=False,
                minimum=0,
                unit="t REO",
                meaning="Mine production in metric tons of rare earth oxide equivalent; empty where USGS gives none.",
            ),
            Column(
                "status",
                "text",
                allowed=PRODUCTION_STATUSES,
                meaning="reported, estimated (USGS estimate) or revised (revised by USGS, not an estimate).",
            ),
            Column("edition", "text", meaning="USGS edition the figure comes from (the newest edition for that year)."),
            _source_col(),
            Column("notes", "text", required=False, meaning="USGS footnotes that apply to the figure."),
        ),
        key=("iso3", "year"),
        description="World mine production of rare earths by country, 2018 onwards (built from USGS files by scripts/build_reference.py).",
    ),
    "reserves": Schema(
        "reserves.csv",
        (
            Column("country", "text", meaning="Country as USGS names it."),
            Column("iso3", "text", meaning="ISO 3166-1 alpha-3 code; WLD = world total, OTH = other countries."),
            Column(
                "tonnes_reo",
                "float",
                required=False,
                minimum=0,
                unit="t REO",
                meaning="Reserves in metric tons of REO equivalent; empty where USGS says NA.",
            ),
            Column(
                "qualifier", "text", required=False, allowed=("", ">"), meaning="'>' where USGS gives a lower bound."
            ),
            Column("edition", "text", meaning="USGS edition."),
            _source_col(),
            Column("notes", "text", required=False, meaning="USGS footnotes and corrections applied."),
        ),
        key=("iso3",),
        description="Rare earth reserves by country (MCS 2026, version 1.3).",
    ),
    "stage_shares": Schema(
        "stage_shares.csv",
        (
            Column("stage", "text", allowed=("mining", "refining", "magnets"), meaning="Supply-chain stage."),
            Column("region", "text", meaning="Country or named group whose share this is."),
            Column("year", "int", minimum=2000, maximum=2100, meaning="Year the share refers to."),
            Column(
                "share_pct", "float", minimum=0, maximum=100, unit="%", meaning="Share of world output at that stage."
            ),
            Column(
                "basis",
                "text",
                allowed=("actual", "projection"),
                meaning="actual (observed) or projection (modelled outlook).",
            ),
            Column("scenario", "text", required=False, meaning="Projection scenario, empty for actuals."),
            Column(
                "material",
                "text",
                meaning="What is counted: all rare earth elements, magnet rare earths (Nd, Pr, Dy, Tb) or NdFeB magnets.",
            ),
            _source_col(),
            Column("notes", "text", required=False, meaning="Tonnages behind the share and other context."),
        ),
        key=("stage", "region", "year", "material", "scenario"),
        description="Shares of world mining, refining and magnet making by country (IEA).",
    ),
    "facilities": Schema(
        "facilities.csv",
        (
            Column("facility_id", "text", meaning="Stable identifier."),
            Column("name", "text", meaning="Facility or actor name."),
            Column(
                "name_local",
                "text",
                required=False,
                meaning="Name in the local language where known (for example Chinese).",
            ),
            Column("operator", "text", meaning="Company or body operating it."),
            Column(
                "company",
                "text",
                meaning="The parent company (or body) the facility belongs to, one spelling for all its plants: its chain and its company-wide capacity are counted under this name.",
            ),
            Column("country", "text", meaning="Country."),
            Column("iso3", "text", meaning="ISO 3166-1 alpha-3 code."),
            Column("province_or_state", "text", required=False, meaning="Province, state or region."),
            Column("city", "text", required=False, meaning="City or nearest town."),
            Column("lat", "float", minimum=-90, maximum=90, unit="degrees", meaning="Latitude (WGS84)."),
            Column("lon", "float", minimum=-180, maximum=180, unit="degrees", meaning="Longitude (WGS84)."),
            Column(
                "location_precision",
                "text",
                allowed=LOCATION_PRECISIONS,
                meaning="site = the plant's own coordinates; city = centre of the city or nearest town (from the GeoNames gazetteer); region = a point in a wider area.",
            ),
            Column("stage", "text", allowed=STAGES, meaning="Main supply-chain stage."),
            Column(
                "cluster",
                "text",
                required=False,
                meaning="Chinese processing cluster (Yangtze River Delta, Baotou, Ganzhou, Sichuan, Fujian, Guangdong); empty elsewhere.",
            ),
            Column(
                "capacity_value",
                "float",
                required=False,
                minimum=0,
                meaning="Published capacity; empty = not disclosed.",
            ),
            Column(
                "capacity_unit",
                "text",
                required=False,
                allowed=("", *CAPACITY_UNITS),
                meaning="Unit of capacity_value, one of the atlas's capacity units (listed in data/README.md); what the source said exactly is in the notes.",
            ),
            Column(
                "capacity_year",
                "int",
                required=False,
                minimum=1990,
                maximum=2100,
                meaning="Year the capacity figure refers to.",
            ),
            Column(
                "capacity_scope",
                "text",
                required=False,
                allowed=("", *CAPACITY_SCOPES),
                meaning="What the capacity covers: plant (this site), company-wide (a company total the source does not split by plant; never split by guesswork) or planned (a target for a project not yet running).",
            ),
            Column(
                "capacity_includes",
                "text",
                required=False,
                meaning="Facilities (ids, separated by ';') whose capacity this figure already counts, as its source says (a company's total that includes a plant listed on its own): totals count each tonne once.",
            ),
            Column(
                "capacity_source_id",
                "text",
                required=False,
                meaning="The source in sources.csv that states the capacity (required with a capacity).",
            ),
            Column(
                "capacity_search",
                "text",
                required=False,
                meaning="For a capacity left not disclosed: where it was searched for (required without a capacity).",
            ),
            Column(
                "status",
                "text",
                allowed=FACILITY_STATUSES,
                meaning="operating, commissioning, construction, planned, suspended or blocked.",
            ),
            Column(
                "start_year",
                "int",
                required=False,
                minimum=1900,
                maximum=2100,
                meaning="Year operations began (actual) or are expected to begin (planned), where a source gives it; empty = not published.",
            ),
            Column(
                "start_year_basis",
                "text",
                required=False,
                allowed=("", "actual", "planned"),
                meaning="actual: it started, per the source; planned: a stated target year.",
            ),
            _source_col(),
            Column(
                "evidence",
                "text",
                allowed=EVIDENCE_LEVELS,
                meaning="How solid the sources that show the facility exists are: filing (company filing or report), government (government or agency), press (trade press or news), weak (a directory, market-research blurb or indirect mention; drawn faint on the map).",
            ),
            Column("checked_on", "text", meaning="Date (YYYY-MM-DD) the row was last checked against its sources."),
            Column(
                "notes",
                "text",
                required=False,
                meaning="What the sources say, what is uncertain, how the location was set.",
            ),
        ),
        key=("facility_id",),
        description="Mines, separation plants, metal and alloy plants, magnet makers, recyclers and research actors.",
    ),
    "overseas_stakes": Schema(
        "overseas_stakes.csv",
        (
            Column("stake_id", "text", meaning="Stable identifier."),
            Column(
                "chinese_company", "text", meaning="The Chinese company (or buyers) holding the stake or the contract."
            ),
            Column(
                "relationship",
                "text",
                allowed=OVERSEAS_RELATIONSHIPS,
                meaning="equity (a shareholding), offtake (a contract to buy output), equity+offtake, or trade (a customs statistic of China's imports from the country, not a contract).",
            ),
            Column("target_company", "text", meaning="The company or producers outside China."),
            Column("asset", "text", meaning="The mine, plant or product concerned."),
            Column("asset_country", "text", meaning="Country of the asset."),
            Column("asset_iso3", "text", meaning="ISO 3166-1 alpha-3 code of the asset's country."),
            Column(
                "facility_id",
                "text",
                required=False,
                meaning="The asset's row in facilities.csv, where the atlas lists it; the map draws the arc from there (else from the country).",
            ),
            Column("stage", "text", allowed=STAGES, meaning="Supply-chain stage of the asset."),
            Column(
                "share_pct",
                "float",
                required=False,
                minimum=0,
                maximum=100,
                unit="%",
                meaning="The share the source states; what it is a share of is in share_of.",
            ),
            Column(
                "share_of",
                "text",
                required=False,
                allowed=(
                    "",
                    "equity in the company",
                    "output of the asset",
                    "equity; trading company share",
                    "China's imports of the product",
                ),
                meaning="What share_pct is a share of: never compare shares of different things.",
            ),
            Column("tonnage_value", "float", required=False, minimum=0, meaning="Tonnage the source states, if any."),
            Column("tonnage_unit", "text", required=False, meaning="What the tonnage counts."),
            Column(
                "start_year",
                "int",
                required=False,
                minimum=1990,
                maximum=2100,
                meaning="Year the stake or contract began.",
            ),
            Column(
                "end_year",
                "int",
                required=False,
                minimum=1990,
                maximum=2100,
                meaning="Year it ended or ends, if stated.",
            ),
            Column(
                "status",
                "text",
                allowed=STAKE_STATUSES,
                meaning="in force, ended, proposed, blocked (by a government), divested, or statistic (a trade figure).",
            ),
            _source_col(),
            Column(
                "evidence", "text", allowed=EVIDENCE_LEVELS, meaning="How solid the sources are (as for facilities)."
            ),
            Column("checked_on", "text", meaning="Date (YYYY-MM-DD) the row was last checked against its sources."),
            Column("notes", "text", required=False, meaning="What the sources say, and what is uncertain."),
        ),
        key=("stake_id",),
        description="Chinese companies' stakes in, and contracts for, rare earth mines and plants outside China, and China's imports by origin.",
    ),
    "flows": Schema(
        "flows.csv",
        (
            Column("flow_id", "text", meaning="Stable identifier."),
            Column("from_facility_id", "text", meaning="Facility the material leaves (facilities.csv)."),
            Column(
                "to_facility_id",
                "text",
                required=False,
                meaning="Facility it goes to; empty when only the destination country is documented.",
            ),
            Column(
                "to_iso3", "text", required=False, meaning="Destination country when no facility is documented (ISO3)."
            ),
            Column("material", "text", meaning="What moves."),
            _source_col(),
            Column("notes", "text", required=False, meaning="What the source documents, and what it does not."),
        ),
        key=("flow_id",),
        description="Material flows between facilities, only where a source documents them (drawn as optional arcs on the map).",
    ),
    "demand_iea": Schema(
        "demand_iea.csv",
        (
            Column(
                "scenario",
                "text",
                required=False,
                allowed=("", "STEPS", "APS", "NZE"),
                meaning="IEA scenario; empty for the base year's actuals.",
            ),
            Column("year", "int", minimum=2000, maximum=2100, meaning="Year."),
            Column(
                "sector",
                "text",
                allowed=("total", "electric_vehicles", "wind", "other_uses"),
                meaning="Demand segment as the IEA splits it.",
            ),
            Column(
                "kt_magnet_ree",
                "float",
                minimum=0,
                unit="kt",
                meaning="Demand for magnet rare earths (Nd, Pr, Dy, Tb), thousand tonnes.",
            ),
            Column(
                "basis",
                "text",
                allowed=("actual", "projection"),
                meaning="actual (base year) or projection (scenario).",
            ),
            _source_col(),
            Column("notes", "text", required=False, meaning="What the figure covers."),
        ),
        key=("scenario", "year", "sector"),
        description="IEA magnet rare earth demand: base year and the STEPS, APS and NZE scenarios to 2040.",
    ),
    "supply_iea": Schema(
        "supply_iea.csv",
        (
            Column("measure", "text", allowed=("refined", "mined"), meaning="Refined (separated) or mined output."),
            Column("year", "int", minimum=2000, maximum=2100, meaning="Year."),
            Column(
                "total_kt",
                "float",
                minimum=0,
                unit="kt",
                meaning="World output of magnet rare earths, thousand tonnes.",
            ),
            Column(
                "china_share_pct", "float", minimum=0, maximum=100, unit="%", meaning="China's share of that output."
            ),
            Column("basis", "text", allowed=("actual", "projection"), meaning="actual or projection."),
            Column("scenario", "text", required=False, meaning="Projection case; empty for actuals."),
            _source_col(),
            Column("notes", "text", required=False, meaning="Tonnages behind the share; limits of the projection."),
        ),
        key=("measure", "year"),
        description="IEA magnet rare earth supply (refined and mined) with China's share.",
    ),
    "demand_assumptions": Schema(
        "demand_assumptions.csv",
        (
            Column(
                "sector",
                "text",
                allowed=MODELLED_SECTOR_IDS,
                meaning="Modelled sector (several rows may make up one sector).",
            ),
            Column("label", "text", meaning="What is counted, e.g. Smartphones."),
            Column(
                "units_base_year",
                "float",
                minimum=0,
                unit="units",
                meaning="Units made in the base year (2024, or the nearest year with data).",
            ),
            Column(
                "ceiling_units",
                "float",
                minimum=0,
                unit="units/yr",
                meaning="Market size at saturation: the units a year the logistic growth approaches and never passes.",
            ),
            Column("magnet_kg_per_unit", "float", minimum=0, unit="kg", meaning="NdFeB magnet mass per unit."),
            Column(
                "ree_content_pct",
                "float",
                minimum=0,
                maximum=100,
                unit="%",
                meaning="Rare earth (Nd, Pr, Dy, Tb) share of the magnet's mass.",
            ),
            Column(
                "growth_steps_pct",
                "float",
                minimum=-50,
                maximum=100,
                unit="%/yr",
                meaning="Growth in the first year with the STEPS scenario (the atlas's assumption; it slows towards the market size).",
            ),
            Column(
                "growth_aps_pct",
                "float",
                minimum=-50,
                maximum=100,
                unit="%/yr",
                meaning="Growth in the first year with the APS scenario (the atlas's assumption; it slows towards the market size).",
            ),
            Column(
                "growth_nze_pct",
                "float",
                minimum=-50,
                maximum=100,
                unit="%/yr",
                meaning="Growth in the first year with the NZE scenario (the atlas's assumption; it slows towards the market size).",
            ),
            Column("basis", "text", meaning="Which numbers are sourced and which are illustrative assumptions."),
            Column("replaces", "text", meaning="The part of the IEA's 'other uses' this row is carved out of."),
            Column(
                "reasoning", "text", meaning="Where each number comes from, or how an illustrative value was derived."
            ),
            _source_col(),
        ),
        key=("sector", "label"),
        description="Default assumptions for the demand sectors the IEA does not split out (editable on the Demand page).",
    ),
    "model_parameters": Schema(
        "model_parameters.csv",
        (
            Column("parameter", "text", meaning="Parameter name."),
            Column("value", "float", meaning="Default value."),
            Column("unit", "text", meaning="Unit."),
            Column(
                "basis",
                "text",
                allowed=("sourced", "derived", "illustrative"),
                meaning="sourced, derived from sourced figures, or illustrative.",
            ),
            Column("reasoning", "text", meaning="How the value follows from its source."),
            _source_col(),
        ),
        key=("parameter",),
        description="Other model parameters: unit conversions to magnet rare earths, where magnets are used, recycling recovery and the intensities behind the export what-if.",
    ),
    "demand_forecasts": Schema(
        "demand_forecasts.csv",
        (
            Column(
                "sector",
                "text",
                allowed=MODELLED_SECTOR_IDS,
                meaning="Modelled sector.",
            ),
            Column("label", "text", meaning="The assumption row (product) the forecast is about."),
            Column("year", "int", minimum=2000, maximum=2100, meaning="Year the forecast is for."),
            Column(
                "low",
                "float",
                minimum=0,
                required=False,
                meaning="Low end of the published range (empty: no forecast found).",
            ),
            Column("high", "float", minimum=0, required=False, meaning="High end of the published range."),
            Column(
                "unit",
                "text",
                allowed=("units a year", "kt magnets a year", "kt magnet rare earths a year"),
                meaning="Unit of low and high.",
            ),
            Column("what", "text", meaning="What the forecast says, in words."),
            _source_col(),
        ),
        key=("label", "year"),
        description="Published forecasts the modelled sectors are checked against.",
    ),
    "concentration_bands": Schema(
        "concentration_bands.csv",
        (
            Column("band", "text", meaning="Name of the band, as the source words it."),
            Column("hhi_min", "float", minimum=0, maximum=10000, meaning="Lower bound of the band (inclusive)."),
            Column(
                "hhi_max",
                "float",
                minimum=0,
                maximum=10000,
                meaning="Upper bound of the band (exclusive, except 10000).",
            ),
            _source_col(),
            Column("notes", "text", required=False, meaning="How the source states it."),
        ),
        key=("band",),
        description="Herfindahl-Hirschman index bands used to describe market concentration in words.",
    ),
    "quotas": Schema(
        "quotas.csv",
        (
            Column("year", "int", minimum=2000, maximum=2100, meaning="Quota year."),
            Column(
                "mining_quota_t_reo",
                "float",
                required=False,
                minimum=0,
                unit="t REO",
                meaning="China's mining quota; empty where not published.",
            ),
            Column(
                "separation_quota_t",
                "float",
                required=False,
                minimum=0,
                unit="t REO",
                meaning="China's smelting and separation quota; empty where not published.",
            ),
            Column(
                "status",
                "text",
                allowed=("published", "derived", "not published"),
                meaning="published; derived (computed from a reported change, not a published figure); not published.",
            ),
            _source_col(),
            Column("notes", "text", required=False, meaning="Batches and context."),
        ),
        key=("year",),
        description="China's rare earth mining and smelting/separation quotas (MIIT, as reported).",
    ),
    "policy_events": Schema(
        "policy_events.csv",
        (
            Column("event_id", "text", meaning="Stable identifier."),
            Column("date", "date", meaning="Date announced (YYYY-MM-DD)."),
            Column("actor", "text", meaning="Who took the measure."),
            Column("measure", "text", meaning="What it does."),
            Column("short_label", "text", meaning="A few words for chart labels."),
            Column("elements_covered", "text", required=False, meaning="Rare earth elements or items covered."),
            Column(
                "status",
                "text",
                allowed=("in force", "suspended", "held", "lifted"),
                meaning="Status as of the newest source.",
            ),
            _source_col(),
            Column("notes", "text", required=False, meaning="Effective dates, suspensions."),
        ),
        key=("event_id",),
        description="Export controls and other policy events, for marking charts' time axes.",
    ),
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # CSV line number (header = 1); None for whole-file problems
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class ReferenceDataError(ValueError):
    """Raised when a reference file is missing or broken; lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:25])
        more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        super().__init__(f"{len(problems)} problem(s) in the reference data:\n{shown}{more}")


@dataclass
class ReferenceData:
    """All reference datasets, typed and validated."""

    sources: pd.DataFrame
    mine_production: pd.DataFrame
    reserves: pd.DataFrame
    stage_shares: pd.DataFrame
    facilities: pd.DataFrame
    flows: pd.DataFrame
    overseas_stakes: pd.DataFrame
    concentration_bands: pd.DataFrame
    demand_iea: pd.DataFrame
    demand_assumptions: pd.DataFrame
    model_parameters: pd.DataFrame
    demand_forecasts: pd.DataFrame
    supply_iea: pd.DataFrame
    quotas: pd.DataFrame
    policy_events: pd.DataFrame
    directory: Path = field(default=DEFAULT_REFERENCE_DIR)

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


def split_source_ids(value: str) -> list[str]:
    """Source ids of a row: several may be given, separated by ';' or ','."""
    return [s.strip() for s in str(value).replace(",", ";").split(";") if s.strip()]


def _convert(raw: pd.DataFrame, schema: Schema, problems: list[Problem]) -> pd.DataFrame:
    out = pd.DataFrame(index=raw.index)
    for col in schema.columns:
        text = raw[col.name].astype(str).str.strip()
        for i, value in text.items():
            line = int(i) + 2
            if value == "":
                if col.required:
                    problems.append(Problem(schema.file, line, col.name, "value is missing"))
                continue
            if col.kind in ("int", "float"):
                try:
                    number = float(value)
                except ValueError:
                    problems.append(Problem(schema.file, line, col.name, f"{value!r} is not a number"))
                    continue
                if math.isnan(number) or math.isinf(number):
                    problems.append(Problem(schema.file, line, col.name, f"{value!r} is not a finite number"))
                elif col.kind == "int" and number != int(number):
                    problems.append(Problem(schema.file, line, col.name, f"{value!r} is not a whole number"))
                elif col.minimum is not None and number < col.minimum:
                    problems.append(
                        Problem(schema.file, line, col.name, f"{value} is below the minimum {col.minimum:g}")
                    )
                elif col.maximum is not None and number > col.maximum:
                    problems.append(
                        Problem(schema.file, line, col.name, f"{value} is above the maximum {col.maximum:g}")
                    )
            elif col.kind == "date":
                if pd.isna(pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")):
                    problems.append(Problem(schema.file, line, col.name, f"{value!r} is not a date (YYYY-MM-DD)"))
            if col.allowed is not None and value not in col.allowed:
                allowed = ", ".join(a for a in col.allowed if a) or "empty"
                problems.append(Problem(schema.file, line, col.name, f"{value!r} is not one of: {allowed}"))
        if col.kind == "float":
            out[col.name] = pd.to_numeric(text.where(text != ""), errors="coerce").astype("float64")
        elif col.kind == "int":
            out[col.name] = pd.to_numeric(text.where(text != ""), errors="coerce").astype("Int64")
        elif col.kind == "date":
            out[col.name] = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        else:
            out[col.name] = text
    return out


def _check_keys(frame: pd.DataFrame, schema: Schema, problems: list[Problem]) -> None:
    key = frame[list(schema.key)].astype(str)
    duplicated = key.duplicated(keep="first")
    for i in frame.index[duplicated]:
        values = ", ".join(f"{k}={frame.at[i, k]}" for k in schema.key)
        problems.append(Problem(schema.file, int(i) + 2, ",".join(schema.key), f"duplicate key ({values})"))


def _check_facilities(frame: pd.DataFrame, problems: list[Problem]) -> None:
    file = SCHEMAS["facilities"].file
    if not set(SCHEMAS["facilities"].column_names) <= set(frame.columns):
        return  # a header problem is already reported
    for i, row in frame.iterrows():
        line = int(i) + 2
        has_value = not pd.isna(row["capacity_value"])
        if has_value and not row["capacity_unit"]:
            problems.append(Problem(file, line, "capacity_unit", "a capacity needs its unit"))
        if has_value and pd.isna(row["capacity_year"]):
            problems.append(Problem(file, line, "capacity_year", "a capacity needs the year it refers to"))
        if not has_value and row["capacity_unit"]:
            problems.append(Problem(file, line, "capacity_unit", "unit given but capacity_value is empty"))
        if has_value and not row["capacity_source_id"]:
            problems.append(Problem(file, line, "capacity_source_id", "a capacity needs the source that states it"))
        if has_value and not row["capacity_scope"]:
            problems.append(
                Problem(file, line, "capacity_scope", "a capacity needs its scope (plant, company-wide, planned)")
            )
        for included in split_source_ids(row["capacity_includes"]):
            if included not in set(frame["facility_id"]):
                problems.append(
                    Problem(file, line, "capacity_includes", f"facility {included!r} is not in facilities.csv")
                )
        if not has_value and not row["capacity_search"]:
            problems.append(
                Problem(
                    file,
                    line,
                    "capacity_search",
                    "a capacity left not disclosed needs a note of where it was searched for",
                )
            )
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(row["checked_on"])):
            problems.append(Problem(file, line, "checked_on", "give the date the row was checked as YYYY-MM-DD"))
        if pd.isna(row["start_year"]) == bool(row["start_year_basis"]):
            problems.append(
                Problem(file, line, "start_year_basis", "give start_year and its basis together, or neither")
            )


def _check_stakes(stakes: pd.DataFrame | None, facilities: pd.DataFrame | None, problems: list[Problem]) -> None:
    if stakes is None or facilities is None or "facility_id" not in facilities or "facility_id" not in stakes:
        return
    file = SCHEMAS["overseas_stakes"].file
    known = set(facilities["facility_id"])
    for i, row in stakes.iterrows():
        line = int(i) + 2
        if row["facility_id"] and row["facility_id"] not in known:
            problems.append(
                Problem(file, line, "facility_id", f"facility {row['facility_id']!r} is not in facilities.csv")
            )
        if not pd.isna(row["share_pct"]) and not row["share_of"]:
            problems.append(Problem(file, line, "share_of", "a share needs what it is a share of"))
        if not pd.isna(row["tonnage_value"]) and not row["tonnage_unit"]:
            problems.append(Problem(file, line, "tonnage_unit", "a tonnage needs its unit"))


def _check_flows(flows: pd.DataFrame | None, facilities: pd.DataFrame | None, problems: list[Problem]) -> None:
    if flows is None or facilities is None or "facility_id" not in facilities:
        return
    file = SCHEMAS["flows"].file
    known = set(facilities["facility_id"])
    for i, row in flows.iterrows():
        line = int(i) + 2
        for column in ("from_facility_id", "to_facility_id"):
            if row[column] and row[column] not in known:
                problems.append(Problem(file, line, column, f"facility {row[column]!r} is not in facilities.csv"))
        if not row["to_facility_id"] and not row["to_iso3"]:
            problems.append(Problem(file, line, "to_iso3", "a flow needs a destination facility or country"))


def read_reference_file(directory: Path, name: str, problems: list[Problem]) -> pd.DataFrame:
    """Read one reference CSV as text, check its header, convert and validate it."""
    schema = SCHEMAS[name]
    path = directory / schema.file
    if not path.exists():
        problems.append(Problem(schema.file, None, None, f"file not found in {directory}"))
        return pd.DataFrame(columns=schema.column_names)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in schema.column_names if c not in raw.columns]
    if missing:
        problems.append(Problem(schema.file, 1, ", ".join(missing), "column(s) missing from the header"))
        return pd.DataFrame(columns=schema.column_names)
    frame = _convert(raw, schema, problems)
    _check_keys(frame, schema, problems)
    return frame


def load_reference(directory: Path | str = DEFAULT_REFERENCE_DIR) -> ReferenceData:
    """Read and validate every reference file; raise ``ReferenceDataError`` listing all problems."""
    directory = Path(directory)
    problems: list[Problem] = []
    frames = {name: read_reference_file(directory, name, problems) for name in REFERENCE_FILES}
    if "facilities" in frames and len(frames["facilities"]):
        _check_facilities(frames["facilities"], problems)
    _check_flows(frames.get("flows"), frames.get("facilities"), problems)
    _check_stakes(frames.get("overseas_stakes"), frames.get("facilities"), problems)
    known_sources = set(frames["sources"]["source_id"]) if "source_id" in frames["sources"] else set()
    for name, frame in frames.items():
        for column in ("source_id", "capacity_source_id"):
            if name == "sources" or column not in frame:
                continue
            for i, value in frame[column].items():
                for sid in split_source_ids(value):
                    if sid not in known_sources:
                        problems.append(
                            Problem(SCHEMAS[name].file, int(i) + 2, column, f"source {sid!r} is not in sources.csv")
                        )
    if problems:
        raise ReferenceDataError(problems)
    return ReferenceData(**frames, directory=directory)
