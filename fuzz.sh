#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer + libFuzzer) for MINUTES minutes (default 10): ./fuzz.sh [MINUTES] [TARGET]
#   read (default)  core's HostileFileFuzzTest opens mutated HDF5 files, visits every object and reads everything
#   inflate         core's ZlibStreamFuzzTest: mutated zlib streams, h5vds' own inflater against java.util.zip
#                   (same bytes, or an H5Exception where zlib fails); crashers go to
#                   core/src/test/resources/org/h5vds/filter/codec/ZlibStreamFuzzTestInputs/sameAsZlib
# The read target:
# The generated corpus grows in core/.cifuzz-corpus (git-ignored, kept between runs); an input that
# makes anything but a clean H5Exception escape is saved as crash-<sha1> under
# core/src/test/resources/org/h5vds/api/HostileFileFuzzTestInputs/readEverything, where every
# ./test.sh replays it from then on. The log goes to core/target/fuzz-<time>.log; the last lines
# printed are libFuzzer's execution count and the findings.
#
# It runs core's surefire execution fuzz-regression-checksums-ignored: metadata checksums are not
# verified (-Dh5vds.checksums=ignore) so that mutations reach the decoders behind them, and the heap
# is small (384 MiB) so that an allocation sized by a number read off a corrupt file shows up as an
# OutOfMemoryError, a finding.
#
# Jazzer's file path traversal sanitizer is off: an HDF5 file names other files by design (external
# links, virtual dataset sources, '../x.h5' included), and opening them is what libhdf5 does too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
minutes="${1:-10}"
target="${2:-read}"
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -gt 0 && "$target" =~ ^(read|inflate)$ ]] \
  || { echo "usage: ./fuzz.sh [MINUTES] [read|inflate]" >&2; exit 2; }
cd "$here"
mkdir -p core/target
log="core/target/fuzz-$(date +%Y%m%d-%H%M%S).log"
echo "fuzz.sh: fuzzing $target for $minutes min; log in $log" >&2
set +e
if [[ "$target" == inflate ]]; then
  (cd core && JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${minutes}m" JAZZER_KEEP_GOING="${JAZZER_KEEP_GOING:-50}" \
    mvn -B -ntp test-compile surefire:test -Dtest=ZlibStreamFuzzTest -Dfuzz.hooks=true) >"$log" 2>&1
else
  (cd core && JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${minutes}m" JAZZER_KEEP_GOING="${JAZZER_KEEP_GOING:-50}" \
    JAZZER_DISABLED_HOOKS=com.code_intelligence.jazzer.sanitizers.FilePathTraversal \
    mvn -B -ntp test-compile surefire:test@fuzz-regression-checksums-ignored -Dfuzz.hooks=true) >"$log" 2>&1
fi
status=$?
set -e
# libFuzzer's summary: "Done N runs in S second(s)" and the last status line (coverage, corpus, exec/s)
grep -E '^#[0-9]+|Done [0-9]+ runs' "$log" | tail -2 || true
grep -E '== Java Exception|Test unit written to' "$log" | head -40 || true
if grep -q 'Test unit written to' "$log"; then
  echo "fuzz.sh: findings saved as crash-* in the inputs directory; fix them, then ./test.sh replays them" >&2
  status=1
fi
exit "$status"
