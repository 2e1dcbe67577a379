#!/usr/bin/env bash
# Benchmarks that print h5vds and h5py figures measured in the same run, ratio last.
#   ./bench.sh read [DIR]     whole and frame-by-frame reads, chunked gzip+shuffle and contiguous (frames read again
#                             in one opening, into new arrays and into a reused buffer, and read once per opening);
#                             last, gzip whole after 20 warm-ups on both sides (the JVM's steady state)
#   ./bench.sh vds            virtual datasets: reads of 8 compressed sources, creating a 100,000-mapping VDS,
#                             opening it and reading one element, reading all of it; last, the 8-source and 50-frame
#                             reads after 60 warm-ups on both sides (the JVM's steady state: see README, Performance)
#   ./bench.sh remote         the 8-source VDS of `vds` in a bucket of an S3 server on loopback: read whole and as
#                             single frames by h5vds (s3://) and h5py (ros3), requests and bytes counted by a proxy
#                             that also adds 20 ms per request in a second round
#   ./bench.sh materialize    flattening the 8-source compressed VDS of 'vds' into a new file, h5vds vs an h5py loop;
#                             'materialize stream FRAMES' flattens a VDS of FRAMES 512x512 uint16 frames under a 256 MiB heap
#   ./bench.sh spark [BYTES] a full-scan sum of the 8-source VDS of 'vds' through Spark local[1] and local[2] (partitions
#                             of BYTES, default 16m), h5vds directly and Dask (2 threads over h5py), MiB/s and ratios
#   ./bench.sh write [FRAMES] streaming 512x512 uint16 frames to a new file (default 1024 = 512 MiB), raw and
#                             gzip+shuffle, h5vds with a 256 MiB heap and h5py, the same frame contents on both
#                             sides; the h5vds figure includes its fsync before the file is renamed into place
#                             (h5py does not sync) except in the -Dh5vds.fsync=false rows; each frame is the
#                             pattern copied into a buffer appended as it is (h5py: a NumPy copy appended), the
#                             last row with a new NdArray.ofUnsigned per frame (one more copy and allocation);
#                             right before its measured stream, each side writes and deletes a scratch file as large
#                             as the stream, so that both write into page-cache pages just freed (see
#                             StreamingWriteBench.primePageCache: on a VM, fresh pages cost a fault into the host)
#   ./bench.sh swmr [FRAMES]  SWMR writing: FRAMES (default 256) 512x512 uint16 frames, one chunk each, raw and
#                             gzip+shuffle, appended and flushed one by one by an h5vds and an h5py SWMR writer while an
#                             h5py SWMR reader follows: frames/s, MiB/s, flush-to-reader latency (p50, p95); the h5vds
#                             side runs with the launcher's JVM flags (jvm-flags.sh, plus H5VDS_JAVA_OPTS), twice:
#                             durable as by default (data synced in the background every 64 MiB), then with
#                             -Dh5vds.fsync=false, like h5py, which never syncs
#   ./bench.sh patterns [DIR] access patterns besides whole reads and frames: chunked raw frames, frames of a file tiled
#                             in 10x128x128 chunks (raw, gzip+shuffle), a pixel and a patch through time, a strided
#                             column, 64x64 tiles of a contiguous dataset, small datasets and attributes in 200 groups,
#                             a compound table whole and one column, open + read a small dataset, every second pixel
#                             of 20 frames, a 300x300 region of 20 tiled frames, every 7th record; open + list a group
#                             of 10,000 links (old-style and dense), open + read each of them, 100,000 fixed- and
#                             variable-length strings whole; h5py in the same run
#   ./bench.sh cli            start-up: ./h5vds ls on a small file against a bare JVM printing "hi"
#   ./bench.sh heap           what the launcher's JVM flags are for: 200 rounds of allocating 50 arrays of 128 KiB,
#                             in fresh JVMs with default flags, -Xmn64m and the launcher's flags, 3 times alternately;
#                             then 20 rounds of the read bench's contiguous frames into new arrays, page faults per
#                             round and the heap committed, with the same three flag sets, twice
# 'read', 'vds' and 'patterns' run twice: first the h5vds side with the launcher's JVM flags (jvm-flags.sh: what
# ./h5vds runs with and README's setup recommends), then with the JVM's default flags, as a program
# that sets none (never a pre-touched or fixed-size heap); H5VDS_BENCH_FLAGS=launcher or =default runs
# one of them. Whatever H5VDS_JAVA_OPTS holds is added last. Only 'write' and 'materialize stream'
# bound the heap, to show that memory stays bounded.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/jvm-flags.sh"
which="${1:-read}"; shift || true
if [[ "$which" == spark ]]; then
  if ! dpkg -s python3-dask >/dev/null 2>&1; then
    echo "bench.sh: installing python3-dask" >&2
    sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3-dask >/dev/null
  fi
  (cd "$here" && mvn -q -B -ntp -pl spark -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath) >/dev/null
  cd "$here/spark"
  # the frames are core's (./bench.sh vds writes the same files into core/target/vds-bench)
  exec java -Xmx3g @jvm.options -Dlog4j2.configurationFile="$here/spark/sql-log4j2.properties" -Dh5vds.projectDir="$here/core" \
    -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" org.h5vds.spark.bench.SparkSumBenchmark "$@"
