"""Demo village benchmark: how long `load_demo_village` takes at `BENCH_SCALE` (default 1) in
an SQLite file of its own, then the first visit of every kind of public page in both
languages with every cache empty, and how many picture renditions those visits had to make
(the loader makes them, so it should be none).

    .venv/bin/python -m benchmarks.demo_village          # BENCH_SCALE=0.1 for a quick run

The loaded file and its media are kept (BENCH_DEMO_DB, BENCH_DEMO_MEDIA) and reused when they
exist, so only the first run measures the load."""

import os
import sys
import tempfile
import time
from pathlib import Path

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
FOLDER = Path(tempfile.gettempdir())
DATABASE = Path(os.environ.get("BENCH_DEMO_DB", FOLDER / f"tianxing-demo-{SCALE:g}.sqlite3"))
MEDIA = Path(os.environ.get("BENCH_DEMO_MEDIA", FOLDER / f"tianxing-demo-{SCALE:g}-media"))


def main():
    fresh = not DATABASE.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ["MEDIA_ROOT"] = str(MEDIA)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tianxing.settings.dev")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from wagtail.images import get_image_model

    from artisans.models import ArtisanPage
    from catalogue.models import ProductPage

    if fresh:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("load_demo_village", "--scale", str(SCALE), "--quiet-logins", verbosity=0)
        print(f"load_demo_village --scale {SCALE:g}: {time.perf_counter() - started:.1f} s")
    else:
        print(f"reusing {DATABASE} (delete it to measure the load)")

    renditions = get_image_model().get_rendition_model().objects
    before = renditions.count()
    work = ProductPage.objects.live().filter(locale__language_code="zh-hans").order_by("pk")
    artisan = ArtisanPage.objects.live().filter(locale__language_code="zh-hans").order_by("pk")
    urls = ["/", "/shop/", "/shop/?category=baskets&kind=crafted", "/artisans/",
            "/search/?q=竹", "/search/?q=Meng", work.last().url, artisan.last().url]
    urls += ["/en" + url for url in urls]
    client = Client(HTTP_HOST="localhost")
    slowest = 0.0
    for url in urls:
        cache.clear()
        started = time.perf_counter()
        status = client.get(url).status_code
        elapsed = (time.perf_counter() - started) * 1000
        slowest = max(slowest, elapsed)
        print(f"  first visit {url:<45} {status} {elapsed:7.0f} ms")
    print(f"slowest first visit: {slowest:.0f} ms; renditions made by the visits: "
          f"{renditions.count() - before}")


if __name__ == "__main__":
    main()
