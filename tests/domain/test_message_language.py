"""Messages users read (calculation problems, command-line lines, lists inside messages) are written in
Chinese in the code and shown in the chosen language: Chinese by default, English in English. Each
expected English text is the wording these messages had before they were translated."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from cp_audit import cli, i18n
from cp_audit.calc.balances import BalanceNode, BalanceStream, compute_balance
from cp_audit.calc.deadlines import days_inclusive
from cp_audit.calc.formula import parse_formula
from cp_audit.errors import CalculationError
from cp_audit.i18n import list_text

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u4e00-\u9fff]")
NODES = [BalanceNode("U1", "unit_operation"), BalanceNode("IN", "source"), BalanceNode("OUT", "sink")]
NEGATIVE = [BalanceStream("S-1", "IN", "U1", 5.0), BalanceStream("S-2", "U1", "OUT", -1.0)]


@pytest.fixture
def language_kept():
    """`cp-audit --lang en` switches the whole process; put the language back afterwards."""
    previous = i18n.current_language()
    yield
    i18n.set_language(previous)


def _message(compute) -> str:
    with pytest.raises(CalculationError) as raised:
        compute()
    return raised.value.message


def test_calculation_problems_are_chinese_by_default():
    assert i18n.current_language() == "zh_CN"
    balance = _message(lambda: compute_balance(NODES, NEGATIVE, what="水平衡"))
    assert balance == "水平衡，物流 S-2：流量为 -1；流量不能为负，请反转该物流的方向"
    stage = _message(lambda: days_inclusive(date(2026, 5, 1), date(2026, 4, 1), "阶段 2"))
    assert stage == "阶段 2：结束日期 2026-04-01 早于开始日期 2026-05-01"
    formula = _message(lambda: parse_formula("1 / ", "指标 x"))
    assert formula.startswith("指标 x：无法读取公式“1 / ”")


def test_calculation_problems_in_english_keep_their_wording(english):
    balance = _message(lambda: compute_balance(NODES, NEGATIVE, what="water balance"))
    assert (
        balance
        == "water balance, stream S-2: the flow is -1; a flow cannot be negative; reverse its direction"
    )
    stage = _message(lambda: days_inclusive(date(2026, 5, 1), date(2026, 4, 1)))
    assert stage == "period: ends 2026-04-01 before it starts 2026-05-01"
    formula = _message(lambda: parse_formula("sqrt(a)", "indicator x"))
    assert formula == "indicator x: unknown function (use sum, min, max, abs or q): 'sqrt'"


def test_lists_inside_messages_follow_the_language(english):
    assert list_text(["U1", "U2", "U3"]) == "U1, U2, U3"
    i18n.set_language("zh_CN")
    assert list_text(["U1", "U2", "U3"]) == "U1、U2、U3"


def test_an_unknown_language_of_a_workbook_is_named_in_the_language_in_use(tmp_path, english):
    from cp_audit.errors import AuditError
    from cp_audit.excel.template import write_template
    from cp_audit.excel.worksheets import export_worksheets

    english_text = "unknown language 'fr'; choose one of zh_CN, zh_HK, en"
    for write in (
        lambda: export_worksheets(object(), None, tmp_path / "w.xlsx", language="fr"),
        lambda: write_template(tmp_path / "t.xlsx", language="fr"),
    ):
        with pytest.raises(AuditError) as raised:
            write()
        assert str(raised.value) == english_text
        i18n.set_language("zh_CN")
        with pytest.raises(AuditError) as raised:
            write()
        assert str(raised.value) == "未知的语言 'fr'；请选择以下之一：zh_CN、zh_HK、en"
        i18n.set_language("en")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("arguments", "line"),
    [([], "已创建 {0}"), (["--lang", "en"], "created {0}"), (["--lang", "zh_HK"], "已創建 {0}")],
)
def test_a_command_line_line_in_each_language(tmp_path, capsys, language_kept, arguments, line):
    path = tmp_path / "new.cpaudit"
    assert cli.main([*arguments, "new", str(path)]) == 0
    assert capsys.readouterr().out.strip() == line.format(path)


def test_command_line_errors_in_english(tmp_path, capsys, language_kept):
    missing = tmp_path / "no-folder" / "x.xlsx"
    assert cli.main(["--lang", "en", "template-xlsx", "-o", str(missing)]) == 1
    (error,) = capsys.readouterr().err.splitlines()
    assert error.startswith("cp-audit: ") and not HAN.search(error), error


# ---- the code itself: no message goes back to being an English literal --------------------------------

USER_ERRORS = {"CalculationError", "UnitError", "TemplateError", "AuditError", "RenderCancelled"}
CHECKED = [
    *sorted((ROOT / "cp_audit" / "calc").glob("*.py")),
    *sorted((ROOT / "cp_audit" / "engine").glob("*.py")),
    ROOT / "cp_audit" / "datafiles.py",
    ROOT / "cp_audit" / "cli.py",
    ROOT / "cp_audit" / "reports" / "template.py",
]


def _literal(node: ast.AST) -> bool:
    """A string written in the code as it is shown: "…", f"…", or "…" + something."""
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    return isinstance(node, ast.JoinedStr) or isinstance(node, ast.Constant) and isinstance(node.value, str)


def _shown_literals(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        if name in USER_ERRORS | {"print"} and _literal(node.args[0]):
            text = ast.unparse(node.args[0])
            if re.search("[A-Za-z]{3,} [A-Za-z]{2,}", text):  # English words, not "\n" or a JSON dump
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:70]}")
    return found


def test_user_messages_of_the_calculations_and_the_command_line_are_msgids():
    assert [line for path in CHECKED for line in _shown_literals(path)] == []
