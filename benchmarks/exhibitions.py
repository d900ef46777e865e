"""Exhibitions at scale: seeds the demo's exhibitions at --scale 1 and --scale 10 (120
exhibitions, ~20,000 registrations, ~15,000 on-site sales) into SQLite files of their own,
then measures the exhibitions index (queries per request and median server time, warm, just
after an edit and cold) and the import of a file of 10,000 on-site sales.

The artisans and works the exhibitions feature are seeded at a small scale (they do not
enter the index's queries), so seeding stays within minutes.

    python -m benchmarks.exhibitions            # both scales
    python -m benchmarks.exhibitions --fresh    # re-seed instead of reusing the files

Each scale runs in a child process, because Django's database is fixed at setup."""

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._measure import measure as measure_page

URL = "/exhibitions/"
RUNS = 30
IMPORT_ROWS = 10_000
VILLAGE_SCALE = 0.2
DATA = Path(tempfile.gettempdir())


def database(scale: int) -> Path:
    return DATA / f"tianxing-bench-exhibitions-scale{scale}.sqlite3"


def measure(scale: int, fresh: bool) -> dict:
    path = database(scale)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tianxing.settings.dev"
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("MEDIA_ROOT", str(DATA / "tianxing-bench-media"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from artisans import demo as artisans_demo
    from artisans.models import ArtisanPage
    from catalogue import demo as catalogue_demo
    from core.demo import DemoContext
    from exhibitions import demo as exhibitions_demo
    from exhibitions import services
    from exhibitions.models import ExhibitionPage, OnsiteSale, Registration
    from home import demo as home_demo

    call_command("migrate", verbosity=0)
    seeded = 0.0
    if not ExhibitionPage.objects.exists():
        started = time.perf_counter()
        village = DemoContext(scale=VILLAGE_SCALE, stdout=io.StringIO())
        for module in (home_demo, artisans_demo, catalogue_demo):
            with transaction.atomic():
                module.load(village)
        with transaction.atomic():
            exhibitions_demo.load(DemoContext(scale=scale, stdout=io.StringIO()))
        seeded = time.perf_counter() - started

    index = measure_page(URL, RUNS)
    filtered = measure_page(URL + "?kind=fair&page=2", RUNS)

    codes = list(ArtisanPage.objects.filter(locale__language_code="zh-hans")
                 .values_list("code", flat=True))
    run = OnsiteSale.objects.count()
    rows = ["date,artisan_code,amount,reference,description"]
    rows += [f"2025-10-{n % 28 + 1:02d},{codes[n % len(codes)]},{50 + n % 700}.50,"
             f"BENCH-{run}-{n:05d},草编小篮" for n in range(IMPORT_ROWS)]
    content = "\n".join(rows).encode("gb18030")
    started, cpu_started = time.perf_counter(), time.process_time()
    report = services.onsite_sales_import(content=content, filename="sales.csv")
    import_seconds = time.perf_counter() - started
    import_cpu_seconds = time.process_time() - cpu_started
    assert report.saved and not report.errors, report.errors[:3]
    return {
        "scale": scale,
        "exhibitions": ExhibitionPage.objects.filter(locale__language_code="zh-hans").count(),
        "registrations": Registration.objects.count(),
        "sales": OnsiteSale.objects.exclude(reference__startswith="BENCH-").count(),
        "index": index, "filtered": filtered,
        "import_seconds": import_seconds, "import_cpu_seconds": import_cpu_seconds,
        "seed_seconds": seeded,
    }


def main():
    if "--measure" in sys.argv:
        scale = int(sys.argv[sys.argv.index("--measure") + 1])
        print(json.dumps(measure(scale, "--fresh" in sys.argv)))
        return
    results = {}
    for scale in (1, 10):
        command = [sys.executable, "-m", "benchmarks.exhibitions", "--measure", str(scale)]
        if "--fresh" in sys.argv:
            command.append("--fresh")
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
        results[scale] = json.loads(output.strip().splitlines()[-1])
    print(f"Exhibitions index {URL} ({RUNS} runs each)")
    for result in results.values():
        seeded = f", seeded in {result['seed_seconds']:.0f} s" if result["seed_seconds"] else ""
        print(f"  scale {result['scale']:>2}: {result['exhibitions']} exhibitions, "
              f"{result['registrations']} registrations, {result['sales']} on-site "
              f"sales{seeded}")
        for label, key in (("index", "index"), ("?kind=fair&page=2", "filtered")):
            states = result[key]
            print(f"    {label:<18} " + "; ".join(
                f"{state}: {states[state][0]} queries, median {states[state][1]:.1f} ms"
                for state in ("hit", "warm", "published", "cold")))
        print(f"    import of {IMPORT_ROWS} sales rows: {result['import_seconds']:.1f} s "
              f"({result['import_cpu_seconds']:.1f} s of CPU in this process)")
    small, large = results[1], results[10]
    print(f"  ratio scale 10 / scale 1: index queries "
          f"{large['index']['warm'][0] / small['index']['warm'][0]:.2f}, "
          f"median time {large['index']['warm'][1] / small['index']['warm'][1]:.2f}")
    print(f"  targets: index at most 12 queries, the same at both scales; "
          f"{IMPORT_ROWS} rows imported in at most 20 s")


if __name__ == "__main__":
    main()
