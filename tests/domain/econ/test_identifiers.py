"""Check characters of the unified social credit code (GB 32100-2015) and organisation code (GB 11714)."""

import pytest

from cp_audit.calc.identifiers import (
    check_organisation_code,
    check_uscc,
    embedded_organisation_code,
    organisation_code_check_char,
    uscc_check_char,
)

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English messages


def test_reference_uscc_is_valid(reference_inputs, reference_expected):
    expected = reference_expected["enterprise"]
    result = check_uscc(reference_inputs["enterprise"]["uscc"])
    assert result.valid is expected["uscc_valid"] is True
    assert result.expected_check == expected["uscc_expected_check_char"]
    assert result.message is None


def test_uscc_check_char_by_hand():
    # 91441900CPAUDT004 with values 0-9, C=12 P=23 A=10 U=27 D=13 T=26 (I O S V Z skipped) and
    # weights 3^(i-1) mod 31 = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    # 9 + 3 + 36 + 108 + 19 + 234 + 0 + 0 + 240 + 667 + 250 + 351 + 104 + 624 + 0 + 0 + 112 = 2757;
    # 2757 mod 31 = 29 (31 x 88 = 2728); 31 - 29 = 2.
    assert uscc_check_char("91441900CPAUDT004") == "2"


def test_uscc_check_31_becomes_0():
    # All zeros: sum 0, 31 - 0 = 31, which the standard writes as 0.
    assert uscc_check_char("0" * 17) == "0"
    assert check_uscc("0" * 18).valid


def test_reference_organisation_code_is_valid(reference_inputs, reference_expected):
    expected = reference_expected["enterprise"]
    code = embedded_organisation_code(reference_inputs["enterprise"]["uscc"])
    assert code == expected["organisation_code"]
    result = check_organisation_code(code)
    assert result.valid is expected["organisation_code_valid"] is True
    assert result.expected_check == expected["organisation_code_expected_check"]


def test_organisation_code_check_by_hand():
    # CPAUDT00 with A=10 ... Z=35: C=12 P=25 A=10 U=30 D=13 T=29, weights 3 7 9 10 5 8 4 2:
    # 36 + 175 + 90 + 300 + 65 + 232 + 0 + 0 = 898; 898 mod 11 = 7; 11 - 7 = 4.
    assert organisation_code_check_char("CPAUDT00") == "4"
    assert check_organisation_code("CPAUDT00-4").valid


def test_organisation_code_check_10_and_11():
    # "00000001": 1 x 2 = 2; 11 - 2 = 9.  "00000006": 12 mod 11 = 1 -> 10 -> X.  "00000000": 11 -> 0.
    assert organisation_code_check_char("00000001") == "9"
    assert organisation_code_check_char("00000006") == "X"
    assert organisation_code_check_char("00000000") == "0"


def test_wrong_uscc_check_char_names_the_right_one():
    result = check_uscc("91441900CPAUDT0043")
    assert not result.valid
    assert result.expected_check == "2"
    assert "should be 2" in result.message


def test_wrong_organisation_code_check_char():
    result = check_organisation_code("CPAUDT005")
    assert not result.valid and result.expected_check == "4"
    assert "should be 4" in result.message


@pytest.mark.parametrize("code", ["91441900CPAUDT004", "91441900CPAUDT00422", ""])
def test_uscc_wrong_length(code):
    result = check_uscc(code)
    assert not result.valid
    assert "needs 18" in result.message


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_uscc_forbidden_letters(letter):
    result = check_uscc(f"91441900CPAUD{letter}0042")
    assert not result.valid
    assert letter in result.message and "never used" in result.message


def test_uscc_spaces_and_lower_case_are_ignored():
    assert check_uscc(" 91441900cpaudt0042 ").valid


def test_organisation_code_wrong_length():
    result = check_organisation_code("CPAUDT04")
    assert not result.valid and "needs 9" in result.message
