"""Read an analyst's file as it comes: the first step of the upload pipeline (issue 6).

Turns raw bytes (CSV in any common encoding and delimiter, or Excel .xlsx) into a table of
text cells plus a list of the fixes made, or raises ``UploadError`` with one sentence that says
what was expected. It does not interpret values yet (numbers, markers, countries): that is
the next step, which works on the text cells this returns.

Handled here: UTF-8 with or without BOM, UTF-16 (with BOM), Windows-1252 / Latin-1 and GB18030
(detected with ``charset-normalizer``), comma, semicolon, tab and pipe delimiters, quoted
fields, CRLF line ends, notes or blank lines above the header row, and files that cannot be
used at all (empty, a header only, binary or an image renamed .csv, too large).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import charset_normalizer
import pandas as pd

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
# Files at least this large try pyarrow's multithreaded CSV reader first (see ``_read_csv_arrow``);
# smaller files, and any file pyarrow cannot read exactly as the csv module would, go through
# the csv module, which reports ragged rows and keeps blank-line numbering.
ARROW_MIN_BYTES = 1_000_000
# pyarrow's blocks of work: larger than its 1 MB default, which measured 15-20% slower here on a
# 30 MB file with dictionary-encoded columns (fewer dictionaries to unify), still several per core.
ARROW_BLOCK_BYTES = 4 << 20
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# File signatures of common binary formats people rename to .csv by mistake.
BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or Word file",
    b"PK\x03\x04": "a zip archive (for example an .xlsx file renamed .csv)",
}
TEMPLATE_HINT = "Download a template from this page to see the expected layout."


class UploadError(ValueError):
    """A file that cannot be used at all; the message says why and what to do."""


@dataclass
class ReadResult:
    """A file read into text cells: ``table`` has one column per header cell, all strings."""

    table: pd.DataFrame
    encoding: str
    delimiter: str | None  # None for Excel
    header_line: int  # 1-based line (or sheet row) of the header
    fixes: list[str] = field(default_factory=list)
    lines: Sequence[int] = field(default_factory=list)  # the file line (or sheet row) of each table row


def read_upload(
    data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES, arrow_min_bytes: int = ARROW_MIN_BYTES
) -> ReadResult:
    """Read an uploaded file; raise ``UploadError`` with a clear sentence if it cannot be used.
    Cells are text, stripped of surrounding spaces by the csv path; the pyarrow path (large
    files) leaves them as written, so consumers strip before interpreting a cell."""
    if len(data) > max_bytes:
        raise UploadError(
            f"The file is {_megabytes(len(data))}; the limit is {_megabytes(max_bytes)}. "
            "Split it into smaller files or remove columns you do not need."
        )
    content = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not content or content.isspace():
        raise UploadError(f"The file is empty. {TEMPLATE_HINT}")
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UploadError(
                f"This file looks like {kind}, not a CSV text file. Save it as CSV or .xlsx. {TEMPLATE_HINT}"
            )
    if content[:200].lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<table")):
        raise UploadError(
            "This file is a web page (HTML or XML), not a CSV table. Open it in a spreadsheet and save it as CSV or "
            f".xlsx, or download the data as CSV from the website. {TEMPLATE_HINT}"
        )
    if len(data) >= arrow_min_bytes:
        fast = _read_csv_arrow(data)
        if fast is None and not _is_utf8_sample(data):  # Windows-1252, GB18030, UTF-16: transcode once
            text, encoding, fixes = _decode(data)
            fast = _read_csv_arrow(text.encode("utf-8"), encoding, fixes)
        if fast is not None:
            return fast
    text, encoding, fixes = _decode(data)
    return _read_csv_text(text, encoding, fixes)


def _is_utf8_sample(data: bytes) -> bool:
    sample = data[:65536]
    try:
        sample[: sample.rfind(b"\n") + 1].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not sample.startswith((b"\xff\xfe", b"\xfe\xff"))


def _read_csv_arrow(data: bytes, encoding: str = "utf-8", fixes: list[str] | None = None) -> ReadResult | None:
    """A large UTF-8 CSV read by pyarrow into arrow-backed text columns, or None when the file
    needs the csv module (not UTF-8, quoted line breaks or blank lines in the sample, ragged
    rows, anything pyarrow rejects). The header is found on a sample exactly as the csv path
    finds it, and line numbers stay exact: pyarrow is told not to skip blank lines, so a file
    with any falls back rather than shifting the numbers."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    fixes = list(fixes or [])
    body = data
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
        fixes.append("Removed a UTF-8 byte-order mark (BOM).")
    sample_bytes = body[:65536]
    sample_bytes = sample_bytes[: sample_bytes.rfind(b"\n") + 1]
    try:
        sample = sample_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in sample.replace("\r\n", ""):
        return None  # old Mac line ends (a lone CR): the csv path normalises them
    lines = sample.split("\n")[:-1]
    delimiter = _sniff_delimiter(lines[:200])
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
    rows = []
    for row in reader:
        rows.append([cell.strip() for cell in row])
        if reader.line_num != len(rows):
            return None  # a quoted field spans lines: numbering needs the csv module
    header_at = _header_index(rows)
    if header_at + 1 >= len(rows) or not any(rows[header_at]):
        return None
    if any(not any(r) for r in rows[header_at + 1 :]):
        return None
    header = rows[header_at]
    names = _unique_names(header)
    empty_row = delimiter.encode() * (len(names) - 1)
    if _has_empty_row(body, b"\n" + empty_row):
        return None  # rows of empty cells (common at the end of Excel exports) are dropped by the csv path
    offset = sum(len(line.encode("utf-8")) + 1 for line in lines[: header_at + 1])
    # Columns whose sample repeats a few values (countries, years, units) are dictionary-encoded
    # while pyarrow reads, on all cores; validation then interprets each distinct text once.
    sample_rows = rows[header_at + 1 :]
    repeated = {
        name
        for i, name in enumerate(names)
        if len(sample_rows) >= 200 and len({r[i] if i < len(r) else "" for r in sample_rows}) <= len(sample_rows) // 20
    }
    try:
        table = pa_csv.read_csv(
            io.BytesIO(body[offset:]),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=ARROW_BLOCK_BYTES),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False, newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={
                    name: pa.dictionary(pa.int32(), pa.string()) if name in repeated else pa.string() for name in names
                },
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None
    if table.num_rows == 0:
        return None
    frame = table.to_pandas(types_mapper=pd.ArrowDtype)  # zero-copy text columns
    empty = [c for c in frame.columns if c.startswith("column_") and not (frame[c].str.strip() != "").any()]
    frame = frame.drop(columns=empty)
    if any(any(r) for r in rows[:header_at]):
        fixes.append(f"Skipped {header_at} line(s) above the header (notes or titles).")
    if delimiter != ",":
        fixes.append(f"Columns are separated by a {DELIMITER_NAMES[delimiter]}.")
    first = header_at + 2
    return ReadResult(
        table=frame, encoding=encoding, delimiter=delimiter, header_line=header_at + 1, fixes=fixes,
        lines=range(first, first + len(frame)),
    )  # fmt: skip


