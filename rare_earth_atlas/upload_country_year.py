"""Validate an uploaded country-year table, long or wide (issue 6 groundwork).

Long tables have one row per country and year (country, year, value, optional measure and
unit). Wide tables have one column per year ("2023", "Prod_t_est_2024"); they are reshaped
first, and each year cell then counts as one value. Every value is either kept (a number, with
its estimate or lower-bound flag) or reported with its file line, column and reason: counts
of read, kept and rejected values add up, and markers such as "W" or "NA" are counted, never
turned into zeros.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rare_earth_atlas.countries import normalise_country
from rare_earth_atlas.upload_reader import ReadResult
from rare_earth_atlas.upload_values import ESTIMATE, LOWER_BOUND, decimal_comma_column, parse_cell, year_columns

COLUMNS = ["country", "iso3", "year", "value", "measure", "unit", "estimated", "lower_bound", "line", "source_column"]


@dataclass
class CountryYearUpload:
    values: pd.DataFrame  # kept values, one row per country and year
    report: pd.DataFrame  # line, column, value, problem, action
    read: int
    kept: int
    rejected: int
    wide: bool


def validate_country_year(read: ReadResult, mapping: dict[str, str]) -> CountryYearUpload:
    """Check every value of a long or wide country-year table; ``mapping`` is {template: header}."""
    table = read.table
    lines = read.lines or [read.header_line + i + 1 for i in range(len(table))]
    country_header = mapping.get("country")
    if country_header is None:
        raise ValueError("a country-year table needs a country column")
    years = [y for y in year_columns(list(table.columns)) if y.column != country_header]
    wide = "year" not in mapping and len(years) >= 2
    cells = []  # (line, country text, year text, value text, column, estimated by column)
    if wide:
        for (_, row), line in zip(table.iterrows(), lines, strict=True):
            for yc in years:
                cells.append((line, row[country_header], str(yc.year), row[yc.column], yc.column, yc.estimated, "", ""))
    else:
        for key in ("year", "value"):
            if key not in mapping:
                raise ValueError(f"a long country-year table needs a {key} column")
        for (_, row), line in zip(table.iterrows(), lines, strict=True):
            cells.append(
                (
                    line, row[country_header], row[mapping["year"]], row[mapping["value"]], mapping["value"], False,
                    row[mapping["measure"]] if "measure" in mapping else "", row[mapping["unit"]] if "unit" in mapping else "",
                )
            )
    by_column: dict[str, list[str]] = {}
    for cell in cells:
        by_column.setdefault(cell[4], []).append(str(cell[3]))
    comma = {column: decimal_comma_column(texts) for column, texts in by_column.items()}
    kept, problems = [], []
    unknown_countries: dict[str, str | None] = {}
    for line, country_text, year_text, value_text, column, estimated_column, measure, unit in cells:
        country_text = str(country_text).strip()
        if country_text not in unknown_countries:
            unknown_countries[country_text] = normalise_country(country_text)
        iso3 = unknown_countries[country_text]
        if iso3 is None:
            problems.append({"line": line, "column": country_header, "value": country_text, "problem": "country not recognised", "action": "value not used"})
            continue
        year = parse_cell(str(year_text)).value
        if year is None or year != int(year) or not 1900 <= year <= 2100:
            problems.append({"line": line, "column": mapping.get("year", column), "value": year_text, "problem": "year is not a year between 1900 and 2100", "action": "value not used"})
            continue
        parsed = parse_cell(value_text, comma[column])
        if parsed.value is None:
            problems.append({"line": line, "column": column, "value": value_text, "problem": f"no number ({parsed.flag})", "action": "value not used"})
            continue
        if parsed.value < 0:
            problems.append({"line": line, "column": column, "value": value_text, "problem": "negative value", "action": "value not used"})
            continue
        kept.append(
            {
                "country": country_text, "iso3": iso3, "year": int(year), "value": parsed.value, "measure": str(measure).strip(),
                "unit": str(unit).strip(), "estimated": estimated_column or parsed.flag == ESTIMATE,
                "lower_bound": parsed.flag == LOWER_BOUND, "line": line, "source_column": column,
            }
        )  # fmt: skip
    values = pd.DataFrame(kept, columns=COLUMNS)
    report = pd.DataFrame(problems, columns=["line", "column", "value", "problem", "action"])
    return CountryYearUpload(values, report, read=len(cells), kept=len(values), rejected=len(cells) - len(values), wide=wide)
