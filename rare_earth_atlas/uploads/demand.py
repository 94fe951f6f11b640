"""Validate an uploaded demand-assumptions table: the Demand page's custom scenario.

Each uploaded row describes one product of a modelled sector (sector, label, units in the base
year, magnet mass per unit, rare earth content, growth per scenario). The rows of a sector
replace ALL reference rows of that sector, so a file that renames or regroups products never
counts a sector twice; sectors the file does not mention keep the reference rows, and the
result lists both. Numbers must lie in the ranges the Demand page's editor allows
(``demand.ASSUMPTION_COLUMNS``); a growth rate the file leaves out is taken from the reference
row with the same label (or the sector's first row), and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rare_earth_atlas.demand.model import ASSUMPTION_COLUMNS, assumptions_from_table, modelled_beyond_other_uses
from rare_earth_atlas.uploads.cells import decimal_comma_column, parse_cell
from rare_earth_atlas.uploads.reader import ReadResult

GROWTH_COLUMNS = ("growth_steps_pct", "growth_aps_pct", "growth_nze_pct")
UPLOAD_BASIS = "your data"
REPORT_COLUMNS = ["line", "column", "value", "problem", "action"]


@dataclass
class DemandUpload:
    assumptions: pd.DataFrame  # the reference table with the uploaded sectors replaced
    report: pd.DataFrame  # line, column, value, problem, action
    read: int
    kept: int
    rejected: int
    replaced_sectors: list[str]  # sectors whose reference rows the upload replaced
    unchanged: list[str]  # reference labels kept because the upload does not mention their sector
    notes: list[str]  # conventions the file was read with


def _as_fractions(table: pd.DataFrame, mapping: dict[str, str], comma: dict[str, bool]) -> tuple[set[str], list[str]]:
    """Percentage columns written as Excel fractions (31% stored as 0.31). Rare earth content
    decides: NdFeB magnets are about 30% rare earths, so a content column entirely in (0, 1]
    is fractions. Growth columns are then read the same way when all their values lie in
    [-1, 1]; each conversion is stated in the notes."""
    if "ree_content_pct" not in mapping:
        return set(), []

    def values(column):
        parsed = [parse_cell(str(v).strip(), comma.get(column, False)).value for v in table[mapping[column]]]
        return [v for v in parsed if v is not None]

    contents = values("ree_content_pct")
    if not contents or not all(0 < v <= 1 for v in contents):
        return set(), []
    columns = {"ree_content_pct"} | {c for c in GROWTH_COLUMNS if c in mapping and all(-1 <= v <= 1 for v in values(c))}
    note = (
        f"Percentages were written as fractions (rare earth content {contents[0]:g}); read as percent "
        f"({contents[0] * 100:g}%) in: {', '.join(sorted(columns))}."
    )
    return columns, [note]


def validate_demand_assumptions(
    read: ReadResult,
    mapping: dict[str, str],
    reference: pd.DataFrame,
    filename: str,
    demand_iea: pd.DataFrame | None = None,
) -> DemandUpload:
    """The reference assumptions with the valid rows of an uploaded table in place of their sectors.

    Given the IEA's demand, a file whose rows together would make the modelled sectors exceed the
    IEA's "other uses" in any scenario and year is not used: the report says where, and the
    reference assumptions stay."""
    table = read.table
    lines = list(read.lines) or [read.header_line + i + 1 for i in range(len(table))]
    sectors = list(dict.fromkeys(reference["sector"]))
    european = read.delimiter == ";"  # Excel writes semicolons where the comma is the decimal mark
    comma = {
        c: decimal_comma_column([str(v) for v in table[h]], european)
        for c, h in mapping.items()
        if c in ASSUMPTION_COLUMNS
    }
    fractions, notes = _as_fractions(table, mapping, comma)
    problems, uploaded = [], []

    def report(line, column, value, problem, action):
        problems.append(
            {"line": line, "column": mapping.get(column, column), "value": value, "problem": problem, "action": action}
        )

    for (_, row), line in zip(table.iterrows(), lines, strict=True):
        sector_text = str(row[mapping["sector"]]).strip()
        sector = sector_text.lower().replace(" ", "_")
        if sector not in sectors:
            report(
                line, "sector", sector_text, f"not a modelled sector (use one of: {', '.join(sectors)})", "row not used"
            )
            continue
        same_sector = reference[reference["sector"] == sector]
        label = str(row[mapping["label"]]).strip() if "label" in mapping else ""
        label = label or f"{sector_text} (your data, line {line})"
        numbers = _numbers(row, line, mapping, comma, fractions, report)
        if numbers is None:
            continue
        same_label = same_sector[same_sector["label"].str.lower() == label.lower()]
        template = (same_label if len(same_label) else same_sector).iloc[0]
        for column in GROWTH_COLUMNS:
            if column not in numbers:
                numbers[column] = float(template[column])
                report(
                    line,
                    column,
                    "",
                    "growth not given",
                    f"used the reference value {template[column]:g}% a year ({template['label']})",
                )
        if "ceiling_units" not in numbers:
            ceiling = max(float(template["ceiling_units"]), numbers["units_base_year"])
            numbers["ceiling_units"] = ceiling
            report(
                line, "ceiling_units", "", "market size at saturation not given",
                f"used the reference value {ceiling:g} a year ({template['label']}; the base-year units where higher)",
            )  # fmt: skip
        uploaded.append(
            {
                **template.to_dict(),
                "sector": sector,
                "label": label,
                **numbers,
                "basis": f"{UPLOAD_BASIS}: {filename}",
                "reasoning": f"From your file {filename}, line {line}.",
                "source_id": "",
            }
        )
    replaced_sectors = list(dict.fromkeys(r["sector"] for r in uploaded))
    if demand_iea is not None and uploaded:
        trial = pd.concat(
            [reference[~reference["sector"].isin(replaced_sectors)], pd.DataFrame(uploaded, columns=reference.columns)],
            ignore_index=True,
        )
        beyond = modelled_beyond_other_uses(assumptions_from_table(trial), demand_iea)
        if beyond:
            report(
                "",
                "file",
                filename,
                beyond.removeprefix("Not taken: "),
                "file not used; the reference assumptions are kept",
            )
            uploaded, replaced_sectors = [], []
    kept_reference = reference[~reference["sector"].isin(replaced_sectors)]
    result = pd.concat([kept_reference, pd.DataFrame(uploaded, columns=reference.columns)], ignore_index=True)
    for column in ASSUMPTION_COLUMNS:
        result[column] = result[column].astype(float)
    return DemandUpload(
        assumptions=result,
        report=pd.DataFrame(problems, columns=REPORT_COLUMNS),
        read=len(table),
        kept=len(uploaded),
        rejected=len(table) - len(uploaded),
        replaced_sectors=replaced_sectors,
        unchanged=kept_reference["label"].tolist(),
        notes=notes,
    )


def _numbers(row, line, mapping, comma, fractions, report) -> dict[str, float] | None:
    """The row's assumption values in percent, or None when one is missing or out of range
    (each such cell reported)."""
    numbers, bad = {}, False
    for column, (name, low, high) in ASSUMPTION_COLUMNS.items():
        if column not in mapping:
            continue
        text = str(row[mapping[column]]).strip()
        value = parse_cell(text, comma.get(column, False)).value
        if value is not None and column in fractions:
            value *= 100
        if value is None or not low <= value <= high:
            report(line, column, text, f"{name} must be a number from {low:g} to {high:g}", "row not used")
            bad = True
        numbers[column] = value
    return None if bad else numbers