def _has_empty_row(body: bytes, newline_then_empty_row: bytes) -> bool:
    """True if a line holds only delimiters (one scan; such lines are rare, so few checks)."""
    at = body.find(newline_then_empty_row)
    while at != -1:
        after = body[at + len(newline_then_empty_row) : at + len(newline_then_empty_row) + 2]
        if after in (b"", b"\n", b"\r\n", b"\r") or after[:1] == b"\n":
            return True
        at = body.find(newline_then_empty_row, at + 1)
    return False


def _megabytes(size: int) -> str:
    """Sizes as the upload widget states them (MB of 1024 x 1024 bytes), with enough digits to differ."""
    mb = size / (1024 * 1024)
    if mb < 0.1:
        return f"{size / 1024:.1f}".rstrip("0").rstrip(".") + " KB"
    return f"{mb:.1f}".rstrip("0").rstrip(".") + " MB"


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    fixes: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8", ["Removed a UTF-8 byte-order mark (BOM)."]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", ["Read as UTF-16."]
    try:
        return data.decode("utf-8"), "utf-8", fixes
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise UploadError(f"This file contains binary data, not text. Save it as CSV (UTF-8) or .xlsx. {TEMPLATE_HINT}")
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise UploadError(f"The file's text encoding could not be recognised. Save it as CSV UTF-8. {TEMPLATE_HINT}")
    encoding = best.encoding
    # Windows-1252 is what Excel writes in Western locales; several single-byte code pages fit
    # English text equally well (cp1250 and cp1252 both have the em dash at 0x97), so prefer it
    # whenever it is among the plausible readings. Latin-1 is a subset for printable text.
    # The same holds for the other Latin code pages (cp1250, cp1257, ISO 8859-2 ...): they are
    # told apart only by a few letters, and a Portuguese "São" read as cp1250 becomes "Săo".
    # Western European names are by far the likelier in this domain, so any Latin single-byte
    # guess becomes cp1252 when the bytes are valid cp1252. Non-Latin guesses (Cyrillic, CJK) stay.
    if encoding.startswith(LATIN_SINGLE_BYTE) and encoding not in NON_LATIN_SINGLE_BYTE and _valid_cp1252(data):
        encoding = "cp1252"
    fixes.append(f"Read as {encoding.replace('_', '-').upper()} (the file was not UTF-8).")
    return data.decode(encoding, errors="replace"), encoding, fixes


