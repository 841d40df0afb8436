"""``mxdesk --lang en|es`` and the system locale (issue 20): the command line run as a user runs
it, a separate process, its messages, human-readable output and ``--help`` in Spanish; data a
program reads (JSON, a CSV's header) unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

#: The variables the system locale is read from (mxdesk.core.i18n.system_language).
LOCALE_VARIABLES = ("MXDESK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def mxdesk(*args: str, env: dict[str, str] | None = None,
           cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m mxdesk ARGS`` with the suite's environment (English: MXDESK_LANG=en) or,
    given *env*, with the locale variables replaced by those of *env*."""
    environ = dict(os.environ)
    if env is not None:
        for name in LOCALE_VARIABLES:
            environ.pop(name, None)
        environ.update(env)
    return subprocess.run([sys.executable, "-m", "mxdesk", *args], capture_output=True,
                          text=True, timeout=120, check=False, encoding="utf-8", env=environ,
                          cwd=cwd)


def test_lang_es_before_the_command_speaks_spanish() -> None:
    result = mxdesk("--lang", "es", "--version")
    assert result.returncode == 0, result.stderr
    assert "datos del directorio " in result.stdout
    assert " clústeres, " in result.stdout
    assert " políticas, " in result.stdout
    assert "clusters" not in result.stdout


