package org.h5vds.node;

/** What an object header describes, as libhdf5 decides it from the messages present. */
public enum NodeKind {
    GROUP, DATASET, DATATYPE;
}
