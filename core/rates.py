"""The charter's rates (retention on product sales and on commissions, reserve rate, patronage
share), read by apps that sit below `earnings` in the import graph. `earnings` owns the
charter and registers itself as the provider when it starts; until it does (or for a rate it
does not know), the defaults in `settings.CHARTER_DEFAULTS` apply."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.conf import settings

RateProvider = Callable[[str, date | None], Decimal | None]

_provider: RateProvider | None = None


def register_provider(provider: RateProvider) -> None:
    """Called once, from the charter's app config: provider(name, on) → the rate in force on
    that date (today when None), or None for a name it does not know."""
    global _provider
    _provider = provider


def charter_rate(name: str, *, on: date | None = None) -> Decimal:
    """The rate `name` (e.g. "commission_retention") in force on `on`, as an exact Decimal
    fraction (0.15 for 15%)."""
    if _provider is not None:
        value = _provider(name, on)
        if value is not None:
            return Decimal(value)
    try:
        return Decimal(settings.CHARTER_DEFAULTS[name])
    except KeyError as exc:
        raise KeyError(f"No charter rate called {name!r}.") from exc
