"""``mxdesk serve`` (issue 21): the real command started as a subprocess, asked over HTTP on
localhost; and its one-line refusals."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("datasette")

STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``mxdesk serve`` on a free port, answering; stopped with SIGINT afterwards."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mxdesk", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            _get(base + "/-/versions.json")
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                out, err = process.communicate()
                pytest.fail(f"mxdesk serve did not answer: {out}{err}")
            time.sleep(0.2)
    yield base, process
    if process.poll() is None:
        process.kill()
        process.communicate()


def test_the_clusters_table_lists_98_clusters(server: tuple[str, Any]) -> None:
    base, _process = server
    rows = _get(base + "/directory/clusters.json?_shape=array&_size=max")
    assert len(rows) == 98
    assert len(_get(base + "/tabs/clusters.json?_shape=array&_size=max")) == 98


def test_the_clusters_tab_has_the_window_facets(server: tuple[str, Any]) -> None:
    base, _process = server
    facets = _get(base + "/tabs/clusters.json?_size=0")["facet_results"]
    assert set(facets) == {"State", "Region", "Sector", "Quality label"}
    states = {row["value"]: row["count"] for row in facets["State"]["results"]}
    assert states["Querétaro"] == 6
    assert sum(states.values()) == 98


@pytest.mark.parametrize("query", ["queretaro", "Querétaro"])
def test_a_search_without_accents_finds_queretaro(server: tuple[str, Any], query: str) -> None:
    base, _process = server
    found = _get(base + "/tabs/clusters.json?_shape=array&_search=" + urllib.parse.quote(query))
    assert "Aerocluster de Querétaro" in {row["Name"] for row in found}
    # The canned query searches as the window does: each word the start of a word.
    hits = _get(base + "/directory/search.json?_shape=array&q=" + urllib.parse.quote("queret"))
    assert {"kind": "cluster", "record_id": "aerocluster-queretaro"}.items() <= next(
        hit for hit in hits if hit["record_id"] == "aerocluster-queretaro").items()


@pytest.mark.parametrize("query", ["", '"', "  "])
def test_an_empty_search_box_finds_nothing_without_an_error(server: tuple[str, Any],
                                                            query: str) -> None:
    base, _process = server
    hits = _get(base + "/directory/search.json?_shape=array&q=" + urllib.parse.quote(query))
    assert hits == []
    page = urllib.request.urlopen(base + "/directory/search?q=" + urllib.parse.quote(query),
                                  timeout=10).read().decode()
    assert "syntax error" not in page


@pytest.mark.parametrize("database", ["directory", "tabs"])
def test_the_databases_refuse_writes(server: tuple[str, Any], database: str) -> None:
    base, _process = server
    sql = urllib.parse.quote("DELETE FROM clusters")
    with pytest.raises(urllib.error.HTTPError) as refused:
        _get(f"{base}/{database}.json?sql={sql}")
    refused.value.close()  # the refusal's response, else a ResourceWarning
    assert refused.value.code == 400
    served = {db["name"]: db for db in _get(base + "/-/databases.json")}
    assert served[database]["is_mutable"] is False  # immutable mode: opened ?immutable=1


def test_internal_tables_are_hidden(server: tuple[str, Any]) -> None:
    base, _process = server
    tables = {t["name"]: t["hidden"] for t in _get(base + "/directory.json")["tables"]}
    assert tables["vocabulary"] is True
    assert tables["search_data"] is True
    assert tables["clusters"] is False


def test_ctrl_c_stops_it(server: tuple[str, subprocess.Popen[str]]) -> None:
    """Last in this module: the server is stopped here."""
    _base, process = server
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode in (0, 130), err
    assert "Traceback" not in err
    assert "Serving the directory read-only at http://localhost:" in out


def _serve(*args: str, python: Any = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *python, *args], capture_output=True, text=True,
                          timeout=60, check=False, encoding="utf-8")


def test_a_port_in_use_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = _serve("-m", "mxdesk", "serve", "--port", str(port))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"mxdesk: cannot listen on 127.0.0.1:{port}")


def test_a_bad_database_is_one_line(tmp_path: Any) -> None:
    done = _serve("-m", "mxdesk", "--db", str(tmp_path / "missing.db"), "serve",
                  "--port", str(_free_port()))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "missing.db" in done.stderr


def test_without_datasette_it_says_how_to_install_it() -> None:
    blocked = ("import sys; sys.modules['datasette'] = None; sys.modules['datasette.app'] = None; "
               "from mxdesk.cli import main; sys.exit(main(['serve']))")
    done = _serve("-c", blocked)
    assert done.returncode == 1
    assert done.stderr == ("mxdesk: mxdesk serve needs Datasette: "
                           "pip install 'mxdesk[serve]'\n")
