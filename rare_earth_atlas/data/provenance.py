"""Where numbers come from: source lines, "data as of" stamps and safe CSV exports.

Every chart and KPI shows a source line built here from ``sources.csv``; every table the
user downloads carries its source columns and is written by ``to_safe_csv``, which
neutralises spreadsheet formulas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from rare_earth_atlas.data.reference import ReferenceData, split_source_ids

# Cells starting with these characters are run as formulas by spreadsheet programs
# (OWASP "CSV injection"); such text cells get a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def source_ids_in(values: Iterable[str]) -> list[str]:
    """Distinct source ids in a column of source_id cells, in first-seen order."""
    seen: dict[str, None] = {}
    for value in values:
        for sid in split_source_ids(value):
            seen.setdefault(sid, None)
    return list(seen)


def short_citation(source: pd.Series) -> str:
    """'Publisher, Title (YYYY)' for one row of sources.csv."""
    year = str(source["published"])[:4]
    return f"{source['publisher']}, {source['title']} ({year})"


def read_at_second_hand(source: pd.Series) -> bool:
    """True when sources.csv's notes say the figure was read in a secondary report, not in
    the publisher's own document."""
    return bool(re.search(r"\bsecondary\b", str(source["notes"]), re.IGNORECASE))


def source_line(source_ids: Iterable[str], sources: pd.DataFrame, max_named: int = 4) -> str:
    """'Source: ...' line for a chart, naming publisher, title/edition and year of each source.

    Past ``max_named`` sources (a chart built from dozens of facility reports) the line names
    the first ones and counts the rest, which the chart's "View data" table lists row by row.
    """
    by_id = sources.set_index("source_id")
    ids = [sid for sid in source_ids if sid in by_id.index]
    if not ids:
        raise ValueError("a chart needs at least one known source")
    label = "Source" if len(ids) == 1 else "Sources"
    named = "; ".join(short_citation(by_id.loc[sid]) for sid in ids[:max_named])
    more = len(ids) - max_named
    tail = f"; and {more} more sources, listed row by row under View data" if more > 0 else ""
    return f"{label}: {named}{tail}."


def with_source_columns(table: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add source title, publisher, date and URL columns next to a table's ``source_id``,
    so a downloaded table says where each number comes from."""
    columns = ("title", "publisher", "published", "url")
    # Plain lists: to_dict("records") is slow on pandas 3's Arrow-backed strings.
    values = [sources[c].tolist() for c in ("source_id", *columns)]
    by_id = {sid: dict(zip(columns, rest, strict=True)) for sid, *rest in zip(*values, strict=True)}
    out = table.copy()
    ids = [str(v) for v in out["source_id"].tolist()]
    distinct = {value: [by_id[sid] for sid in split_source_ids(value) if sid in by_id] for value in set(ids)}
    for column in columns:
        lookup = {value: "; ".join(str(s[column]) for s in found) for value, found in distinct.items()}
        out[f"source_{column}"] = [lookup[v] for v in ids]
    return out


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
            )
    safe_columns = ["'" + str(c) if isinstance(c, str) and c.startswith(FORMULA_PREFIXES) else c for c in out.columns]
    out.columns = safe_columns
    return out


def to_safe_csv(table: pd.DataFrame) -> bytes:
    """CSV bytes that open cleanly in a spreadsheet: UTF-8 with BOM, formulas neutralised, and
    numbers to 12 significant digits (a computed -10.1 is written -10.1, not -10.099999999999994;
    no figure in the atlas has more digits than that)."""
    return (
        neutralise_formulas(table).to_csv(index=False, lineterminator="\r\n", float_format="%.12g").encode("utf-8-sig")
    )


@dataclass(frozen=True)
class DataAsOf:
    title: str
    publisher: str
    published: str
    source_id: str

    def sentence(self) -> str:
        return f"Data as of {self.title} ({self.publisher}, published {self.published})."


def data_as_of(reference: ReferenceData, tables: Iterable[str] = ("mine_production", "stage_shares")) -> DataAsOf:
    """The newest edition among the sources feeding the given tables."""
    ids = source_ids_in(pd.concat([reference.table(t)["source_id"] for t in tables]))
    used = reference.sources[reference.sources["source_id"].isin(ids)]
    newest = used.sort_values("published").iloc[-1]
    return DataAsOf(newest["title"], newest["publisher"], newest["published"], newest["source_id"])
