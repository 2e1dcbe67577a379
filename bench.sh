#!/usr/bin/env bash
# Benchmarks that print h5vds and h5py figures measured in the same run, ratio last.
#   ./bench.sh read [DIR]     whole and frame-by-frame reads, chunked gzip+shuffle and contiguous
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
which="${1:-read}"; shift || true
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
case "$which" in
  read) main=org.h5vds.bench.ReadBench ;;
  *) echo "bench.sh: unknown benchmark '$which' (known: read)" >&2; exit 2 ;;
esac
exec java -Xmx4g -cp "$cp" "$main" "$@"
