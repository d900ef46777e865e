"""The artisan directory at scale: the directory with two filters active (a technique and a
village group), an artisan's page, and the home page, in every cache state (see _measure),
at BENCH_SCALES (default "1,10": 420 and 4,200 artisans) on the demo village seeded once per
scale and reused.

    python -m benchmarks.artisans
    BENCH_SCALES=1 python -m benchmarks.artisans     # a quick run"""

import json
import sys

from benchmarks._measure import measure, print_table, run_children, setup

DIRECTORY = "/artisans/?technique=straw-weaving&group=3"


def measure_scale(scale: float) -> dict:
    seeded = setup(scale)
    from artisans.models import ArtisanPage

    artisan = (ArtisanPage.objects.live().filter(locale__language_code="zh-hans")
               .order_by("code").first())
    pages = {"directory, two filters": DIRECTORY, "artisan page": artisan.url, "home page": "/"}
    return {
        "scale": scale,
        "seed_seconds": seeded,
        "artisans": ArtisanPage.objects.filter(locale__language_code="zh-hans").count(),
        "pages": {name: measure(url) for name, url in pages.items()},
    }


def main():
    if "--measure" in sys.argv:
        print(json.dumps(measure_scale(float(sys.argv[sys.argv.index("--measure") + 1]))))
        return
    results = run_children("benchmarks.artisans")
    for scale, result in results.items():
        seeded = f", seeded now in {result['seed_seconds']:.0f} s" if result["seed_seconds"] else ""
        print(f"scale {scale:g}: {result['artisans']} artisans{seeded}")
    print_table(f"Artisans ({DIRECTORY}), medians of the runs", results,
                ["directory, two filters", "artisan page", "home page"])


if __name__ == "__main__":
    main()
