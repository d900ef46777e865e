"""Production refuses to start with an insecure or missing configuration."""

import os
import subprocess
import sys

import pytest

from tianxing.settings.base import BASE_DIR


def start_production(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="tianxing.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "tianxing.example.cn"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS is not set"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "*"}, "may not contain '*'"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, message):
    result = start_production(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_when_configured():
    result = start_production(SECRET_KEY="x" * 50, ALLOWED_HOSTS="tianxing.example.cn")
    assert result.returncode == 0, result.stderr


def test_deploy_check_warns_when_processes_do_not_share_a_cache(settings):
    from core.checks import shared_cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [warning.id for warning in shared_cache(None)] == ["tianxing.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/0"}}
    assert shared_cache(None) == []
