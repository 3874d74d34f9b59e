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


# ---- one lesson, one folder: imports go one way only -----------------------------------------------------------

CODE_DIRS = ("core", "viz", "ui", "lessons")


def imported_modules(path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import in a file, anywhere in it: ``import a.b`` gives ("a.b", []),
    ``from a.b import c, d`` gives ("a.b", ["c", "d"])."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.module, [alias.name for alias in node.names]))
    return out


def module_name(path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def project_files():
    return [p for d in CODE_DIRS for p in py_files(d)] + [ROOT / "app.py"]


def lesson_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "lessons" else None


def test_core_imports_nothing_from_lessons_viz_or_ui():
    offenders = {str(p.relative_to(ROOT)): m for p in py_files("core") for m, _ in imported_modules(p)
                 if m.split(".")[0] in ("lessons", "viz", "ui", "streamlit", "plotly")}
    assert not offenders


def test_study_modules_compute_only():
    """A lesson's study modules (what it computes) use torch, NumPy and core: no page, chart or server code."""
    studies = sorted(ROOT.glob("lessons/*/study*.py"))
    assert len(studies) >= 6, "every lesson has a study module"
    offenders = {str(p.relative_to(ROOT)): m for p in studies for m, _ in imported_modules(p)
                 if m.split(".")[0] in ("streamlit", "plotly", "viz", "ui", "pandas")}
    assert not offenders


def headline_reads(importer: str | None, target: str) -> bool:
    """The one exception: the home page opens on a lesson's headline result (issue 20), so it may read a lesson's
    study modules, which compute only (test_study_modules_compute_only); never its page or section modules."""
    return importer == "home" and target.split(".")[-1].startswith("study")


def test_no_lesson_imports_another_lesson_and_nothing_outside_lessons_imports_one():
    offenders = []
    for path in project_files():
        mine = lesson_of(module_name(path))
        for module, names in imported_modules(path):
            targets = [module] if module != "lessons" else [f"lessons.{n}" for n in names]
            offenders += [(module_name(path), t) for t in targets
                          if lesson_of(t) and lesson_of(t) != mine and not headline_reads(mine, t)]
    assert not offenders


def test_the_home_exception_is_narrow():
    assert headline_reads("home", "lessons.vanishing.study")
    assert not headline_reads("home", "lessons.vanishing.curves")
    assert not headline_reads("hello", "lessons.vanishing.study")


def test_no_module_imports_another_modules_private_names():
    offenders = [(module_name(p), m, n) for p in project_files() for m, names in imported_modules(p) for n in names
                 if n.startswith("_") and not n.startswith("__")]
    assert not offenders


def test_no_import_cycles():
    """The project's modules import each other without a circle (seq2seq <-> seq2seq_train was one)."""
    known = {module_name(p): p for p in project_files()}
    graph = {}
    for name, path in known.items():
        targets = set()
        for module, names in imported_modules(path):
            targets |= {t for t in [module, *(f"{module}.{n}" for n in names)] if t in known and t != name}
        graph[name] = targets
    state, cycles = {}, []

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles


def test_the_checks_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from core.gradients import _private\nimport lessons.gates.study\nfrom lessons import hello\n")
    found = imported_modules(bad)
    assert ("core.gradients", ["_private"]) in found and ("lessons.gates.study", []) in found
    assert lesson_of("lessons.gates.study") == "gates" and ("lessons", ["hello"]) in found
