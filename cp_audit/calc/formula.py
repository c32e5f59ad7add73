"""Indicator formulas: a small, safe expression language (a subset of Python parsed with `ast`, never
eval'd) evaluated with units, so that m³ over 万m² comes out in L/m² without hand-written factors.

A ratio converts to % by itself: write `deposited / fed`, not `deposited / fed * 100`."""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cp_audit.errors import CalculationError, UnitError
from cp_audit.i18n import _
from cp_audit.units import magnitude_in, parse_unit, quantity, registry

if TYPE_CHECKING:
    import pint

Resolver = Callable[[str], "pint.Quantity | float"]

_FUNCTIONS = {"sum", "min", "max", "abs", "q"}
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def formula_name(code: str) -> str:
    """The name a record code has in formulas: 'W-05' → 'W_05'."""
    name = re.sub(r"\W", "_", code)
    return "_" + name if name[:1].isdigit() else name


def _fail(owner: str, message: str) -> CalculationError:
    return CalculationError(_("{0}：{1}").format(owner, message))


# --- parsing -----------------------------------------------------------------------------------------

def _dotted(node: ast.expr) -> str | None:
    """'ni_line.plated_area' for a chain of attributes on a name; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return (isinstance(node, ast.Constant) and isinstance(node.value, (int, float))
            and not isinstance(node.value, bool))


def _is_integer(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


class _Checker:
    """Walks a parsed formula, accepts only the language's constructs and collects the names it reads."""

    def __init__(self, owner: str):
        self.owner = owner
        self.names: set[str] = set()

    def reject(self, node: ast.AST, why: str) -> CalculationError:
        return _fail(self.owner, _("{0}：“{1}”").format(why, ast.unparse(node)))

    def check(self, node: ast.expr) -> None:
        if isinstance(node, (ast.Name, ast.Attribute)):
            self._check_name(node)
        elif isinstance(node, ast.Constant):
            if not _is_number(node):
                raise self.reject(node, _('这里只能写数字（单位写在 q(数值, "单位") 中）'))
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            self._check_binary(node)
        elif isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            self.check(node.operand)
        elif isinstance(node, ast.Call):
            self._check_call(node)
        else:
            raise self.reject(node, _("公式中不允许这样写"))

    def _check_name(self, node: ast.Name | ast.Attribute) -> None:
        name = _dotted(node)
        if name is None:
            raise self.reject(node, _("只能读取有名称的记录的属性"))
        if any(part.startswith("_") for part in name.split(".")[1:]) or name.startswith("__"):
            raise self.reject(node, _("不允许以“_”开头的名称"))
        if name in _FUNCTIONS:
            raise self.reject(node, _("“{0}”是函数；请这样调用：{0}(a, b)").format(name))
        self.names.add(name)

    def _check_binary(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Pow) and not _is_integer(node.right):
            raise self.reject(node, _("指数必须是整数"))
        self.check(node.left)
        self.check(node.right)

    def _check_call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in _FUNCTIONS:
            raise self.reject(node.func, _("未知的函数（可用 sum、min、max、abs 或 q）"))
        if node.keywords:
            raise self.reject(node.keywords[0], _("不允许使用关键字参数"))
        if name == "q":
            self._check_constant(node)
            return
        if not node.args or (name == "abs" and len(node.args) != 1):
            raise self.reject(node, _("{0} 的参数个数不对").format(name))
        for argument in node.args:
            self.check(argument)

    def _check_constant(self, node: ast.Call) -> None:
        if len(node.args) != 2 or not _is_number(node.args[0]):
            raise self.reject(node, _('常数请写成 q(数字, "单位")'))
        unit = node.args[1]
        if not (isinstance(unit, ast.Constant) and isinstance(unit.value, str)):
            raise self.reject(node, _('常数请写成 q(数字, "单位")'))
        parse_unit(unit.value, _("{0}：在“{1}”中").format(self.owner, ast.unparse(node)))


@dataclass(frozen=True)
class Formula:
    """A checked formula, reusable for every period; `names` are the dotted names it reads."""

    text: str
    owner: str
    names: frozenset[str]
    tree: ast.expr = field(repr=False, compare=False)

    def evaluate(self, resolve: Resolver, what: str | None = None) -> pint.Quantity:
        return _Evaluator(resolve, what or self.owner).value(self.tree)


def parse_formula(text: str, what: str) -> Formula:
    """Check `text` and compile it; CalculationError naming `what` and the offending part."""
    if not text.strip():
        raise _fail(what, _("公式为空"))
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as error:
        raise _fail(what, _("无法读取公式“{0}”（{1}）").format(text, error.msg)) from error
    checker = _Checker(what)
    checker.check(tree)
    return Formula(text=text, owner=what, names=frozenset(checker.names), tree=tree)


# --- evaluation --------------------------------------------------------------------------------------

class _Evaluator:
    def __init__(self, resolve: Resolver, owner: str):
        self.resolve = resolve
        self.owner = owner
        self.units = registry()
        self.cache: dict[str, Any] = {}

    def value(self, node: ast.expr) -> pint.Quantity:
        return self._value(node)

    def _value(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return self.units.Quantity(float(node.value))
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self._name(_dotted(node) or "")
        if isinstance(node, ast.BinOp):
            left, right = self._value(node.left), self._value(node.right)
            return self._apply(node, _BINARY[type(node.op)], left, right)
        if isinstance(node, ast.UnaryOp):
            return self._apply(node, _UNARY[type(node.op)], self._value(node.operand))
        return self._call(node)

    def _apply(self, node: ast.expr, function: Callable[..., Any], *arguments: Any) -> Any:
        """Apply one operation; a failure names the innermost part of the formula that caused it."""
        import pint

        try:
            return function(*arguments)
        except ZeroDivisionError as error:
            raise _fail(self.owner, _("“{0}”中除以零").format(ast.unparse(node))) from error
        except pint.DimensionalityError as error:
            raise UnitError(_("{0}：“{1}”中的单位不相容").format(self.owner, ast.unparse(node)),
                            detail=str(error)) from error
        except pint.PintError as error:
            raise UnitError(_("{0}：无法计算“{1}”").format(self.owner, ast.unparse(node)),
                            detail=str(error)) from error

    def _name(self, name: str) -> Any:
        if name not in self.cache:
            try:
                found = self.resolve(name)
            except KeyError as error:
                raise _fail(self.owner, _("公式中有未知的名称“{0}”").format(name)) from error
            if isinstance(found, (int, float)) and not isinstance(found, bool):
                found = self.units.Quantity(float(found))
            elif not isinstance(found, self.units.Quantity):
                raise _fail(self.owner, _("“{0}”不是数值").format(name))
            self.cache[name] = found
        return self.cache[name]

    def _call(self, node: ast.Call) -> Any:
        name = node.func.id  # type: ignore[attr-defined]  # checked at parse time
        if name == "q":
            number = ast.literal_eval(node.args[0])
            return quantity(float(number), node.args[1].value, self.owner)  # type: ignore[attr-defined]
        arguments = [self._value(argument) for argument in node.args]
        function = {"sum": _sum, "min": min, "max": max, "abs": abs}[name]
        return self._apply(node, function, *arguments)


def _sum(*arguments: Any) -> Any:
    total = arguments[0]
    for argument in arguments[1:]:
        total = total + argument
    return total


def evaluate_to(formula: Formula, resolve: Resolver, unit: str, what: str) -> float:
    """The formula's value in the indicator's unit; UnitError when it cannot be expressed in it."""
    return magnitude_in(formula.evaluate(resolve, what), unit, what)
