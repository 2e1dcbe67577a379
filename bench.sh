#!/usr/bin/env bash
# Benchmarks that print h5vds and h5py figures measured in the same run, ratio last.
#   ./bench.sh read [DIR]     whole and frame-by-frame reads, chunked gzip+shuffle and contiguous
#   ./bench.sh vds            virtual datasets: reads of 8 compressed sources, creating a 100,000-mapping VDS,
#                             opening it and reading one element, reading all of it
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
which="${1:-read}"; shift || true
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
case "$which" in
  read) main=org.h5vds.bench.ReadBench; opts=(-Xmx4g) ;;
  # a pre-touched heap: first touches of fresh heap pages are slow on VMs and swamp allocation-heavy work
  vds) main=org.h5vds.bench.VdsBenchmark; opts=(-Xms3g -Xmx3g -XX:+AlwaysPreTouch) ;;
  *) echo "bench.sh: unknown benchmark '$which' (known: read, vds)" >&2; exit 2 ;;
esac
exec java "${opts[@]}" -cp "$cp" "$main" "$@"
