"""Validate an uploaded country-year table: long, wide by year, or wide by statistic.

Long tables have one row per country and year (country, year, value, and columns that say
what the value is: commodity, measure or statistic, detail, flow, unit). Wide tables have one
column per year ("2023", "Prod_t_est_2024"), each year cell one value, with an unnamed marker
column after a year where the publisher puts its "e" and "r"; tables wide by statistic have one
column per statistic ("Production", "Imports", "Rare earths production (t)"). A file with no
country column is read as the one country the user names.

Values outside the chosen subset (another commodity, another statistic) are set aside and
counted by reason; the others are either kept (a number, with its estimate or bound flag) or
reported with their file line, column and reason. Counts add up: in the file = set aside +
read, read = kept + rejected; markers such as "W" or "NA" are counted, never turned into zeros.

The work is vectorised with pyarrow so a million-row file validates in well under a second:
plain numbers ("21000", "29.5") are converted in one cast, and only the other cells (markers,
thousands separators, decimal commas) go through ``parse_cell`` one distinct text at a time.
Countries and years are interpreted once per distinct text, for the same reason.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from rare_earth_atlas.data.countries import glued_estimate, is_aggregate, is_former_country, normalise_country
from rare_earth_atlas.uploads.cells import (
    ESTIMATE,
    LOWER_BOUND,
    SET_ASIDE_COLUMNS,
    UPPER_BOUND,
    SetAsideCounts,
    decimal_comma_column,
    no_set_aside,
    parse_cell,
    year_columns,
)
from rare_earth_atlas.uploads.reader import ReadResult

COLUMNS = [
    "country",
    "iso3",
    "year",
    "value",
    "commodity",
    "measure",
    "detail",
    "flow",
    "unit",
    "estimated",
    "lower_bound",
    "upper_bound",
    "line",
    "source_column",
]
REPORT_COLUMNS = ["line", "column", "value", "problem", "action"]
# Template columns that say what a value is; a subset of their values is what reaches the charts.
DIMENSIONS = ("commodity", "measure", "detail", "flow")
DIMENSION_NAMES = {"commodity": "commodity", "measure": "statistic", "detail": "detail", "flow": "flow"}


@dataclass
class CountryYearUpload(SetAsideCounts):
    values: pd.DataFrame  # kept values, one row per country, year and what the value is
    report: pd.DataFrame  # line, column, value, problem, action
    read: int  # values in the chosen subset
    kept: int
    rejected: int
    wide: bool
    flagged: dict[str, int]  # kept values carrying a flag: {"estimate": n, "lower bound": n, ...}
    set_aside: pd.DataFrame = field(default_factory=no_set_aside)
    layout: str = "long"  # "long", "wide by year" or "wide by statistic"


def _strings(column: pd.Series) -> pa.Array:
    """A table column as one arrow string array (zero-copy for the pyarrow reader's columns)."""
    if isinstance(column.dtype, pd.ArrowDtype) or str(column.dtype) == "str":
        array = pa.array(column)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        return array.cast(pa.string())
    return pa.array(column.to_numpy(dtype=object), type=pa.string(), from_pandas=True).fill_null("")


Distinct = tuple[np.ndarray, list[str]]  # (index into the texts for each cell, the distinct texts)


def _distinct(column: pd.Series) -> Distinct:
    """A column's distinct texts and each cell's index into them. The pyarrow reader already
    dictionary-encodes columns with few distinct values (countries, years, units), so for those
    this only unifies the per-block dictionaries."""
    if isinstance(column.dtype, pd.ArrowDtype) and pa.types.is_dictionary(column.dtype.pyarrow_dtype):
        array = pa.array(column)
        chunked = (array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])).unify_dictionaries()
        if chunked.num_chunks == 0:
            return np.zeros(0, dtype=np.int32), []
        indices = np.concatenate([chunk.indices.to_numpy(zero_copy_only=False) for chunk in chunked.chunks])
        return indices, chunked.chunk(0).dictionary.to_pylist()
    encoded = pc.dictionary_encode(_strings(column))
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


