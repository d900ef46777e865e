"""payments sits below orders and commissions: it imports neither (they register handlers)."""

import ast
from pathlib import Path

import payments

FORBIDDEN = ("orders", "commissions", "earnings", "home", "catalogue", "artisans",
             "exhibitions")


def test_payments_imports_no_app_above_it():
    root = Path(payments.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
