"""Readers for USGS's original rare earth files, as USGS publishes them.

The reference CSVs for mine production and reserves are built from these files by
``scripts/build_reference.py``, so every number can be traced back to a cell in a USGS
file. Three inputs:

* the Mineral Commodity Summaries 2026 data release (long CSV, Windows-1252, thousands
  separators, "—" for zero, "NA", ">85,000,000"), plus USGS's own list of corrections
  made after release (version history);
* the Minerals Yearbook 2022 advance tables (sheet T8: title rows above the header,
  footnote letters glued to country names, estimate/revision markers in their own columns);
* a transcription of the MCS 2025 table for 2023, which no machine-readable file here
  carries (kept as text exactly as printed).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rare_earth_atlas.data.countries import WORLD_ISO3, iso3_for

MCS2026_EDITION = "USGS MCS 2026 (v1.3)"
MCS2025_EDITION = "USGS MCS 2025"
MYB2022_EDITION = "USGS Minerals Yearbook 2022 (advance tables)"

# Editions ranked by publication date: when two editions give a figure for the same
# country and year, the newer one wins.
EDITION_PUBLISHED = {
    MCS2025_EDITION: "2025-01-31",
    MYB2022_EDITION: "2025-03-19",
    MCS2026_EDITION: "2026-02-06",
}

IMPORT_DATA_NOTE = "Estimated by USGS from China's import data (Trade Data Monitor)."


@dataclass(frozen=True)
class UsgsNumber:
    """A number as printed in a USGS table: value (None when not available) and qualifier."""

    value: float | None
    qualifier: str = ""  # ">" for a lower bound, "" otherwise
    not_available: bool = False


def parse_usgs_number(text: object) -> UsgsNumber:
    """Parse a USGS table cell: "45,500", "—" or "--" (zero), "NA", ">85,000,000".

    Raises ``ValueError`` for anything else, so an unexpected marker fails the build.
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return UsgsNumber(None, not_available=True)
    if isinstance(text, (int, float)):
        return UsgsNumber(float(text))
    s = str(text).strip()
    if s in {"—", "--", "–", "-"}:
        return UsgsNumber(0.0)
    if s.upper() in {"NA", "W", ""}:
        return UsgsNumber(None, not_available=True)
    qualifier = ""
    if s[0] in "<>":
        qualifier, s = s[0], s[1:].strip()
    try:
        return UsgsNumber(float(s.replace(",", "")), qualifier)
    except ValueError as exc:
        raise ValueError(f"cannot read USGS value {text!r}") from exc


def read_mcs2026_rare_earths(csv_path: Path) -> pd.DataFrame:
    """Rows of the MCS 2026 "World Mine Production and Reserves" table for rare earths."""
    raw = pd.read_csv(csv_path, encoding="cp1252", dtype=str)
    table = raw[(raw["MCS chapter"] == "RARE EARTHS") & (raw["Section"] == "World Mine Production and Reserves")]
    if table.empty:
        raise ValueError(f"{csv_path}: no RARE EARTHS world production rows found")
    return table.reset_index(drop=True)


@dataclass(frozen=True)
class Correction:
    """A change USGS published after the data release (from its version history)."""

    statistic: str  # "Production" or "Reserves"
    country: str
    year: int
    old_text: str
    new_text: str
    version: str


# From usgs_mcs2026_version_history.txt (version 1.3, 27 May 2026). The build checks that
# the history file still says so, and that the data file still holds the old value.
MCS2026_CORRECTIONS = (
    Correction("Reserves", "Brazil", 2025, "21,000,000", "11,000,000", "1.3"),
    Correction("Reserves", "World total", 2025, ">85,000,000", ">75,000,000", "1.3"),
)

# MCS 2026's chapter note: "Significant revisions were made to the 2024 production for
# Australia, Brazil, Burma, Madagascar, Nigeria, and Vietnam".
MCS2026_REVISED_2024 = ("Australia", "Brazil", "Burma", "Madagascar", "Nigeria", "Vietnam")


