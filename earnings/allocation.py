"""The one splitting function, for the accountants' code: `core.money.allocate` (largest
remainder in integer fen, ties by party key, negative totals mirrored)."""

from core.money import AllocationError, allocate

__all__ = ["AllocationError", "allocate"]
