"""Shop benchmark: the listing with three filters and a product page at `--scale 10`
(15,000 works) in an SQLite file of its own, and the listing's time as a ratio of a bare Django
view returning a response of the same size (the framework's floor).

    .venv/bin/python -m benchmarks.catalogue          # BENCH_SCALE=1 for a quick run

The seeded file is kept (BENCH_CATALOGUE_DB) and reused when it already holds the works."""

import os
import sys
import time

from benchmarks._measure import three_states

SCALE = int(os.environ.get("BENCH_SCALE", "10"))
LISTING = "/shop/?category=baskets&kind=crafted&price_max=500"
RUNS = 40
BARE_BODY = b""


def bare(request):
    from django.http import HttpResponse

    return HttpResponse(BARE_BODY)


def _urlpatterns():
    from django.urls import path

    from tianxing.urls import urlpatterns

    return [path("__bare__/", bare), *urlpatterns]


def __getattr__(name):  # the benchmark's URLconf: the site's URLs plus the bare view
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def measure(client, url):
    """({state: (queries, median ms)}, response bytes) for GET url (see _measure)."""
    for _ in range(3):
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, (url, response.status_code)
    return three_states(lambda: client.get(url, HTTP_HOST="localhost"), RUNS), len(
        response.content)


def main():
    global BARE_BODY
    database = os.environ.get("BENCH_CATALOGUE_DB",
                              f"/tmp/tianxing-bench-catalogue-scale{SCALE}.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tianxing.settings.dev"
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings

    from catalogue.models import ProductPage

    call_command("migrate", verbosity=0)
    wanted = 1500 * SCALE
    have = ProductPage.objects.filter(locale__language_code="zh-hans").count()
    if have < wanted:
        print(f"seeding scale {SCALE} into {database} (have {have} works) ...", flush=True)
        start = time.perf_counter()
        call_command("load_demo_village", scale=SCALE, quiet_logins=True)
        print(f"seeded in {time.perf_counter() - start:.0f} s", flush=True)
    works = ProductPage.objects.filter(locale__language_code="zh-hans").count()
    client = Client()
    listing, size = measure(client, LISTING)
    product = ProductPage.objects.live().filter(locale__language_code="zh-hans").first()
    product_page, _ = measure(client, product.url)
    BARE_BODY = b"x" * size
    with override_settings(ROOT_URLCONF="benchmarks.catalogue"):
        bare, _ = measure(client, "/__bare__/")
    print(f"works (zh): {works}  scale: {SCALE}")
    for name, result, target in (
        ("listing, three filters", listing, "target <= 40 ms, <= 12 queries"),
        ("product page", product_page, "target <= 10 queries"),
    ):
        queries, median = result["warm"]
        print(f"{name}: {median:.1f} ms median, {queries} queries ({target})")
        for state, label in (("edited", "just after any page was edited"),
                             ("cold", "with every cache emptied first")):
            queries, median = result[state]
            print(f"  {label}: {median:.1f} ms, {queries} queries")
    print(f"listing response: {size} bytes")
    print(f"bare view, same size: {bare['warm'][1]:.2f} ms median")
    print(f"listing / bare view: {listing['warm'][1] / bare['warm'][1]:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
