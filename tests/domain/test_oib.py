"""OIB check digit (ISO 7064 MOD 11,10) against published numbers and an independent reference."""

from __future__ import annotations

import random

import pytest

from dpo_desk.domain.oib import is_valid_oib, oib_check_digit

#: OIBs that organisations publish in their legal notices: Leapbit d.o.o. (the sample, from its
#: privacy policy in shared/seeds) and five more from Croatian companies' and schools' web sites.
PUBLISHED_OIBS = [
    "39821269208",
    "00460997027",
    "04095595789",
    "04017904699",
    "05419427342",
    "09863586313",
]


def reference_check_digit(first_ten: str) -> int:
    """ISO 7064 MOD 11,10 written out from the standard, independently of the code under test."""
    product = 10
    for char in first_ten:
        total = (product + int(char)) % 10 or 10
        product = (2 * total) % 11
    return (11 - product) % 10


def satisfies_iso7064(eleven: str) -> bool:
    """The standard's own validity test: carried through all eleven digits, the sum is 1 mod 10."""
    product = 10
    for char in eleven[:10]:
        total = (product + int(char)) % 10 or 10
        product = (2 * total) % 11
    return (product + int(eleven[10])) % 10 == 1


def _reference_oibs(count: int) -> list[str]:
    generator = random.Random(20261121)
    numbers = []
    for _ in range(count):
        prefix = "".join(generator.choice("0123456789") for _ in range(10))
        numbers.append(prefix + str(reference_check_digit(prefix)))
    return numbers


REFERENCE_OIBS = _reference_oibs(300)


def test_the_sample_organisations_oib_is_valid() -> None:
    assert oib_check_digit("3982126920") == 8
    assert is_valid_oib("39821269208")


@pytest.mark.parametrize("oib", PUBLISHED_OIBS)
def test_published_oibs_are_valid(oib: str) -> None:
    assert satisfies_iso7064(oib)  # the test's own reference agrees they are real
    assert oib_check_digit(oib[:10]) == int(oib[10])
    assert is_valid_oib(oib)


def test_check_digit_matches_the_reference_on_many_numbers() -> None:
    # Every check digit value, including 0 reached through 11 - 1 = 10, must occur in the sample.
    assert {oib[10] for oib in REFERENCE_OIBS} == set("0123456789")
    for oib in REFERENCE_OIBS:
        assert satisfies_iso7064(oib), oib
        assert oib_check_digit(oib[:10]) == int(oib[10]), oib
        assert is_valid_oib(oib), oib


@pytest.mark.parametrize("oib", [*PUBLISHED_OIBS, *REFERENCE_OIBS[:20]])
def test_every_other_check_digit_is_refused(oib: str) -> None:
    for digit in "0123456789":
        candidate = oib[:10] + digit
        assert is_valid_oib(candidate) is (digit == oib[10]), candidate


def test_a_single_mistyped_digit_is_caught() -> None:
    # MOD 11,10 detects every single-digit error: change any one of the first ten digits.
    oib = "39821269208"
    for position in range(10):
        for digit in "0123456789":
            if digit == oib[position]:
                continue
            mistyped = oib[:position] + digit + oib[position + 1 :]
            assert not is_valid_oib(mistyped), mistyped


def test_adjacent_transpositions_are_caught() -> None:
    oib = "39821269208"
    for position in range(9):
        if oib[position] == oib[position + 1]:
            continue
        swapped = oib[:position] + oib[position + 1] + oib[position] + oib[position + 2 :]
        assert not is_valid_oib(swapped), swapped


@pytest.mark.parametrize(
    "value",
    [
        "",
        "3982126920",  # ten digits
        "398212692080",  # twelve digits
        "398212692",
        " 39821269208",  # the form trims; the check itself does not
        "39821269208 ",
        "3982126920 8",
    ],
)
def test_wrong_length_is_invalid(value: str) -> None:
    assert not is_valid_oib(value)


@pytest.mark.parametrize(
    "value",
    [
        "3982126920A",
        "A9821269208",
        "39821-69208",
        "39821.69208",
        "+3982126920",
        "-3982126920",
        "3982126920x",
    ],
)
def test_non_digits_are_invalid(value: str) -> None:
    assert not is_valid_oib(value)


@pytest.mark.parametrize(
    "value",
    [
        "٣٩٨٢١٢٦٩٢٠٨",  # Arabic-Indic digits spelling 39821269208: int() would accept each one
        "３９８２１２６９２０８",  # full-width digits
        "3982126920٨",  # only the check digit foreign
        "٣9821269208",  # only the first
        "3982126920²",  # superscript two: isdigit() is true, int() raises
        "৩9821269208",  # Bengali three
    ],
)
def test_unicode_digits_are_invalid_and_never_raise(value: str) -> None:
    assert len(value) == 11
    assert not is_valid_oib(value)
