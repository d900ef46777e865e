"""What an artisan can read in the admin: every admin URL pattern, walked with the ids of
private records (the household register, another artisan's draft and the committee's
review of it, stock records), shows none of them; choosers answer only users with a
permission on their model; the site history shows an artisan their own pages only."""

import re
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.catalogue.factories import CatalogueIndexPageFactory, ProductPageFactory

pytestmark = pytest.mark.django_db

B_DRAFT = "李桂芳的私密草稿"
REVIEW_COMMENT = "委员会内部意见：价格太低"
PRIVATE = ["王建国", "李德明", "TX-01-001", "TX-02-001", B_DRAFT, REVIEW_COMMENT]


@pytest.fixture
def private_world(client, page_a, page_b, artisan_b, committee_user, home):
    """Artisan B submits a draft, the committee rejects it with a comment; a work in the
    shop has its stock record."""
    client.force_login(artisan_b)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page_b.pk]),
                           nested_form_data({
                               "title": page_b.title, "slug": page_b.slug,
                               "portrait": page_b.portrait_id,
                               "biography": rich_text(f"<p>{B_DRAFT}</p>"),
                               "techniques": [], "specialties": [],
                               "years_weaving": 3, "awards": "",
                               "portfolio": streamfield([]),
                               "comments": inline_formset([]),
                               "action-submit": "action-submit",
                           }))
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(page_b.pk), status="in_progress")
    task_state = state.current_task_state
    client.force_login(committee_user)
    client.post(reverse("wagtailadmin_pages:workflow_action",
                        args=[page_b.pk, "reject", task_state.pk]), {"comment": REVIEW_COMMENT})
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_REJECTED
    shop = CatalogueIndexPageFactory(parent=home)
    work = ProductPageFactory(parent=shop, title="竹编菜篮", slug="basket",
                              price=Decimal("120.00"), finish__quantity=5,
                              finish__makers=[(page_b, Decimal("100"))])
    client.logout()
    return {
        "page": page_b.pk, "revision": page_b.get_latest_revision().pk,
        "task_state": task_state.pk, "workflow_state": state.pk,
        "household": page_b.household.pk, "stock": work.stock.pk, "work": work.pk,
    }


def admin_routes():
    """Every admin URL pattern as a route string (`admin/pages/<int:page_id>/edit/`)."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return sorted({route for route in walk(get_resolver().url_patterns, "")
                   if route.startswith("admin/")})


PARAMETER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")
SKIP = ("admin/logout/", "admin/login/", "admin/password_reset/", "admin/failwhale/")


def urls_for(route, ids):
    """The route filled in with each private record's id (matched on the parameter's name
    where it tells which record is meant)."""
    names = [match["name"] or match["rname"] for match in PARAMETER.finditer(route)]
    if not names:
        return ["/" + route]
    if any(name in ("app_label", "model_name") for name in names):
        pairs = [("artisans", "household"), ("catalogue", "stockrecord")]
    else:
        pairs = [(None, None)]
    urls = set()
    for key, value in ids.items():
        for app_label, model_name in pairs:
            def fill(match, key=key, value=value, app_label=app_label, model_name=model_name):
                name = match["name"] or match["rname"]
                if name == "app_label":
                    return app_label
                if name == "model_name":
                    return model_name
                for hint in ("revision", "task_state", "workflow_state", "page"):
                    if hint in name and hint in ids:
                        return str(ids[hint])
                return str(value)
            urls.add("/" + PARAMETER.sub(fill, route))
    return sorted(urls)


def test_no_admin_url_shows_an_artisan_anything_private(client, private_world, artisan_a):
    client.force_login(artisan_a)
    client.raise_request_exception = False
    leaks, errors = [], []
    checked = 0
    for route in admin_routes():
        if route.startswith(SKIP):
            continue
        for url in urls_for(route, private_world):
            response = client.get(url)
            checked += 1
            if response.status_code >= 500:
                errors.append(url)
                continue
            if response.streaming:
                body = b"".join(response.streaming_content).decode("utf-8", "replace")
            else:
                body = response.content.decode("utf-8", "replace")
            found = [marker for marker in PRIVATE if marker in body]
            if found:
                leaks.append((url, response.status_code, found))
    assert checked > 300
    assert not leaks
    assert not errors


@pytest.mark.parametrize("path", ["", "results/?q=TX", "chosen/{pk}/"])
def test_household_chooser_refuses_artisans(client, private_world, artisan_a, path):
    client.force_login(artisan_a)
    url = "/admin/snippets/choose/artisans/household/" + path.format(
        pk=private_world["household"])
    response = client.get(url)
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert response.status_code in (302, 403) and "TX-02-001" not in response.content.decode()


def test_stock_record_chooser_refuses_artisans(client, private_world, artisan_a):
    client.force_login(artisan_a)
    response = client.get("/admin/snippets/choose/catalogue/stockrecord/")
    assert response.status_code in (302, 403) and "竹编菜篮" not in response.content.decode()


def test_household_chooser_still_serves_the_committee(client, private_world, committee_user):
    client.force_login(committee_user)
    response = client.get("/admin/snippets/choose/artisans/household/")
    assert response.status_code == 200 and "TX-02-001" in response.content.decode()


def test_site_history_shows_an_artisan_only_their_own_pages(client, private_world, artisan_a,
                                                           page_a, committee_user):
    client.force_login(artisan_a)
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert page_a.title in html and "李桂芳" not in html
    html = client.get(reverse("wagtailadmin_reports:site_history_results")).content.decode()
    assert "李桂芳" not in html
    client.force_login(committee_user)
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "李桂芳" in html and page_a.title in html


# A tag other than a link (<a>) whose address points at another host: a request the browser
# makes by itself on loading the page.
EXTERNAL = re.compile(
    r"""<(?!a[\s>])\w+\b[^>]*?\b(?:src|srcset|href|action|poster|data)\s*=\s*["']"""
    r"""(?:https?:)?//(?!testserver|localhost)[^"']*""",
    re.IGNORECASE)


def test_no_page_loads_anything_from_another_host(client, private_world, artisan_a, page_a,
                                                  committee_user, settings):
    """Gravatar is off and nothing else is fetched from elsewhere (blocked in mainland China):
    no src, stylesheet or form on public or admin pages points at another host."""
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    pages = ["/", page_a.url]
    for user in (artisan_a, committee_user):
        client.force_login(user)
        pages += [reverse("wagtailadmin_home"), reverse("wagtailadmin_account"),
                  reverse("wagtailadmin_pages:edit", args=[page_a.pk])]
    for url in pages:
        html = client.get(url).content.decode()
        loads = [match.group(0)[-120:] for match in EXTERNAL.finditer(html)]
        assert not loads, (url, loads[:3])
