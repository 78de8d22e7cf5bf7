"""No import circle anywhere in tui/, counting imports inside functions and under TYPE_CHECKING."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tui"


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    found = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(node: ast.AST, package: str, known: Mapping[str, Path]) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join([*parts, base] if base else parts)
        for alias in node.names:
            whole = f"{base}.{alias.name}"
            yield whole if whole in known else base


def import_graph(known: Mapping[str, Path]) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, wherever the import statement stands."""
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for target in _imported(node, package, known):
                while target and target not in known:  # `from a.b import name` names a.b
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_package_has_no_import_circle() -> None:
    graph = import_graph(modules())
    found = circles(graph)
    described = [
        "\n".join(f"  {m} -> {', '.join(sorted(graph[m] & set(c)))}" for m in c) for c in found
    ]
    assert not found, "import circles in tui/:\n" + "\n\n".join(described)


def test_the_circle_check_finds_a_circle_hidden_in_a_function(tmp_path: Path) -> None:
    """The check itself: a circle closed only by an import inside a function still counts."""
    root = tmp_path / "pkg"
    (root / "screens").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "screens" / "__init__.py").write_text("")
    (root / "flow.py").write_text("def after():\n    from pkg.screens.list import ListScreen\n")
    (root / "screens" / "list.py").write_text("from .. import flow\n")
    (root / "alone.py").write_text("import pkg.flow\n")
    assert circles(import_graph(modules(root))) == [["pkg.flow", "pkg.screens.list"]]
