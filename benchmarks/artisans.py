"""The artisan directory at scale: seeds the demo village's households and artisans at
--scale 1 and --scale 10 (4,200 artisans) into SQLite files of its own, then measures the
directory with two filters active (a technique and a village group): queries per request
and the median server time, and the ratio of scale 10 to scale 1.

    python -m benchmarks.artisans            # both scales (seeding takes minutes the first time)
    python -m benchmarks.artisans --fresh    # re-seed instead of reusing the files

Each scale runs in a child process, because Django's database is fixed at setup."""

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._measure import three_states

URL = "/artisans/"
QUERY = {"technique": "straw-weaving", "group": "3"}
RUNS = 40
DATA = Path(tempfile.gettempdir())


def database(scale: int) -> Path:
    return DATA / f"tianxing-bench-artisans-scale{scale}.sqlite3"


def measure(scale: int, fresh: bool) -> dict:
    """Runs in the child process: set up Django on this scale's database, seed, measure."""
    path = database(scale)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tianxing.settings.dev"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("MEDIA_ROOT", str(DATA / "tianxing-bench-media"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from artisans import demo as artisans_demo
    from artisans import selectors
    from artisans.filters import ArtisanFilterSet
    from artisans.models import ArtisanIndexPage, ArtisanPage
    from core.demo import DemoContext
    from home import demo as home_demo

    call_command("migrate", verbosity=0)
    seeded = 0.0
    if not ArtisanPage.objects.filter(code=f"A{420 * scale:04d}").exists():
        started = time.perf_counter()
        ctx = DemoContext(scale=scale, stdout=io.StringIO())
        with transaction.atomic():
            home_demo.load(ctx)
        with transaction.atomic():
            artisans_demo.load(ctx)
        seeded = time.perf_counter() - started

    client = Client()
    for _ in range(5):  # renditions, caches, SQLite's page cache
        response = client.get(URL, QUERY)
        assert response.status_code == 200, response.status_code

    states = three_states(lambda: client.get(URL, QUERY), RUNS)
    index = ArtisanIndexPage.objects.get(locale__language_code="zh-hans")
    matches = ArtisanFilterSet(
        QUERY, queryset=selectors.artisan_directory(index_page=index)
    ).qs.count()
    return {
        "scale": scale,
        "artisans": ArtisanPage.objects.filter(locale__language_code="zh-hans").count(),
        "matches": matches,
        "queries": states["warm"][0],
        "median_ms": states["warm"][1],
        "edited_queries": states["edited"][0],
        "edited_median_ms": states["edited"][1],
        "cold_queries": states["cold"][0],
        "cold_median_ms": states["cold"][1],
        "seed_seconds": seeded,
    }


def main():
    if "--measure" in sys.argv:
        scale = int(sys.argv[sys.argv.index("--measure") + 1])
        print(json.dumps(measure(scale, "--fresh" in sys.argv)))
        return
    results = {}
    for scale in (1, 10):
        command = [sys.executable, "-m", "benchmarks.artisans", "--measure", str(scale)]
        if "--fresh" in sys.argv:
            command.append("--fresh")
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
        results[scale] = json.loads(output.strip().splitlines()[-1])
    small, large = results[1], results[10]
    print(f"Artisan directory {URL}?technique=straw-weaving&group=3 ({RUNS} runs each)")
    for result in (small, large):
        seeded = f", seeded in {result['seed_seconds']:.0f} s" if result["seed_seconds"] else ""
        print(f"  scale {result['scale']:>2}: {result['artisans']:>5} artisans, "
              f"{result['matches']:>4} match; {result['queries']} queries, "
              f"median {result['median_ms']:.1f} ms{seeded}")
        print(f"            just after any page was edited: {result['edited_queries']} queries, "
              f"median {result['edited_median_ms']:.1f} ms")
        print(f"            with every cache emptied first: {result['cold_queries']} queries, "
              f"median {result['cold_median_ms']:.1f} ms")
    print(f"  ratio scale 10 / scale 1: queries {large['queries'] / small['queries']:.2f}, "
          f"median time {large['median_ms'] / small['median_ms']:.2f}")
    print("  targets: at most 12 queries, median at most 40 ms at scale 10")


if __name__ == "__main__":
    main()
