"""What both page benchmarks measure of one request, in three cache states."""

import statistics
import time


def three_states(get, runs: int) -> dict[str, tuple[int, float]]:
    """{state: (queries, median ms)} for `get()` (one request): "warm" caches; "edited", just
    after a page was edited anywhere (routes and results are read again, cards are kept); and
    "cold", with every cache emptied before each request. Django must be set up."""
    from django.core.cache import cache
    from django.db import connection

    from core.caching import PAGE_TREE, invalidate

    def count_queries():
        statements = []

        def record(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            get()
        return len(statements)

    def median_ms(before):
        timings = []
        for _ in range(runs):
            before()
            started = time.perf_counter()
            get()
            timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings)

    results = {}
    for state, before in (("warm", lambda: None),
                          ("edited", lambda: invalidate(PAGE_TREE)),
                          ("cold", cache.clear)):
        before()
        results[state] = (count_queries(), median_ms(before))
    return results
