"""The formula language of computed indicators: a small grammar, never Python's eval.

    expression := comparison
    comparison := sum [("<" | "<=" | ">" | ">=" | "=" | "==" | "!=" | "≤" | "≥" | "≠") sum]
    sum        := product (("+" | "-" | "−") product)*
    product    := unary (("*" | "/" | "×" | "÷") unary)*
    unary      := ("-" | "−" | "+") unary | atom
    atom       := NUMBER | CODE | FUNCTION "(" expression ("," expression)* ")" | "(" expression ")"
    FUNCTION   := min | max | abs | if        (if(condition, then, else))

`parse(text)` returns a tree or raises FormulaError naming the position; `dependencies`
lists the indicator codes a formula reads; `evaluate(tree, values)` computes with Decimal
and returns an Outcome: a value, or no value with the reason (a missing input, a division
by zero), never an exception for the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from . import reasons

MAX_LENGTH = 1000
MAX_DEPTH = 40
CODE_PATTERN = r"[A-Za-z_][A-Za-z0-9_]*"
FUNCTIONS = {"min": (1, None), "max": (1, None), "abs": (1, 1), "if": (3, 3)}
_SYMBOLS = {"−": "-", "×": "*", "÷": "/", "≤": "<=", "≥": ">=", "≠": "!=", "==": "="}
_TOKEN = re.compile(
    rf"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>{CODE_PATTERN})|(?P<op><=|>=|==|!=|[-+*/()<>=,−×÷≤≥≠]))"
)


class FormulaError(ValueError):
    """A formula that cannot be read; `position` is the 0-based offset of the problem."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.position = position


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Ref:
    code: str


@dataclass(frozen=True)
class Negate:
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str  # + - * / < <= > >= = !=
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]


Node = Number | Ref | Negate | Binary | Call


@dataclass(frozen=True)
class Outcome:
    """A formula's value, or None with the reason there is none."""

    value: Decimal | None
    reason: str = ""


class _NoValue(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, at = [], 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        match = _TOKEN.match(text, at)
        if match is None:  # reported when the parser reaches it, after what comes before
            where = at + len(text[at:]) - len(text[at:].lstrip())
            out.append(("bad", text[where], where))
            return out
        kind = match.lastgroup or "op"
        token = match.group(kind)
        out.append((kind, _SYMBOLS.get(token, token), match.start(kind)))
        at = match.end()
    out.append(("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.at = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.at]

    def take(self, expected: str | None = None) -> tuple[str, str, int]:
        token = self.tokens[self.at]
        if token[0] == "bad":
            raise FormulaError(f"unexpected {token[1]!r}", token[2])
        if expected is not None and token[1] != expected:
            found = repr(token[1]) if token[0] != "end" else "the end"
            raise FormulaError(f"expected {expected!r}, found {found}", token[2])
        self.at += 1
        return token

    def expression(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"nested more than {MAX_DEPTH} levels", self.peek()[2])
        left = self.sum()
        if self.peek()[1] in ("<", "<=", ">", ">=", "=", "!="):
            op = self.take()[1]
            left = Binary(op, left, self.sum())
        self.depth -= 1
        return left

    def sum(self) -> Node:
        node = self.product()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = Binary(op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = Binary(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek()[1] in ("-", "+"):
            op = self.take()[1]
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise FormulaError(f"nested more than {MAX_DEPTH} levels", self.peek()[2])
            operand = self.unary()
            self.depth -= 1
            return Negate(operand) if op == "-" else operand
        return self.atom()

    def atom(self) -> Node:
        kind, lexeme, position = self.take()
        if kind == "number":
            return Number(Decimal(lexeme))
        if kind == "name":
            if self.peek()[1] == "(":
                return self.call(lexeme, position)
            return Ref(lexeme)
        if lexeme == "(":
            node = self.expression()
            self.take(")")
            return node
        found = "the end" if kind == "end" else repr(lexeme)
        raise FormulaError(f"expected a number, an indicator code or '(', found {found}", position)

    def call(self, name: str, position: int) -> Node:
        function = name.lower()
        if function not in FUNCTIONS:
            raise FormulaError(
                f"unknown function {name!r}; the functions are {', '.join(FUNCTIONS)}", position
            )
        self.take("(")
        args = [self.expression()]
        while self.peek()[1] == ",":
            self.take(",")
            args.append(self.expression())
        self.take(")")
        least, most = FUNCTIONS[function]
        if len(args) < least or (most is not None and len(args) > most):
            wanted = f"{least}" if least == most else f"at least {least}"
            raise FormulaError(
                f"{function}() takes {wanted} argument(s), not {len(args)}", position
            )
        return Call(function, tuple(args))


def parse(text: str) -> Node:
    """The formula's tree; FormulaError says what is wrong and where."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"longer than {MAX_LENGTH} characters", MAX_LENGTH)
    if not text.strip():
        raise FormulaError("the formula is empty", 0)
    parser = _Parser(text)
    node = parser.expression()
    kind, token, position = parser.peek()
    if kind == "bad":
        parser.take()
    if kind != "end":
        raise FormulaError(f"unexpected {token!r} after a complete expression", position)
    return node


def dependencies(node: Node) -> set[str]:
    """The indicator codes the formula reads."""
    if isinstance(node, Ref):
        return {node.code}
    if isinstance(node, Negate):
        return dependencies(node.operand)
    if isinstance(node, Binary):
        return dependencies(node.left) | dependencies(node.right)
    if isinstance(node, Call):
        return set().union(*(dependencies(a) for a in node.args))
    return set()


def evaluate(node: Node, values: dict[str, Decimal | None]) -> Outcome:
    """The formula's value over `values` (by code); no value, with the reason, where an input
    has none or a division by zero occurs."""
    try:
        return Outcome(_eval(node, values))
    except _NoValue as missing:
        return Outcome(None, missing.reason)
    except InvalidOperation:
        return Outcome(None, reasons.not_a_number())


_COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _eval(node: Node, values: dict[str, Decimal | None]) -> Decimal:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Ref):
        value = values.get(node.code)
        if value is None:
            raise _NoValue(reasons.no_input(node.code))
        return value
    if isinstance(node, Negate):
        return -_eval(node.operand, values)
    if isinstance(node, Call):
        return _call(node, values)
    left, right = _eval(node.left, values), _eval(node.right, values)
    if node.op in _COMPARE:
        return Decimal(1) if _COMPARE[node.op](left, right) else Decimal(0)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if right == 0:
        raise _NoValue(reasons.division_by_zero())
    return left / right


def _call(node: Call, values: dict[str, Decimal | None]) -> Decimal:
    if node.function == "if":
        condition, then, otherwise = node.args
        return _eval(then if _eval(condition, values) != 0 else otherwise, values)
    args = [_eval(a, values) for a in node.args]
    if node.function == "abs":
        return abs(args[0])
    return min(args) if node.function == "min" else max(args)
