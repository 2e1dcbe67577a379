package org.h5vds.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One partition of a dataset read: rows {@code [start, stop)} along axis 0 of the dataset in one
 * file; {@code rowOffset} is where the file's rows start in the concatenation of the inputs. It
 * carries names and numbers only — no open file — so that any executor can read it.
 */
record Hdf5Partition(int ordinal, String file, long start, long stop, long rowOffset) implements InputPartition {
}