def test_lang_es_after_the_command_too() -> None:
    result = mxdesk("search", "zzzzqqq", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No hay resultados para 'zzzzqqq'.\n"
    equals = mxdesk("search", "zzzzqqq", "--lang=es")
    assert equals.stdout == result.stdout


def test_english_stays_english() -> None:
    result = mxdesk("--lang", "en", "search", "zzzzqqq")
    assert result.stdout == "No matches for 'zzzzqqq'.\n"
    assert mxdesk("search", "zzzzqqq").stdout == result.stdout  # the suite's MXDESK_LANG=en


@pytest.mark.parametrize("env", [{"MXDESK_LANG": "es"}, {"LANG": "es_MX.UTF-8"},
                                 {"LC_ALL": "es_ES.UTF-8", "LANG": "en_GB.UTF-8"},
                                 {"LANGUAGE": "es:en", "LANG": "C.UTF-8"}])
def test_the_system_locale_chooses_spanish(env: dict[str, str]) -> None:
    result = mxdesk("search", "zzzzqqq", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No hay resultados para 'zzzzqqq'.\n"


@pytest.mark.parametrize("env", [{}, {"LANG": "C"}, {"LANG": "fr_FR.UTF-8"},
                                 {"MXDESK_LANG": "en", "LANG": "es_MX.UTF-8"}])
def test_other_locales_speak_english(env: dict[str, str]) -> None:
    assert mxdesk("search", "zzzzqqq", env=env).stdout == "No matches for 'zzzzqqq'.\n"


def test_lang_overrides_the_system_locale() -> None:
    result = mxdesk("--lang", "en", "search", "zzzzqqq", env={"LANG": "es_MX.UTF-8"})
    assert result.stdout == "No matches for 'zzzzqqq'.\n"


def test_an_unknown_language_is_refused_on_one_line_and_nothing_is_done(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    result = mxdesk("--lang", "fr", "export-map", "-o", str(out))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == ("mxdesk: unknown language 'fr': choose one of en, es "
                             "(see mxdesk --help)\n")
    assert not out.exists()
    after = mxdesk("export-map", "-o", str(out), "--lang", "fr", env={"LANG": "es_MX.UTF-8"})
    assert after.returncode == 2
    assert after.stderr == ("mxdesk: idioma desconocido 'fr': elija uno de estos: en, es "
                            "(consulte mxdesk --help)\n")
    assert not out.exists()


def test_plurals_for_one_and_two(tmp_path: Path) -> None:
    one = mxdesk("--lang", "es", "search", "claugto", "--csv", str(tmp_path / "one.csv"))
    assert one.stdout == f"Se guardó 1 clúster en {tmp_path / 'one.csv'}\n", one.stderr
    two = mxdesk("--lang", "es", "search", "claut", "--csv", str(tmp_path / "two.csv"))
    assert two.stdout == f"Se guardaron 2 clústeres en {tmp_path / 'two.csv'}\n", two.stderr
    english = mxdesk("search", "claugto", "--csv", str(tmp_path / "one.csv"))
    assert english.stdout == f"Wrote 1 cluster to {tmp_path / 'one.csv'}\n"


def test_an_ambiguous_name_said_in_spanish() -> None:
    both = mxdesk("--lang", "es", "show", "CLAUT")
    assert both.returncode == 1
    lines = both.stderr.splitlines()
    assert lines[0] == "mxdesk: 'CLAUT' es ambiguo: corresponde a 2 registros; indique cuál:"
    assert [line.split()[1] for line in lines[1:]] == ["claut", "claut-edomex"]
    many = mxdesk("--lang", "es", "show", "cluster")
    first, last = many.stderr.splitlines()[0], many.stderr.splitlines()[-1]
    assert first.startswith("mxdesk: 'cluster' es ambiguo: forma parte de los nombres de ")
    assert last.endswith(" más (mxdesk search cluster los muestra)")


def test_a_corrected_search_says_so_in_spanish() -> None:
    result = mxdesk("--lang", "es", "search", "queretero", "--kind", "cluster")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Se muestran resultados para Querétaro (nada coincide con 'queretero'; --exact busca "
        "'queretero' tal como se escribió)\nClústeres (")


def test_json_stays_as_programs_read_it() -> None:
    english = mxdesk("search", "queretero", "--kind", "cluster", "--json")
    spanish = mxdesk("--lang", "es", "search", "queretero", "--kind", "cluster", "--json")
    assert spanish.stdout == english.stdout
    assert spanish.stderr.startswith("Se muestran resultados para Querétaro")


def test_help_in_spanish_argparse_words_included() -> None:
    result = mxdesk("--lang", "es", "export-pdf", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("uso: mxdesk export-pdf")
    assert "\nopciones:\n" in result.stdout
    assert "mostrar esta ayuda y salir" in result.stdout
    assert "tamaño del papel (predeterminado: a4)" in result.stdout
    assert "usage:" not in result.stdout
    assert "options:" not in result.stdout
    top = mxdesk("--help", env={"LANG": "es_MX.UTF-8"})
    assert "Directorio sin conexión de los clústeres" in top.stdout
    assert "idioma de los mensajes, la salida y los documentos" in top.stdout


def test_usage_errors_in_spanish() -> None:
    missing = mxdesk("--lang", "es", "search")
    assert missing.returncode == 2
    assert missing.stderr.splitlines()[-1] == (
        "mxdesk search: se requieren los argumentos siguientes: query (consulte mxdesk search "
        "--help)")
    choice = mxdesk("--lang", "es", "show", "x", "--kind", "planet")
    assert choice.returncode == 2
    assert "argumento --kind: opción no válida: 'planet' (elija entre " in choice.stderr
    together = mxdesk("--lang", "es", "export-pdf", "--all", "--cluster", "claut", "-o", "x.pdf")
    assert together.returncode == 2
    assert "--cluster y --all no pueden usarse juntas" in together.stderr


def test_export_map_says_what_it_wrote_in_spanish(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = mxdesk("--lang", "es", "export-map", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Se guardó {out} (")
    assert out.read_bytes().startswith(b"%PDF")
    nothing = mxdesk("--lang", "es", "export-map", "-o", str(tmp_path / "y.svg"),
                     "--search", "zzzzqqq", "--exact")
    assert nothing.returncode == 1
    assert nothing.stderr.startswith("mxdesk: nada que exportar: ")
    assert nothing.stderr.rstrip().endswith("; no se guardó ningún mapa")


@pytest.mark.parametrize(("lang", "sector", "said"), [
    ("es", "automotive", "Clústeres por estado: Automotriz · 9 clústeres"),
    ("es", "automotriz", "Clústeres por estado: Automotriz · 9 clústeres"),
    ("en", "automotriz", "Automotive clusters by state · 9 clusters"),
    ("es", "transporte", "Transporte (industria, con sus sectores) · 15 clústeres"),
])
def test_export_map_of_a_sector_in_either_language(tmp_path: Path, lang: str, sector: str,
                                                   said: str) -> None:
    # Issue 20's trial: the README's own example drew nothing in Spanish ("ningún clúster
    # está en el sector Automotriz"): the Spanish name was ticked where the facet holds the
    # English one.
    out = tmp_path / "m.svg"
    result = mxdesk("--lang", lang, "export-map", "-o", str(out), "--sector", sector)
    assert result.returncode == 0, result.stderr
    assert said in result.stdout
    assert out.stat().st_size > 0


@pytest.mark.parametrize(("lang", "tag"), [("es", "es-MX"), ("en", "en")])
def test_a_map_pdf_says_its_language(tmp_path: Path, lang: str, tag: str) -> None:
    from pypdf import PdfReader

    out = tmp_path / "m.pdf"
    result = mxdesk("--lang", lang, "export-map", "-o", str(out), "--search", "automotriz")
    assert result.returncode == 0, result.stderr
    assert PdfReader(out).trailer["/Root"]["/Lang"] == tag
    assert len(PdfReader(out).pages) == 1


@pytest.mark.parametrize(("cluster", "pages"), [("claut", "1 página"),
                                               ("CLAUGTO", "2 páginas")])
def test_a_fact_sheet_said_in_spanish(tmp_path: Path, cluster: str, pages: str) -> None:
    out = tmp_path / "sheet.pdf"
    result = mxdesk("--lang", "es", "export-pdf", "--cluster", cluster, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Se guardó {out}: {pages}, 1 clúster"


def test_a_workbook_for_people_in_spanish_a_csv_header_for_programs_in_english(
        tmp_path: Path) -> None:
    book = tmp_path / "q.xlsx"
    result = mxdesk("--lang", "es", "search", "queretaro", "--xlsx", str(book))
    assert result.stdout == f"Se guardaron 6 clústeres en {book}\n", result.stderr
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == ["Clústeres", "Información"]
    about = dict(workbook["Información"].iter_rows(values_only=True))
    assert about["Tabla"] == "Clústeres"
    assert about["Búsqueda"] == "queretaro"
    assert about["Filtros"] == "(ninguno)"
    assert about["Filas"] == "6"
    assert str(about["Datos"]).startswith("directorio de mxdesk ")
    sheet = tmp_path / "q.csv"
    mxdesk("--lang", "es", "search", "queretaro", "--csv", str(sheet))
    header = sheet.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "Name;State;Sectors;Quality label"


def test_a_table_printed_in_spanish() -> None:
    result = mxdesk("--lang", "es", "search", "queretaro", "--sort", "Name")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Clústeres (6)\n")
    none = mxdesk("--lang", "es", "search", "zzzzqqq", "--kind", "sector", "--sort", "Name")
    assert none.stdout == "Ningún sector coincide.\n"
    bad = mxdesk("--lang", "es", "search", "", "--sort", "Planet")
    assert bad.returncode == 1
    assert bad.stderr.startswith("mxdesk: no hay ninguna columna 'Planet'; las columnas son: ")


def test_selftest_lines_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    """Each step's line as `mxdesk --lang es selftest` prints it (the steps themselves, a
    window and a PDF, are run in English by tests/test_cli.py::test_selftest)."""
    from mxdesk import selftest
    from mxdesk.core import i18n
    from mxdesk.core.errors import MxdeskError

    def broken() -> str:
        raise MxdeskError("roto")

    with i18n.using("es"):
        assert selftest._step(selftest._PDF, lambda: "bien")
        assert not selftest._step(selftest._MAP, broken)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ok    ficha técnica en PDF: bien (")
    assert lines[0].endswith(" ms)")
    assert lines[1] == "FALLO mapa de México: roto"


@pytest.mark.parametrize(("count", "partial", "said"), [
    (1, False, "'x' es ambiguo: corresponde a 1 registro"),
    (2, False, "'x' es ambiguo: corresponde a 2 registros"),
    (1, True, "'x' es ambiguo: forma parte del nombre de 1 registro"),
    (2, True, "'x' es ambiguo: forma parte de los nombres de 2 registros")])
def test_an_ambiguous_name_in_spanish_one_and_two(count: int, partial: bool, said: str) -> None:
    from mxdesk.core import i18n
    from mxdesk.core.errors import AmbiguousNameError

    candidates = [("cluster", f"c{n}", f"C {n}") for n in range(count)]
    with i18n.using("es"):
        assert str(AmbiguousNameError("x", candidates, partial)) == said
    english = str(AmbiguousNameError("x", candidates, partial))
    assert english.endswith(f" {count} record" + ("s" if count != 1 else ""))
