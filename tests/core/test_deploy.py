"""`manage.py check --deploy` with the production settings: no warnings at all."""

import os
import subprocess
import sys

from tianxing.settings.base import BASE_DIR

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "tianxing.settings.production",
    "SECRET_KEY": "x7Gq2-production-like-secret-key-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "tianxing.example.cn",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run(*args):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR,
                          env={**env, **PRODUCTION_ENV}, capture_output=True, text=True,
                          timeout=120)


def test_the_deploy_check_is_clean_with_production_settings():
    result = run("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_redirects_to_https_but_not_the_health_probe():
    result = run("shell", "-c", "from django.conf import settings as s; print("
                 "s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT, s.SECURE_HSTS_SECONDS, "
                 "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "True ['^healthz$'] 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https')")
