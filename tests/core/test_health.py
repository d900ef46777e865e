"""/healthz: database, cache, media storage and the expired-order sweep, as JSON."""

import datetime as dt

import pytest
from django.utils import timezone

from core import health
from core.health import heartbeat_record
from core.models import Heartbeat

pytestmark = pytest.mark.django_db


def test_a_healthy_server_answers_200_with_each_check(client):
    heartbeat_record(name="release_unpaid_orders")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["cache"]["ok"] and body["media_storage"]["ok"]
    sweep = body["jobs"]["release_unpaid_orders"]
    assert sweep["ok"] and 0 <= sweep["age_seconds"] < 60
    assert "no-cache" in response["Cache-Control"]


def test_a_late_sweep_is_a_warning_not_a_failure(client):
    Heartbeat.objects.create(name="release_unpaid_orders",
                             last_run=timezone.now() - dt.timedelta(hours=2))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "warning"
    assert body["jobs"]["release_unpaid_orders"]["ok"] is False
    assert body["warnings"] == ["release_unpaid_orders has not run for 7200 s"] or \
        body["warnings"][0].startswith("release_unpaid_orders has not run for 720")


def test_a_sweep_that_never_ran_is_reported(client):
    body = client.get("/healthz").json()
    assert body["jobs"]["release_unpaid_orders"]["age_seconds"] is None
    assert body["warnings"] == ["release_unpaid_orders has never run"]


@pytest.mark.parametrize("service", ["_database", "_cache", "_storage"])
def test_a_service_down_is_a_503(client, monkeypatch, service):
    def down():
        raise ConnectionError("down")

    monkeypatch.setattr(health, service, down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"

