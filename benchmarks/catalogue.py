"""The shop at scale: the listing with three filters, a search, and a work's page, in every
cache state (see _measure), at BENCH_SCALES (default "1,10": 1,500 and 15,000 works) on the
demo village seeded once per scale and reused.

    python -m benchmarks.catalogue
    BENCH_SCALES=1 python -m benchmarks.catalogue     # a quick run"""

import json
import sys

from benchmarks._measure import measure, print_table, run_children, setup

LISTING = "/shop/?category=baskets&kind=crafted&price_max=500"
SEARCH = "/shop/?q=%E7%AB%B9"  # 竹


def measure_scale(scale: float) -> dict:
    seeded = setup(scale)
    from catalogue.models import ProductPage

    work = (ProductPage.objects.live().filter(locale__language_code="zh-hans")
            .order_by("pk").first())
    pages = {"listing, three filters": LISTING, "search 竹": SEARCH, "work page": work.url}
    return {
        "scale": scale,
        "seed_seconds": seeded,
        "works": ProductPage.objects.filter(locale__language_code="zh-hans").count(),
        "pages": {name: measure(url) for name, url in pages.items()},
    }


def main():
    if "--measure" in sys.argv:
        print(json.dumps(measure_scale(float(sys.argv[sys.argv.index("--measure") + 1]))))
        return
    results = run_children("benchmarks.catalogue")
    for scale, result in results.items():
        seeded = f", seeded now in {result['seed_seconds']:.0f} s" if result["seed_seconds"] else ""
        print(f"scale {scale:g}: {result['works']} works{seeded}")
    print_table(f"Shop ({LISTING}), medians of the runs", results,
                ["listing, three filters", "search 竹", "work page"])


if __name__ == "__main__":
    main()
