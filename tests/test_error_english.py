"""Every error sentence the core raises has English (gkreg/i18n/errors.py), so an English page shows no Chinese.

The sentences are found in the source with ``ast``: the first argument of each call of a gkreg error class
(``raise ValidationError("…")``, or an error built first and raised later), when it is a string literal, an
f-string, a choice between such (``"…" if x else "…"``), a concatenation (``"…：" + "、".join(names)``) or a
module constant; each class's ``default``; and the sentences that reach an error or a form's problems another
way (see ``_carriers``).
An f-string is sampled with a plausible value for each ``{…}`` part: those values may appear in the English,
nothing else Chinese may.
"""

from __future__ import annotations

import ast
import importlib
import pathlib
import re

from gkreg.i18n.errors import error_in

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Chinese characters, and the full-width punctuation only Chinese text uses.
CHINESE = re.compile(r"[\u4e00-\u9fff，。：；（）“”《》、！？]")
# Characters an English sentence may quote because the user types them (a hotline's 转, "extension").
TYPED = ['"转"']
WORD = "示范县教育局"  # the sample for a text value: a pattern must capture it, not just match around it
NUMBER = "3"
# Names (last part of a dotted name) whose values are numbers.
NUMERIC = re.compile(
    r"^(n|i|k|m|no|id|count|left|limit|width|height|seats|size|total|max\w*|min\w*|\w*_count|\w*_id|\w*_no|"
    r"line|row|index|number|year|month|day|hours?|minutes?|seconds|days|wait\w*|\w*_seconds|\w*_minutes|"
    r"capacity|quota|cap|length|len|score|rows|lines|tries|per_\w*|\w*limit\w*|\w*_max|\w*_min|got|need\w*|"
    r"taken|used|free|over|rank|level|points|weight|percent|ratio|chars|now|version|position|pos|round|attempts|"
    r"low|high|pending|confirmed\w*|\w*_needed|\w*_others|\w*_reserved)$"
)


