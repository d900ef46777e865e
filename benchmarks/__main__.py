import pkgutil
import runpy
import sys

import benchmarks

for module in pkgutil.iter_modules(benchmarks.__path__):
    if module.name.startswith("_"):
        continue
    print(f"\n=== benchmarks.{module.name}", flush=True)
    runpy.run_module(f"benchmarks.{module.name}", run_name="__main__")
sys.exit(0)
