"""A client's request for an installation: the commission, its reference photos (already
checked by content in the form) and the confirmation mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commissions.models import Commission, ReferencePhoto, Stage
from commissions.services.base import mail_after_commit, record_event


@dataclass(frozen=True)
class ClientRequest:
    client_type: str
    organisation: str
    contact_name: str
    phone: str
    email: str
    district: str
    address: str
    kind: str
    size: str
    budget: str
    wanted_by: date | None
    description: str
    consent_to_contact: bool


def _next_reference(year: int) -> str:
    prefix = f"CM-{year}-"
    last = (Commission.objects.filter(reference__startswith=prefix)
            .order_by("-reference").values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def commission_request(*, request: ClientRequest, photos: list[UploadedFile] = (),
                       language: str = "zh-hans", now=None) -> Commission:
    """Record a client's request (stage inquiry) with its photos and mail the tracking link."""
    now = now or timezone.now()
    fields = {field: getattr(request, field) for field in ClientRequest.__dataclass_fields__}
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    for _attempt in range(5):  # two requests at the same moment may pick the same number
        try:
            with transaction.atomic():
                commission = Commission.objects.create(
                    reference=_next_reference(timezone.localtime(now).year), stage=Stage.INQUIRY,
                    language=language, created_at=now, **fields,
                )
                for photo in photos:
                    photo.seek(0)
                    ReferencePhoto.objects.create(commission=commission, image=photo,
                                                  original_name=photo.name[:200])
                record_event(commission, to_stage=Stage.INQUIRY, note=_("Request received"),
                             now=now)
                mail_after_commit(commission, "received")
            return commission
        except IntegrityError:
            continue
    raise IntegrityError("could not pick a commission reference")
