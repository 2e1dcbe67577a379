# The JVM flags ./h5vds runs with, and the ones the library's documented setup recommends
# (README, Performance: "JVM flags"). Sourced by ./h5vds and ./bench.sh; it sets the array
# h5vds_jvm_flags and runs shell builtins only (the launcher forks nothing before java starts).
#
# On a virtual machine the first touch of each fresh page of the Java heap is slow (~10 µs per
# 4 KiB page on the development VM, where the host backs the page on first touch), and with the
# JVM's defaults a program reading frame after frame keeps landing on pages never touched before.
# - -Xmn64m: a young generation of 64 MiB, whose pages are touched once and then reused (G1's
#   default young generation keeps growing onto fresh pages).
# - -XX:+UseTransparentHugePages when the kernel offers transparent huge pages on request
#   ("madvise"): the heap is then faulted in 2 MiB at a time, one fault where there were 512.
#   With "always" the kernel already does so; with "never", or with no such file (not Linux),
#   the flag is left out, since the JVM warns where it cannot honour it.
h5vds_jvm_flags=(-Xmn64m)
if [[ -r /sys/kernel/mm/transparent_hugepage/enabled ]]; then
  read -r h5vds_thp_mode < /sys/kernel/mm/transparent_hugepage/enabled || true
  [[ "${h5vds_thp_mode:-}" == *"[madvise]"* ]] && h5vds_jvm_flags+=(-XX:+UseTransparentHugePages)
  unset h5vds_thp_mode
fi
