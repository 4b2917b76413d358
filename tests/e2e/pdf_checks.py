"""pdf_checks.py: counting checks for the Python test scripts (the readers of PDFs such as
composer_checks.py and document_checks.py, and browser.py) — each failure printed with what
was expected, a closing summary."""
import sys

passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what} {detail}", file=sys.stderr)


def near(what, want, got, tol):
    check(what, abs(want - got) <= tol, f"expected {want:.3f} ± {tol}, got {got:.3f}")


def summary():
    """Prints "N passed, M failed"; returns the exit code."""
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
