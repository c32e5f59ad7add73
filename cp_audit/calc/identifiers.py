"""Check characters of the enterprise codes on the audit's cover page: the unified social credit code
(统一社会信用代码, GB 32100-2015) and the organisation code inside it (组织机构代码, GB 11714-1997)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cp_audit.i18n import _

# GB 32100-2015: 31 characters; I, O, S, V and Z are left out because they look like 1, 0, 5, U and 2.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_LENGTH = 18
_USCC_MODULUS = len(USCC_CHARSET)
# Weight of position i (1-based) is 3^(i-1) mod 31 (GB 32100-2015 check-character rule).
_USCC_WEIGHTS = tuple(pow(3, i, _USCC_MODULUS) for i in range(USCC_LENGTH - 1))

# GB 11714-1997: 8 body characters (digits, or letters counted A=10 ... Z=35) and a check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_MODULUS = 11
ORG_CODE_LENGTH = len(_ORG_WEIGHTS) + 1


@dataclass(frozen=True)
class CodeCheck:
    """Outcome of checking one code: `message` says what is wrong when `valid` is False."""

    code: str
    valid: bool
    expected_check: str | None
    message: str | None = None


def uscc_check_char(first_17: str) -> str:
    """The 18th character of a unified social credit code, from its first 17."""
    body = _normalise(first_17)
    if len(body) != USCC_LENGTH - 1 or any(ch not in USCC_CHARSET for ch in body):
        raise ValueError(f"need 17 characters from {USCC_CHARSET}, got {first_17!r}")
    total = sum(USCC_CHARSET.index(ch) * w for ch, w in zip(body, _USCC_WEIGHTS))
    check = _USCC_MODULUS - total % _USCC_MODULUS
    return USCC_CHARSET[0 if check == _USCC_MODULUS else check]


def organisation_code_check_char(first_8: str) -> str:
    """The 9th character of an organisation code, from its first 8."""
    body = _normalise(first_8)
    if len(body) != len(_ORG_WEIGHTS) or any(ch not in _ORG_BODY_CHARSET for ch in body):
        raise ValueError(f"need 8 digits or capital letters, got {first_8!r}")
    total = sum(_ORG_BODY_CHARSET.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS))
    check = _ORG_MODULUS - total % _ORG_MODULUS
    return {10: "X", 11: "0"}.get(check, str(check))


def check_uscc(code: str) -> CodeCheck:
    """Check length, character set and check character of a unified social credit code."""
    text = _normalise(code)
    valid_so_far = len(text) == USCC_LENGTH and all(ch in USCC_CHARSET for ch in text)
    expected = uscc_check_char(text[:-1]) if valid_so_far else None
    message = uscc_problem(text)
    return CodeCheck(text, message is None, expected, message)


def uscc_problem(text: str, _: Callable[[str], str] = _) -> str | None:
    """What is wrong with the (normalised) code, None if nothing is; `_` chooses the language (the
    report's may differ from the window's)."""
    if len(text) != USCC_LENGTH:
        return _("统一社会信用代码 {0}：有 {1} 位，应为 18 位").format(text, len(text))
    bad = sorted({ch for ch in text if ch not in USCC_CHARSET})
    if bad:
        hint = _("；不使用 I、O、S、V、Z") if set(bad) & set("IOSVZ") else ""
        return _("统一社会信用代码 {0}：含有不允许的字符 {1}{2}").format(text, " ".join(bad), hint)
    expected = uscc_check_char(text[:-1])
    if text[-1] != expected:
        return _("统一社会信用代码 {0}：校验位是 {1}，应为 {2}；可能有一位输错了").format(
            text, text[-1], expected
        )
    return None


def embedded_organisation_code(uscc: str) -> str:
    """Characters 9–17 of a unified social credit code: the organisation code it carries."""
    return _normalise(uscc)[8:17]


def check_organisation_code(code: str) -> CodeCheck:
    """Check an organisation code, written 'XXXXXXXXC' or 'XXXXXXXX-C'."""
    text = _normalise(code)
    if len(text) == ORG_CODE_LENGTH + 1 and text[-2] == "-":
        text = text[:-2] + text[-1]
    if len(text) != ORG_CODE_LENGTH:
        return CodeCheck(
            text, False, None, _("组织机构代码 {0}：有 {1} 位，应为 9 位").format(text, len(text))
        )
    bad = sorted({ch for ch in text[:-1] if ch not in _ORG_BODY_CHARSET})
    if bad:
        return CodeCheck(
            text, False, None, _("组织机构代码 {0}：含有不允许的字符 {1}").format(text, " ".join(bad))
        )
    expected = organisation_code_check_char(text[:-1])
    if text[-1] != expected:
        return CodeCheck(
            text,
            False,
            expected,
            _("组织机构代码 {0}：校验位是 {1}，应为 {2}").format(text, text[-1], expected),
        )
    return CodeCheck(text, True, expected)


def _normalise(code: str) -> str:
    # Codes are often pasted with spaces or typed in lower case; neither changes the code.
    return "".join(code.split()).upper()