LATIN_SINGLE_BYTE = ("cp125", "latin", "iso8859", "mac_", "cp8")
NON_LATIN_SINGLE_BYTE = (
    "cp1251",
    "cp1253",
    "cp1255",
    "cp1256",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "mac_cyrillic",
    "mac_greek",
    "cp855",
    "cp866",
)


def _valid_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most lines into the same number (at least 2) of fields."""
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines if line.strip()]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        score = sum(1 for c in counts if c == widest) * widest
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header_index(rows: list[list[str]]) -> int:
    """Index of the header row: the first row with as many filled cells as the table's widest
    rows (notes and titles above a table fill only one or two cells)."""
    widths = [sum(1 for cell in row if cell.strip()) for row in rows]
    if not widths or max(widths) == 0:
        return 0
    target = max(widths)
    filled = [w for w in widths if w]  # blank lines say nothing about the table's width
    common = max(set(filled), key=lambda w: (filled.count(w), w)) if len(filled) > 2 else target
    threshold = max(2, min(target, common))
    for i, width in enumerate(widths):
        if width >= threshold:
            return i
    return 0


def _read_csv_text(text: str, encoding: str, fixes: list[str]) -> ReadResult:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    delimiter = _sniff_delimiter(lines[:200])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, numbers = [], []
    ended = 0
    for row in reader:
        rows.append(row)
        numbers.append(ended + 1)  # the line a record starts on (quoted fields can span lines)
        ended = reader.line_num
    if delimiter != ",":
        fixes.append(f"Columns are separated by a {DELIMITER_NAMES[delimiter]}.")
    return _table_from_rows(rows, encoding, delimiter, fixes, numbers)


def _table_from_rows(
    rows: list[list[str]], encoding: str, delimiter: str | None, fixes: list[str], numbers: list[int] | None = None
) -> ReadResult:
    rows = [[str(cell).strip() for cell in row] for row in rows]
    numbers = numbers or list(range(1, len(rows) + 1))
    header_at = _header_index(rows)
    skipped = [r for r in rows[:header_at] if any(r)]
    if skipped:
        fixes.append(f"Skipped {header_at} line(s) above the header (notes or titles).")
    header = rows[header_at] if rows else []
    kept = [
        (r, n) for r, n in zip(rows[header_at + 1 :], numbers[header_at + 1 :], strict=True) if any(cell for cell in r)
    ]
    kept, footer = _split_footer(kept, len(header))
    if footer:
        shown = ", ".join(str(n) for _, n in footer[:8]) + (" …" if len(footer) > 8 else "")
        fixes.append(f"Skipped {len(footer)} note line(s) below the table (lines {shown}): only one cell filled.")
    body = [r for r, _ in kept]
    if not any(header):
        raise UploadError(f"No header row was found. {TEMPLATE_HINT}")
    if not body:
        raise UploadError(f"The file has a header but no data rows. {TEMPLATE_HINT}")
    width = max(len(header), *(len(r) for r in body))
    names = _unique_names([*header, *[""] * (width - len(header))])
    padded = [[*r, *[""] * (width - len(r))][:width] for r in body]
    table = pd.DataFrame(padded, columns=names, dtype=object)
    empty = [c for c in table.columns if c.startswith("column_") and not table[c].astype(bool).any()]
    table = table.drop(columns=empty)
    return ReadResult(
        table=table,
        encoding=encoding,
        delimiter=delimiter,
        header_line=numbers[header_at] if rows else 1,
        fixes=fixes,
        lines=[n for _, n in kept],
    )


def _split_footer(rows: list[tuple[list[str], int]], width: int) -> tuple[list, list]:
    """(table rows, footer notes): footnotes and source lines below a table fill only their
    first cell. Only a trailing block counts, so a data row missing most of its cells inside
    the table is still validated (and reported), never skipped."""
    if width < 3:
        return rows, []
    end = len(rows)
    while end > 0 and sum(1 for cell in rows[end - 1][0] if cell) == 1 and rows[end - 1][0][0]:
        end -= 1
    if end == 0:
        return rows, []
    return rows[:end], rows[end:]


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(names, start=1):
        base = name or f"column_{i}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    return out


def _read_xlsx(data: bytes) -> ReadResult:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-xlsx file
        raise UploadError(
            f"This .xlsx file could not be opened ({type(exc).__name__}). Save it again from Excel, or as CSV. {TEMPLATE_HINT}"
        ) from None
    sheet = workbook.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    fixes = [f"Read the first sheet, '{sheet.title}'."] if len(workbook.worksheets) > 1 else []
    workbook.close()
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise UploadError(f"The workbook's first sheet is empty. {TEMPLATE_HINT}")
    return _table_from_rows(rows, "xlsx", None, fixes)
