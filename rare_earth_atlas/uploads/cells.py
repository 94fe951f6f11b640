"""Turn text cells from uploads into numbers and flags, never into wrong numbers.

Statistical tables mark cells instead of giving numbers: "W" (withheld), "NA", dashes, "e" or
"est." for estimates, ">90,000,000" for a lower bound. Each cell becomes a ``CellValue``: a
number or None, plus a flag saying what the cell said; callers count the flags and report
them (how many and where), so nothing is lost silently.

Numbers are read in the file's own convention: "270,000" (thousands comma), "29,87" or
"1.234,5" (decimal comma), "1 234" (space thousands). ``decimal_comma_column`` decides the
convention for a whole column from all its cells, so "270,000" and "29,87" are never mixed up.

Wide tables (one column per year: "2023", "Prod_t_2023", "Prod_t_est_2024") are reshaped to one
row per entity and year by ``wide_to_long``, keeping the estimate flag from the column name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

WITHHELD = "withheld"
NOT_AVAILABLE = "not available"
DASH = "dash (zero or not available in the source)"
ESTIMATE = "estimate"
LOWER_BOUND = "lower bound"
UPPER_BOUND = "upper bound"
NOT_A_NUMBER = "not a number"

_NA_TEXT = {"na", "n/a", "n.a.", "nan", "null", "none", "..", "…", "x", "n.d.", "nd"}
_DASHES = {"—", "–", "-", "--", "---", "−"}
_ESTIMATE_RE = re.compile(r"^(?:est\.?|e)\s*(.+?)$|^(.+?)\s*(?:\(?e\)?|est\.?|\(est\.?\))$", re.IGNORECASE)
_DECIMAL_COMMA_RE = re.compile(r"^[+-]?\d{1,3}(?:[.\s\u00a0]\d{3})*,\d+$|^[+-]?\d+,\d{1,2}$")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class CellValue:
    value: float | None
    flag: str = ""  # "" for a plain number; otherwise one of the constants above


_DOT_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+$")
_DOT_DECIMAL_RE = re.compile(r"^[+-]?\d*\.\d+$")
_COMMA_THOUSANDS_RE = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def decimal_comma_column(cells: list[str], european: bool = False, dot_grouped: int = 0, dot_decimal: int = 0) -> bool:
    """True if the column writes decimals with a comma ("29,87", "1.234,5") and dots, if any,
    group thousands ("270.000").

    Evidence: a cell with a comma followed by digits that cannot be comma-grouped thousands
    says decimal comma; "270,000" or "1,234.5" says decimal point. When no cell has a comma,
    dot-grouped cells ("270.000", "2.500") are read as thousands only in a semicolon-separated
    file (``european``: Excel writes semicolons where the comma is the decimal mark), and only
    if no cell uses a dot as a decimal point ("29.87"). ``dot_grouped`` and ``dot_decimal``
    add counts of such cells that the caller has already classified (vectorised callers).
    """
    decimal_like = thousands_like = 0
    for raw in cells:
        s = _strip_markers(str(raw).strip())[0]
        if not s:
            continue
        if "," in s:
            if _DECIMAL_COMMA_RE.match(s) and not re.match(r"^[+-]?\d{1,3}(?:,\d{3})+$", s):
                decimal_like += 1
            elif _COMMA_THOUSANDS_RE.match(s):
                thousands_like += 1
        elif _DOT_GROUPED_RE.match(s):
            dot_grouped += 1
        elif _DOT_DECIMAL_RE.match(s):
            dot_decimal += 1
    if thousands_like:
        return False
    if decimal_like:
        return True
    return european and dot_grouped > 0 and dot_decimal == 0


def _strip_markers(s: str) -> tuple[str, str]:
    """Remove an estimate or lower-bound marker; return (rest, flag)."""
    if s[:1] in ("<", ">"):
        return s[1:].strip(), LOWER_BOUND if s[0] == ">" else UPPER_BOUND
    match = _ESTIMATE_RE.match(s)
    if match:
        rest = (match.group(1) or match.group(2) or "").strip()
        if rest and re.search(r"\d", rest):
            return rest, ESTIMATE
    return s, ""


def parse_cell(raw: object, decimal_comma: bool = False) -> CellValue:
    """One cell: a number, or None with a flag saying what the cell held."""
    if raw is None or (isinstance(raw, float) and pd.isna(raw)):
        return CellValue(None, NOT_AVAILABLE)
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:
            return CellValue(None, NOT_A_NUMBER)
        return CellValue(value) if abs(value) != float("inf") else CellValue(None, NOT_A_NUMBER)
    s = str(raw).strip()
    if s == "":
        return CellValue(None, NOT_AVAILABLE)
    if s.upper() == "W":
        return CellValue(None, WITHHELD)
    if s.lower() in _NA_TEXT:
        return CellValue(None, NOT_AVAILABLE)
    if s in _DASHES:
        return CellValue(None, DASH)
    rest, flag = _strip_markers(s)
    number = _number(rest, decimal_comma)
    if number is None:
        return CellValue(None, NOT_A_NUMBER)
    return CellValue(number, flag)


def _number(s: str, decimal_comma: bool) -> float | None:
    s = s.replace("\u00a0", " ").replace("\u2212", "-").strip()
    s = re.sub(r"\s*%$", "", s)
    if decimal_comma:
        s = s.replace(" ", "")
        if "." in s and not re.match(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$", s):
            return None  # "2.5" in a decimal-comma column: ambiguous, so not read as a number
        s = s.replace(".", "").replace(",", ".")
    else:
        if re.match(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$", s):
            s = s.replace(",", "")
        elif re.match(r"^[+-]?\d{1,3}(?: \d{3})+(?:\.\d+)?$", s):
            s = s.replace(" ", "")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def parse_column(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(numbers, flags) for a column of text cells, in the column's own decimal convention."""
    texts = cells.tolist()
    comma = decimal_comma_column([str(t) for t in texts])
    parsed = [parse_cell(t, comma) for t in texts]
    return (
        pd.Series([p.value for p in parsed], index=cells.index, dtype="float64"),
        pd.Series([p.flag for p in parsed], index=cells.index, dtype=object),
    )


