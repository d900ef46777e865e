"""Shop benchmark: the listing with three filters and a product page at `--scale 10`
(15,000 works) in an SQLite file of its own, and the listing's time as a ratio of a bare Django
view returning a response of the same size (the framework's floor).

    .venv/bin/python -m benchmarks.catalogue          # BENCH_SCALE=1 for a quick run

The seeded file is kept (BENCH_CATALOGUE_DB) and reused when it already holds the works."""

import os
import statistics
import sys
import time

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
    """(median ms, queries, bytes) with warm caches; (median ms, queries) right after a page
    was edited anywhere on the site (routes and results are read again, cards are kept); and
    (median ms, queries) with every cache emptied before each request."""
    from django.core.cache import cache
    from django.db import connection

    from tianxing.caching import PAGE_TREE, invalidate

    for _ in range(3):
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, (url, response.status_code)

    def count_queries():
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url, HTTP_HOST="localhost")
        return len(queries)

    def median_ms(before=None):
        times = []
        for _ in range(RUNS):
            if before:
                before()
            start = time.perf_counter()
            client.get(url, HTTP_HOST="localhost")
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    warm = (median_ms(), count_queries(), len(response.content))
    invalidate(PAGE_TREE)
    edited_queries = count_queries()
    edited = (median_ms(before=lambda: invalidate(PAGE_TREE)), edited_queries)
    cache.clear()
    cold_queries = count_queries()
    cold = (median_ms(before=cache.clear), cold_queries)
    return warm, edited, cold


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
    (listing_ms, listing_queries, size), listing_edited, listing_cold = measure(client, LISTING)
    product = ProductPage.objects.live().filter(locale__language_code="zh-hans").first()
    (product_ms, product_queries, _), product_edited, product_cold = measure(client, product.url)
    BARE_BODY = b"x" * size
    with override_settings(ROOT_URLCONF="benchmarks.catalogue"):
        (bare_ms, _, _), _, _ = measure(client, "/__bare__/")
    print(f"works (zh): {works}  scale: {SCALE}")
    print(f"listing, three filters: {listing_ms:.1f} ms median, {listing_queries} queries "
          f"(target <= 40 ms, <= 12 queries), {size} bytes")
    print(f"  just after any page was edited: {listing_edited[0]:.1f} ms, "
          f"{listing_edited[1]} queries")
    print(f"  with every cache emptied first: {listing_cold[0]:.1f} ms, "
          f"{listing_cold[1]} queries")
    print(f"product page: {product_ms:.1f} ms median, {product_queries} queries (target <= 10)")
    print(f"  just after any page was edited: {product_edited[0]:.1f} ms, "
          f"{product_edited[1]} queries")
    print(f"  with every cache emptied first: {product_cold[0]:.1f} ms, "
          f"{product_cold[1]} queries")
    print(f"bare view, same size: {bare_ms:.2f} ms median")
    print(f"listing / bare view: {listing_ms / bare_ms:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
