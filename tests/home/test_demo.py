"""The demo village loads deterministically and a second run creates nothing twice."""

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=False)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.app_label not in {"sessions", "admin"}
        and model._meta.managed
    }


def test_demo_loader_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # A twentieth of the village: every loader runs its whole code path, in seconds.
    call_command("load_demo_village", "--scale", "0.05", "--quiet-logins", verbosity=0)
    first = row_counts()
    call_command("load_demo_village", "--scale", "0.05", "--quiet-logins", verbosity=0)
    second = row_counts()
    changed = {label: (first[label], second[label]) for label in first
               if first[label] != second[label] and not label.startswith("wagtailsearch")}
    assert changed == {}
    assert first["home.HomePage"] == 2
    assert first["auth.User"] >= 4
    # 15 recent orders, and 20 from last year that give the earnings ledger a full year.
    assert first["artisans.Household"] == 8 and first["orders.Order"] == 15 + 20


def test_scale_must_be_a_sensible_number():
    from django.core.management.base import CommandError

    for bad in ("0", "-1", "51"):
        with pytest.raises(CommandError):
            call_command("load_demo_village", "--scale", bad)
