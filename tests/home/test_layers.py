"""Models import no selectors or filters (selectors and filters import models), and the
serving, caching and listing code hides no import inside a function (only apps' ready())."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODELS = ["artisans/models.py", "catalogue/models.py", "home/models.py", "core/pages.py",
          "news/models.py"]
NO_LOCAL_IMPORTS = [
    "core/caching.py", "core/pages.py", "core/http.py", "core/i18n.py",
    "artisans/models.py", "artisans/selectors.py", "artisans/filters.py",
    "catalogue/models.py", "catalogue/selectors.py", "catalogue/filters.py",
    "catalogue/templatetags/catalogue_tags.py", "home/models.py", "home/selectors.py",
    "home/views.py", "home/navigation.py", "home/templatetags/tianxing_tags.py",
    "news/selectors.py", "news/filters.py", "news/templatetags/news_tags.py",
]


def imported_modules(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("path", MODELS)
def test_models_import_no_selectors_or_filters(path):
    modules = imported_modules(ast.parse((ROOT / path).read_text()))
    assert not [name for name in modules
                if name.split(".")[-1] in ("selectors", "filters")
                or ".selectors." in name or ".filters." in name]


@pytest.mark.parametrize("path", NO_LOCAL_IMPORTS)
def test_no_import_is_hidden_in_a_function(path):
    tree = ast.parse((ROOT / path).read_text())
    hidden = [
        (function.name, node.lineno)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function) if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert hidden == []
