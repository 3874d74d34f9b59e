"""Security basics for a class: the server's config, no eval/exec/pickle of anything, weights-only checkpoint
loading, and bounded caches everywhere."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = [p for folder in ("core", "lessons", "ui", "viz") for p in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py"]


def calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


def name_of(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return f"{name_of(func.value)}.{func.attr}"
    return func.id if isinstance(func, ast.Name) else ""


def test_server_config_for_a_class():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["fileWatcherType"] == "none" and config["server"]["runOnSave"] is False
    assert config["global"]["developmentMode"] is False
    assert config["client"]["toolbarMode"] == "viewer"  # no developer options in the app's menu


def test_no_eval_exec_or_pickle():
    for path in CODE:
        source = path.read_text(encoding="utf-8")
        assert "import pickle" not in source and "from pickle" not in source, path
        for node in calls(path):
            assert name_of(node.func) not in ("eval", "exec", "compile", "pickle.load", "pickle.loads"), path


def test_checkpoints_load_weights_only():
    loads = [(path, node) for path in CODE for node in calls(path) if name_of(node.func) == "torch.load"]
    assert loads, "no torch.load found: the test would check nothing"
    for path, node in loads:
        keywords = {k.arg: k.value for k in node.keywords}
        assert isinstance(keywords.get("weights_only"), ast.Constant) and keywords["weights_only"].value is True, path


def test_every_cache_is_bounded():
    """Every cache keeps at most a fixed number of entries, so a session cannot fill the server's memory: the lab's
    one cache, ui.store.shared, takes its bound as a required argument (and refuses anything but a positive whole
    number), and Streamlit's own caches are not used outside ui/ (nor unbounded there)."""
    found = 0
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for decorator in getattr(node, "decorator_list", []):
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = name_of(target)
                if name in ("st.cache_data", "st.cache_resource"):
                    assert path.parent.name == "ui", f"{path.name}: {node.name} uses {name}; use ui.store.shared"
                    keywords = {k.arg for k in decorator.keywords} if isinstance(decorator, ast.Call) else set()
                    assert "max_entries" in keywords, f"{path.name}: {node.name} has an unbounded cache"
                elif name in ("shared", "store.shared"):
                    found += 1
                    assert isinstance(decorator, ast.Call) and decorator.args, f"{path.name}: {node.name} unbounded"
    assert found > 20
