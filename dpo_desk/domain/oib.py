"""OIB, the Croatian personal identification number, and its check digit."""

from __future__ import annotations


def oib_check_digit(first_ten: str) -> int:
    """The eleventh digit of an OIB, by ISO 7064 MOD 11,10 (Zakon o osobnom identifikacijskom
    broju, NN 60/08, and the Tax Administration's technical specification)."""
    remainder = 10
    for char in first_ten:
        remainder = (remainder + int(char)) % 10
        if remainder == 0:
            remainder = 10
        remainder = (remainder * 2) % 11
    check = 11 - remainder
    return 0 if check == 10 else check


def is_valid_oib(value: str) -> bool:
    """Whether ``value`` is eleven digits whose last one is the right check digit."""
    return (
        len(value) == 11
        and value.isascii()
        and value.isdigit()
        and oib_check_digit(value[:10]) == int(value[10])
    )
