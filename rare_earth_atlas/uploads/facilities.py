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


def validate_facilities(read: ReadResult, mapping: dict[str, str]) -> FacilityUpload:
    """Check each row of an uploaded facilities table; ``mapping`` is {template column: header}."""
    table = read.table
    lines = read.lines or [read.header_line + i + 1 for i in range(len(table))]
    problems, kept, unplaced = [], [], []

    def cell(row, column) -> str:
        header = mapping.get(column)
        return "" if header is None else str(row[header]).strip()

    def report(line, column, value, problem, action):
        problems.append(
            {"line": line, "column": mapping.get(column, column), "value": value, "problem": problem, "action": action}
        )

    # "Capacity (t/yr)": a unit written in the capacity header applies to every row without one.
    header_unit = ""
    if "capacity_value" in mapping:
        found = re.search(r"[(\[]([^)\]]+)[)\]]", mapping["capacity_value"])
        header_unit = found.group(1).strip() if found else ""

    capacity_comma = "capacity_value" in mapping and decimal_comma_column(
        [str(v) for v in table[mapping["capacity_value"]]], european=read.delimiter == ";"
    )

    set_aside: dict[str, int] = {}
    if "commodity" in mapping:
        cells = [str(v).strip() for v in table[mapping["commodity"]].tolist()]
        wanted = [mentions_rare_earths(c) for c in cells]
        for c, ok in zip(cells, wanted, strict=True):
            if not ok:
                set_aside[c] = set_aside.get(c, 0) + 1
        keep = pd.Series(wanted, index=table.index)
        table = table[keep]
        lines = [n for n, ok in zip(lines, wanted, strict=True) if ok]

    # No country column: each country from the coordinates, over the shipped outlines.
    from_coordinates: dict[int, tuple[str | None, str | None]] = {}
    if "country" not in mapping and "lat" in mapping and "lon" in mapping:
        points = [
            (line, _coordinate(str(row[mapping["lat"]])).value, _coordinate(str(row[mapping["lon"]])).value)
            for (_, row), line in zip(table.iterrows(), lines, strict=True)
        ]
        valid = [
            (n, la, lo)
            for n, la, lo in points
            if la is not None and lo is not None and -90 <= la <= 90 and -180 <= lo <= 180
        ]
        found = spatial.countries_at([la for _, la, _ in valid], [lo for _, _, lo in valid])
        from_coordinates = {n: where for (n, _, _), where in zip(valid, found, strict=True)}

    for (_, row), line in zip(table.iterrows(), lines, strict=True):
        name = cell(row, "name")
        if not name:
            report(line, "name", "", "no facility name", "row not used")
            continue
        if "country" in mapping:
            country_text = cell(row, "country")
            iso3 = normalise_country(country_text)
            if iso3 is None:
                report(line, "country", country_text, "country not recognised", "row not used")
                continue
        else:
            iso3, country_text = from_coordinates.get(line, (None, None))
            if iso3 is None:
                report(
                    line, "lat", f"{cell(row, 'lat')} / {cell(row, 'lon')}",
                    "no country column, and the coordinates lie in no country's outline", "row not used",
                )  # fmt: skip
                continue
        lat, lon, precision = None, None, ""
        # A comma in a coordinate is always a decimal comma (coordinates have no thousands).
        lat_cell, lon_cell = (_coordinate(cell(row, c)) for c in ("lat", "lon"))
        if lat_cell.value is not None and lon_cell.value is not None:
            if not -90 <= lat_cell.value <= 90:
                report(
                    line,
                    "lat",
                    cell(row, "lat"),
                    f"latitude {lat_cell.value:g} is outside -90 to 90",
                    "coordinates not used",
                )
            elif not -180 <= lon_cell.value <= 180:
                report(
                    line,
                    "lon",
                    cell(row, "lon"),
                    f"longitude {lon_cell.value:g} is outside -180 to 180",
                    "coordinates not used",
                )
            else:
                lat, lon = lat_cell.value, lon_cell.value
                # A round trip of the atlas's own download keeps city- and region-level points as such.
                stated = cell(row, "location_precision").lower()
                precision = stated if stated in LOCATION_PRECISIONS else "site"
        elif cell(row, "lat") or cell(row, "lon"):
            report(
                line,
                "lat",
                f"{cell(row, 'lat')} / {cell(row, 'lon')}",
                "coordinates are not numbers",
                "coordinates not used",
            )
        city = cell(row, "city")
        province = cell(row, "province_or_state")
        if lat is None and city:
            found = gazetteer.locate_city(city, iso3, province)
            point = found.chosen
            if point is not None:
                lat, lon, precision = point.lat, point.lon, "city"
            if province and not found.province_known:
                report(
                    line,
                    "province_or_state",
                    province,
                    f"'{province}' is not a state or province of {country_text} the gazetteer knows; the city was looked up in the whole country",
                    "placed at city level: check the place" if point else "none",
                )
            if point is not None and (found.rivals or point.name.lower() != city.lower()):
                used = point.described() + (
                    f", which the gazetteer also calls {city}" if point.name.lower() != city.lower() else ""
                )
                within = f" in {province}" if province and found.province_known else " in this country"
                others = "; ".join(c.described() for c in found.rivals[:4])
                problem = (
                    f"{len(found.rivals) + 1} places called {city}{within}; used {used}; the others: {others}"
                    if found.rivals
                    else f"placed at {used}"
                )
                report(line, "city", city, problem, "placed at city level: add coordinates if this is the wrong one")
            if point is None and found.elsewhere:
                elsewhere = "; ".join(c.described() for c in found.elsewhere[:4])
                unplaced.append(name)
                report(
                    line,
                    "city",
                    city,
                    f"no place called {city} in {province} in the offline gazetteer (elsewhere in {country_text}: {elsewhere})",
                    "row not used",
                )
                continue
        if lat is None:
            unplaced.append(name)
            report(
                line, "city", city, "no valid coordinates and the city is not in the offline gazetteer", "row not used"
            )
            continue
        stage_text = cell(row, "stage")
        stage = _stage(stage_text) if stage_text else None
        if stage_text and stage is None:
            report(line, "stage", stage_text, f"stage not recognised (use one of: {', '.join(STAGES)})", "left empty")
        capacity_text = cell(row, "capacity_value")
        capacity = parse_cell(capacity_text, capacity_comma) if capacity_text else None
        capacity_value = None
        if capacity is not None:
            if capacity.value is None and capacity.flag != NOT_AVAILABLE:
                report(
                    line,
                    "capacity_value",
                    capacity_text,
                    f"capacity {capacity_text!r} is not a number",
                    "left empty (not disclosed)",
                )
            elif capacity.value is not None and capacity.value < 0:
                report(line, "capacity_value", capacity_text, "capacity is negative", "left empty (not disclosed)")
            else:
                capacity_value = capacity.value
        status = cell(row, "status").lower()
        if status and status not in FACILITY_STATUSES:
            report(
                line,
                "status",
                cell(row, "status"),
                f"status not recognised (use one of: {', '.join(FACILITY_STATUSES)})",
                "left empty",
            )
            status = ""
        kept.append(
            {
                "facility_id": f"upload-{line}",
                "name": name,
                "operator": cell(row, "operator"),
                "country": country_text,
                "iso3": iso3,
                "city": city,
                "lat": lat,
                "lon": lon,
                "location_precision": precision,
                "stage": stage or "",
                "capacity_value": capacity_value,
                "capacity_unit": (cell(row, "capacity_unit") or header_unit) if capacity_value is not None else "",
                "status": status,
                "commodity": cell(row, "commodity"),
                "line": line,
            }
        )
    facilities = pd.DataFrame(
        kept,
        columns=[
            "facility_id",
            "name",
            "operator",
            "country",
            "iso3",
            "city",
            "lat",
            "lon",
            "location_precision",
            "stage",
            "capacity_value",
            "capacity_unit",
            "status",
            "commodity",
            "line",
        ],
    )
    report_table = pd.DataFrame(problems, columns=["line", "column", "value", "problem", "action"])
    return FacilityUpload(
        facilities,
        report_table,
        read=len(table),
        kept=len(facilities),
        rejected=len(table) - len(facilities),
        unplaced=unplaced,
        set_aside=pd.DataFrame(
            [
                {"dimension": "commodity", "value": c, "values": n, "reason": "commodities without rare earths"}
                for c, n in sorted(set_aside.items(), key=lambda item: -item[1])
            ],
            columns=SET_ASIDE_COLUMNS,
        ),
        countries_from_coordinates=len(from_coordinates) if "country" not in mapping else 0,
    )
