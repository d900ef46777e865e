"""The client's pages: the request form (photos checked by content, honeypot, per-address
rate limit), the confirmation page and mail, the tracking page (tampered tokens get a 404),
answering a quote, and the printable quote."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from commissions.models import Commission, QuoteStatus, ReferencePhoto, Stage
from tests.commissions.factories import make_quoted, make_request

pytestmark = pytest.mark.django_db
URL = "/commissions/request/"


def picture(name="site.jpg", size=(64, 48), kind="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (47, 93, 42)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form_data(**overrides):
    data = {"client_type": "organisation", "organisation": "寿安镇中心小学",
            "contact_name": "李老师", "phone": "139 0013 9000", "email": "li@example.cn",
            "district": "温江区寿安镇", "address": "学府路 8 号", "kind": "green_wall",
            "size": "约 60 平方米", "budget": "100-300k",
            "wanted_by": (timezone.localdate() + timedelta(days=90)).isoformat(),
            "description": "教学楼外墙", "consent_to_contact": "on", "website": ""}
    data.update(overrides)
    return data


def test_the_form_is_served_in_both_languages(client, home):
    response = client.get(URL)
    assert response.status_code == 200 and "提交申请" in response.content.decode()
    response = client.get("/en" + URL)
    assert response.status_code == 200 and "Request an installation" in response.content.decode()


def test_a_request_is_saved_with_photos_and_confirmed(client, home,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(photos=[picture(), picture("b.png", kind="PNG")]))
    assert response.status_code == 302 and response.url == "/commissions/request/sent/"
    commission = Commission.objects.get()
    assert commission.stage == Stage.INQUIRY and commission.phone == "13900139000"
    assert commission.reference.startswith(f"CM-{timezone.localdate().year}-")
    assert ReferencePhoto.objects.filter(commission=commission).count() == 2
    page = client.get(response.url).content.decode()
    assert commission.reference in page and commission.get_absolute_url() in page
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert commission.get_absolute_url() in message.body
    assert "我们已收到" in message.subject and "We received" in message.subject
    assert message.alternatives[0][1] == "text/html"


@pytest.mark.parametrize(("photos", "message"), [
    ([SimpleUploadedFile("x.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")],
     "not a picture"),
    ([picture(f"p{n}.jpg") for n in range(6)], "at most 5"),
    ([picture("huge.png", size=(8000, 5001), kind="PNG")], "40 megapixels"),
])
def test_bad_photos_are_refused_and_nothing_is_saved(client, home, photos, message):
    response = client.post("/en" + URL, form_data(photos=photos))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Commission.objects.exists() and not ReferencePhoto.objects.exists()


def test_an_oversized_photo_is_refused(client, home, monkeypatch):
    monkeypatch.setattr("commissions.forms.MAX_PHOTO_BYTES", 100)
    response = client.post("/en" + URL, form_data(photos=[picture()]))
    assert response.status_code == 400 and "larger than 10 MB" in response.content.decode()
    assert not Commission.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("phone", "12345", "mobile number"),
    ("consent_to_contact", "", "agreement"),
    ("organisation", "", "organisation"),
    ("wanted_by", "2001-01-01", "future"),
])
def test_bad_fields_get_a_message(client, home, field, value, message):
    response = client.post("/en" + URL, form_data(**{field: value}))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Commission.objects.exists()


def test_the_honeypot_saves_nothing(client, home):
    response = client.post("/en" + URL, form_data(website="http://spam.example"))
    assert response.status_code == 400 and "could not be sent" in response.content.decode()
    assert not Commission.objects.exists()


def test_a_flood_from_one_address_is_stopped(client, home, settings):
    settings.COMMISSION_REQUESTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/en" + URL, form_data()).status_code == 302
    response = client.post("/en" + URL, form_data())
    assert response.status_code == 429 and "Too many requests" in response.content.decode()
    assert Commission.objects.count() == 2
    other = client.post("/en" + URL, form_data(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_tracking_needs_the_exact_token(client, home):
    commission = make_request()
    assert client.get(commission.get_absolute_url()).status_code == 200
    tampered = commission.token[:-1] + ("A" if commission.token[-1] != "A" else "B")
    assert client.get(f"/commissions/track/{tampered}/").status_code == 404
    assert client.get("/commissions/track/short/").status_code == 404


def test_the_client_accepts_the_quote_on_the_tracking_page(client, home):
    commission = make_quoted("12800.00")
    quote = commission.quotes.get()
    page = client.get(commission.get_absolute_url()).content.decode()
    assert "¥12,800.00" in page and "Accept this quote" in page
    response = client.post(f"/en/commissions/track/{commission.token}/accept/",
                           {"quote": quote.pk, "name": "Zhang Li"})
    assert response.status_code == 302
    commission.refresh_from_db()
    assert commission.stage == Stage.CONTRACTED
    page = client.get(commission.get_absolute_url()).content.decode()
    assert "Accepted by Zhang Li" in page and "Deposit" in page and "¥3,840.00" in page


def test_an_expired_quote_gets_a_message_not_a_500(client, home):
    commission = make_quoted()
    quote = commission.quotes.get()
    quote.valid_until = timezone.localdate() - timedelta(days=2)
    quote.save()
    response = client.post(f"/en/commissions/track/{commission.token}/accept/",
                           {"quote": quote.pk, "name": "Zhang Li"})
    assert response.status_code == 400 and "expired" in response.content.decode()
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ISSUED


def test_asking_for_a_revision(client, home):
    commission = make_quoted()
    quote = commission.quotes.get()
    response = client.post(f"/commissions/track/{commission.token}/revision/",
                           {"quote": quote.pk, "comment": "拱门再宽一米"})
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.REVISION_REQUESTED and quote.revision_comment


def test_a_quote_of_another_commission_cannot_be_answered(client, home):
    mine, theirs = make_quoted(), make_quoted()
    response = client.post(f"/commissions/track/{mine.token}/accept/",
                           {"quote": theirs.quotes.get().pk, "name": "张丽"})
    assert response.status_code == 404


def test_the_printable_quote_is_in_chinese_with_the_cooperative_s_name(client, home):
    commission = make_quoted("12800.00")
    response = client.get(f"/en/commissions/track/{commission.token}/quote/v1/")
    text = response.content.decode()
    assert response.status_code == 200 and "报价单" in text and "天星村植物编艺合作社" in text
    assert "¥12,800.00" in text and "@media print" not in text  # print rules in the stylesheet
