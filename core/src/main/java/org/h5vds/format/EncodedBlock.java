package org.h5vds.format;

/**
 * Bytes an encoder produced for one address: the caller writes {@code bytes} at {@code address}
 * (relative to the base address). The array is owned by the receiver.
 */
public record EncodedBlock(long address, byte[] bytes) {
}
