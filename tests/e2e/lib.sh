# lib.sh: shared helpers for the shell tests — counting checks and the closing summary line.
# Usage in a test: source lib.sh; set SURIMONO and ROOT; call check_*; end with finish.

passed=0
failed=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  echo "FAIL: $*" >&2
}

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
  if [ "$2" = "$3" ]; then pass; else fail "$1: expected '$2', got '$3'"; fi
}

# check_contains WHAT HAYSTACK NEEDLE
check_contains() {
  case "$2" in
    *"$3"*) pass ;;
    *) fail "$1: '$3' not found in: $(printf '%s' "$2" | head -c 600)" ;;
  esac
}

# check_close WHAT EXPECTED ACTUAL TOLERANCE
check_close() {
  if awk -v e="$2" -v a="$3" -v t="$4" 'BEGIN { d = e - a; if (d < 0) d = -d; exit !(d <= t) }'; then
    pass
  else
    fail "$1: expected $2 ± $4, got $3"
  fi
}

check_file() { if [ -s "$2" ]; then pass; else fail "$1: $2 missing or empty"; fi; }
check_no_file() { if [ -e "$2" ]; then fail "$1: $2 exists but must not"; else pass; fi; }

finish() {
  echo "$passed passed, $failed failed"
  [ "$passed" -gt 0 ] && [ "$failed" -eq 0 ]
}
