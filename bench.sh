#!/usr/bin/env bash
# Benchmarks that print h5vds and h5py figures measured in the same run, ratio last.
#   ./bench.sh read [DIR]     whole and frame-by-frame reads, chunked gzip+shuffle and contiguous
#   ./bench.sh vds            virtual datasets: reads of 8 compressed sources, creating a 100,000-mapping VDS,
#                             opening it and reading one element, reading all of it
#   ./bench.sh materialize    flattening the 8-source compressed VDS of 'vds' into a new file, h5vds vs an h5py loop;
#                             'materialize stream FRAMES' flattens a VDS of FRAMES 512x512 uint16 frames under a 256 MiB heap
#   ./bench.sh write [FRAMES] streaming 512x512 uint16 frames to a new file (default 1024 = 512 MiB), raw and
#                             gzip+shuffle, h5vds with a 256 MiB heap and h5py; the h5vds figure includes its
#                             fsync before the file is renamed into place (h5py does not sync)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
which="${1:-read}"; shift || true
(cd "$here" && mvn -q -B -ntp -pl core -am test-compile) >/dev/null
cd "$here/core"
mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
if [[ "$which" == write ]]; then
  frames="${1:-1024}"
  mkdir -p target/bench
  printf '%-34s %14s %14s %8s\n' "write $frames frames" "h5vds MiB/s" "h5py MiB/s" "ratio"
  for run in none gzip-shuffle none:no-fsync; do
    filters="${run%%:*}"; sync=true; [[ "$run" == *no-fsync ]] && sync=false
    ours=$(java -Xmx256m -Dh5vds.fsync=$sync -cp "$cp" org.h5vds.bench.StreamingWriteBench target/bench/write-h5vds.h5 "$frames" "$filters" \
           | sed -n 's/.*MiB_per_s=\([0-9.]*\).*/\1/p')
    theirs=$(/usr/bin/python3 src/test/resources/org/h5vds/bench/h5py_stream.py target/bench/write-h5py.h5 "$frames" "$filters" \
           | sed -n 's/.*MiB_per_s=\([0-9.]*\).*/\1/p')
    rm -f target/bench/write-h5vds.h5 target/bench/write-h5py.h5
    label="$filters"; [[ "$sync" == false ]] && label="$filters, -Dh5vds.fsync=false"
    printf '%-34s %14s %14s %8s\n' "$label" "$ours" "$theirs" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2fx", a / b }')"
  done
  exit 0
fi
if [[ "$which" == materialize && "${1:-}" == stream ]]; then
  mkdir -p target/bench
  exec java -Xmx256m -cp "$cp" org.h5vds.bench.MaterializeBench stream target/bench/materialize "${2:-8192}"
fi
case "$which" in
  read) main=org.h5vds.bench.ReadBench; opts=(-Xmx4g) ;;
  materialize) main=org.h5vds.bench.MaterializeBench; opts=(-Xmx1g); set -- compare ;;
  # a pre-touched heap: first touches of fresh heap pages are slow on VMs and swamp allocation-heavy work
  vds) main=org.h5vds.bench.VdsBenchmark; opts=(-Xms3g -Xmx3g -XX:+AlwaysPreTouch) ;;
  *) echo "bench.sh: unknown benchmark '$which' (known: read, vds, write, materialize)" >&2; exit 2 ;;
esac
exec java "${opts[@]}" -cp "$cp" "$main" "$@"
