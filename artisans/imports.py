"""Reading the accountants' import files: CSV or XLSX, UTF-8 or GBK (what Chinese Excel
saves by default), into rows of strings, and checking each row with a form so errors come
back per row in the user's language."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from artisans.models import Household
from core.csv import unescape_cell

HOUSEHOLD_COLUMNS = [
    "code", "head_name", "village_group", "members", "is_member", "joined_on", "left_on",
    "capital_contribution", "reserve_share",
]
# Read when the file has them; a file without them leaves them as they are.
HOUSEHOLD_OPTIONAL_COLUMNS = ["phone", "notes"]
HOUSEHOLD_EXPORT_COLUMNS = HOUSEHOLD_COLUMNS + HOUSEHOLD_OPTIONAL_COLUMNS
ARTISAN_COLUMNS = ["code", "name", "household_code", "techniques", "years_weaving"]
# Technique names in one cell: Chinese enumeration comma, semicolons or slashes (a plain
# comma would need quoting in CSV, so it is accepted too).
TECHNIQUE_SEPARATORS = "、，,;；/|"
TRUE_WORDS = {"1", "true", "yes", "y", "是", "成员", "√"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "非成员", ""}
ARTISAN_CODE = re.compile(r"[A-Z][A-Z0-9]{0,19}")
MAX_ROWS = 20_000
# An XLSX is a zip: a few hundred kilobytes can unpack to gigabytes of XML. Refuse a workbook
# whose parts unpack to more than this before reading a row of it.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
YES, NO = "是", "否"


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, encoding, missing columns)."""


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as the user sees it, values)


def read_table(content: bytes, filename: str, required: list[str],
               max_rows: int = MAX_ROWS) -> Table:
    """The file's header and rows (blank rows left out). Reading stops at the first row past
    `max_rows`, so a huge file costs no more than a file of the limit's size."""
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        raw_rows = _xlsx_rows(content)
    else:
        raw_rows = csv.reader(io.StringIO(_decode(content)))
    kept = []
    for row in raw_rows:
        if any(cell.strip() for cell in row):
            kept.append(row)
            if len(kept) > max_rows + 1:
                raise ImportFileError(
                    _("Too many rows: at most %(max)d per file.") % {"max": max_rows})
    if not kept:
        raise ImportFileError(_("The file is empty."))
    columns = [cell.strip().lower().lstrip("\ufeff") for cell in kept[0]]
    missing = [column for column in required if column not in columns]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(missing)s. The first row must name the columns: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ",".join(required)}
        )
    rows = []
    for number, raw in enumerate(kept[1:], start=2):
        values = {column: (unescape_cell(raw[i]).strip() if i < len(raw) else "")
                  for i, column in enumerate(columns)}
        rows.append((number, values))
    return Table(columns=columns, rows=rows)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor GBK text. Save it as CSV or XLSX."))


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            raise ImportFileError(
                _("The workbook unpacks to more than %(mb)d MB. Split it into smaller files.")
                % {"mb": MAX_UNZIPPED_BYTES // (1024 * 1024)})
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as error:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(Decimal(str(value)))
    return str(value)


def household_cell(household: Household, column: str) -> str:
    """One cell of the register's export, written as the import reads it back."""
    value = getattr(household, column)
    if column == "is_member":
        return YES if value else NO
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class MemberField(forms.Field):
    def to_python(self, value):
        word = (value or "").strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(_("Write 1 or 0 (是 or 否)."), code="invalid")


DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
money = dict(max_digits=12, decimal_places=2, min_value=Decimal("0"),
             error_messages={"min_value": _("Must not be negative.")})


class HouseholdRowForm(forms.Form):
    code = forms.CharField(max_length=20)
    head_name = forms.CharField(max_length=40)
    village_group = forms.IntegerField(min_value=1, max_value=99)
    members = forms.IntegerField(min_value=1, max_value=99)
    is_member = MemberField(required=False)
    joined_on = forms.DateField(required=False, input_formats=DATE_FORMATS)
    left_on = forms.DateField(required=False, input_formats=DATE_FORMATS)
    capital_contribution = forms.DecimalField(**money)
    reserve_share = forms.DecimalField(**money)
    phone = forms.CharField(max_length=30, required=False)
    notes = forms.CharField(required=False)

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in HOUSEHOLD_OPTIONAL_COLUMNS:
            if name not in columns:
                del self.fields[name]

    def clean_code(self):
        code = self.cleaned_data["code"].upper()
        Household._meta.get_field("code").run_validators(code)
        return code

    def clean(self):
        cleaned = super().clean()
        joined, left = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("A household cannot leave before it joined."))
        return cleaned


class ArtisanRowForm(forms.Form):
    code = forms.CharField(max_length=20)
    name = forms.CharField(max_length=60)
    household_code = forms.CharField(max_length=20)
    techniques = forms.CharField(required=False)
    years_weaving = forms.IntegerField(min_value=0, max_value=90, required=False)

    def __init__(self, *args, households: dict, techniques: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.households, self.technique_lookup = households, techniques

    def clean_code(self):
        code = self.cleaned_data["code"].upper()
        if not ARTISAN_CODE.fullmatch(code):
            raise ValidationError(_("Use a code like A0017: letters and digits only."))
        return code

    def clean_household_code(self):
        code = self.cleaned_data["household_code"].upper()
        if code not in self.households:
            raise ValidationError(_("Unknown household %(code)s: import the household first."),
                                  params={"code": code})
        return self.households[code]

    def clean_techniques(self):
        names = [name.strip() for name in _split(self.cleaned_data["techniques"]) if name.strip()]
        unknown = [name for name in names if name.lower() not in self.technique_lookup]
        if unknown:
            raise ValidationError(_("Unknown technique: %(names)s."),
                                  params={"names": "、".join(unknown)})
        return [self.technique_lookup[name.lower()] for name in names]


def _split(value: str) -> list[str]:
    for separator in TECHNIQUE_SEPARATORS[1:]:
        value = value.replace(separator, TECHNIQUE_SEPARATORS[0])
    return value.split(TECHNIQUE_SEPARATORS[0])


def row_errors(form: forms.Form) -> str:
    """All of a row's errors on one line: `column: message`."""
    parts = []
    for field_name, errors in form.errors.items():
        label = field_name if field_name != "__all__" else ""
        parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return "; ".join(parts)
