"""Commissions benchmark: the committee's list in the admin at scale 1 and 10 (8 and 80
commissions, 500 labour entries each: 4,000 and 40,000), whose query count must not grow
with the data (limit 15), and settling one commission with 60 artisans and 2,000 labour
entries (limit 1 s). Prints query counts and median times.

    .venv/bin/python -m benchmarks.commissions

Runs in an SQLite file of its own (BENCH_COMMISSIONS_DB, rebuilt each run); the data is
written in bulk, as the demo writes labour."""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
ENTRIES_PER_COMMISSION = 500


def setup_django():
    path = os.environ.get("BENCH_COMMISSIONS_DB",
                          os.path.join(tempfile.gettempdir(), "tianxing-bench-commissions.sqlite3"))
    if os.path.exists(path):
        os.remove(path)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tianxing.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)


def seed_artisans(count):
    from wagtail.models import Locale, Page

    from tests.artisans.factories import (
        ArtisanIndexPageFactory,
        ArtisanPageFactory,
        HouseholdFactory,
    )
    from tests.factories import HomePageFactory

    Locale.objects.get_or_create(language_code="zh-hans")
    home = HomePageFactory(parent=Page.get_first_root_node(), title="天星村", slug="bench-home")
    index = ArtisanIndexPageFactory(parent=home)
    # Three artisans a household, as in the village.
    return [ArtisanPageFactory(parent=index, code=f"A{n:04d}",
                               household=HouseholdFactory(code=f"TX-01-{n // 3 + 1:03d}"))
            for n in range(count)]


def seed_commissions(count, artisans, rng, start=0):
    """`count` commissions across the stages, each with its quote, three milestones, a team
    of 12 and 500 labour entries, written in bulk."""
    from django.utils import timezone

    from commissions.models import (
        Commission,
        CommissionEvent,
        LabourEntry,
        Milestone,
        Stage,
        TeamMember,
    )

    stages = [Stage.INQUIRY, Stage.SITE_SURVEY, Stage.QUOTED, Stage.CONTRACTED,
              Stage.IN_PRODUCTION, Stage.INSTALLED, Stage.ACCEPTED, Stage.CLOSED]
    today = timezone.localdate()
    commissions = Commission.objects.bulk_create([
        Commission(reference=f"CM-BENCH-{start + n:04d}", stage=stages[n % len(stages)],
                   organisation=f"单位{n}", contact_name="张丽", phone="13800138000",
                   district="温江区", address="寿安镇", kind="arch", size="4 m",
                   budget="50-100k", contract_price=Decimal("100000.00"),
                   starts_on=today - timedelta(days=60))
        for n in range(count)
    ])
    Milestone.objects.bulk_create([
        Milestone(commission=c, sequence=s, label=f"第{s}期", amount=Decimal(amount),
                  due_on=today + timedelta(days=30 * s - 45), percent=Decimal(percent))
        for c in commissions
        for s, (amount, percent) in enumerate([("30000.00", 30), ("40000.00", 40),
                                               ("30000.00", 30)], start=1)
    ])
    CommissionEvent.objects.bulk_create([
        CommissionEvent(commission=c, to_stage=c.stage) for c in commissions])
    entries, members = [], []
    for c in commissions:
        team = rng.sample(artisans, 12)
        members += [TeamMember(commission=c, artisan=a) for a in team]
        slots = [(a, day) for day in range(60) for a in team]
        entries += [LabourEntry(commission=c, artisan=a, date=c.starts_on + timedelta(days=day),
                                days=rng.choice([Decimal("1"), Decimal("0.5")]),
                                skill_coefficient=rng.choice([Decimal("1.00"), Decimal("1.20"),
                                                              Decimal("0.80")]))
                    for a, day in slots[:ENTRIES_PER_COMMISSION]]
    TeamMember.objects.bulk_create(members)
    LabourEntry.objects.bulk_create(entries, batch_size=2000)
    return commissions


def list_queries(client):
    from django.db import connection

    client.get("/admin/commissions/")
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get("/admin/commissions/")
    assert response.status_code == 200, response.status_code
    assert b"CM-BENCH-" in response.content
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get("/admin/commissions/")
        timings.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(timings)


def big_job(artisans, rng):
    """A commission with 60 artisans and 2,000 entries, accepted and fully paid."""
    from django.utils import timezone

    from commissions.models import (
        Commission,
        CostEntry,
        LabourEntry,
        Milestone,
        Stage,
        TeamMember,
    )

    today = timezone.localdate()
    job = Commission.objects.create(
        reference="CM-BENCH-BIG", stage=Stage.ACCEPTED, contact_name="张丽",
        phone="13800138000", district="温江区", address="寿安镇", kind="garden", size="1 ha",
        budget="gt300k", contract_price=Decimal("888888.88"),
        starts_on=today - timedelta(days=60))
    Milestone.objects.create(commission=job, sequence=1, label="全款", amount=job.contract_price,
                             amount_paid=job.contract_price, status="paid", due_on=today)
    CostEntry.objects.create(commission=job, kind="materials", description="材料",
                             amount=Decimal("123456.78"), incurred_on=today)
    TeamMember.objects.bulk_create([TeamMember(commission=job, artisan=a) for a in artisans])
    slots = [(a, day) for day in range(60) for a in artisans]
    rng.shuffle(slots)
    LabourEntry.objects.bulk_create([
        LabourEntry(commission=job, artisan=a, date=job.starts_on + timedelta(days=day),
                    days=rng.choice([Decimal("1"), Decimal("0.5")]),
                    skill_coefficient=rng.choice([Decimal("1.00"), Decimal("1.20"),
                                                  Decimal("0.80"), Decimal("1.50")]))
        for a, day in slots[:2000]])
    return job


def main():
    setup_django()
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.test import Client

    from commissions import services
    from commissions.models import LabourEntry, Settlement
    from tests.factories import UserFactory

    rng = random.Random("tianxing-bench-commissions")
    artisans = seed_artisans(60)
    committee = UserFactory(username="committee")
    committee.groups.add(Group.objects.get(name="Committee"))
    client = Client()
    client.force_login(committee)

    seed_commissions(8, artisans, rng)
    scale1 = list_queries(client)
    print(f"scale 1: 8 commissions, {LabourEntry.objects.count():,} labour entries")
    print(f"  admin list: {scale1[0]} queries (limit 15), median {scale1[1]:.1f} ms")
    seed_commissions(72, artisans, rng, start=8)
    scale10 = list_queries(client)
    print(f"scale 10: 80 commissions, {LabourEntry.objects.count():,} labour entries")
    print(f"  admin list: {scale10[0]} queries (limit 15), median {scale10[1]:.1f} ms")
    print(f"  same query count at both scales: {scale1[0] == scale10[0]}")

    job = big_job(artisans, rng)
    timings = []
    for _ in range(5):
        with transaction.atomic():
            started = time.perf_counter()
            plan = services.commission_settle(commission=job)
            timings.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    assert not Settlement.objects.exists()
    print(f"settle (60 artisans, 2,000 entries, {len(plan.households)} households): "
          f"median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms "
          "(limit 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
