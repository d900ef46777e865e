"""What the page benchmarks share: one seeded demo village per scale, kept in /tmp and reused
(seeding scale 10 takes long), and one request measured in each cache state, beside a bare
Django view that returns the same bytes through the same middleware.

States, each as (queries, median ms) over `runs` requests:
- "hit": an anonymous visitor, the whole page served from the cache;
- "warm": the page rendered (whole-page caching off), with its cards, results and
  vocabularies cached — what a signed-in visitor gets;
- "published": just after a page was published somewhere (the whole page and the filter
  results are built again; cards of unchanged pages are kept);
- "cold": every cache emptied before each request."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(os.environ.get("BENCH_DATA", "/tmp"))
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
BARE_BODY = {"body": b""}


def scales() -> list[float]:
    """BENCH_SCALES, e.g. "1,10" (the default)."""
    return [float(scale) for scale in os.environ.get("BENCH_SCALES", "1,10").split(",")]


def database(scale: float) -> Path:
    return DATA / f"tianxing-bench-scale{scale:g}.sqlite3"


def setup(scale: float) -> float:
    """Django on this scale's database, seeded once with the whole demo village (reused by
    every later run and by every benchmark); returns the seconds spent seeding now."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database(scale)}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tianxing.settings.dev"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("MEDIA_ROOT", str(DATA / "tianxing-bench-media"))
    import django

    django.setup()
    from django.core.management import call_command

    from catalogue.models import ProductPage

    call_command("migrate", verbosity=0)
    if ProductPage.objects.filter(locale__language_code="zh-hans").count() >= 1500 * scale:
        return 0.0
    started = time.perf_counter()
    call_command("load_demo_village", scale=scale, quiet_logins=True)
    return time.perf_counter() - started


def bare_view(request):
    from django.http import HttpResponse

    return HttpResponse(BARE_BODY["body"])


def _count_queries(get) -> int:
    from django.db import connection

    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        get()
    return len(statements)


def _median_ms(get, before, runs: int) -> float:
    timings = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        get()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure(url: str, runs: int = RUNS) -> dict:
    """{state: (queries, median ms)} for GET url, plus "bytes" and "bare" (the bare view
    returning a body of the same size, through the same middleware)."""
    from django.core.cache import cache
    from django.test import Client, override_settings
    from django.urls import clear_url_caches, path

    from core.caching import PAGES, invalidate
    from tianxing import urls

    client = Client()

    def get():
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, (url, response.status_code)
        return response

    for _ in range(3):  # renditions, caches, SQLite's page cache
        size = len(get().content)
    results = {"bytes": size}
    states = {
        "hit": (True, lambda: None),
        "warm": (False, lambda: None),
        "published": (True, lambda: invalidate(PAGES)),
        "cold": (True, cache.clear),
    }
    for state, (whole_pages, before) in states.items():
        with override_settings(PAGE_CACHE_SECONDS=3600 if whole_pages else 0):
            get()
            before()
            queries = _count_queries(get)
            results[state] = (queries, _median_ms(get, before, runs))

    BARE_BODY["body"] = b"x" * size
    urls.urlpatterns.insert(0, path("__bare__/", bare_view))
    clear_url_caches()
    try:
        def bare():
            response = client.get("/__bare__/", HTTP_HOST="localhost")
            assert response.status_code == 200
        results["bare"] = (_count_queries(bare), _median_ms(bare, lambda: None, runs))
    finally:
        urls.urlpatterns.pop(0)
        clear_url_caches()
    return results


def run_children(module: str) -> dict[float, dict]:
    """Runs `python -m module --measure SCALE` per scale (Django's database is fixed at
    setup) and collects the JSON each prints last."""
    import json

    results = {}
    for scale in scales():
        output = subprocess.run(
            [sys.executable, "-m", module, "--measure", f"{scale:g}"],
            check=True, stdout=subprocess.PIPE, text=True).stdout
        results[scale] = json.loads(output.strip().splitlines()[-1])
    return results


def print_table(title: str, results: dict[float, dict], pages: list[str]) -> None:
    """Each page's states side by side for every scale, the hit as a ratio of the bare view,
    and whether the query counts are equal across scales."""
    print(title)
    for name in pages:
        print(f"  {name}")
        for scale, result in results.items():
            page = result["pages"][name]
            cells = "  ".join(f"{state} {page[state][1]:6.1f} ms/{page[state][0]:>2} q"
                              for state in ("hit", "warm", "published", "cold"))
            ratio = page["hit"][1] / page["bare"][1]
            print(f"    scale {scale:g}: {cells}  bare {page['bare'][1]:.2f} ms  "
                  f"hit/bare {ratio:.1f}x  ({page['bytes']} bytes)")
        counts = {scale: tuple(result["pages"][name][state][0]
                               for state in ("hit", "warm", "published", "cold"))
                  for scale, result in results.items()}
        same = len(set(counts.values())) == 1
        print(f"    query counts {'equal' if same else 'DIFFER'} across scales: {counts}")
    print("  targets at scale 10: hit <= 3 ms and <= 3x bare; warm <= 30 ms; cold <= 60 ms;"
          " query counts equal at every scale")