@dataclass(frozen=True)
class YearColumn:
    column: str
    year: int
    estimated: bool


def year_columns(columns: list[str]) -> list[YearColumn]:
    """Columns that hold one year each: '2023', 'Prod_t_2023', 'Prod_t_est_2024', '2024e'."""
    found = []
    for column in columns:
        years = set(_YEAR_RE.findall(str(column)))  # "2020 [YR2020]" (World Bank) holds one year twice
        if len(years) != 1:
            continue
        lowered = str(column).lower()
        estimated = bool(
            re.search(r"(?:^|[_\s\-(])est(?:imated?)?(?:[_\s\-).]|$)", lowered)
            or re.search(r"\d{4}\s*\(?e\)?$", lowered)
        )
        found.append(YearColumn(column, int(years.pop()), estimated))
    return found


def wide_to_long(table: pd.DataFrame, id_columns: list[str]) -> pd.DataFrame:
    """Reshape a table with one column per year to one row per id and year, with the column
    name's estimate flag. Raises ``ValueError`` if fewer than two year columns are found."""
    years = year_columns([c for c in table.columns if c not in id_columns])
    if len(years) < 2:
        raise ValueError("not a wide table: fewer than two year columns")
    frames = []
    for yc in years:
        part = table[id_columns].copy()
        part["year"] = yc.year
        part["value_text"] = table[yc.column]
        part["estimated_column"] = yc.estimated
        part["source_column"] = yc.column
        part["source_row"] = table.index
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


SET_ASIDE_COLUMNS = ["dimension", "value", "values", "reason"]


class SetAsideCounts:
    """Counts for a validated upload whose ``set_aside`` table lists what was not read (another
    commodity or statistic) by value and reason: in the file = set aside + read."""

    read: int
    set_aside: pd.DataFrame

    @property
    def set_aside_count(self) -> int:
        return int(self.set_aside["values"].sum()) if len(self.set_aside) else 0

    @property
    def in_file(self) -> int:
        return self.read + self.set_aside_count


def no_set_aside() -> pd.DataFrame:
    return pd.DataFrame(columns=SET_ASIDE_COLUMNS)
