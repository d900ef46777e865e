"""Mails to the client, bilingual (their language first, then the other), HTML with a text
part: request received, quote issued, milestone due, payment received, installation
accepted. Immediate backend in development and tests, the database worker in production."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from commissions.models import Commission, Milestone

EMAIL_KINDS = ("received", "quote_issued", "milestone_due", "paid", "accepted")


def _languages(first: str) -> list[str]:
    codes = [code for code, _name in settings.LANGUAGES]
    return [first] + [code for code in codes if code != first]


def render_commission_email(commission: Commission, kind: str,
                            milestone: Milestone | None = None) -> tuple[str, str, str]:
    """(subject, text, html) with the client's language first."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    parts = []
    for language in _languages(commission.language):
        with translation.override(language):
            context = {
                "commission": commission, "kind": kind, "milestone": milestone,
                "quote": commission.quotes.exclude(status="draft").order_by("-version").first(),
                "track_url": base + commission.get_absolute_url(),
                "language": language,
            }
            parts.append((
                render_to_string("commissions/email/subject.txt", context).strip(),
                render_to_string("commissions/email/body.txt", context).strip(),
                render_to_string("commissions/email/body.html", context),
            ))
    subject = " / ".join(part[0] for part in parts)
    text = "\n\n— — —\n\n".join(part[1] for part in parts) + "\n"
    html = render_to_string("commissions/email/wrapper.html",
                            {"sections": [part[2] for part in parts], "subject": subject})
    return subject, text, html


@task()
def send_commission_email(commission_id: int, kind: str, milestone_id: int | None = None) -> bool:
    if kind not in EMAIL_KINDS:
        raise ValueError(kind)
    commission = Commission.objects.filter(pk=commission_id).first()
    if commission is None or not commission.email:
        return False
    milestone = commission.milestones.filter(pk=milestone_id).first() if milestone_id else None
    subject, text, html = render_commission_email(commission, kind, milestone)
    message = EmailMultiAlternatives(subject, text, None, [commission.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return True
