"""One meaning per name: no two modules of the package define the same public type name.

A type name is a top-level class or a top-level capitalised assignment (a type alias such as
``RouteKey = tuple[str, str, str]``); ALL_CAPS constants are not type names. A name defined
twice forces readers to check which one a module means, and importers to rename one to cope.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import overflight

PACKAGE = Path(overflight.__file__).parent


def _type_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return {n for n in names if n[:1].isupper() and not n.isupper()}


def duplicate_type_names(root: Path) -> dict[str, list[str]]:
    """Each public type name defined in more than one module under ``root``, with the modules."""
    homes: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        for name in _type_names(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            homes[name].append(path.relative_to(root).as_posix())
    return {name: where for name, where in sorted(homes.items()) if len(where) > 1}


def test_no_public_type_name_is_defined_twice() -> None:
    assert duplicate_type_names(PACKAGE) == {}


def test_a_name_defined_in_two_modules_is_found(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("class Level:\n    pass\n")
    (tmp_path / "b.py").write_text("Level = int\nMAX = 3\n")
    (tmp_path / "c.py").write_text("MAX = 4\nclass _Run:\n    pass\n")
    assert duplicate_type_names(tmp_path) == {"Level": ["a.py", "b.py"]}
