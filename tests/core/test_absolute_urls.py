"""Full addresses in canonical links, OpenGraph, structured data and the calendar take the
host the visitor asked for (core.http.absolute_page_url), not the Site record's hostname
(`localhost` here, as in the demo)."""

import json
import re

import pytest

from tests.exhibitions.factories import make_exhibition
from tests.orders.factories import make_product

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1:8000"
ORIGIN = f"http://{HOST}/"


def absolute_urls(html: str) -> list[str]:
    """Every http(s) address in the page's <head> and structured data, but schema.org's own
    vocabulary."""
    head = html.split("</head>", 1)[0]
    return [url for url in re.findall(r'https?://[^\s"\'<>]+', head)
            if not url.startswith("https://schema.org")]


def structured_data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S).group(1))


@pytest.mark.parametrize("host", [HOST, "localhost"])
def test_a_works_addresses_come_from_the_request(client, home, host):
    work = make_product(home, title="竹编菜篮")
    html = client.get(work.url, HTTP_HOST=host).content.decode()
    origin = f"http://{host}/"
    offer_url = structured_data(html)["offers"]["url"]
    assert offer_url == origin + work.url.lstrip("/")
    assert f'<link rel="canonical" href="{offer_url}">' in html
    assert f'<meta property="og:url" content="{offer_url}">' in html
    urls = absolute_urls(html)
    assert offer_url in urls and all(url.startswith(origin) for url in urls), urls


def test_an_exhibitions_addresses_and_calendar_come_from_the_request(client, home):
    exhibition = make_exhibition(home, title="春季植物编艺展")
    html = client.get(exhibition.url, HTTP_HOST=HOST).content.decode()
    page_url = ORIGIN + exhibition.url.lstrip("/")
    assert structured_data(html)["url"] == page_url
    assert f'<meta property="og:url" content="{page_url}">' in html
    urls = absolute_urls(html)
    assert urls and all(url.startswith(ORIGIN) for url in urls), urls
    calendar = client.get("/exhibitions/calendar.ics", HTTP_HOST=HOST).content.decode()
    assert f"URL:{page_url}" in calendar.replace("\r\n ", "")
    assert "localhost" not in calendar