fi
(cd "$here" && mvn -q -B -ntp -pl core -am test-compile) >/dev/null
cd "$here/core"
mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
if [[ "$which" == write ]]; then
  frames="${1:-1024}"
  mkdir -p target/bench
  # both sides write the same 8 frame patterns (made once by the Java side)
  java -cp "$cp" org.h5vds.bench.StreamingWriteBench patterns target/bench/write-patterns.u16
  printf '%-52s %12s %12s %8s\n' "write $frames frames" "h5vds MiB/s" "h5py MiB/s" "ratio"
  for run in none gzip-shuffle none:no-fsync none:no-fsync:copy; do
    filters="${run%%:*}"; sync=true; [[ "$run" == *no-fsync* ]] && sync=false
    values=(); [[ "$run" == *:copy ]] && values=(copy)
    ours=$(java -Xmx256m -Dh5vds.fsync=$sync ${H5VDS_JAVA_OPTS:-} -cp "$cp" org.h5vds.bench.StreamingWriteBench target/bench/write-h5vds.h5 "$frames" "$filters" \
           prime ${values[@]+"${values[@]}"} | sed -n 's/.*MiB_per_s=\([0-9.]*\).*/\1/p')
    theirs=$(/usr/bin/python3 src/test/resources/org/h5vds/bench/h5py_stream.py target/bench/write-h5py.h5 "$frames" "$filters" \
           target/bench/write-patterns.u16 | sed -n 's/.*MiB_per_s=\([0-9.]*\).*/\1/p')
    rm -f target/bench/write-h5vds.h5 target/bench/write-h5py.h5
    label="$filters"; [[ "$sync" == false ]] && label="$filters, -Dh5vds.fsync=false"
    [[ "$run" == *:copy ]] && label="$label, new NdArray per frame"
    printf '%-52s %12s %12s %8s\n' "$label" "$ours" "$theirs" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2fx", a / b }')"
  done
  exit 0
fi
if [[ "$which" == swmr ]]; then
  mkdir -p target/bench
  echo "== h5vds durable (its default; h5py does not sync)"
  java "${h5vds_jvm_flags[@]}" ${H5VDS_JAVA_OPTS:-} -cp "$cp" org.h5vds.bench.SwmrWriteBench target/bench/swmr "${1:-256}"
  echo "== h5vds with -Dh5vds.fsync=false (like h5py)"
  exec java "${h5vds_jvm_flags[@]}" -Dh5vds.fsync=false ${H5VDS_JAVA_OPTS:-} -cp "$cp" org.h5vds.bench.SwmrWriteBench target/bench/swmr "${1:-256}"
fi
if [[ "$which" == heap ]]; then
  printf '%-44s %9s %9s %9s %6s\n' "200 rounds of 50 new 128 KiB arrays; JVM flags" "total ms" "fastest" "slowest" ">2 ms"
  for run in 1 2 3; do
    java -cp "$cp" org.h5vds.bench.FreshHeapPagesBench "default"
    java -Xmn64m -cp "$cp" org.h5vds.bench.FreshHeapPagesBench "-Xmn64m"
    java "${h5vds_jvm_flags[@]}" -cp "$cp" org.h5vds.bench.FreshHeapPagesBench "${h5vds_jvm_flags[*]}"
  done
  echo "20 rounds of 200 contiguous 512 KiB frames (read bench's /contiguous) into new arrays; JVM flags"
  for run in 1 2; do
    java -cp "$cp" org.h5vds.bench.FrameLoopPagesBench target/bench/read-bench.h5 "default"
    java -Xmn64m -cp "$cp" org.h5vds.bench.FrameLoopPagesBench target/bench/read-bench.h5 "-Xmn64m (G1)"
    java "${h5vds_jvm_flags[@]}" -cp "$cp" org.h5vds.bench.FrameLoopPagesBench target/bench/read-bench.h5 "${h5vds_jvm_flags[*]}"
  done
  exit 0
fi
if [[ "$which" == materialize && "${1:-}" == stream ]]; then
  mkdir -p target/bench
  exec java -Xmx256m -cp "$cp" org.h5vds.bench.MaterializeBench stream target/bench/materialize "${2:-8192}"
fi
case "$which" in
  read) main=org.h5vds.bench.ReadBench ;;
  materialize) main=org.h5vds.bench.MaterializeBench; opts=(-Xmx1g); set -- compare ;;
  vds) main=org.h5vds.bench.VdsBenchmark ;;
  patterns) main=org.h5vds.bench.PatternBench ;;
  remote) main=org.h5vds.bench.RemoteBench; opts=(-Xmx3g) ;;
  cli) main=org.h5vds.bench.CliStartupBench ;;
  *) echo "bench.sh: unknown benchmark '$which' (known: read, vds, patterns, remote, write, swmr, materialize, spark, cli, heap)" >&2; exit 2 ;;
esac
# H5VDS_JAVA_OPTS, as for ./h5vds, adds JVM flags to the h5vds side (e.g. H5VDS_JAVA_OPTS=-Xmx2g ./bench.sh read)
if [[ "$which" == read || "$which" == vds || "$which" == patterns ]]; then
  flags="${H5VDS_BENCH_FLAGS:-both}"
  if [[ "$flags" == both || "$flags" == launcher ]]; then
    echo "== h5vds with the launcher's JVM flags: ${h5vds_jvm_flags[*]} ${H5VDS_JAVA_OPTS:-}"
    java ${opts[@]+"${opts[@]}"} "${h5vds_jvm_flags[@]}" ${H5VDS_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
  fi
  if [[ "$flags" == both || "$flags" == default ]]; then
    echo "== h5vds with the JVM's default flags ${H5VDS_JAVA_OPTS:-}"
    java ${opts[@]+"${opts[@]}"} ${H5VDS_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
  fi
  exit 0
fi
exec java ${opts[@]+"${opts[@]}"} ${H5VDS_JAVA_OPTS:-} -cp "$cp" "$main" "$@"
