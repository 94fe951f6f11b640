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
from dataclasses import dataclass, field

import charset_normalizer
import pandas as pd

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
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
    lines: list[int] = field(default_factory=list)  # the file line (or sheet row) of each table row


def read_upload(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read an uploaded file; raise ``UploadError`` with a clear sentence if it cannot be used."""
    if len(data) > max_bytes:
        raise UploadError(
            f"The file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB. "
            "Split it into smaller files or remove columns you do not need."
        )
    if not data.strip():
        raise UploadError(f"The file is empty. {TEMPLATE_HINT}")
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UploadError(f"This file looks like {kind}, not a CSV text file. Save it as CSV or .xlsx. {TEMPLATE_HINT}")
    text, encoding, fixes = _decode(data)
    return _read_csv_text(text, encoding, fixes)


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
    plausible = {m.encoding for m in matches}
    if encoding in ("latin_1", "iso8859_15") or ("cp1252" in plausible and encoding.startswith(("cp125", "latin", "iso8859"))):
        encoding = "cp1252"
    fixes.append(f"Read as {encoding.replace('_', '-').upper()} (the file was not UTF-8).")
    return data.decode(encoding, errors="replace"), encoding, fixes


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
    common = max(set(widths), key=lambda w: (widths.count(w), w)) if len(rows) > 2 else target
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
    for row in reader:
        rows.append(row)
        numbers.append(reader.line_num)  # the line a row ends on (quoted fields can span lines)
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
    kept = [(r, n) for r, n in zip(rows[header_at + 1 :], numbers[header_at + 1 :], strict=True) if any(cell for cell in r)]
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
        raise UploadError(f"This .xlsx file could not be opened ({type(exc).__name__}). Save it again from Excel, or as CSV. {TEMPLATE_HINT}") from None
    sheet = workbook.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    fixes = [f"Read the first sheet, '{sheet.title}'."] if len(workbook.worksheets) > 1 else []
    workbook.close()
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise UploadError(f"The workbook's first sheet is empty. {TEMPLATE_HINT}")
    return _table_from_rows(rows, "xlsx", None, fixes)
