package org.h5vds.spark;

import java.io.Serializable;

/**
 * What one write task reports: the part file it wrote next to the output (its name only, as the
 * virtual dataset stores it), how many rows, and their trailing shape. {@code rows} is 0 and
 * {@code name} null when the task had no rows (it then writes no file).
 */
record PartFile(int partition, String name, long rows, long[] trailing) implements Serializable {
}
