"""The core is a headless library: importing it, and every module in it, never loads Textual."""

from __future__ import annotations

import subprocess
import sys

from tests.shared import REPO


def _modules_loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_import_core_does_not_load_textual():
    loaded = _modules_loaded_after("import core")
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)


def test_importing_every_core_module_does_not_load_textual():
    code = (
        "import pkgutil, importlib, core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'core.'):\n"
        "    importlib.import_module(m.name)\n"
    )
    loaded = _modules_loaded_after(code)
    textual = sorted(m for m in loaded if m == "textual" or m.startswith("textual."))
    assert textual == []


def test_building_the_cli_parser_does_not_load_textual():
    loaded = _modules_loaded_after("from core.cli import build_parser\nbuild_parser()")
    assert "textual" not in loaded
