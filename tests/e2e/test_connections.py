"""#11.14: a PostgreSQL run must end by dropping its test database. A browser test whose body
read the database left a connection open (made under Playwright's event loop, unseen by
Django's teardown), and the run ended with "database ... is being accessed by other users"."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tianxing.settings.base import BASE_DIR

pytestmark = pytest.mark.browser


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the teardown failure is PostgreSQL's")
def test_a_browser_test_leaves_no_connection_to_the_test_database(db):
    name = f"{connection.settings_dict['NAME']}_probe"
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/e2e/leak_probe.py", "-q", "-p", "no:randomly",
         "-W", "error::pytest.PytestWarning"],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=600,
        env={**os.environ, "DATABASE_URL": url},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "being accessed by other users" not in output
