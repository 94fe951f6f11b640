"""Validate an uploaded country-year table, long or wide (issue 6).

Long tables have one row per country and year (country, year, value, optional measure and
unit). Wide tables have one column per year ("2023", "Prod_t_est_2024"); each year cell then
counts as one value. Every value is either kept (a number, with its estimate or bound flag) or
reported with its file line, column and reason: counts of read, kept and rejected values add
up, and markers such as "W" or "NA" are counted, never turned into zeros.

The work is vectorised with pyarrow so a million-row file validates in well under a second:
plain numbers ("21000", "29.5") are converted in one cast, and only the other cells (markers,
thousands separators, decimal commas) go through ``parse_cell`` one distinct text at a time.
Countries and years are interpreted once per distinct text, for the same reason.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from rare_earth_atlas.countries import is_aggregate, normalise_country
from rare_earth_atlas.upload_reader import ReadResult
from rare_earth_atlas.upload_values import (
    ESTIMATE,
    LOWER_BOUND,
    UPPER_BOUND,
    decimal_comma_column,
    parse_cell,
    year_columns,
)

COLUMNS = [
    "country",
    "iso3",
    "year",
    "value",
    "measure",
    "unit",
    "estimated",
    "lower_bound",
    "upper_bound",
    "line",
    "source_column",
]
REPORT_COLUMNS = ["line", "column", "value", "problem", "action"]


@dataclass
class CountryYearUpload:
    values: pd.DataFrame  # kept values, one row per country and year
    report: pd.DataFrame  # line, column, value, problem, action
    read: int
    kept: int
    rejected: int
    wide: bool
    flagged: dict[str, int]  # kept values carrying a flag: {"estimate": n, "lower bound": n, ...}


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


def _categorical(distinct: Distinct | str, at: np.ndarray) -> pd.Categorical | str:
    """The stripped texts at positions ``at``, as a categorical (few distinct values, many rows)."""
    if isinstance(distinct, str):
        return distinct
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


def _block(
    country: Distinct, country_column: str, years: Distinct | int, year_column: str, values: pa.Array,
    value_column: str, measure: Distinct | str, unit: Distinct | str, estimated_column: bool, lines: np.ndarray,
    european: bool,
) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Validate one column of values (a long table's value column, or one year of a wide table)."""
    country_index, country_texts = country
    iso3_list = [normalise_country(str(text).strip()) for text in country_texts]
    country_ok = np.array([code is not None for code in iso3_list] + [False], dtype=bool)[country_index]
    aggregate = np.array([is_aggregate(t) for t in country_texts] + [False], dtype=bool)[country_index]
    if isinstance(years, int):
        year_np = np.full(len(values), years, dtype=float)
    else:
        year_index, year_texts = years
        parsed_years = [_year(str(t)) for t in year_texts]
        year_np = np.array([np.nan if y is None else y for y in parsed_years] + [np.nan], dtype=float)[year_index]
    year_ok = ~np.isnan(year_np)
    numbers, codes, missing = _values(values, european)
    number_ok = ~np.isnan(numbers)
    negative = number_ok & (numbers < 0)
    keep = country_ok & year_ok & number_ok & ~negative

    problems = []
    for mask, column, source, problem in (
        (~country_ok & ~aggregate, country_column, "country", "country not recognised"),
        (~country_ok & aggregate, country_column, "country", "a total or 'other countries' row, not one country"),
        (country_ok & ~year_ok, year_column, "year", "year is not a year between 1900 and 2100"),
        (country_ok & year_ok & ~number_ok, value_column, "value", None),
        (country_ok & year_ok & negative, value_column, "value", "negative value"),
    ):
        where = np.flatnonzero(mask)
        if not len(where):
            continue
        if source == "value":
            shown = values.take(pa.array(where)).to_pylist()
        elif source == "year" and isinstance(years, int):
            shown = [str(years)] * len(where)
        else:
            index, texts = country if source == "country" else years
            shown = np.array(texts, dtype=object)[index[where]].tolist()
        problems.append(
            pd.DataFrame(
                {
                    "line": lines[where],
                    "column": column,
                    "value": [str(t).strip() for t in shown],
                    "problem": [f"no number ({missing.get(int(at), 'not a number')})" for at in where]
                    if problem is None
                    else problem,
                    "action": "value not used",
                }
            )
        )
    at = np.flatnonzero(keep)
    iso3_categories = sorted({code for code in iso3_list if code is not None})
    iso3_codes = np.array([iso3_categories.index(c) if c is not None else -1 for c in iso3_list] + [-1], dtype=np.int32)
    kept_codes = codes[at]
    kept = pd.DataFrame(
        {
            "country": _categorical(country, at),
            "iso3": pd.Categorical.from_codes(iso3_codes[country_index[at]], categories=iso3_categories),
            "year": year_np[at].astype("int64"),
            "value": numbers[at],
            "measure": _categorical(measure, at),
            "unit": _categorical(unit, at),
            "estimated": estimated_column | (kept_codes == FLAGS.index(ESTIMATE)),
            "lower_bound": kept_codes == FLAGS.index(LOWER_BOUND),
            "upper_bound": kept_codes == FLAGS.index(UPPER_BOUND),
            "line": lines[at],
            "source_column": value_column,
        },
        columns=COLUMNS,
    )
    report = pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(columns=REPORT_COLUMNS)
    return kept, report


