"""The CSV and Parquet halves of export.py: the columns a file has, and its rows as a stream."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from .export import FIELDS, SCAN, Part, RowError, _get, make
from .yamlio import InputError


def columns(path: Path, shown: str, kind: str, names: list[str]) -> list[str] | None:
    """The columns of the file; of a JSONL file, the keys its first SCAN objects have (a row may
    leave out a key it has no value for), plus those of ``names`` found under a dotted path."""
    try:
        if kind == "parquet":
            return list(pyarrow_parquet().ParquetFile(path).schema_arrow.names)
        if kind == "csv":
            with path.open(encoding="utf-8-sig", newline="") as f:
                return next(csv.reader(f, delimiter=delimiter(path)), [])
        keys: dict[str, None] = {}
        seen = 0
        with path.open("rb") as f:
            for raw in f:
                if not raw.strip():
                    continue
                try:
                    obj = json.loads(raw)
                except ValueError:
                    continue  # a bad line is the reader's to report
                if isinstance(obj, dict):
                    keys.update(dict.fromkeys(obj))
                    keys.update(dict.fromkeys(k for k in names if "." in k and _get(obj, k) is not None))
                    seen += 1
                if seen >= SCAN:
                    break
        return list(keys) if seen else None
    except UnicodeDecodeError:
        raise InputError(shown, None, "not UTF-8; save the file as UTF-8") from None
    except OSError as e:
        raise InputError(shown, None, e.strerror or str(e)) from None
    except InputError:
        raise
    except Exception as e:  # pyarrow's own errors: not a Parquet file, a corrupt footer
        raise InputError(shown, None, f"cannot read Parquet: {e}") from None


def pyarrow_parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("cxlint", None, "Parquet needs pyarrow: pip install 'cxlint[audit]'") from None
    return pq


def delimiter(path: Path) -> str:
    """Comma, or the semicolon or tab of spreadsheet exports, whichever the header line has most of."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    with path.open(encoding="utf-8-sig", errors="replace") as f:
        head = f.readline()
    return max(",;\t", key=head.count)


def csv_rows(part: Part, on_bytes) -> Iterator:
    csv.field_size_limit(1 << 26)  # a long letter is one field; the default 128 KB would break it
    fields, path = part.fields, part.path
    with open(part.file, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter(Path(part.file)))
        at = n = 0  # at: bytes told to on_bytes (where the buffered reader stands, a little ahead)
        try:
            index = {name: k for k, name in enumerate(next(reader, []))}
            width = len(index)
            while True:
                n += 1
                try:
                    rec = next(reader)
                except StopIteration:
                    break
                except csv.Error as e:
                    yield RowError(path, n, f"malformed CSV: {e}")
                    continue
                if not rec:
                    continue  # a blank line
                if len(rec) != width:
                    yield RowError(path, n, f"{len(rec)} fields, the header has {width}")
                    continue
                yield make(path, n, fields, lambda k, r=rec: r[index[k]] if k in index else None)
                if on_bytes and n % 256 == 0:
                    at, done = f.buffer.tell(), at
                    on_bytes(at - done)
            if on_bytes:
                on_bytes(Path(part.file).stat().st_size - at)
        except UnicodeDecodeError:
            raise InputError(path, n, "not UTF-8 here; save the file as UTF-8") from None


def parquet_rows(part: Part, on_bytes) -> Iterator:
    pf = pyarrow_parquet().ParquetFile(part.file)
    fields = part.fields
    columns = sorted({c for c in (getattr(fields, k) for k in FIELDS) if c is not None})
    groups = range(part.start, part.end if part.end is not None else pf.num_row_groups)
    n = part.first_row - 1
    for g in groups:
        batches = pf.iter_batches(batch_size=4096, row_groups=[g], columns=columns)
        while True:
            try:
                batch = next(batches, None)
            except Exception as e:  # pyarrow's: a corrupt page
                raise InputError(part.path, n + 1, f"cannot read Parquet: {e}") from None
            if batch is None:
                break
            cols = {name: batch.column(name).to_pylist() for name in columns}
            for k in range(batch.num_rows):
                n += 1
                yield make(part.path, n, fields, lambda c, k=k, cols=cols: cols[c][k] if c in cols else None)
        if on_bytes:  # the file's share of this group, by rows: sizes in the metadata are before compression
            on_bytes(Path(part.file).stat().st_size * pf.metadata.row_group(g).num_rows // max(pf.metadata.num_rows, 1))