def apply_corrections(table: pd.DataFrame, history_text: str) -> pd.DataFrame:
    """Apply ``MCS2026_CORRECTIONS`` to the data-release rows, checking each against the
    version history and the file, so a silent mismatch cannot creep in."""
    table = table.copy()
    for c in MCS2026_CORRECTIONS:
        if c.new_text not in history_text or c.old_text not in history_text:
            raise ValueError(f"version history does not mention {c.old_text} -> {c.new_text}")
        mask = (table["Statistics"] == c.statistic) & (table["Country"] == c.country) & (table["Year"] == str(c.year))
        if mask.sum() != 1 or table.loc[mask, "Value"].iloc[0] != c.old_text:
            raise ValueError(f"correction {c} does not match the data file")
        table.loc[mask, "Value"] = c.new_text
    return table


def _mcs2026_status(notes: str) -> str:
    notes = notes or ""
    if "Estimated" in notes:
        return "estimated"
    return "reported"


def mine_production_from_mcs2026(table: pd.DataFrame) -> pd.DataFrame:
    """Mine production rows (t REO) from the corrected MCS 2026 table."""
    prod = table[table["Statistics"] == "Production"]
    rows = []
    for r in prod.itertuples(index=False):
        number = parse_usgs_number(r.Value)
        notes_text = r.Notes if isinstance(r.Notes, str) else ""
        notes = []
        if "import data for China" in notes_text:
            notes.append(IMPORT_DATA_NOTE)
        year = int(r.Year)
        if year == 2024 and r.Country in MCS2026_REVISED_2024:
            notes.append("2024 figure revised in MCS 2026.")
        if r.Country == "World total":
            notes.append("World total rounded by USGS.")
        rows.append(
            {
                "country": r.Country,
                "iso3": iso3_for(r.Country),
                "year": year,
                "tonnes_reo": number.value,
                "status": _mcs2026_status(notes_text),
                "edition": MCS2026_EDITION,
                "source_id": "usgs_mcs2026",
                "notes": " ".join(notes),
            }
        )
    return pd.DataFrame(rows)


def reserves_from_mcs2026(table: pd.DataFrame) -> pd.DataFrame:
    """Reserve rows (t REO) from the corrected MCS 2026 table; NA stays empty."""
    res = table[table["Statistics"] == "Reserves"]
    rows = []
    for r in res.itertuples(index=False):
        number = parse_usgs_number(r.Value)
        notes_text = r.Notes if isinstance(r.Notes, str) else ""
        notes = []
        if "Joint Ore Reserves Committee" in notes_text:
            notes.append("JORC-compliant or equivalent reserves were 3.3 million t.")
        correction = next(
            (c for c in MCS2026_CORRECTIONS if c.statistic == "Reserves" and c.country == r.Country), None
        )
        if correction:
            notes.append(f"Revised in version {correction.version} from {correction.old_text}.")
        if number.not_available:
            notes.append("USGS: not available (NA).")
        rows.append(
            {
                "country": r.Country,
                "iso3": iso3_for(r.Country),
                "tonnes_reo": number.value,
                "qualifier": number.qualifier,
                "edition": MCS2026_EDITION,
                "source_id": "usgs_mcs2026",
                "notes": " ".join(notes),
            }
        )
    return pd.DataFrame(rows)


_FOOTNOTE_RE = re.compile(r"^(\d+)(\D.*)$")


