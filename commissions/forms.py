"""Forms clients fill in: the request (with reference photos checked by their content, not
their names) and the answers to a quote; and the committee desk's small forms."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from commissions.models import (
    BudgetRange,
    ClientType,
    CostKind,
    QuoteLineKind,
    WorkKind,
)

# The shop's rule for phone numbers (orders sits beside commissions, not below it).
MOBILE = re.compile(r"^1[3-9]\d{9}$")
MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


def DateInput():  # noqa: N802 - a widget factory, read like a widget class
    """The browser's date picker needs ISO dates, whatever the language's format."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def normalise_phone(raw: str) -> str:
    digits = re.sub(r"[\s\-()]", "", raw or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            return digits[len(prefix):]
    return digits


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to five pictures, each checked by opening it: its real format, its bytes and its
    pixels (a 'photo' that is really a PDF or a decompression bomb is refused)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Send at most %(n)d photos.") % {"n": MAX_PHOTOS})
        for upload in files:
            check_photo(upload)
        return files


def check_photo(upload) -> None:
    name = upload.name
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("“%(name)s” is larger than 10 MB.") % {"name": name})
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
            kind = image.format
            if width * height > MAX_PHOTO_PIXELS:
                raise ValidationError(_("“%(name)s” has more than 40 megapixels.")
                                      % {"name": name})
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise ValidationError(_("“%(name)s” is not a picture: send JPEG, PNG, WebP or GIF "
                                "photos.") % {"name": name}) from exc
    finally:
        upload.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ValidationError(_("“%(name)s” is not a picture: send JPEG, PNG, WebP or GIF "
                                "photos.") % {"name": name})


class CommissionRequestForm(forms.Form):
    client_type = forms.ChoiceField(label=_("You are"), choices=ClientType.choices,
                                    widget=forms.RadioSelect, initial=ClientType.ORGANISATION)
    organisation = forms.CharField(label=_("Organisation"), max_length=120, required=False,
                                   help_text=_("The park, resort, school or town office."))
    contact_name = forms.CharField(label=_("Contact name"), max_length=60)
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Email"),
                             help_text=_("We send the confirmation and your quote here."))
    district = forms.CharField(label=_("District or town"), max_length=60,
                               help_text=_("e.g. 温江区寿安镇"))
    address = forms.CharField(label=_("Site address"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of work"), choices=WorkKind.choices)
    size = forms.CharField(label=_("Approximate size"), max_length=100,
                           help_text=_("e.g. an arch 4 m wide and 3 m high, or 60 m² of wall"))
    budget = forms.ChoiceField(label=_("Budget"), choices=BudgetRange.choices)
    wanted_by = forms.DateField(label=_("Wanted completion date"), required=False,
                                widget=DateInput())
    description = forms.CharField(label=_("Tell us about it"), required=False, max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    photos = PhotosField(label=_("Reference photos"), required=False,
                         help_text=_("Up to 5 pictures of the site or of what you have in mind "
                                     "(10 MB each)."))
    consent_to_contact = forms.BooleanField(
        label=_("I agree that the cooperative contacts me about this request."),
        error_messages={"required": _("We need your agreement to contact you.")},
    )
    # A field people never see; a robot filling every input fills it too.
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1",
                                                            "autocomplete": "off"}))

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise ValidationError(_("Enter a mainland China mobile number: 11 digits starting "
                                    "with 1."))
        return phone

    def clean_contact_name(self):
        name = self.cleaned_data["contact_name"].strip()
        if len(name) < 2:
            raise ValidationError(_("Enter your full name."))
        return name

    def clean_wanted_by(self):
        wanted = self.cleaned_data.get("wanted_by")
        if wanted and wanted <= timezone.localdate():
            raise ValidationError(_("Choose a date in the future."))
        return wanted

    def clean(self):
        data = super().clean()
        if data.get("client_type") == ClientType.ORGANISATION and not (
                data.get("organisation") or "").strip():
            self.add_error("organisation", _("Enter the organisation's name."))
        return data

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class AcceptQuoteForm(forms.Form):
    name = forms.CharField(label=_("Type your full name to accept"), max_length=60)


class RevisionForm(forms.Form):
    comment = forms.CharField(label=_("What would you like changed?"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


# --- the committee's desk --------------------------------------------------------------


class MoveForm(forms.Form):
    to_stage = forms.CharField(max_length=20)
    note = forms.CharField(max_length=500, required=False)


class JobDatesForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    starts_on = forms.DateField(label=_("Job starts"), required=False,
                                widget=DateInput())
    ends_on = forms.DateField(label=_("Job ends"), required=False,
                              widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The job cannot end before it starts."))
        return data


class QuoteLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuoteLineKind.choices)
    description = forms.CharField(label=_("Description"), max_length=200)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=10, decimal_places=2,
                                  min_value=Decimal("0.01"))
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    unit_price = forms.DecimalField(label=_("Unit price"), max_digits=12, decimal_places=2,
                                    min_value=Decimal("0"))


QuoteLineFormSet = forms.formset_factory(QuoteLineForm, extra=0, min_num=1, validate_min=True,
                                         max_num=40)


class QuoteForm(forms.Form):
    valid_until = forms.DateField(label=_("Valid until"),
                                  widget=DateInput())
    note = forms.CharField(label=_("Note to the client"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=60)
    label_en = forms.CharField(label=_("Label (English)"), max_length=60, required=False)
    percent = forms.DecimalField(label=_("Percent"), max_digits=5, decimal_places=2,
                                 required=False)
    amount = forms.DecimalField(label=_("Or a fixed amount"), max_digits=12, decimal_places=2,
                                required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=0, min_num=1, validate_min=True,
                                         max_num=12)


class OfflinePaymentForm(forms.Form):
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    reference = forms.CharField(label=_("Bank transfer reference"), max_length=100)


class RefundForm(forms.Form):
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label=_("Amount (CNY)"), max_digits=12, decimal_places=2,
                                min_value=Decimal("0.01"))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class TeamForm(forms.Form):
    artisan_code = forms.CharField(label=_("Artisan code"), max_length=20)
    role = forms.CharField(label=_("Role"), max_length=60, required=False)


class LabourForm(forms.Form):
    artisan_code = forms.CharField(label=_("Artisan code"), max_length=20)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    days = forms.DecimalField(label=_("Days"), max_digits=3, decimal_places=1)
    skill_coefficient = forms.DecimalField(label=_("Skill coefficient"), max_digits=4,
                                           decimal_places=2, initial=Decimal("1.00"))
    task = forms.CharField(label=_("Task"), max_length=120, required=False)


class LabourImportForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("CSV (UTF-8 or GBK) or XLSX, with the columns named in "
                                       "the first row."))
    dry_run = forms.BooleanField(label=_("Check only, save nothing"), required=False,
                                 initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


class CostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CostKind.choices)
    description = forms.CharField(label=_("Description"), max_length=200)
    amount = forms.DecimalField(label=_("Amount (CNY)"), max_digits=12, decimal_places=2,
                                min_value=Decimal("0.01"))
    incurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    receipt = forms.FileField(label=_("Receipt"), required=False,
                              help_text=_("A photo or PDF of the receipt, at most 10 MB."))

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt and receipt.size > MAX_PHOTO_BYTES:
            raise ValidationError(_("The receipt is larger than 10 MB."))
        if receipt and not receipt.name.lower().endswith((".pdf", ".jpg", ".jpeg", ".png",
                                                          ".webp")):
            raise ValidationError(_("Send the receipt as a PDF or a photo."))
        return receipt


class ProgressPhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        check_photo(upload)
        return upload