def _modules() -> list[tuple[pathlib.Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"), str(path))) for path in sorted((ROOT / "gkreg").rglob("*.py"))]


def _error_classes(modules: list[tuple[pathlib.Path, ast.Module]]) -> dict[str, ast.ClassDef]:
    """gkreg's error classes by name: GkregError and every class deriving from it."""
    classes = {node.name: node for _, tree in modules for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    found = {"GkregError", "DeliveryFailed"}  # DeliveryFailed: a gateway's refusal, shown on /admin's outbox
    grew = True
    while grew:
        grew = False
        for name, node in classes.items():
            bases = {ast.unparse(base).rsplit(".", 1)[-1] for base in node.bases}
            if name not in found and bases & found:
                found.add(name)
                grew = True
    return {name: classes[name] for name in found}


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sample(value: ast.expr) -> str:
    """A plausible value for one ``{…}`` part of an f-string."""
    if isinstance(value, ast.BinOp):
        return NUMBER
    if isinstance(value, ast.Call):  # len(rows), _minutes(wait): by the function's name
        value = value.func
    if isinstance(value, ast.Name | ast.Attribute):
        name = value.id if isinstance(value, ast.Name) else value.attr
        if NUMERIC.match(name.lower().strip("_")) or name == "len":
            return NUMBER
    if isinstance(value, ast.Subscript):
        key = value.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and NUMERIC.match(key.value):
            return NUMBER
    return WORD


def _sentences(arg: ast.expr, module: str) -> list[tuple[str, list[str]]]:
    """(sample sentence, values substituted in it) for each sentence ``arg`` can be; [] when unknown."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [(arg.value, [])]
    if isinstance(arg, ast.JoinedStr):
        text, values = "", []
        for part in arg.values:
            if isinstance(part, ast.Constant):
                text += str(part.value)
            elif isinstance(part, ast.FormattedValue):
                value = _sample(part.value)
                text += value
                values.append(value)
        return [(text, values)]
    if isinstance(arg, ast.IfExp):
        return _sentences(arg.body, module) + _sentences(arg.orelse, module)
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add):  # "未知的字段：" + "、".join(names)
        texts = []
        for left, left_values in _sentences(arg.left, module) or [(WORD, [WORD])]:
            for right, right_values in _sentences(arg.right, module) or [(WORD, [WORD])]:
                texts.append((left + right, left_values + right_values))
        return texts
    if isinstance(arg, ast.Subscript) and isinstance(arg.value, ast.Dict):  # {"draft": "…", …}[state]
        return [sentence for value in arg.value.values for sentence in _sentences(value, module)]
    if isinstance(arg, ast.Name):  # a module constant (LOOKUP_FAILED = "…"), here or imported
        value = getattr(importlib.import_module(module), arg.id, None)
        return [(value, [])] if isinstance(value, str) else []
    return []


def _carriers(tree: ast.Module) -> list[ast.expr]:
    """Expressions that carry a sentence to an error other than as its first argument: a form's problems
    (``problems["phone"] = "…"``, ``errors[key] = f"…"``, ``problems.append("…")``), which a page shows
    like the error; a ``refusal`` argument (an error raised with it later); what a ``…_message`` or
    ``…_refusal`` function returns; and ``message = …`` before ``raise …(message)``."""
    params = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in node.args.args]
            if "refusal" in names:
                params[node.name] = names
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and ast.unparse(target.value) in ("problems", "errors"):
                    found.append(node.value)
                if isinstance(target, ast.Name) and target.id == "message":
                    found.append(node.value)
        elif isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            if func in ("problems.append", "errors.append") and node.args:
                found.append(node.args[0])
            name = func.rsplit(".", 1)[-1]
            if name in params:
                names = params[name][1:] if params[name][0] == "self" and "." in func else params[name]
                found += [arg for arg, param in zip(node.args, names, strict=False) if param == "refusal"]
                found += [k.value for k in node.keywords if k.arg == "refusal"]
        elif isinstance(node, ast.FunctionDef) and node.name.endswith(("_message", "refusal")):
            found += [ret.value for ret in ast.walk(node) if isinstance(ret, ast.Return) and ret.value is not None]
    return found


def error_sentences() -> list[tuple[str, str, list[str]]]:
    """(file:line, sample sentence, substituted values) for every error sentence in gkreg."""
    modules = _modules()
    classes = _error_classes(modules)
    found = []
    for path, tree in modules:
        module = _module_name(path)
        for value in _carriers(tree):
            where = f"{path.relative_to(ROOT)}:{value.lineno}"
            found += [(where, text, values) for text, values in _sentences(value, module) if CHINESE.search(text)]
    for name, node in classes.items():
        for item in node.body:
            if isinstance(item, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "default" for t in item.targets):
                assert isinstance(item.value, ast.Constant), name
                found.append((f"class {name}.default", item.value.value, []))
    for path, tree in modules:
        module = _module_name(path)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            if ast.unparse(node.func).rsplit(".", 1)[-1] not in classes:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            found += [(where, text, values) for text, values in _sentences(node.args[0], module)]
    return found


def test_the_scan_finds_the_error_sentences():
    found = error_sentences()
    assert len(found) > 250
    assert any(text == "名额已满。" for _, text, _ in found)  # QuotaError.default
    assert any(text == "意见编号或手机号不正确，请核对后重试。" for _, text, _ in found)  # a module constant


def test_every_error_sentence_has_english():
    missing = []
    for where, text, values in error_sentences():
        english = error_in(text, "en")
        rest = english
        for value in sorted(set(values), key=len, reverse=True) + TYPED:
            rest = rest.replace(value, "")
        if english == text or CHINESE.search(rest):
            missing.append(f"{where}: {text!r} -> {english!r}")
    assert not missing, f"{len(missing)} error sentences without English:\n" + "\n".join(missing)
