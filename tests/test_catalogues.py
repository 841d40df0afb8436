"""Every marked string has its Spanish translation, and the program reads what the .po files
say (issue 20). ``python tools/i18n.py check`` prints the same list."""

from __future__ import annotations

import gettext
import importlib.util
import sys

from mxdesk.core import i18n, paths


def _tool():  # type: ignore[no-untyped-def]
    path = paths.SOURCE_TREE / "tools" / "i18n.py"
    spec = importlib.util.spec_from_file_location("i18n_tool", path)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


def test_every_marked_string_is_translated_and_compiled() -> None:
    problems = _tool().problems("es")
    assert problems == [], "\n".join(problems[:60]) + f"\n… {len(problems)} problems"


def test_the_compiled_catalogue_has_spanish_plural_rules() -> None:
    with open(i18n.catalogue_path("es"), "rb") as handle:  # noqa: PTH123
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.info()["language"] == "es"
    assert "nplurals=3" in catalogue.info()["plural-forms"]
