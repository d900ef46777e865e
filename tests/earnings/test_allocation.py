"""The one splitting function, re-exported for the accountants: hand-worked cases and
hypothesis properties (parts sum exactly, each within one fen of its quota, a reversal
mirrors its original)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import money
from earnings.allocation import AllocationError, allocate


def test_it_is_core_money_allocate():
    assert allocate is money.allocate


def test_remainders_go_to_the_largest_fractions():
    # 100 fen by 1:1:1 → 33.33 each; one leftover fen to the first code (all remainders tie).
    assert allocate(100, {"TX-01-001": 1, "TX-01-002": 1, "TX-01-003": 1}) == {
        "TX-01-001": 34, "TX-01-002": 33, "TX-01-003": 33}
    # 1000 fen by 2.5 days × 1.2 : 3 days × 1.0 : 1 day → 3 : 3 : 1 → 428.57, 428.57, 142.86
    parts = allocate(1000, {"TX-01-003": Fraction(25, 10) * Fraction(12, 10),
                            "TX-01-001": 3, "TX-01-002": 1})
    assert parts == {"TX-01-001": 429, "TX-01-003": 428, "TX-01-002": 143}


def test_ties_go_by_household_code_ascending():
    assert allocate(1, {"TX-02-009": 1, "TX-02-001": 1}) == {"TX-02-001": 1, "TX-02-009": 0}


def test_zero_weight_gets_zero_and_all_zero_is_an_error():
    assert allocate(500, {"A": 0, "B": 3}) == {"A": 0, "B": 500}
    with pytest.raises(AllocationError):
        allocate(500, {"A": 0, "B": 0})


def test_a_negative_amount_is_the_mirror():
    assert allocate(-100, {"A": 1, "B": 1, "C": 1}) == {"A": -34, "B": -33, "C": -33}


weights = st.dictionaries(
    st.text(alphabet="ABCDEFGH", min_size=1, max_size=3),
    st.fractions(min_value=0, max_value=1000, max_denominator=20), min_size=1, max_size=12,
).filter(lambda w: any(w.values()))


@given(total=st.integers(min_value=-10**9, max_value=10**9), weights=weights)
def test_parts_sum_exactly_and_stay_within_a_fen_of_their_quota(total, weights):
    parts = allocate(total, weights)
    assert sum(parts.values()) == total
    weight_sum = sum(weights.values())
    for party, part in parts.items():
        assert abs(part - Fraction(total) * weights[party] / weight_sum) < 1


@given(total=st.integers(min_value=0, max_value=10**9), weights=weights)
def test_a_reversal_mirrors_its_original(total, weights):
    original = allocate(total, weights)
    reversal = allocate(-total, weights)
    assert all(original[p] + reversal[p] == 0 for p in weights)
