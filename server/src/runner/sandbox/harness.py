# The Python test harness, run inside Pyodide in the runner's worker (worker.js). The user's code
# is compiled as "<user>" so tracebacks name its lines; values are compared as JSON.
import json
import time
import traceback

VALUE_CHARS = 1000


def _clip(text):
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def _render(value):
    try:
        return _clip(json.dumps(value))
    except (TypeError, ValueError):
        return _clip(repr(value))


def _normalize(value):
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    return json.loads(json.dumps(value, default=lambda v: sorted(v) if isinstance(v, (set, frozenset)) else repr(v)))


def _equal(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return a == b


def _line(exc):
    if isinstance(exc, SyntaxError) and exc.filename == "<user>":
        return exc.lineno
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<user>":
            return frame.lineno
    return None


def _error(exc):
    return {"message": _clip(f"{type(exc).__name__}: {exc}"), "line": _line(exc)}


def run(code, function_name, tests_json):
    namespace = {"__name__": "__main__"}
    try:
        exec(compile(code, "<user>", "exec"), namespace)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are the user's too
        return json.dumps({"status": "error", "cases": [], "error": _error(exc)})
    if tests_json is None:
        return json.dumps({"status": "ran", "cases": [], "error": None})
    fn = namespace.get(function_name)
    if not callable(fn):
        message = f"Define a function named {function_name} to run the tests."
        return json.dumps({"status": "error", "cases": [], "error": {"message": message, "line": None}})
    cases = []
    for test in json.loads(tests_json):
        args = json.loads(json.dumps(test["input"]))
        started = time.perf_counter()
        actual, error, passed = None, None, False
        try:
            value = fn(*args)
            actual = _render(value)
            passed = _equal(_normalize(value), test["expected"])
        except BaseException as exc:  # noqa: BLE001
            error = _error(exc)
        ms = min(60000.0, (time.perf_counter() - started) * 1000)
        cases.append({
            "index": test["index"],
            "input": _clip(", ".join(json.dumps(a) for a in test["input"])),
            "expected": _render(test["expected"]),
            "actual": actual,
            "passed": passed,
            "ms": ms,
            "error": error,
        })
    status = "passed" if all(c["passed"] for c in cases) else "failed"
    return json.dumps({"status": status, "cases": cases, "error": None})
