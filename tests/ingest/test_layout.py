"""The house layout, checked from the source: one room per stage, lower rooms never
import higher ones, no import cycles, no file over 500 lines and no function over 80,
and pymupdf only where PDFs are read or drawn (pdf/) or written (samples.py)."""

from __future__ import annotations

import ast
from pathlib import Path

INGEST = Path(__file__).resolve().parents[2] / "ingest"
# What each room may import of ingest/ (besides itself). Lower rooms never import
# higher ones: raw <- pdf, metadata, fetch <- warehouse <- cli.
ALLOWED = {
    "raw": set(),
    "pdf": {"raw"},
    "metadata": {"raw"},
    "fetch": {"raw"},
    "warehouse": {"raw"},
    "samples": set(),
    "cli": {"raw", "pdf", "metadata", "fetch", "warehouse", "samples"},
}
PYMUPDF_ROOMS = {"pdf", "samples"}
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(INGEST.rglob("*.py")):
        parts = path.relative_to(INGEST.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _imports(path: Path) -> set[str]:
    """Every module named by an import anywhere in the file (lazy ones too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "ingest"


def test_rooms_import_only_lower_rooms():
    modules = _modules()
    offences = []
    for module, path in modules.items():
        room = _room(module)
        if room == "ingest":
            continue
        for name in _imports(path):
            if not name.startswith("ingest.") or name not in modules:
                continue
            other = _room(name)
            if other != room and other not in ALLOWED[room]:
                offences.append(f"{module} imports {name}")
    assert not offences, offences


def test_every_module_lives_in_a_known_room():
    rooms = {_room(module) for module in _modules()} - {"ingest"}
    assert rooms <= set(ALLOWED), rooms - set(ALLOWED)


def test_module_imports_have_no_cycles():
    modules = _modules()
    graph = {
        module: {n for n in _imports(path) if n in modules and n != module}
        for module, path in modules.items()
    }
    # a package's __init__ re-exporting its own modules is not a cycle of rooms
    for module in graph:
        graph[module] = {n for n in graph[module] if not module.startswith(n + ".")}
    state: dict[str, int] = {}
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                cycles.append([*trail, module, other])
            elif other not in state:
                visit(other, [*trail, module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert not cycles, cycles


def test_no_file_over_500_lines_and_no_function_over_80():
    long_files, long_functions = [], []
    for module, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_FILE_LINES:
            long_files.append(f"{module}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{module}.{node.name}: {length} lines")
    assert not long_files, long_files
    assert not long_functions, long_functions


def test_only_the_pdf_room_and_samples_import_pymupdf():
    importers = {
        module
        for module, path in _modules().items()
        if any(n == "pymupdf" or n.startswith("pymupdf.") for n in _imports(path))
    }
    outside = {module for module in importers if _room(module) not in PYMUPDF_ROOMS}
    assert not outside, outside