def _per_distinct(texts: pa.Array, interpret) -> tuple[np.ndarray, list]:
    """Apply ``interpret`` once per distinct text; return (index of each cell's result, results)."""
    encoded = pc.dictionary_encode(texts)
    results = [interpret(text) for text in encoded.dictionary.to_pylist()]
    return encoded.indices.to_numpy(zero_copy_only=False), results


def _categorical(distinct: Distinct | str, at: np.ndarray) -> pd.Categorical:
    """The stripped texts at positions ``at``, as a categorical (few distinct values, many rows)."""
    if isinstance(distinct, str):  # one text for every value: a one-category categorical, not a million copies
        return pd.Categorical.from_codes(np.zeros(len(at), dtype=np.int8), categories=[distinct])
    index, texts = distinct
    stripped = [str(t).strip() for t in texts]
    categories = list(dict.fromkeys(stripped))
    position = {c: i for i, c in enumerate(categories)}
    recode = np.array([position[s] for s in stripped], dtype=np.int32)
    return pd.Categorical.from_codes(recode[index[at]], categories=categories)


def _year(text: str) -> int | None:
    year = parse_cell(text.strip()).value
    if year is None or year != int(year) or not 1900 <= year <= 2100:
        return None
    return int(year)


FLAGS = ["", ESTIMATE, LOWER_BOUND, UPPER_BOUND]  # flags a kept value can carry, by code


PARALLEL_MIN_CELLS = 200_000  # below this, threads cost more than they save
THREADS = 2


def _in_parts(function, texts: pa.Array, *args) -> list:
    """``function`` applied to consecutive slices of ``texts``, in threads when the column is
    large: pyarrow's compute kernels release the GIL, so the slices run on separate cores."""
    if len(texts) < PARALLEL_MIN_CELLS:
        return [function(texts, *args)]
    step = -(-len(texts) // THREADS)
    parts = [texts.slice(i, step) for i in range(0, len(texts), step)]
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(lambda part: function(part, *args), parts))


