"""CSV formula injection: cells a spreadsheet would run as formulas are written as text."""

import pytest

from core.csv import safe_cell, unescape_cell


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1", "=cmd|' /C calc'!A0"])
def test_formula_cells_become_text_and_read_back_unchanged(text):
    assert safe_cell(text) == "'" + text
    assert unescape_cell(safe_cell(text)) == text


@pytest.mark.parametrize("value", ["王建国", "TX-01-001", "", None, -5, 2.5, "a=b"])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_a_quote_before_ordinary_text_is_kept():
    assert unescape_cell("'hello") == "'hello"
