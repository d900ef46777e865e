"""Money in CNY: amounts are Decimals with two places in the database and integer fen in
every calculation that splits them. Nothing here ever touches a float."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

FEN = Decimal("0.01")


class AllocationError(ValueError):
    """Raised when an amount cannot be split, e.g. every weight is zero."""


def to_fen(amount: Decimal | int | str) -> int:
    """Yuan as Decimal (or its string) to integer fen; refuses floats and sub-fen amounts."""
    if isinstance(amount, float):
        raise TypeError("Money is never a float.")
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"Not an amount of money: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"Not an amount of money: {amount!r}")
    fen = value * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"{amount} has a fraction of a fen.")
    return int(fen)


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)


def format_cny(amount: Decimal | int | None) -> str:
    """¥1,280.00 — the one way the site shows money."""
    if amount is None:
        return "—"
    value = Decimal(amount).quantize(FEN, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}"


def allocate(total_fen: int, weights: Mapping[Hashable, Fraction | Decimal | int]) -> dict:
    """Split total_fen among parties in proportion to their weights, exactly.

    Largest-remainder method: each party gets the floor of its exact quota, then the leftover
    fen go one each to the largest fractional remainders, ties broken by the party key in
    ascending order. A negative total is split as the mirror of its absolute value, so a
    reversal cancels its original to the fen. Zero weight gets zero; all-zero weights are an
    error, not a division by zero.
    """
    if not isinstance(total_fen, int):
        raise TypeError("Allocate integer fen.")
    exact_weights = {party: Fraction(weight) for party, weight in weights.items()}
    if any(weight < 0 for weight in exact_weights.values()):
        raise AllocationError("Weights may not be negative.")
    weight_sum = sum(exact_weights.values(), Fraction(0))
    if weight_sum == 0:
        raise AllocationError("Cannot split an amount when every weight is zero.")
    if total_fen < 0:
        return {party: -part for party, part in allocate(-total_fen, weights).items()}

    quotas = {party: total_fen * weight / weight_sum for party, weight in exact_weights.items()}
    parts = {party: quota.numerator // quota.denominator for party, quota in quotas.items()}
    leftover = total_fen - sum(parts.values())
    by_remainder = sorted(quotas, key=lambda party: (-(quotas[party] - parts[party]), party))
    for party in by_remainder[:leftover]:
        parts[party] += 1
    return parts
