"""Hand-checked splits first (worked on paper), then the invariants for any input."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import AllocationError, allocate, format_cny, from_fen, to_fen


def test_even_split_has_no_remainder():
    assert allocate(1000, {"TX-01-001": 1, "TX-01-002": 1}) == {"TX-01-001": 500, "TX-01-002": 500}


def test_sixty_forty_of_one_yuan_and_one_fen():
    # 101 fen at 60/40: quotas 60.6 and 40.4 → floors 60 + 40 = 100; the leftover fen goes to
    # the larger remainder (0.6).
    assert allocate(101, {"A": Decimal("60"), "B": Decimal("40")}) == {"A": 61, "B": 40}


def test_three_way_tie_goes_to_the_lowest_codes():
    # 100 fen in thirds: 33 each, one fen left; all remainders equal (1/3) → lowest code wins.
    assert allocate(100, {"TX-02-001": 1, "TX-01-009": 1, "TX-01-010": 1}) == {
        "TX-01-009": 34,
        "TX-01-010": 33,
        "TX-02-001": 33,
    }


def test_labour_points_with_half_days_and_skill_factors():
    # 2.5 days × 1.2 = 3 points, 1.5 days × 1.0 = 1.5 points; 1000 fen → 666.67 / 333.33
    weights = {"A": Fraction(5, 2) * Fraction(6, 5), "B": Fraction(3, 2)}
    assert allocate(1000, weights) == {"A": 667, "B": 333}


def test_zero_weight_gets_zero_and_all_zero_is_an_error():
    assert allocate(500, {"A": 0, "B": 3}) == {"A": 0, "B": 500}
    with pytest.raises(AllocationError):
        allocate(500, {"A": 0, "B": 0})


def test_a_reversal_mirrors_its_original_exactly():
    weights = {"A": Decimal("33.33"), "B": Decimal("33.33"), "C": Decimal("33.34")}
    original = allocate(10001, weights)
    reversal = allocate(-10001, weights)
    assert {party: original[party] + reversal[party] for party in weights} == dict.fromkeys(
        weights, 0
    )


weights_strategy = st.dictionaries(
    st.text(alphabet="ABCDEFGH", min_size=1, max_size=3),
    st.fractions(min_value=0, max_value=1000, max_denominator=100),
    min_size=1,
    max_size=12,
).filter(lambda weights: sum(weights.values()) > 0)


@given(total=st.integers(min_value=-10**9, max_value=10**9), weights=weights_strategy)
def test_parts_always_add_up_and_stay_within_one_fen_of_the_quota(total, weights):
    parts = allocate(total, weights)
    assert sum(parts.values()) == total
    weight_sum = sum(weights.values())
    for party, weight in weights.items():
        quota = Fraction(total) * weight / weight_sum
        assert abs(parts[party] - quota) < 1
        if weight == 0:
            assert parts[party] == 0


def test_fen_conversions_refuse_floats_and_fractions_of_a_fen():
    assert to_fen(Decimal("1280.00")) == 128000
    assert to_fen("0.01") == 1
    assert from_fen(128050) == Decimal("1280.50")
    with pytest.raises(TypeError):
        to_fen(12.5)
    with pytest.raises(ValueError):
        to_fen(Decimal("0.001"))
    with pytest.raises(ValueError):
        to_fen("abc")


def test_format_cny():
    assert format_cny(Decimal("1280")) == "¥1,280.00"
    assert format_cny(Decimal("-3.5")) == "-¥3.50"
