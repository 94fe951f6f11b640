"""Validate an uploaded facilities table row by row.

Every problem becomes a report row (file line, column, value, what is wrong, what was done);
rows that can still be used are kept, so ``read == kept + rejected`` always holds. A row is
rejected only when it has no name, no recognisable country, or no place on the map (neither
valid coordinates nor a city the offline gazetteer knows). A bad capacity or an unknown stage
is reported and left empty, and the row is kept.

A list without a country column (a national survey's deposits and mines) takes each
country from its coordinates; a list with a commodities column keeps the rows whose
commodities include rare earths and sets the others aside, counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from rare_earth_atlas.data import gazetteer, spatial
from rare_earth_atlas.data.countries import normalise_country
from rare_earth_atlas.uploads.cells import (
    NOT_AVAILABLE,
    SET_ASIDE_COLUMNS,
    CellValue,
    SetAsideCounts,
    decimal_comma_column,
    no_set_aside,
    parse_cell,
)
from rare_earth_atlas.uploads.reader import ReadResult
from rare_earth_atlas.vocabulary import FACILITY_STATUSES, STAGES

STAGE_WORDS = {
    "mining": ("mining", "mine", "mines", "extraction", "ore"),
    "separation": ("separation", "refining", "refinery", "processing", "smelting", "separating"),
    "metal_alloy": ("metal", "alloy", "metal_alloy", "metal and alloy", "metallisation", "metallization"),
    "magnets": ("magnets", "magnet", "magnet making", "ndfeb"),
    "recycling": ("recycling", "recycler", "recovery"),
    "research": ("research", "r&d", "association", "industry body"),
}


@dataclass
class FacilityUpload(SetAsideCounts):
    facilities: pd.DataFrame  # kept rows, in the reference facilities' columns
    report: pd.DataFrame  # line, column, value, problem, action
    read: int  # rows read (those set aside for their commodities not counted)
    kept: int
    rejected: int
    unplaced: list[str]
    set_aside: pd.DataFrame = field(default_factory=no_set_aside)
    countries_from_coordinates: int = 0


# What a commodities cell says when it includes rare earths: names, codes and their minerals.
RARE_EARTH_TOKENS = {
    "ree", "rees", "reo", "re", "rare earths", "rare earth", "rare-earths", "rare-earth", "rare earth elements", "lree", "hree",
    "la", "ce", "pr", "nd", "sm", "eu", "gd", "tb", "dy", "ho", "er", "tm", "yb", "lu", "y", "lanthanides", "monazite",
    "xenotime", "bastnaesite", "bastnäsite", "ionic clay", "seltene erden", "terres rares", "稀土",
}  # fmt: skip


def mentions_rare_earths(cell: str) -> bool:
    """'REE, Nb, Zr', 'Nd-Pr', 'monazite': a commodities cell that includes rare earths."""
    tokens = [t.strip().lower() for t in re.split(r"[,;/|+&]|\s+and\s+|-(?=[A-Z])", str(cell)) if t.strip()]
    return any(t in RARE_EARTH_TOKENS or re.search(r"rare[\s-]*earth", t) for t in tokens)


LOCATION_PRECISIONS = ("site", "city", "region")
_COORDINATE_RE = re.compile(r"^([NSEW])?\s*([+-]?\d+(?:[.,]\d+)?)\s*°?\s*([NSEW])?$", re.IGNORECASE)


def _coordinate(text: str) -> CellValue:
    """A decimal-degree coordinate as people write it: "-30.75", "30,75" (a comma in a
    coordinate is always a decimal comma), "28.86° S", "W 115.53"."""
    match = _COORDINATE_RE.match(text.strip())
    if not match:
        return parse_cell(text)
    number = float(match.group(2).replace(",", "."))
    hemisphere = (match.group(1) or match.group(3) or "").upper()
    return CellValue(-abs(number) if hemisphere in ("S", "W") else number)


def _stage(text: str) -> str | None:
    lowered = text.strip().lower()
    for stage, words in STAGE_WORDS.items():
        if lowered in words:
            return stage
    return None


UPLOADED_FACILITY_COLUMNS = [
    "facility_id", "name", "operator", "country", "iso3", "city", "lat", "lon", "location_precision",
    "stage", "capacity_value", "capacity_unit", "status", "commodity", "line",
]  # fmt: skip
REPORT_COLUMNS = ["line", "column", "value", "problem", "action"]


class _FacilityRows:
    """One uploaded table read through its column mapping; each check reads one field of a
    row and files what is wrong with it in ``problems``."""

    def __init__(self, read: ReadResult, mapping: dict[str, str]):
        self.mapping = mapping
        self.problems: list[dict] = []
        # "Capacity (t/yr)": a unit written in the capacity header applies to every row without one.
        found = re.search(r"[(\[]([^)\]]+)[)\]]", mapping.get("capacity_value", ""))
        self.header_unit = found.group(1).strip() if found else ""
        self.capacity_comma = "capacity_value" in mapping and decimal_comma_column(
            [str(v) for v in read.table[mapping["capacity_value"]]], european=read.delimiter == ";"
        )
        self.from_coordinates: dict[int, tuple[str | None, str | None]] = {}

    def cell(self, row, column) -> str:
        header = self.mapping.get(column)
        return "" if header is None else str(row[header]).strip()

    def report(self, line, column, value, problem, action) -> None:
        self.problems.append(
            {
                "line": line,
                "column": self.mapping.get(column, column),
                "value": value,
                "problem": problem,
                "action": action,
            }
        )

    def locate_countries(self, rows: list[tuple[int, pd.Series]]) -> None:
        """Without a country column, each row's country from its coordinates, over the shipped outlines."""
        if "country" in self.mapping or "lat" not in self.mapping or "lon" not in self.mapping:
            return
        points = [
            (line, _coordinate(self.cell(row, "lat")).value, _coordinate(self.cell(row, "lon")).value)
            for line, row in rows
        ]
        valid = [
            (n, la, lo)
            for n, la, lo in points
            if la is not None and lo is not None and -90 <= la <= 90 and -180 <= lo <= 180
        ]
        found = spatial.countries_at([la for _, la, _ in valid], [lo for _, _, lo in valid])
        self.from_coordinates = {n: where for (n, _, _), where in zip(valid, found, strict=True)}

    def country(self, row, line) -> tuple[str, str] | None:
        """(ISO3, country as written), or None (reported) when the row has no recognisable country."""
        if "country" in self.mapping:
            country_text = self.cell(row, "country")
            iso3 = normalise_country(country_text)
            if iso3 is None:
                self.report(line, "country", country_text, "country not recognised", "row not used")
                return None
            return iso3, country_text
        iso3, country_text = self.from_coordinates.get(line, (None, None))
        if iso3 is None:
            self.report(
                line, "lat", f"{self.cell(row, 'lat')} / {self.cell(row, 'lon')}",
                "no country column, and the coordinates lie in no country's outline", "row not used",
            )  # fmt: skip
            return None
        return iso3, country_text

    def coordinates(self, row, line) -> tuple[float, float, str] | None:
        """(lat, lon, location precision) from the coordinate cells, or None when they are
        missing or unusable (reported)."""
        lat_text, lon_text = self.cell(row, "lat"), self.cell(row, "lon")
        lat, lon = _coordinate(lat_text).value, _coordinate(lon_text).value
        if lat is None or lon is None:
            if lat_text or lon_text:
                self.report(
                    line, "lat", f"{lat_text} / {lon_text}", "coordinates are not numbers", "coordinates not used"
                )
            return None
        if not -90 <= lat <= 90:
            self.report(line, "lat", lat_text, f"latitude {lat:g} is outside -90 to 90", "coordinates not used")
            return None
        if not -180 <= lon <= 180:
            self.report(line, "lon", lon_text, f"longitude {lon:g} is outside -180 to 180", "coordinates not used")
            return None
        # A round trip of the atlas's own download keeps city- and region-level points as such.
        stated = self.cell(row, "location_precision").lower()
        return lat, lon, stated if stated in LOCATION_PRECISIONS else "site"

    def city_point(self, row, line, iso3: str, country_text: str) -> tuple[float, float, str] | str:
        """(lat, lon, "city") from the offline gazetteer, or why the row cannot be placed.
        An ambiguous or corrected city and an unknown province are reported on the way."""
        city, province = self.cell(row, "city"), self.cell(row, "province_or_state")
        unplaced = "no valid coordinates and the city is not in the offline gazetteer"
        if not city:
            return unplaced
        found = gazetteer.locate_city(city, iso3, province)
        point = found.chosen
        if province and not found.province_known:
            self.report(
                line, "province_or_state", province,
                f"'{province}' is not a state or province of {country_text} the gazetteer knows; the city was looked up in the whole country",
                "placed at city level: check the place" if point else "none",
            )  # fmt: skip
        if point is None:
            if found.elsewhere:
                elsewhere = "; ".join(c.described() for c in found.elsewhere[:4])
                return f"no place called {city} in {province} in the offline gazetteer (elsewhere in {country_text}: {elsewhere})"
            return unplaced
        if found.rivals or point.name.lower() != city.lower():
            renamed = point.name.lower() != city.lower()
            used = point.described() + (f", which the gazetteer also calls {city}" if renamed else "")
            within = f" in {province}" if province and found.province_known else " in this country"
            others = "; ".join(c.described() for c in found.rivals[:4])
            problem = (
                f"{len(found.rivals) + 1} places called {city}{within}; used {used}; the others: {others}"
                if found.rivals
                else f"placed at {used}"
            )
            self.report(line, "city", city, problem, "placed at city level: add coordinates if this is the wrong one")
        return point.lat, point.lon, "city"

    def stage(self, row, line) -> str:
        text = self.cell(row, "stage")
        stage = _stage(text) if text else None
        if text and stage is None:
            self.report(line, "stage", text, f"stage not recognised (use one of: {', '.join(STAGES)})", "left empty")
        return stage or ""

    def capacity(self, row, line) -> float | None:
        text = self.cell(row, "capacity_value")
        if not text:
            return None
        capacity = parse_cell(text, self.capacity_comma)
        if capacity.value is None and capacity.flag != NOT_AVAILABLE:
            self.report(
                line, "capacity_value", text, f"capacity {text!r} is not a number", "left empty (not disclosed)"
            )
            return None
        if capacity.value is not None and capacity.value < 0:
            self.report(line, "capacity_value", text, "capacity is negative", "left empty (not disclosed)")
            return None
        return capacity.value

    def status(self, row, line) -> str:
        status = self.cell(row, "status").lower()
        if status and status not in FACILITY_STATUSES:
            self.report(
                line, "status", self.cell(row, "status"),
                f"status not recognised (use one of: {', '.join(FACILITY_STATUSES)})", "left empty",
            )  # fmt: skip
            return ""
        return status


