"""A notes file rebuilt from its ``-wal`` journal alone, when the database itself is gone.

SQLite deletes a ``-wal`` it finds without its database (or beside an empty one), so what the
user saved since the last checkpoint would be lost with it. Every committed transaction since
that checkpoint is still in the journal: :func:`rebuild` reads it as
https://sqlite.org/fileformat2.html#walformat describes, lays the newest committed copy of
each page into a new file, and keeps that file only if SQLite finds it sound.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mxdesk.notes")

#: The magic number's low bit says in which byte order the checksums read the 32-bit words.
MAGIC_LITTLE_ENDIAN = 0x377F0682
MAGIC_BIG_ENDIAN = 0x377F0683
#: The only WAL format version there is (SQLite 3.7.0).
FORMAT_VERSION = 3007000
#: The WAL header's and each frame header's size in bytes (https://sqlite.org/fileformat.html,
#: "WAL File Format").
HEADER_SIZE = 32
FRAME_HEADER_SIZE = 24
_HEADER = struct.Struct(">8I")
_FRAME_HEADER = struct.Struct(">6I")
_MASK = 0xFFFFFFFF
_SQLITE_HEADER = b"SQLite format 3\x00"
#: Bytes 18 and 19 of a database (write and read version): 1 is rollback journal, 2 is WAL.
_JOURNAL_MODE_OFFSET = 18
_ROLLBACK_JOURNAL = b"\x01\x01"
#: Bytes 28–31 of a database: its size in pages, as the header knows it.
_SIZE_OFFSET = 28


@dataclass(frozen=True)
class _Committed:
    """What the journal holds up to its last valid commit: where the newest copy of each
    page starts in the journal (page number → byte offset of the page's data), and the
    database's size in pages at that commit."""

    pages: dict[int, int]
    size_in_pages: int
    page_size: int


def _checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    """SQLite's WAL checksum of *data* (a multiple of 8 bytes), continuing from (s0, s1)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    pairs = iter(words)
    for first, second in zip(pairs, pairs, strict=True):
        s0 = (s0 + first + s1) & _MASK
        s1 = (s1 + second + s0) & _MASK
    return s0, s1


def _committed(journal: bytes) -> _Committed | None:
    """The pages of every transaction the journal holds whole, or None when it holds none
    (not a WAL, a damaged header, no commit frame before the first invalid frame)."""
    if len(journal) < HEADER_SIZE:
        return None
    magic, version, page_size, _seq, salt1, salt2, sum1, sum2 = _HEADER.unpack_from(journal)
    if magic not in (MAGIC_LITTLE_ENDIAN, MAGIC_BIG_ENDIAN) or version != FORMAT_VERSION:
        return None
    # A page size is a power of two from 512 to 65536 bytes.
    if not 512 <= page_size <= 65536 or page_size & (page_size - 1):
        return None
    big_endian = magic == MAGIC_BIG_ENDIAN
    s0, s1 = _checksum(journal[:24], big_endian, 0, 0)
    if (s0, s1) != (sum1, sum2):
        return None
    frame_size = FRAME_HEADER_SIZE + page_size
    frames: list[tuple[int, int]] = []  # (page number, offset of its data), journal order
    whole = size_in_pages = 0  # frames that end with a commit; the size at that commit
    offset = HEADER_SIZE
    while offset + frame_size <= len(journal):
        page, db_size, f_salt1, f_salt2, f_sum1, f_sum2 = _FRAME_HEADER.unpack_from(
            journal, offset)
        # Frames left from before the journal was last restarted carry the old salts.
        if page == 0 or (f_salt1, f_salt2) != (salt1, salt2):
            break
        data = offset + FRAME_HEADER_SIZE
        s0, s1 = _checksum(journal[offset:offset + 8], big_endian, s0, s1)
        s0, s1 = _checksum(journal[data:data + page_size], big_endian, s0, s1)
        if (s0, s1) != (f_sum1, f_sum2):
            break
        frames.append((page, data))
        if db_size:
            # A commit frame: everything up to here is one whole transaction more.
            whole, size_in_pages = len(frames), db_size
        offset += frame_size
    if not whole:
        return None
    # Later frames overwrite earlier ones: the newest committed copy of each page wins.
    return _Committed(dict(frames[:whole]), size_in_pages, page_size)


def _is_sound(path: Path) -> bool:
    """True when SQLite, reading *path* without writing anything, finds no fault in it."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        log.info("a database rebuilt from a WAL cannot be opened: %s", exc)
        return False
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        log.info("a database rebuilt from a WAL cannot be checked: %s", exc)
        return False
    finally:
        conn.close()
    if rows != [("ok",)]:
        log.info("a database rebuilt from a WAL is unsound: %s", rows[:3])
        return False
    return True


def rebuild(wal: Path, out: Path) -> bool:
    """Rebuild a database from the journal *wal* alone and write it to *out*.

    Only whole transactions are kept: the journal is read up to its first invalid frame (wrong
    salt or checksum, or cut short) and then back to the last commit before it; the newest
    copy of each page is written, the file is (commit size × page size) bytes, and it is
    marked as a rollback-journal database so it stands alone. *wal* is only read.

    Returns True when SQLite's integrity check passes, with the database at *out* (replaced
    if it existed). Returns False, writing nothing at *out*, when the journal holds no whole
    transaction or is not a WAL at all, and when the rebuilt file is unsound: pages that were
    checkpointed to the lost database before are not in the journal. Raises OSError only
    when *wal* cannot be read or the folder of *out* cannot be written.
    """
    wal, out = Path(wal), Path(out)
    journal = wal.read_bytes()
    committed = _committed(journal)
    if committed is None:
        log.info("%s holds no whole transaction", wal)
        return False
    first = committed.pages.get(1)
    if first is None or journal[first:first + len(_SQLITE_HEADER)] != _SQLITE_HEADER:
        log.info("%s does not hold the first page of its database", wal)
        return False
    page_size = committed.page_size
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            # Pages the journal does not hold read as zeros: the check below then fails.
            file.truncate(committed.size_in_pages * page_size)
            for page, data in sorted(committed.pages.items()):
                if page > committed.size_in_pages:
                    continue  # the last commit truncated the database below this page
                content = bytearray(journal[data:data + page_size])
                if page == 1:
                    content[_JOURNAL_MODE_OFFSET:_JOURNAL_MODE_OFFSET + 2] = _ROLLBACK_JOURNAL
                    content[_SIZE_OFFSET:_SIZE_OFFSET + 4] = committed.size_in_pages.to_bytes(
                        4, "big")
                file.seek((page - 1) * page_size)
                file.write(content)
            file.flush()
            os.fsync(file.fileno())
        if not _is_sound(partial):
            return False
        partial.replace(out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    log.info("rebuilt %s from %s: %d pages", out, wal, committed.size_in_pages)
    return True
