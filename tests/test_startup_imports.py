"""serve imports every page at start-up (gkreg/ui/server.py) so that no visitor pays for an import. That is
only safe while no page imports a library that declares a Streamlit component on import: outside a script
run its files would then answer 404 and the login cookie would never be written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_importing_every_page_declares_no_component() -> None:
    code = (
        "import importlib, pkgutil, sys, pages\n"
        "for m in pkgutil.iter_modules(pages.__path__): importlib.import_module('pages.' + m.name)\n"
        "print(sorted(n for n in ('streamlit_authenticator', 'extra_streamlit_components') if n in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
