"""Earnings benchmark: the year-end distribution, the earnings report page (queries and median
time) and its XLSX export, at scale 1 and scale 10 (about 1,500 households and 200,000 ledger
entries), with the scale 10 / scale 1 ratios.

    .venv/bin/python -m benchmarks.earnings          # BENCH_SCALES=1,10 by default

Each scale has an SQLite file of its own in /tmp (kept and reused: seeding is the slow part).
The ledger is seeded in bulk (`bulk_create`, 20,000 rows a batch) over last year and the year
before, and its monthly totals rebuilt from it; entries point at order-line shares by type
and id without the orders themselves, which neither the distribution nor the report reads."""

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
HOUSEHOLDS_PER_SCALE = 150
ENTRIES_PER_SCALE = 20_000


def setup_django(scale: int) -> bool:
    path = os.path.join(tempfile.gettempdir(), f"tianxing-bench-earnings-{scale}.sqlite3")
    fresh = not os.path.exists(path)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tianxing.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    return fresh


def seed(scale: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from artisans.models import Household
    from earnings import services
    from earnings.models import LedgerEntry, Period
    from orders.models import OrderLineMaker

    rng = random.Random(f"bench-earnings-{scale}")
    started = time.perf_counter()
    households = Household.objects.bulk_create([
        Household(code=f"TX-{g:02d}-{n:03d}", head_name=f"户主{g}-{n}", village_group=g,
                  is_member=rng.random() < 0.9,
                  capital_contribution=Decimal(rng.choice([500, 1000, 2000, 5000])),
                  reserve_share=Decimal(rng.randint(0, 200000)) / 100)
        for g in range(1, 16) for n in range(1, HOUSEHOLDS_PER_SCALE * scale // 15 + 1)
    ])
    households = list(Household.objects.all())
    year = timezone.localdate().year - 1
    periods = {}
    for y in (year - 1, year):
        for m in range(1, 13):
            periods[(y, m)] = Period.objects.create(year=y, month=m)
    source_type = ContentType.objects.get_for_model(OrderLineMaker)
    total = ENTRIES_PER_SCALE * scale
    batch = []
    for index in range(total):
        day = date(year - (1 if rng.random() < 0.3 else 0), 1, 1) + timedelta(
            days=rng.randrange(365))
        household = households[rng.randrange(len(households))]
        roll = rng.random()
        gross = Decimal(rng.randint(2000, 200000)) / 100
        if roll < 0.85:
            kind, amount, sales, labour = "sale", (gross * Decimal("0.8")).quantize(
                Decimal("0.01")), gross, Decimal(0)
        elif roll < 0.95:
            kind, amount, sales, labour = "labour", gross, Decimal(0), gross
        else:
            kind, amount, sales, labour = "reversal", -(gross * Decimal("0.4")).quantize(
                Decimal("0.01")), -gross / 2, Decimal(0)
        batch.append(LedgerEntry(
            household=household, kind=kind, amount=amount, sales_volume=sales.quantize(
                Decimal("0.01")), labour_volume=labour, entry_date=day,
            period=periods[(day.year, day.month)], source_type=source_type, source_id=index + 1,
            posted_by="benchmark"))
        if len(batch) == 20_000:
            LedgerEntry.objects.bulk_create(batch)
            batch = []
    LedgerEntry.objects.bulk_create(batch)
    services.ledger_rebuild_months()
    user = User.objects.create_user("bench-accountant", password="x")
    user.groups.add(Group.objects.get(name="Accountants"))
    print(f"  seeded {len(households)} households and {total} entries "
          f"in {time.perf_counter() - started:.0f} s")


def measure(scale: int) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from earnings import services

    year = timezone.localdate().year - 1
    results = {}

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        with transaction.atomic():
            run = services.distribution_draft(year=year, surplus="1000000", subsidies="50000")
            services.distribution_publish(run=run)
            services.distribution_approve(run=run)
            timings.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    results["distribution (draft, publish, approve and post), s"] = statistics.median(timings)

    client = Client()
    client.force_login(User.objects.get(username="bench-accountant"))
    url = reverse("earnings_report:index")
    params = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    client.get(url, params)
    statements = []

    def record(execute, sql, params_, many, context):
        statements.append(sql)
        return execute(sql, params_, many, context)

    with connection.execute_wrapper(record):
        assert client.get(url, params).status_code == 200
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
    results["report page, queries"] = len(statements)
    results["report page, median ms"] = statistics.median(timings)

    started = time.perf_counter()
    response = client.get(url, {**params, "export": "xlsx"})
    assert response.status_code == 200
    results["XLSX export, s"] = time.perf_counter() - started
    return results


def run_one(scale: int) -> None:
    fresh = setup_django(scale)
    if fresh:
        seed(scale)
    from earnings import services
    from earnings.models import HouseholdMonth

    if not HouseholdMonth.objects.exists():
        started = time.perf_counter()
        rows = services.ledger_rebuild_months()
        print(f"  seeded {rows} monthly totals in {time.perf_counter() - started:.0f} s")
    for name, value in measure(scale).items():
        print(f"  {name:<52} {value:10.2f}" if isinstance(value, float)
              else f"  {name:<52} {value:10d}")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--scale":
        run_one(int(sys.argv[2]))
        return
    scales = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10").split(",")]
    figures = {}
    for scale in scales:
        print(f"scale {scale}:")
        output = subprocess.run(
            [sys.executable, "-m", "benchmarks.earnings", "--scale", str(scale)],
            capture_output=True, text=True, check=True).stdout
        print(output, end="")
        figures[scale] = {line[:54].strip(): float(line[54:]) for line in output.splitlines()
                          if line.startswith("  ") and not line.startswith("  seeded")}
    if len(scales) == 2:
        low, high = scales
        print(f"ratios, scale {high} / scale {low}:")
        for name, value in figures[high].items():
            print(f"  {name:<52} {value / figures[low][name]:10.2f}")


if __name__ == "__main__":
    main()
