"""Cells for CSV files that people open in a spreadsheet. Excel and WPS treat a cell that
starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so a
buyer's name like `=HYPERLINK(...)` would run when the accountant opens the export (CSV
formula injection, OWASP). Every CSV export passes its text cells through `safe_cell`."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` unchanged unless it is text that a spreadsheet would read as a formula; then
    the text behind a `'`, which spreadsheets show as plain text. Numbers, dates and None are
    left alone (a negative number is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """The reverse of `safe_cell` for a file read back in: a `'` put before a formula
    character is taken off again, so an export imported back changes nothing."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
