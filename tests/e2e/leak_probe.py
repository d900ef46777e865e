"""Run by test_connections.py in a pytest of its own (not collected: no test_ prefix): a
browser test whose body reads the database while Playwright's loop runs."""

import pytest
from django.contrib.auth.models import Group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_orm_calls_beside_the_browser(live_server, home, phone_page):
    phone_page.goto(live_server.url + "/")
    assert Group.objects.filter(name="Committee").exists()
    phone_page.goto(live_server.url + "/en/")
    assert Group.objects.count() >= 1
