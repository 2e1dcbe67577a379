package org.h5vds.format.message;

import java.util.Arrays;
import org.h5vds.io.Cursor;

/**
 * The File Space Info message (IV.A.2.x, type 0x0017), found only in the superblock extension:
 * libhdf5's file space strategy and, when free space persists, the free-space manager addresses.
 *
 * <p>Version 0 (1.10.0 only) stores a strategy, a threshold and, for strategy 1
 * (H5F_FILE_SPACE_ALL_PERSIST), six manager addresses. Version 1 (1.10.1+) stores strategy,
 * persist flag, threshold, page size, page-end metadata threshold, the EOA before the managers
 * were allocated, and twelve addresses (six small-section, six large-section managers) when
 * persisting. Field order and widths follow libhdf5's H5Ofsinfo.c.
 */
public final class FileSpaceInfoMessage implements Message {
    public static final int TYPE = 0x0017;
    /** Version 0's H5F_FILE_SPACE_ALL_PERSIST, the one strategy that stores manager addresses. */
    public static final int V0_STRATEGY_ALL_PERSIST = 1;

    private final int version;
    private final int strategy;
    private final boolean persist;
    private final long threshold;
    private final long pageSize;
    private final int pageEndMetadataThreshold;
    private final long eoaBeforeFreeSpaceManagers;
    private final long[] managerAddresses;

    public FileSpaceInfoMessage(int version, int strategy, boolean persist, long threshold, long pageSize,
                                int pageEndMetadataThreshold, long eoaBeforeFreeSpaceManagers, long[] managerAddresses) {
        this.version = version;
        this.strategy = strategy;
        this.persist = persist;
        this.threshold = threshold;
        this.pageSize = pageSize;
        this.pageEndMetadataThreshold = pageEndMetadataThreshold;
        this.eoaBeforeFreeSpaceManagers = eoaBeforeFreeSpaceManagers;
        this.managerAddresses = managerAddresses.clone();
    }

    public static FileSpaceInfoMessage decode(Cursor in) {
        int version = in.version(in.u8(), "file space info message", 0, 1);
        if (version == 0) {
            int strategyAt = in.position();
            int strategy = in.u8();
            if (strategy < 1 || strategy > 4) throw in.error(strategyAt, "file space info message: unknown version 0 strategy " + strategy);
            long threshold = in.length();
            boolean persist = strategy == V0_STRATEGY_ALL_PERSIST;
            long[] addresses = new long[persist ? 6 : 0];
            for (int i = 0; i < addresses.length; i++) addresses[i] = in.address();
            return new FileSpaceInfoMessage(0, strategy, persist, threshold, 0, 0, Cursor.UNDEFINED, addresses);
        }
        int strategyAt = in.position();
        int strategy = in.u8();
        if (strategy > 3) throw in.error(strategyAt, "file space info message: unknown strategy " + strategy);
        boolean persist = in.u8() != 0;
        long threshold = in.length();
        long pageSize = in.length();
        int pageEnd = in.u16();
        long eoa = in.address();
        long[] addresses = new long[persist ? 12 : 0];
        for (int i = 0; i < addresses.length; i++) addresses[i] = in.address();
        return new FileSpaceInfoMessage(1, strategy, persist, threshold, pageSize, pageEnd, eoa, addresses);
    }

    public int version() {
        return version;
    }

    /** Version 0: 1 all-persist, 2 all, 3 aggregators+VFD, 4 VFD; version 1: 0 FSM+aggregators, 1 paged, 2 aggregators, 3 none. */
    public int strategy() {
        return strategy;
    }

    public boolean persist() {
        return persist;
    }

    public long threshold() {
        return threshold;
    }

    public long pageSize() {
        return pageSize;
    }

    public int pageEndMetadataThreshold() {
        return pageEndMetadataThreshold;
    }

    public long eoaBeforeFreeSpaceManagers() {
        return eoaBeforeFreeSpaceManagers;
    }

    public long[] managerAddresses() {
        return managerAddresses.clone();
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putU8(strategy);
        if (version == 0) {
            out.putLength(threshold);
        } else {
            out.putU8(persist ? 1 : 0);
            out.putLength(threshold);
            out.putLength(pageSize);
            out.putU16(pageEndMetadataThreshold);
            out.putAddress(eoaBeforeFreeSpaceManagers);
        }
        for (long a : managerAddresses) out.putAddress(a);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        int n = version == 0 ? 2 + lengthSize : 3 + 2 * lengthSize + 2 + offsetSize;
        return n + managerAddresses.length * offsetSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileSpaceInfoMessage f && f.version == version && f.strategy == strategy && f.persist == persist
                && f.threshold == threshold && f.pageSize == pageSize && f.pageEndMetadataThreshold == pageEndMetadataThreshold
                && f.eoaBeforeFreeSpaceManagers == eoaBeforeFreeSpaceManagers && Arrays.equals(f.managerAddresses, managerAddresses);
    }

    @Override
    public int hashCode() {
        return (version * 31 + strategy) * 31 + Long.hashCode(threshold);
    }

    @Override
    public String toString() {
        return "FileSpaceInfoMessage[v" + version + " strategy " + strategy + " persist " + persist + " threshold " + threshold
                + " page " + pageSize + " managers " + Arrays.toString(managerAddresses) + "]";
    }
}
