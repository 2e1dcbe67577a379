package org.h5vds.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;
import org.h5vds.io.SpaceAllocator;

/**
 * The writes of one commit that change what the committed file points to, in the order that keeps
 * the file readable by libhdf5 whenever it stops. Blocks in fresh space (allocated since the last
 * commit, which nothing committed points to) are written at once through {@link #write}; writes
 * over committed structures wait in stages ({@link #overwrite}), each stage a set of single writes
 * of which any subset leaves a valid file, run in stage order with the disk synced between
 * stages, so that everything a stage points to is durable before it (see {@link Session#commit()}).
 */
final class WritePlan implements SpaceAllocator {
    /** Data blocks and leaves of indexes, written in place (fixed and extensible array elements, local heap free space). */
    static final int STAGE_LEAVES = 10;
    /** Blocks pointing to those: extensible array super and index blocks, local heap headers. */
    static final int STAGE_BRANCHES = 20;
    /** Roots of indexes kept at their address: v1 B-tree roots, array and v2 B-tree headers. */
    static final int STAGE_ROOTS = 30;
    /** Object headers, where links, attributes and layouts change. */
    static final int STAGE_HEADERS = 40;
    /** What follows the headers: sibling pointers of rebuilt v1 B-tree nodes' neighbours, link counts going down. */
    static final int STAGE_AFTER_HEADERS = 50;

    private final Session session;
    private final TreeMap<Integer, List<EncodedBlock>> stages = new TreeMap<>();

    WritePlan(Session session) {
        this.session = session;
    }

    int offsetSize() {
        return session.context().offsetSize();
    }

    int lengthSize() {
        return session.context().lengthSize();
    }

    @Override
    public long allocate(long size) {
        return session.space().allocate(size);
    }

    /** Writes {@code bytes} into fresh space now. */
    void write(long address, byte[] bytes) {
        session.writeNow(address, bytes);
    }

    /** Writes every block of a structure built in fresh space. */
    long write(EncodedStructure s) {
        for (EncodedBlock b : s.blocks()) write(b.address(), b.bytes());
        return s.address();
    }

    /** Schedules a write over a committed structure at {@code stage}. */
    void overwrite(int stage, long address, byte[] bytes) {
        stages.computeIfAbsent(stage, k -> new ArrayList<>()).add(new EncodedBlock(address, bytes));
    }

    /** Gives back a committed block once this commit is durable. */
    void release(long address, long size) {
        session.space().release(address, size);
    }

    /** Gives back a block written since the last commit (nothing committed points to it). */
    void discard(long address, long size) {
        session.space().discard(address, size);
    }

    Map<Integer, List<EncodedBlock>> stages() {
        return stages;
    }

    boolean hasOverwrites() {
        return !stages.isEmpty();
    }
}
