"""The import parsers, fed arbitrary bytes: a clear ImportFileError or records, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mxdesk.core.exchange import ImportFileError, read_file
from tests.conftest import fuzz_examples

# Fragments of real files, so the fuzzer reaches past the first line of each parser.
VCARD_BITS = ["BEGIN:VCARD\r\n", "VERSION:3.0\r\n", "FN:Ana\r\n", "EMAIL:a@b\r\n",
              "END:VCARD\r\n", "N:;;;;\r\n", "CATEGORIES:a,b\r\n", " folded\r\n",
              "X-MXDESK-MET-ON:2026-13-45\r\n", "ORG:\\;\r\n", ":\r\n", "BEGIN:VEVENT\r\n",
              # vCard 2.1 and 4.0 as phones and mail programs write them (issue 13)
              "VERSION:2.1\r\n", "version:4.0\r\n",
              "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=A9=\r\n", "=41=\r\n",
              "fn;quoted-printable:Mart=C3=ADn\r\n", "FN;CHARSET=x-foo:a\r\n",
              "NOTE;ENCODING=b:@@==\r\n", "PHOTO;ENCODING=b:/9j/\r\n",
              'TEL;TYPE="work,voice";PREF=1:tel:+1\r\n', "item1.X-ABLabel:_$!<Mobile>!$_\r\n",
              "EMAIL;INTERNET;WORK;PREF:a@b\r\n", "KIND:group\r\n", "BEGIN:VCARD\r\n"]
CSV_BITS = ["name,email,tags\n", "Ana,a@b,x;y\n", '"unclosed,\n', ",,,,,\n", "\x00", "\ufeff",
            "name\n", "met_on\n", "name;email\n", "Ana;a@b\n", "First Name\tE-mail 2 Address\n",
            "E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type\n", "* Work,a@b ::: c@d\n",
            "'=x,'+52\n", '"a""b"', "\t"]
JSON_BITS = ['{"format": "mxdesk-notes", "version": 1, ', '"contacts": [', '{"name": "A"}',
             '{"name": 1}', '], ', '"notes": [{"body": null}]', '"shortlists": [{"items": 3}]',
             "}", "[", "null", '"tags": "a;b"']


def _check(tmp: Path, suffix: str, data: bytes) -> None:
    path = tmp / f"fuzz{suffix}"
    path.write_bytes(data)
    message = ""
    try:
        read_file(path)
    except ImportFileError as exc:
        message = str(exc)
    # Either it read, or the message says which file (and mostly where) is wrong.
    assert not message or path.name in message


@pytest.mark.parametrize(("suffix", "bits"), [(".vcf", VCARD_BITS), (".csv", CSV_BITS),
                                              (".json", JSON_BITS)])
@settings(max_examples=fuzz_examples(400), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_parsers_never_fail_otherwise(tmp_path: Path, suffix: str, bits: list[str],
                                      data: st.DataObject) -> None:
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(bits), st.text(max_size=20)),
                                max_size=12))
    _check(tmp_path, suffix, "".join(pieces).encode("utf-8", "surrogatepass"))


@settings(max_examples=fuzz_examples(300), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".vcf", ".csv", ".json"]))
def test_arbitrary_bytes(tmp_path: Path, raw: bytes, suffix: str) -> None:
    _check(tmp_path, suffix, raw)