def _set_aside_by_commodity(rows: list[tuple[int, pd.Series]], mapping: dict[str, str]):
    """The rows whose commodities include rare earths, and {commodity: rows set aside} for the rest."""
    if "commodity" not in mapping:
        return rows, {}
    set_aside: dict[str, int] = {}
    wanted = []
    for line, row in rows:
        commodity = str(row[mapping["commodity"]]).strip()
        if mentions_rare_earths(commodity):
            wanted.append((line, row))
        else:
            set_aside[commodity] = set_aside.get(commodity, 0) + 1
    return wanted, set_aside


def validate_facilities(read: ReadResult, mapping: dict[str, str]) -> FacilityUpload:
    """Check each row of an uploaded facilities table; ``mapping`` is {template column: header}."""
    lines = read.lines or [read.header_line + i + 1 for i in range(len(read.table))]
    rows, set_aside = _set_aside_by_commodity(
        [(line, row) for line, (_, row) in zip(lines, read.table.iterrows(), strict=True)], mapping
    )
    check = _FacilityRows(read, mapping)
    check.locate_countries(rows)
    kept, unplaced = [], []
    for line, row in rows:
        name = check.cell(row, "name")
        if not name:
            check.report(line, "name", "", "no facility name", "row not used")
            continue
        country = check.country(row, line)
        if country is None:
            continue
        iso3, country_text = country
        point = check.coordinates(row, line) or check.city_point(row, line, iso3, country_text)
        if isinstance(point, str):
            unplaced.append(name)
            check.report(line, "city", check.cell(row, "city"), point, "row not used")
            continue
        stage = check.stage(row, line)
        capacity_value = check.capacity(row, line)
        status = check.status(row, line)
        kept.append(
            {
                "facility_id": f"upload-{line}",
                "name": name,
                "operator": check.cell(row, "operator"),
                "country": country_text,
                "iso3": iso3,
                "city": check.cell(row, "city"),
                "lat": point[0],
                "lon": point[1],
                "location_precision": point[2],
                "stage": stage,
                "capacity_value": capacity_value,
                "capacity_unit": (check.cell(row, "capacity_unit") or check.header_unit)
                if capacity_value is not None
                else "",
                "status": status,
                "commodity": check.cell(row, "commodity"),
                "line": line,
            }
        )
    facilities = pd.DataFrame(kept, columns=UPLOADED_FACILITY_COLUMNS)
    return FacilityUpload(
        facilities,
        pd.DataFrame(check.problems, columns=REPORT_COLUMNS),
        read=len(rows),
        kept=len(facilities),
        rejected=len(rows) - len(facilities),
        unplaced=unplaced,
        set_aside=pd.DataFrame(
            [
                {"dimension": "commodity", "value": c, "values": n, "reason": "commodities without rare earths"}
                for c, n in sorted(set_aside.items(), key=lambda item: -item[1])
            ],
            columns=SET_ASIDE_COLUMNS,
        ),
        countries_from_coordinates=len(check.from_coordinates),
    )