def _number_shapes(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(whole numbers "21000", numbers with one dot "29.87" or "270.000") as boolean masks."""
    digits = pc.utf8_is_decimal(texts)
    one_dot = pc.and_(pc.utf8_is_decimal(pc.replace_substring(texts, ".", "", max_replacements=1)), pc.invert(digits))
    return digits.to_numpy(zero_copy_only=False), one_dot.to_numpy(zero_copy_only=False)


def _cast(texts: pa.Array, mask: np.ndarray) -> np.ndarray:
    return pc.cast(pc.filter(texts, pa.array(mask)), pa.float64()).to_numpy()


def _values(texts: pa.Array, european: bool) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """(numbers with NaN where none, flag codes, {position: flag} for cells without a number).

    Whole numbers ("21000") are read by one cast whatever the convention. Numbers with one dot
    ("29.87", "270.000") are cast too, unless the column turns out to use decimal commas, in
    which case their dots group thousands and they go through ``parse_cell`` with the rest."""
    shapes = _in_parts(_number_shapes, texts)
    digits = np.concatenate([d for d, _ in shapes])
    one_dot = np.concatenate([o for _, o in shapes])
    rest = ~(digits | one_dot)
    grouped = dot_decimal = 0
    if european:  # dot-grouped thousands ("270.000") only count as evidence in a semicolon file
        dotted = pc.filter(texts, pa.array(one_dot))
        grouped = pc.sum(pc.match_substring_regex(dotted, r"^\d{1,3}\.\d{3}$")).as_py() or 0
        dot_decimal = len(dotted) - grouped
    comma = decimal_comma_column(
        pc.unique(pc.filter(texts, pa.array(rest))).to_pylist(), european, dot_grouped=grouped, dot_decimal=dot_decimal
    )
    fast = digits if comma else digits | one_dot
    numbers = np.full(len(texts), np.nan)
    if len(texts) < PARALLEL_MIN_CELLS:
        numbers[fast] = _cast(texts, fast)
    else:
        step = -(-len(texts) // THREADS)
        with ThreadPoolExecutor(THREADS) as pool:
            casts = pool.map(lambda i: (i, _cast(texts.slice(i, step), fast[i : i + step])), range(0, len(texts), step))
            for i, cast in casts:
                numbers[i : i + step][fast[i : i + step]] = cast
    codes = np.zeros(len(texts), dtype=np.int8)
    other = np.flatnonzero(~fast)
    missing: dict[int, str] = {}
    if len(other):
        other_texts = texts.take(pa.array(other))
        index, parsed = _per_distinct(other_texts, lambda text: parse_cell(text, comma))
        numbers[other] = np.array([np.nan if p.value is None else p.value for p in parsed], dtype=float)[index]
        codes[other] = np.array([FLAGS.index(p.flag) if p.flag in FLAGS else 0 for p in parsed], dtype=np.int8)[index]
        missing = {int(at): parsed[i].flag for at, i in zip(other, index, strict=True) if parsed[i].value is None}
    return numbers, codes, missing


@dataclass
class _Rows:
    """What every column of values in one table shares: the rows' countries (distinct texts and
    each row's index into them), their file lines, what the values are, the decimal mark."""

    countries: Distinct
    country_column: str
    labels: dict[str, Distinct | str]  # {"measure": ..., "unit": ...}: a column (Distinct) or one text
    lines: np.ndarray
    european: bool


@dataclass
class _Column:
    """One column of values: a long table's value column, or one year or one statistic of a
    wide table; ``markers`` is the year's marker column of a publisher's table."""

    years: Distinct | int
    year_column: str
    values: pa.Array
    value_column: str
    estimated: bool = False
    markers: pa.Array | None = None


def _per_country(rows: _Rows, test) -> np.ndarray:
    """``test`` of each row's country text, worked out once per distinct text."""
    index, texts = rows.countries
    return np.array([bool(test(t)) for t in texts] + [False], dtype=bool)[index]


def _years(column: _Column, length: int) -> np.ndarray:
    if isinstance(column.years, int):
        return np.full(length, column.years, dtype=float)
    index, texts = column.years
    parsed = [_year(str(t)) for t in texts]
    return np.array([np.nan if y is None else y for y in parsed] + [np.nan], dtype=float)[index]


def _problems(rows: _Rows, column: _Column, checks, missing: dict[int, str]) -> list[pd.DataFrame]:
    """One report table per failed check; ``checks`` is (mask, failing field, problem), where a
    problem of None means "no number" with the reason the cell gave."""
    found = []
    for mask, source, problem in checks:
        where = np.flatnonzero(mask)
        if not len(where):
            continue
        if source == "value":
            shown = column.values.take(pa.array(where)).to_pylist()
        elif source == "year" and isinstance(column.years, int):
            shown = [str(column.years)] * len(where)
        else:
            index, texts = rows.countries if source == "country" else column.years
            shown = np.array(texts, dtype=object)[index[where]].tolist()
        found.append(
            pd.DataFrame(
                {
                    "line": rows.lines[where],
                    "column": {"country": rows.country_column, "year": column.year_column}.get(
                        source, column.value_column
                    ),
                    "value": [str(t).strip() for t in shown],
                    "problem": [f"no number ({missing.get(int(at), 'not a number')})" for at in where]
                    if problem is None
                    else problem,
                    "action": "value not used",
                }
            )
        )
    return found


def _block(rows: _Rows, column: _Column) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate one column of values: (the kept values, the report of the others)."""
    iso3_list = [normalise_country(str(text).strip()) for text in rows.countries[1]]
    country_ok = np.array([code is not None for code in iso3_list] + [False], dtype=bool)[rows.countries[0]]
    aggregate = _per_country(rows, is_aggregate)
    former = _per_country(rows, is_former_country)
    # "Australiae": the publisher's estimate mark glued to the name covers the whole row.
    glued = _per_country(rows, glued_estimate)
    year_np = _years(column, len(column.values))
    year_ok = ~np.isnan(year_np)
    numbers, codes, missing = _values(column.values, rows.european)
    if column.markers is not None:  # "e" in the column after the year: an estimate
        marked = np.array([_marker_flag(m) for m in column.markers.to_pylist()], dtype=object)
        codes = np.where((marked == ESTIMATE) & (codes == 0), FLAGS.index(ESTIMATE), codes).astype(np.int8)
    number_ok = ~np.isnan(numbers)
    negative = number_ok & (numbers < 0)
    keep = country_ok & year_ok & number_ok & ~negative
    problems = _problems(
        rows,
        column,
        (
            (~country_ok & ~aggregate & ~former, "country", "country not recognised"),
            (~country_ok & aggregate, "country", "a total or 'other countries' row, not one country"),
            (~country_ok & former, "country", "a former country, not one of today's"),
            (country_ok & ~year_ok, "year", "year is not a year between 1900 and 2100"),
            (country_ok & year_ok & ~number_ok, "value", None),
            (country_ok & year_ok & negative, "value", "negative value"),
        ),
        missing,
    )
    at = np.flatnonzero(keep)
    iso3_categories = sorted({code for code in iso3_list if code is not None})
    iso3_codes = np.array([iso3_categories.index(c) if c is not None else -1 for c in iso3_list] + [-1], dtype=np.int32)
    kept_codes = codes[at]
    kept = pd.DataFrame(
        {
            "country": _categorical(rows.countries, at),
            "iso3": pd.Categorical.from_codes(iso3_codes[rows.countries[0][at]], categories=iso3_categories),
            "year": year_np[at].astype("int64"),
            "value": numbers[at],
            **{name: _categorical(rows.labels.get(name, ""), at) for name in (*DIMENSIONS, "unit")},
            "estimated": column.estimated | (kept_codes == FLAGS.index(ESTIMATE)) | glued[at],
            "lower_bound": kept_codes == FLAGS.index(LOWER_BOUND),
            "upper_bound": kept_codes == FLAGS.index(UPPER_BOUND),
            "line": rows.lines[at],
            "source_column": _categorical(column.value_column, at),
        },
        columns=COLUMNS,
    )
    report = pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(columns=REPORT_COLUMNS)
    return kept, report


# ---------------------------------------------------------------- what the columns hold

_MARKER_RE = re.compile(r"^(?:[erp]|\d{1,2}|[erp]?,?\s*\d{1,2}|\d{1,2},\s*[erp])$", re.IGNORECASE)


def _marker_flag(text: object) -> str:
    """A publisher's marker cell: 'e' (estimated) -> ESTIMATE; 'r' (revised), 'p' and footnote
    numbers carry no flag a chart draws."""
    cell = str(text or "").strip().lower()
    return ESTIMATE if re.match(r"^e\b|^e,|,\s*e$", cell) or cell == "e" else ""


def marker_columns(table: pd.DataFrame, years: list) -> dict[str, str]:
    """{year column: its marker column}: an unnamed column right after a year column whose
    filled cells are all short markers ('e', 'r', '4', 'e, 4'), as in USGS Minerals Yearbook
    tables, where the year's header spans both."""
    columns = list(table.columns)
    found = {}
    for yc in years:
        position = columns.index(yc.column)
        if position + 1 >= len(columns) or not str(columns[position + 1]).startswith("column_"):
            continue
        cells = [str(c).strip() for c in table[columns[position + 1]].tolist()]
        filled = [c for c in cells if c]
        if filled and all(_MARKER_RE.match(c) for c in filled):
            found[yc.column] = columns[position + 1]
    return found


def _is_numeric_column(column: pd.Series) -> bool:
    """Most filled cells are numbers or statistical markers (a value column, not a label)."""
    cells = pd.Series([str(c).strip() for c in column.head(2000).tolist()])
    counts = cells[cells != ""].value_counts()
    if counts.empty:
        return False
    numeric = sum(
        int(n)
        for text, n in counts.items()
        if (p := parse_cell(text)).value is not None or p.flag not in ("", "not a number")
    )
    return numeric >= 0.6 * int(counts.sum())


_UNIT_IN_HEADER = re.compile(r"[(\[]([^)\]]*)[)\]]\s*$")


def split_header(header: str) -> tuple[str, str]:
    """'Rare earths production (t)' -> ('Rare earths production', 't'); 'Imports' -> ('Imports', '')."""
    text = str(header).strip()
    found = _UNIT_IN_HEADER.search(text)
    if not found:
        return text, ""
    return text[: found.start()].strip(), found.group(1).strip()


def statistic_columns(table: pd.DataFrame, mapping: dict[str, str]) -> list[str]:
    """The value columns of a table wide by statistic: every column not mapped to a template
    column whose cells are numbers (the year and country columns excluded)."""
    used = set(mapping.values())
    return [
        c for c in table.columns if c not in used and not str(c).startswith("column_") and _is_numeric_column(table[c])
    ]


def statistic_labels(table: pd.DataFrame, mapping: dict[str, str]) -> list[tuple[str, str, str]]:
    """(column, statistic, unit) for each value column of a table wide by statistic: the
    header without its unit, unless two columns would then share a name ("Unit value ($/t)",
    "Unit value (98$/t)"), in which case the whole header."""
    columns = statistic_columns(table, mapping)
    split = [split_header(c) for c in columns]
    names = [name for name, _ in split]
    return [
        (column, name if names.count(name) == 1 else str(column).strip(), unit)
        for column, (name, unit) in zip(columns, split, strict=True)
    ]


def _is_world_column(header: str) -> bool:
    return bool(re.match(r"^\s*world\b", str(header), re.IGNORECASE))


GENERIC_VALUE_HEADERS = {
    "value",
    "values",
    "amount",
    "quantity",
    "wert",
    "valeur",
    "valor",
    "数值",
    "obs value",
    "obs_value",
}


def refine_mapping(table: pd.DataFrame, mapping: dict[str, str]) -> dict[str, str]:
    """The header matches, checked against the cells: a 'unit' column of numbers is a statistic
    ("Unit value ($/t)"), and a value column named after a statistic ("Production") beside other
    columns of numbers ("Imports", "Exports") makes the table wide by statistic."""
    refined = dict(mapping)
    if "unit" in refined and _is_numeric_column(table[refined["unit"]]):
        del refined["unit"]
    value = refined.get("value")
    if value is not None and "year" in refined and value.strip().lower() not in GENERIC_VALUE_HEADERS:
        others = [c for c in statistic_columns(table, refined) if c != value]
        if others:
            del refined["value"]
    return refined


_TONNES_RE = re.compile(r"\bmetric tons?\b|\btonnes?\b|\(t\)|\bt\b", re.IGNORECASE)
_THOUSAND_RE = re.compile(r"\bthousand (metric )?(tons?|tonnes?)\b|\bkt\b", re.IGNORECASE)
_OXIDE_RE = re.compile(r"oxide|\bREO\b", re.IGNORECASE)


def unit_from_text(lines: list[str]) -> str:
    """The unit a table's title states for all its values: "(Metric tons, rare-earth oxide
    equivalent)" -> "t REO", "[... thousand metric tons ...]" -> "kt"; "" if none is stated."""
    for line in lines:
        if _THOUSAND_RE.search(line):
            return "kt REO" if _OXIDE_RE.search(line) else "kt"
        if _TONNES_RE.search(line) and re.search(r"\b(metric|tons?|tonnes?|quantities|data)\b", line, re.IGNORECASE):
            return "t REO" if _OXIDE_RE.search(line) else "t"
    return ""


def layout_of(table: pd.DataFrame, mapping: dict[str, str]) -> str:
    """How a country-year table holds its values."""
    country = mapping.get("country")
    if "year" not in mapping and len([y for y in year_columns(list(table.columns)) if y.column != country]) >= 2:
        return "wide by year"
    if "year" in mapping and "value" not in mapping:
        return "wide by statistic"
    return "long"


def _stripped_codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(each cell's index into the labels, the distinct labels, stripped): one pass over the
    column's distinct texts, never over its cells one by one (a million-row column is read as
    pyarrow dictionary codes)."""
    index, texts = _distinct(column)
    stripped = [str(t).strip() for t in texts]
    labels = list(dict.fromkeys(stripped))
    position = {label: i for i, label in enumerate(labels)}
    recode = np.array([position[t] for t in stripped], dtype=np.int64)
    return (recode[index] if len(recode) else np.zeros(len(index), dtype=np.int64)), labels


def _codes(read: ReadResult, header: str) -> tuple[np.ndarray, list[str]]:
    """``_stripped_codes`` of one column of the file, worked out once per upload (the subset is
    proposed, counted and applied from the same columns)."""
    key = ("codes", header)
    if key not in read.cache:
        read.cache[key] = _stripped_codes(read.table[header])
    return read.cache[key]


def _outside(codes: np.ndarray, labels: list[str], allowed) -> np.ndarray:
    """Cells whose label is not among ``allowed``."""
    wanted = set(allowed)
    inside = np.array([label in wanted for label in labels] + [False], dtype=bool)
    return ~inside[codes]


def dimension_values(
    read: ReadResult, mapping: dict[str, str], subset: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[str, int]]]:
    """For each column that says what a value is (commodity, statistic, detail, flow), its
    distinct values and how many rows hold each, most frequent first, counted among the rows
    the earlier columns' chosen values keep (a detail is listed within the chosen commodity and
    statistic). A table wide by statistic gets its statistics from its column headers."""
    table = read.table
    found: dict[str, list[tuple[str, int]]] = {}
    keep = np.ones(len(table), dtype=bool)
    for name in DIMENSIONS:
        header = mapping.get(name)
        if header is None:
            continue
        codes, labels = _codes(read, header)
        counts = np.bincount(codes[keep], minlength=len(labels))
        order = sorted(range(len(labels)), key=lambda i: (-counts[i], labels[i]))
        found[name] = [(labels[i], int(counts[i])) for i in order if counts[i]]
        if subset and name in subset:
            keep &= ~_outside(codes, labels, subset[name])
    if layout_of(table, mapping) == "wide by statistic" and "measure" not in mapping:
        found["measure"] = [
            (statistic, int((table[column].astype(str).str.strip() != "").sum()))
            for column, statistic, _unit in statistic_labels(table, mapping)
        ]
    return found


RARE_EARTH_RE = re.compile(r"rare[\s-]*earth|\bree\b|\breo\b|lanthanide", re.IGNORECASE)
PRODUCTION_RE = re.compile(r"\b(mine\s+)?(production|output)\b|^\s*mining\b", re.IGNORECASE)
NOT_PRODUCTION_RE = re.compile(
    r"\b(share|world|global|import|imports|export|exports|price|unit value|capacity|consumption|per capita|reserves?)\b|%",
    re.IGNORECASE,
)
RESERVES_RE = re.compile(r"^\s*reserves?\b|\breserves\b", re.IGNORECASE)


def is_production(text: str) -> bool:
    """'Production', 'Mine production', 'Rare earths production (t)'; not 'World production',
    'Share of global production' or 'Production capacity'."""
    return bool(PRODUCTION_RE.search(text)) and not NOT_PRODUCTION_RE.search(text)


def is_reserves(text: str) -> bool:
    return bool(RESERVES_RE.search(text)) and not re.search(r"\b(base|resources?)\b", text, re.IGNORECASE)


def _proposed(name: str, texts: list[str]) -> list[str]:
    if name == "commodity":
        matching = [t for t in texts if RARE_EARTH_RE.search(t)]
        plain = [t for t in matching if re.fullmatch(r"\s*rare[\s-]*earths?(\s+elements?)?\s*", t, re.IGNORECASE)]
        return plain or matching
    if name == "measure":  # a value whose statistic the file leaves empty is read as mine production
        return [t for t in texts if is_production(t) or t == ""]
    if name == "detail":
        mine = [t for t in texts if re.search(r"\bmine production\b", t, re.IGNORECASE)]
        return mine or [t for t in texts if is_production(t)] or ([""] if "" in texts else [])
    return texts  # a flow (imports, exports) is not proposed away


def propose_subset(
    read: ReadResult, mapping: dict[str, str], chosen: dict[str, list[str]] | None = None
) -> dict[str, list[str]]:
    """The values that match what the atlas holds, column by column: rare earths (the plain name
    before qualified ones such as 'Rare Earths (Heavy)'), then among those the production
    statistics, then the details that say mine production. Columns in ``chosen`` keep the
    user's values and the later columns are proposed within them. A column with no matching
    value proposes nothing, so nothing is used until the user picks."""
    proposal: dict[str, list[str]] = {}
    for name in DIMENSIONS:
        values = dimension_values(read, mapping, proposal).get(name)
        if values is None:
            continue
        present = [v for v, _ in values]
        if chosen and name in chosen:
            proposal[name] = [v for v in chosen[name] if v in present]
        else:
            proposal[name] = _proposed(name, present)
    return proposal


# ---------------------------------------------------------------- the table


def _file_lines(read: ReadResult) -> np.ndarray:
    if isinstance(read.lines, range):
        return np.arange(read.lines.start, read.lines.stop, read.lines.step)
    if read.lines:
        return np.asarray(read.lines)
    return np.arange(read.header_line + 1, read.header_line + 1 + len(read.table))


def _outside_subset(
    read: ReadResult, mapping: dict[str, str], subset: dict[str, list[str]] | None, layout: str
) -> tuple[np.ndarray, list[dict]]:
    """(rows to keep, what was set aside): a row outside the subset is counted by the first
    column that excludes it, with as many values as the layout puts in one row."""
    keep_rows = np.ones(len(read.table), dtype=bool)
    set_aside: list[dict] = []
    for name in DIMENSIONS:
        if not subset or name not in subset or name not in mapping:
            continue
        codes, labels = _codes(read, mapping[name])
        outside = keep_rows & _outside(codes, labels, subset[name])
        if outside.any():
            counts = np.bincount(codes[outside], minlength=len(labels))
            per_row = _values_per_row(read.table, mapping, layout)
            set_aside += [
                {"dimension": DIMENSION_NAMES[name], "value": labels[i], "values": int(counts[i]) * per_row, "reason": f"another {DIMENSION_NAMES[name]}"}
                for i in sorted(range(len(labels)), key=lambda i: -counts[i]) if counts[i]
            ]  # fmt: skip
        keep_rows &= ~outside
    return keep_rows, set_aside


def _wide_by_year_blocks(table: pd.DataFrame, rows: _Rows, country_header: str | None):
    """(blocks, values read): one block per year column."""
    years = [y for y in year_columns(list(table.columns)) if y.column != country_header]
    markers = marker_columns(table, years)
    blocks = [
        _block(
            rows,
            _Column(
                yc.year,
                yc.column,
                _strings(table[yc.column]),
                yc.column,
                yc.estimated,
                _strings(table[markers[yc.column]]) if yc.column in markers else None,
            ),
        )  # fmt: skip
        for yc in years
    ]
    return blocks, len(table) * len(years)


def _wide_by_statistic_blocks(
    table: pd.DataFrame, rows: _Rows, mapping: dict[str, str], subset, country: str | None, set_aside: list[dict]
):
    """(blocks, values read): one block per statistic column; a world total in a one-country
    file and a statistic outside the subset are added to ``set_aside``."""
    blocks, read_count = [], 0
    wanted = (subset or {}).get("measure") if "measure" not in mapping else None
    for column, statistic, unit in statistic_labels(table, mapping):
        filled = int((table[column].astype(str).str.strip() != "").sum())
        if country and "country" not in mapping and _is_world_column(column):
            reason = f"a world total, not {country}"
        elif wanted is not None and statistic not in wanted:
            reason = "another statistic"
        else:
            labels = {**rows.labels, "measure": statistic, "unit": unit or rows.labels.get("unit", "")}
            year = mapping["year"]
            statistic_rows = _Rows(rows.countries, rows.country_column, labels, rows.lines, rows.european)
            blocks.append(
                _block(statistic_rows, _Column(_distinct(table[year]), year, _strings(table[column]), column))
            )
            read_count += len(table)
            continue
        set_aside.append({"dimension": "statistic", "value": statistic, "values": filled, "reason": reason})
    return blocks, read_count


def validate_country_year(
    read: ReadResult,
    mapping: dict[str, str],
    subset: dict[str, list[str]] | None = None,
    country: str | None = None,
    default_unit: str = "",
) -> CountryYearUpload:
    """Check every value of a country-year table; ``mapping`` is {template: header}.

    ``subset`` ({dimension: values to use}) sets the other values aside; ``country`` is the
    country the whole file describes when it has no country column; ``default_unit`` applies
    where no unit column or header gives one (a title row's "(Metric tons, rare-earth oxide
    equivalent)")."""
    country_header = mapping.get("country")
    if country_header is None and not country:
        raise ValueError("a country-year table needs a country column or the country it describes")
    layout = layout_of(read.table, mapping)
    if layout == "long":
        for key in ("year", "value"):
            if key not in mapping:
                raise ValueError(f"a long country-year table needs a {key} column")
    keep_rows, set_aside = _outside_subset(read, mapping, subset, layout)
    table, lines = read.table, _file_lines(read)
    if not keep_rows.all():
        table, lines = table[keep_rows].reset_index(drop=True), lines[keep_rows]
    labels = {name: _distinct(table[mapping[name]]) for name in (*DIMENSIONS, "unit") if name in mapping}
    rows = _Rows(
        countries=(
            _distinct(table[country_header]) if country_header else (np.zeros(len(table), dtype=np.int32), [country])
        ),
        country_column=country_header or "(the country you chose)",
        labels={"unit": default_unit, **labels},
        lines=lines,
        european=read.delimiter == ";",  # Excel writes semicolons where the comma is the decimal mark
    )
    if layout == "wide by year":
        blocks, read_count = _wide_by_year_blocks(table, rows, country_header)
    elif layout == "wide by statistic":
        blocks, read_count = _wide_by_statistic_blocks(table, rows, mapping, subset, country, set_aside)
    else:
        value, year = mapping["value"], mapping["year"]
        blocks = [_block(rows, _Column(_distinct(table[year]), year, _strings(table[value]), value))]
        read_count = len(table)
    wide = layout != "long"
    blocks = blocks or [(pd.DataFrame(columns=COLUMNS), pd.DataFrame(columns=REPORT_COLUMNS))]
    values = _in_file_order(pd.concat([b[0] for b in blocks], ignore_index=True), wide)
    report = _in_file_order(pd.concat([b[1] for b in blocks], ignore_index=True), wide)
    flagged = {
        ESTIMATE: int(values["estimated"].sum()),
        LOWER_BOUND: int(values["lower_bound"].sum()),
        UPPER_BOUND: int(values["upper_bound"].sum()),
    }
    return CountryYearUpload(
        values, report, read=read_count, kept=len(values), rejected=read_count - len(values), wide=wide,
        flagged=flagged, set_aside=pd.DataFrame(set_aside, columns=SET_ASIDE_COLUMNS), layout=layout,
    )  # fmt: skip


def _values_per_row(table: pd.DataFrame, mapping: dict[str, str], layout: str) -> int:
    if layout == "wide by year":
        return len([y for y in year_columns(list(table.columns)) if y.column != mapping.get("country")])
    if layout == "wide by statistic":
        return len(statistic_columns(table, mapping))
    return 1


def _in_file_order(frame: pd.DataFrame, wide: bool) -> pd.DataFrame:
    """A wide table's values row by row, year by year, as they appear in the file."""
    if not wide or frame.empty:
        return frame.reset_index(drop=True)
    order = np.argsort(frame["line"].to_numpy(), kind="stable")
    return frame.iloc[order].reset_index(drop=True)
