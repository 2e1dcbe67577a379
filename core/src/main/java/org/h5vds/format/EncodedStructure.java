package org.h5vds.format;

import java.util.List;

/**
 * A multi-block structure an encoder built: the address other structures point to (a header,
 * usually) and every block to write, each at its own allocated address.
 */
public record EncodedStructure(long address, List<EncodedBlock> blocks) {
    public EncodedStructure {
        blocks = List.copyOf(blocks);
    }
}
