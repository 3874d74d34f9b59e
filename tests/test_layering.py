"""core/ and viz/ stay free of Streamlit (and core of Plotly), so they can be imported and tested headless."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Imports every module of the given packages (found with pkgutil, so new modules are covered), then
# prints the module names it imported and which of the watched top-level packages ended up loaded.
PROBE = """
import importlib, json, pkgutil, sys
names = []
for pkg_name in sys.argv[1:]:
    pkg = importlib.import_module(pkg_name)
    names.append(pkg_name)
    for info in pkgutil.walk_packages(pkg.__path__, pkg_name + "."):
        importlib.import_module(info.name)
        names.append(info.name)
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"streamlit", "plotly"})
print(json.dumps({"imported": names, "loaded": loaded}))
"""


def probe(*packages):
    proc = subprocess.run([sys.executable, "-c", PROBE, *packages], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def py_files(package):
    return sorted((ROOT / package).rglob("*.py"))


def test_core_and_viz_import_without_streamlit():
    result = probe("core", "viz")
    expected = {".".join(p.relative_to(ROOT).with_suffix("").parts) for pkg in ("core", "viz") for p in py_files(pkg)}
    expected = {n.removesuffix(".__init__") for n in expected}
    assert {"core.recurrent", "core.numpy_rnn"} <= expected
    assert expected <= set(result["imported"]), "pkgutil missed a module"
    assert "streamlit" not in result["loaded"]


def test_core_imports_without_plotly():
    assert "plotly" not in probe("core")["loaded"]


def imported_roots(path):
    """Top-level package names a source file imports anywhere (also inside functions)."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package,forbidden", [("core", {"streamlit", "plotly"}), ("viz", {"streamlit"})])
def test_no_forbidden_imports_in_source(package, forbidden):
    files = py_files(package)
    assert files
    offenders = {str(p.relative_to(ROOT)): sorted(imported_roots(p) & forbidden) for p in files}
    assert not {k: v for k, v in offenders.items() if v}
