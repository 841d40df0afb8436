"""Reading any import file (:func:`read_file`): its kind and size, its format's reader, then
the checks every file passes."""

from __future__ import annotations

from pathlib import Path

from mxdesk.core import csvfile, i18n
from mxdesk.core.exchange.checks import _check, _normalised
from mxdesk.core.exchange.common import (
    MAX_IMPORT_BYTES,
    ImportFileError,
    Incoming,
    Tick,
    _kind,
    _still,
)
from mxdesk.core.exchange.csv_in import read_csv
from mxdesk.core.exchange.json_in import read_json
from mxdesk.core.exchange.vcard_in import read_vcard
from mxdesk.core.i18n import _


def read_file(path: Path, tick: Tick | None = None) -> Incoming:
    """Read and check an import file (``.json``, ``.csv``, ``.vcf``, or ``.txt`` read as CSV:
    Excel's "Unicode text"): the records it holds, in NFC, each with its place in the file.

    *tick* is called once per record read (see :data:`Tick`); what it raises ends the
    reading (the window's :class:`ImportCancelled`).

    Raises :class:`ExchangeError` when the suffix is none of those; :class:`ImportFileError`
    naming what is wrong, and where, when the file is a folder, larger than
    ``MAX_IMPORT_BYTES`` (64 MiB), cannot be read, or is malformed. Nothing is written.
    """
    tick = tick or _still
    path = Path(path)
    if path.is_dir():  # before its suffix: a folder has none, and "unknown format" misleads
        raise ImportFileError(_("{path} is a folder, not a file; give the file to import").format(
            path=path))
    kind = _kind(path, reading=True)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ImportFileError(_("{path} is a folder, not a file").format(path=path))
        if size > MAX_IMPORT_BYTES:
            raise ImportFileError(_("{file} is {size} MB: too large to be a notes or contacts "
                                    "file (the limit is {limit} MB); nothing was read").format(
                file=path.name, size=i18n.number(round(size / 1e6)),
                limit=i18n.number(MAX_IMPORT_BYTES // 1024 // 1024)))
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(_("cannot read {path}: {error}").format(
            path=path, error=exc.strerror or exc)) from exc
    if kind == ".json":
        try:
            # JSON is UTF-8 (RFC 8259); a byte-order mark of UTF-8 or UTF-16 is forgiven.
            text, _encoding = csvfile.decode(raw, fallback=False)
        except csvfile.CsvFileError as exc:
            raise ImportFileError(_("{file} line {line}: {problem}").format(
                file=path.name, line=exc.line, problem=exc.message)) from exc
        incoming = read_json(path, text, tick)
    elif kind == ".csv":
        incoming = read_csv(path, raw, tick)
    else:
        incoming = read_vcard(path, raw, tick)
    _check(path, incoming, tick)
    incoming.source = path.name
    return _normalised(incoming, tick)
