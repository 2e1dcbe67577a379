# The JVM flags ./h5vds runs with, and the ones the library's documented setup recommends
# (README, Performance: "JVM flags"). Sourced by ./h5vds and ./bench.sh; it sets the array
# h5vds_jvm_flags and runs shell builtins only (the launcher forks nothing before java starts).
#
# On a virtual machine the first touch of each fresh page of the Java heap is slow (~10 µs per
# 4 KiB page on the development VM, where the host backs the page on first touch), and with the
# JVM's defaults a program reading frame after frame keeps landing on pages never touched before.
# - -XX:+UseSerialGC -Xmn16m: a young generation of 16 MiB, whose pages are touched once and then
#   reused. G1, the default, either keeps growing its young generation onto fresh pages or, with
#   -Xmn64m, answers the rate of young collections by growing the heap (4.7 GB committed after
#   2,000 frames of 512 KiB), and its new young regions are those fresh ones: ~10,000 faults a
#   round of 200 frames for a dozen rounds. The serial collector keeps the heap it started with
#   (371 MB) and a fixed young generation at a fixed place: no fresh pages after the first round.
#   It also starts with ~300 fewer page faults. A program of one's own holding much live data may
#   prefer G1 with -Xmn64m and -Xms equal to -Xmx (no growth either), at ~2,300 more faults
#   (G1's tables for the whole heap) per start.
# - Why 16 MiB and not 64 (64 until session 16): a frame read into a new array is the JVM zeroing
#   it and one copy onto it, both bound by where the array lies. An eden of 12.8 MiB stays in the
#   last-level cache of a server CPU (32 MiB per core complex on the development VM's EPYC), one
#   of 51 MiB does not: 200 contiguous 512 KiB frames into new arrays took 8.3-9.2 ms against
#   10.5-10.8 ms (best of 30 rounds), `./bench.sh read` 10.4-11.2 against 8.3-9.3 GB/s. A young
#   collection with nothing live costs ~45 us, one every 25 such frames; `vds`, `patterns` and
#   `cli` measured the same with either size (docs/notes/issue-12-s16.md).
h5vds_jvm_flags=(-XX:+UseSerialGC -Xmn16m)
if [[ -r /sys/kernel/mm/transparent_hugepage/enabled ]]; then
  read -r h5vds_thp_mode < /sys/kernel/mm/transparent_hugepage/enabled || true
  [[ "${h5vds_thp_mode:-}" == *"[madvise]"* ]] && h5vds_jvm_flags+=(-XX:+UseTransparentHugePages)
  unset h5vds_thp_mode
fi
