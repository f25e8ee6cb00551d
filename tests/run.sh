#!/bin/sh
# Runs every test binary in a build folder and adds up their "N passed, N failed" lines.
# Usage: tests/run.sh BUILD_DIR [label]
dir=$1; label=${2:-$1}
passed=0; failed=0; broken=""
for t in "$dir"/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  out=$("$t" 2>"$dir/$name.log"); rc=$?
  line=$(printf '%s\n' "$out" | tail -n 1)
  p=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
  f=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  if [ -z "$p" ]; then
    broken="$broken $name(rc=$rc)"; failed=$((failed + 1))
    printf '%-28s CRASHED rc=%s (see %s.log)\n' "$name" "$rc" "$dir/$name"; tail -n 20 "$dir/$name.log"
    continue
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; broken="$broken $name(rc=$rc)"; fi
  passed=$((passed + p)); failed=$((failed + f))
  printf '%-28s %s\n' "$name" "$line"
  [ "$f" -ne 0 ] && grep -E 'FAIL|ERROR|runtime error|WARNING: ThreadSanitizer' "$dir/$name.log" | head -n 20
done
echo "[$label] $passed passed, $failed failed"
[ "$failed" -eq 0 ]
