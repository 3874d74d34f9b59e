"""Small files, one idea each (DESIGN.md, house style 6): no Python file over ~200 lines, no function over ~60, and
every lesson is one folder with the same parts."""

import ast
from pathlib import Path

from ui.registry import GLOSSARY, HOME, LECTURE, LESSONS, TEACHER

ROOT = Path(__file__).resolve().parents[1]
MAX_FILE_LINES = 220  # "roughly 200"
MAX_FUNCTION_LINES = 60
FOLDERS = ("core", "viz", "ui", "lessons", "tests", "benchmarks")


def python_files() -> list[Path]:
    return [p for folder in FOLDERS for p in sorted((ROOT / folder).rglob("*.py"))] + [ROOT / "app.py"]


def test_no_file_is_long():
    long = {str(p.relative_to(ROOT)): n for p in python_files()
            if (n := len(p.read_text().splitlines())) > MAX_FILE_LINES}
    assert not long, f"files over {MAX_FILE_LINES} lines: {long}"


def test_no_function_is_long():
    long = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = lines
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_every_lesson_is_one_folder_with_the_same_parts():
    folders = {p.name for p in (ROOT / "lessons").iterdir() if p.is_dir() and not p.name.startswith("__")}
    pages = {lesson.key for lesson in (*LESSONS, HOME, GLOSSARY, LECTURE, TEACHER)}
    assert folders == pages, "a folder without a registry line, or the reverse"
    for lesson in LESSONS:
        folder = ROOT / "lessons" / lesson.key
        for part in ("page.py", "study.py", "question.py", "text.en.toml", "__init__.py"):
            assert (folder / part).exists(), f"lessons/{lesson.key}/{part} is missing"
        page = (folder / "page.py").read_text()
        assert "top(" in page and "end(" in page, f"lessons/{lesson.key}/page.py does not draw the skeleton"
    assert {p.name for p in (ROOT / "lessons").glob("*.py")} == {"__init__.py"}, "a module outside a lesson folder"
