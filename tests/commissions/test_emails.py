"""The client's mails: HTML with a text part, in the client's language first and the other
one below; the reminder command mails due milestones once a day."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from commissions import services
from commissions.models import Milestone, Stage
from commissions.tasks import render_commission_email
from tests.commissions.factories import make_contracted, make_request, pay_all

pytestmark = pytest.mark.django_db


def test_a_mail_is_bilingual_with_html_and_text():
    commission = make_request(language="en")
    subject, text, html = render_commission_email(commission, "received")
    assert subject.startswith("We received your request") and "我们已收到" in subject
    assert text.index("Thank you for your request") < text.index("感谢您提交申请")
    assert commission.get_absolute_url().replace("/en/", "/") in text  # the Chinese link
    assert 'lang="en"' in html and 'lang="zh-hans"' in html and "<a href=" in html


def test_the_reminder_command_mails_due_milestones_once_a_day(
        django_capture_on_commit_callbacks):
    commission = make_contracted()
    Milestone.objects.filter(commission=commission, sequence=1).update(
        due_on=timezone.localdate() + timedelta(days=2))
    mail.outbox.clear()
    call_command("commission_reminders", stdout=StringIO())
    call_command("commission_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert "¥3,000.00" in mail.outbox[0].body and mail.outbox[0].alternatives


def test_payment_and_acceptance_mails(django_capture_on_commit_callbacks):
    commission = make_contracted()
    services.commission_move(commission=commission, to_stage=Stage.IN_PRODUCTION)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pay_all(commission)
        services.commission_move(commission=commission, to_stage=Stage.INSTALLED)
        services.commission_move(commission=commission, to_stage=Stage.ACCEPTED)
    subjects = [message.subject for message in mail.outbox]
    assert sum("Payment received" in subject for subject in subjects) == 3
    assert any("is accepted" in subject for subject in subjects)