def validate_country_year(read: ReadResult, mapping: dict[str, str]) -> CountryYearUpload:
    """Check every value of a long or wide country-year table; ``mapping`` is {template: header}."""
    table = read.table
    if isinstance(read.lines, range):
        lines = np.arange(read.lines.start, read.lines.stop, read.lines.step)
    elif read.lines:
        lines = np.asarray(read.lines)
    else:
        lines = np.arange(read.header_line + 1, read.header_line + 1 + len(table))
    country_header = mapping.get("country")
    if country_header is None:
        raise ValueError("a country-year table needs a country column")
    years = [y for y in year_columns(list(table.columns)) if y.column != country_header]
    wide = "year" not in mapping and len(years) >= 2
    countries = _distinct(table[country_header])
    european = read.delimiter == ";"  # Excel writes semicolons where the comma is the decimal mark
    blocks = []
    if wide:
        for yc in years:
            blocks.append(
                _block(
                    countries,
                    country_header,
                    yc.year,
                    yc.column,
                    _strings(table[yc.column]),
                    yc.column,
                    "",
                    "",
                    yc.estimated,
                    lines,
                    european,
                )
            )
    else:
        for key in ("year", "value"):
            if key not in mapping:
                raise ValueError(f"a long country-year table needs a {key} column")
        measure = _distinct(table[mapping["measure"]]) if "measure" in mapping else ""
        unit = _distinct(table[mapping["unit"]]) if "unit" in mapping else ""
        blocks.append(
            _block(
                countries,
                country_header,
                _distinct(table[mapping["year"]]),
                mapping["year"],
                _strings(table[mapping["value"]]),
                mapping["value"],
                measure,
                unit,
                False,
                lines,
                european,
            )  # fmt: skip
        )
    values = _in_file_order(pd.concat([b[0] for b in blocks], ignore_index=True), wide)
    report = _in_file_order(pd.concat([b[1] for b in blocks], ignore_index=True), wide)
    read_count = len(table) * (len(years) if wide else 1)
    flagged = {
        ESTIMATE: int(values["estimated"].sum()),
        LOWER_BOUND: int(values["lower_bound"].sum()),
        UPPER_BOUND: int(values["upper_bound"].sum()),
    }
    return CountryYearUpload(
        values, report, read=read_count, kept=len(values), rejected=read_count - len(values), wide=wide, flagged=flagged
    )


def _in_file_order(frame: pd.DataFrame, wide: bool) -> pd.DataFrame:
    """A wide table's values row by row, year by year, as they appear in the file."""
    if not wide or frame.empty:
        return frame.reset_index(drop=True)
    order = np.argsort(frame["line"].to_numpy(), kind="stable")
    return frame.iloc[order].reset_index(drop=True)
