"""Request and response guards (core.middleware) and the security headers on every page."""

import re
from pathlib import Path

import pytest
from wagtail.contrib.redirects.models import Redirect

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("path", [
    "/zh-hans//evil.example/",
    "/zh-hans///evil.example/",
    "/zh-hans/\\evil.example/",
    "/zh-hans/%5Cevil.example/",
    "/zh-hans/%09/evil.example/",
    "/zh-hans/%2F%2Fevil.example/",
])
def test_the_chinese_prefix_never_redirects_off_the_site(client, path):
    """#11.2: `/zh-hans//evil.example/` answered `301 Location: //evil.example/`."""
    response = client.get(path)
    assert response.status_code == 301
    location = re.sub(r"[\t\n\r]", "", response["Location"])
    assert location.startswith("/") and location[1:2] not in ("/", "\\")
    assert location.lstrip("/").startswith("evil.example")


def test_the_chinese_prefix_still_leads_to_the_unprefixed_address(client):
    response = client.get("/zh-hans/shop/", {"kind": "living"})
    assert response.status_code == 301
    assert response["Location"] == "/shop/?kind=living"


def test_a_redirect_off_the_site_is_refused(client, home):
    """Whatever makes it (here a redirect set up in the admin), no redirect leaves the site."""
    Redirect.objects.create(old_path="/away", redirect_link="https://evil.example/",
                            site=None)
    response = client.get("/away/")
    assert response.status_code == 400
    assert "Location" not in response
    assert "离开本站" in response.content.decode()


@pytest.mark.parametrize("url", ["/search/?q=%00", "/shop/?q=a%00b", "/api/v2/works/?search=%00",
                                 "/artisans/?q=%00"])
def test_a_nul_byte_in_the_address_is_a_400_with_a_message(client, home, url):
    response = client.get(url)
    assert response.status_code == 400
    if not url.startswith("/api/"):
        assert "无法识别的字符" in response.content.decode()


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in
            (part.split() for part in header.split(";") if part.strip())}


def test_security_headers_on_a_public_page(client, home):
    response = client.get("/")
    assert response.status_code == 200
    policy = csp(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_configured_stripe_origin_may_serve_the_pay_pages_script(client, home, settings):
    settings.STRIPE_JS_URL = "http://127.0.0.1:8420/js.stripe.com/v3/"
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    policy = csp(client.get("/cart/"))
    assert policy["script-src"] == ["'self'", "http://127.0.0.1:8420"]
    assert "http://127.0.0.1:8420" in policy["connect-src"]
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.STRIPE_API_BASE = ""
    policy = csp(client.get("/cart/"))
    assert "https://js.stripe.com" in policy["script-src"]
    assert "https://hooks.stripe.com" in policy["frame-src"]
    assert "https://api.stripe.com" in policy["connect-src"]


def test_security_headers_in_the_admin(client, admin_user_in_group):
    client.force_login(admin_user_in_group)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = csp(response)
    # No 'unsafe-inline' in the admin either (core.admin_csp): scripts from the site only;
    # styles from the site, or made by its scripts with this response's nonce.
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"][0] == "'self'" and len(policy["style-src"]) == 2
    nonce = policy["style-src"][1].removeprefix("'nonce-").removesuffix("'")
    assert f'src="/static/js/admin-csp.js" nonce="{nonce}"' in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/cart/", "/checkout/", "/orders/find/", "/en/cart/",
                                 "/visitor/"])
def test_a_buyers_pages_are_never_stored(client, home, url):
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"


def test_public_pages_may_be_stored(client, home):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_templates_have_no_inline_scripts_styles_or_handlers():
    """The CSP allows no inline code: scripts and styles live in /static/ files. (Mails are
    not pages: mail readers need their styles inline, and no CSP applies to them.)"""
    offenders = []
    for template in [*TEMPLATES.rglob("*.html"), *TEMPLATES.parent.glob("*/templates/**/*.html")]:
        if "email" in template.relative_to(TEMPLATES.parent).parts:
            continue
        text = template.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>",
                        r"<style\b", r"\sstyle=\"", r"\son[a-z]+=\"", r"javascript:"):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(TEMPLATES.parent)}: {pattern}")
    assert offenders == []
