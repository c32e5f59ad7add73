"""Numbers and dates as people type and read them: locale-formatted for display, parsed leniently the
way Excel users paste them (thousands separators, full-width digits, 2026/5/12, 2026年5月12日)."""

from __future__ import annotations

import math
import re
from datetime import date

from PySide6.QtCore import QLocale

from cp_audit.i18n import _

#: The Qt locale of each interface language (numbers, and Qt's own dialogs).
LOCALES = {"zh_CN": "zh_CN", "zh_HK": "zh_HK", "en": "en_US"}

# Full-width characters a Chinese input method produces in place of ASCII.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋％（）／　", "0123456789.,-+%()/ ")
_CURRENCY = re.compile(r"^(HK\$|US\$|RMB|CNY|HKD|[¥￥$€£])\s*|\s*(元|万元)$")
_DATE_PARTS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MAX_DECIMALS = 10


def apply_language(language: str) -> None:
    """Make Qt format numbers (and name months, buttons) for the interface language."""
    QLocale.setDefault(QLocale(LOCALES.get(language, "zh_CN")))


def normalise(text: str) -> str:
    return text.translate(_FULL_WIDTH).replace("\u00a0", " ").strip()


def _natural_decimals(value: float) -> int:
    """The decimals a number needs to show itself exactly (0.1 -> 1, 12.5 -> 1, 3 -> 0)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        digits = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return max(0, min(_MAX_DECIMALS, digits - int(exponent)))
    fraction = text.split(".")[1] if "." in text else ""
    fraction = fraction.rstrip("0")
    return min(_MAX_DECIMALS, len(fraction))


def format_number(value: float | int | None, decimals: int | None = None, grouping: bool = True) -> str:
    """A number for display in the current locale: thousands separators, fixed or natural decimals."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    locale = QLocale()
    if not grouping:
        locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    if isinstance(value, int) and not isinstance(value, bool) and decimals in (None, 0):
        return locale.toString(value)
    places = _natural_decimals(value) if decimals is None else decimals
    return locale.toString(float(value), "f", places)


def format_plain(value: float | int | None) -> str:
    """A number exactly, without thousands separators: what an editor or Excel receives."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return format_number(value, None, grouping=False)


def parse_number(text: str) -> float | None:
    """A typed or pasted number; None for an empty cell. Raises ValueError with a message a user reads."""
    cleaned = _CURRENCY.sub("", normalise(text)).replace(" ", "")
    if not cleaned:
        return None
    negative = cleaned.startswith("(") and cleaned.endswith(")")  # accounting style: (1,234.00)
    if negative:
        cleaned = cleaned[1:-1]
    for locale in (QLocale(), QLocale.c()):
        value, ok = locale.toDouble(cleaned)
        if ok:
            return -value if negative else value
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?", cleaned):  # separators from another locale
        value = float(cleaned.replace(",", ""))
        return -value if negative else value
    raise ValueError(_("“{0}”不是数值；请输入数字，例如 1234.5 或 1,234.5。").format(text.strip()))


def parse_int(text: str) -> int | None:
    value = parse_number(text)
    if value is None:
        return None
    if not value.is_integer():
        raise ValueError(_("“{0}”不是整数；请输入不带小数的数字。").format(text.strip()))
    return int(value)


def parse_percent(text: str) -> float | None:
    """'25%', '25' or '0.25 ' typed for a stored fraction: 25 and 25% both mean 0.25."""
    cleaned = normalise(text)
    if not cleaned:
        return None
    value = parse_number(cleaned.rstrip("%"))
    return None if value is None else value / 100.0


def format_date(value: date | None) -> str:
    """Dates are shown as ISO (2026-05-12): the form Chinese reports and worksheets use."""
    return value.isoformat() if value is not None else ""


def parse_date(text: str) -> date | None:
    """2026-05-12, 2026/5/12, 2026.5.12 and 2026年5月12日; empty means no date."""
    cleaned = normalise(text)
    if not cleaned:
        return None
    match = _DATE_PARTS.match(cleaned)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValueError(
        _("“{0}”不是有效日期；请按“年-月-日”输入，例如 2026-05-12 或 2026/5/12。").format(text.strip())
    )


def days_text(days: int) -> str:
    """A countdown in words: 'in 12 days', 'today', '3 days overdue'."""
    if days > 0:
        return _("还剩 {0} 天").format(days)
    if days == 0:
        return _("今天到期")
    return _("已逾期 {0} 天").format(-days)