def read_myb_world_production(xlsx_path: Path, sheet: str = "T8") -> pd.DataFrame:
    """World mine production by country from a Minerals Yearbook table.

    Handles the layout USGS uses: title rows, a header row starting "Country or locality",
    one marker column after each year ("e" estimated, "r" revised, digits = footnote),
    a trailing "e" on a country name meaning every figure for it is estimated, and
    footnote numbers glued to names ("China3", "Indiae, 4").
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl complains about print areas
        grid = pd.read_excel(xlsx_path, sheet_name=sheet, header=None, dtype=object)
    first_col = grid[0].astype(str)
    header_idx = first_col[first_col.str.startswith("Country or locality")].index[0]
    header = grid.loc[header_idx]
    year_cols = {
        int(v): i for i, v in header.items() if isinstance(v, (int, float)) and not pd.isna(v) and 1900 < v < 2100
    }
    footnotes: dict[str, str] = {}
    for text in first_col[header_idx + 1 :]:
        m = _FOOTNOTE_RE.match(text)
        if m:
            footnotes[m.group(1)] = m.group(2).strip()
    rows = []
    for idx in range(header_idx + 1, len(grid)):
        raw_name = grid.loc[idx, 0]
        if not isinstance(raw_name, str) or raw_name.startswith("e") and "Estimated" in raw_name:
            break
        name_part, _, foot_part = raw_name.partition(",")
        name_part = name_part.strip()
        note_ids = re.findall(r"\d+", foot_part)
        m = re.match(r"^(.*?)(\d+)$", name_part)
        if m:
            name_part, note_ids = m.group(1), [m.group(2), *note_ids]
        all_estimated = False
        try:
            iso3 = iso3_for(name_part)
            country = name_part
        except ValueError:
            if not name_part.endswith("e"):
                raise
            country = name_part[:-1]
            iso3 = iso3_for(country)
            all_estimated = True
        row_notes = [footnotes[n] for n in note_ids if n in footnotes]
        for year, col in year_cols.items():
            number = parse_usgs_number(grid.loc[idx, col])
            marker = grid.loc[idx, col + 1] if col + 1 < grid.shape[1] else None
            marker = "" if marker is None or (isinstance(marker, float) and pd.isna(marker)) else str(marker).strip()
            notes = list(row_notes)
            if marker.isdigit() and marker in footnotes:
                notes.append(footnotes[marker])
            if all_estimated or marker == "e":
                status = "estimated"
            elif marker == "r":
                status = "revised"
            else:
                status = "reported"
            if iso3 == WORLD_ISO3:
                country = "World total"
                notes.append("Total as printed by USGS (rounded; may include estimated data).")
            rows.append(
                {
                    "country": country,
                    "iso3": iso3,
                    "year": year,
                    "tonnes_reo": number.value,
                    "status": status,
                    "edition": MYB2022_EDITION,
                    "source_id": "usgs_myb2022",
                    "notes": " ".join(notes),
                }
            )
    return pd.DataFrame(rows)


def read_transcription(csv_path: Path, edition: str, source_id: str) -> pd.DataFrame:
    """Read a table transcribed from a USGS PDF (columns country, year, value_as_printed, status, notes)."""
    raw = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    rows = []
    for r in raw.itertuples(index=False):
        rows.append(
            {
                "country": r.country,
                "iso3": iso3_for(r.country),
                "year": int(r.year),
                "tonnes_reo": parse_usgs_number(r.value_as_printed).value,
                "status": r.status,
                "edition": edition,
                "source_id": source_id,
                "notes": r.notes,
            }
        )
    return pd.DataFrame(rows)


def newest_edition_per_year(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack production tables, keeping for each country and year the newest edition's row."""
    stacked = pd.concat(frames, ignore_index=True)
    stacked["_published"] = stacked["edition"].map(EDITION_PUBLISHED)
    if stacked["_published"].isna().any():
        unknown = sorted(stacked.loc[stacked["_published"].isna(), "edition"].unique())
        raise ValueError(f"no publication date for editions {unknown}")
    stacked = stacked.sort_values("_published").drop_duplicates(["iso3", "year"], keep="last")
    return stacked.drop(columns="_published").sort_values(["year", "iso3"]).reset_index(drop=True)
