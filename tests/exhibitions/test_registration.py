"""Registering for a session: capacity, duplicate phones, closing by itself, the honeypot,
the rate limit, cancelling with the token, and every bad input answered with a message."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from exhibitions import services
from exhibitions.models import Registration
from tests.exhibitions.factories import make_exhibition

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhibition(index):
    return make_exhibition(index.get_parent(), capacity=5, days=1)


def post(client, exhibition, **data):
    form = {"session": exhibition.sessions.first().pk, "name": "张三", "phone": "13812345678",
            "party_size": 2, "website": ""}
    form.update(data)
    return client.post(exhibition.url + "register/", form)


def test_register_then_see_confirmation_and_cancel(client, exhibition):
    response = post(client, exhibition)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.token in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "138****5678" in page and "张三" in page
    assert client.post(response["Location"]).status_code == 200
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    # The places are free again: the same phone may register again.
    assert post(client, exhibition).status_code == 302


def test_same_phone_twice_for_a_session_is_refused(client, exhibition):
    post(client, exhibition)
    response = post(client, exhibition, phone="138 1234 5678", name="李四")
    assert response.status_code == 400
    with translation.override("zh-hans"):
        message = translation.gettext("This phone number is already registered for this session.")
    assert message in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("data, words", [
    ({"party_size": 0}, "1"),
    ({"party_size": -3}, "1"),
    ({"party_size": 6}, "5"),   # only five places
    ({"party_size": "abc"}, ""),
    ({"phone": "12345"}, "138"),
    ({"phone": "23812345678"}, "138"),
    ({"name": ""}, ""),
    ({"session": 999999}, ""),
])
def test_bad_input_gets_a_message_and_saves_nothing(client, exhibition, data, words):
    response = post(client, exhibition, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html or "message--error" in html
    assert words in html
    assert not Registration.objects.exists()


def test_full_session_closes_registration(client, exhibition):
    post(client, exhibition, party_size=5)
    page = client.get(exhibition.url).content.decode()
    assert exhibition.url + "register/" not in page
    response = post(client, exhibition, phone="13900000000", party_size=1)
    assert response.status_code == 400
    assert Registration.objects.count() == 1


def test_started_past_and_unpublished_exhibitions_refuse(client, index):
    home = index.get_parent()
    now = timezone.now()
    started = make_exhibition(home, starts_in_days=0, days=1, sessions=[
        (now - timedelta(hours=1), now + timedelta(hours=2), 10)])
    past = make_exhibition(home, starts_in_days=-10, days=1)
    for exhibition in (started, past):
        assert post(client, exhibition).status_code == 400
    draft = make_exhibition(home, live=False)
    assert post(client, draft).status_code == 404
    with pytest.raises(services.RegistrationError):
        services.registration_create(page=draft, session_id=draft.sessions.first().pk,
                                     name="张三", phone="13812345678", party_size=1)
    assert not Registration.objects.exists()


def test_honeypot_and_rate_limit(client, exhibition):
    assert post(client, exhibition, website="http://spam.example").status_code == 400
    assert not Registration.objects.exists()
    for n in range(services_attempts()):
        post(client, exhibition, phone=f"1390000{n:04d}", party_size=0)
    response = post(client, exhibition, phone="13700000000", party_size=1)
    assert response.status_code == 400 and not Registration.objects.exists()


def services_attempts():
    from exhibitions.views import RATE_LIMIT_ATTEMPTS

    return RATE_LIMIT_ATTEMPTS


def test_tampered_token_is_a_clear_404(client, exhibition):
    post(client, exhibition)
    token = Registration.objects.get().token
    response = client.get(exhibition.url + f"registration/{token[:-2]}xx/")
    assert response.status_code == 404
    assert "registration-missing" in response.content.decode()
    assert client.post(exhibition.url + f"registration/{token}x/").status_code == 404
    assert Registration.objects.get().cancelled_at is None


def test_english_page_books_the_chinese_sessions(client, exhibition, locales):
    english = exhibition.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()
    session = exhibition.sessions.first()
    response = client.post(english.url + "register/", {
        "session": session.pk, "name": "Ann", "phone": "13812345678", "party_size": 5,
        "website": ""})
    assert response.status_code == 302 and response["Location"].startswith("/en/")
    # Capacity is shared: the Chinese page is now full.
    assert post(client, exhibition, phone="13900000000", party_size=1).status_code == 400


def test_check_in_once(exhibition, committee_user):
    registration = services.registration_create(
        page=exhibition, session_id=exhibition.sessions.first().pk, name="张三",
        phone="13812345678", party_size=1)
    first = services.registration_check_in(registration_id=registration.pk, user=committee_user)
    again = services.registration_check_in(registration_id=registration.pk, user=committee_user)
    assert first.checked_in_at == again.checked_in_at is not None

