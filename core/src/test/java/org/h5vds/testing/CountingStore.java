package org.h5vds.testing;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.h5vds.io.Store;

/** A store that counts the reads made through it, to show what caches save. */
public final class CountingStore implements Store {
    private final Store delegate;
    private final AtomicLong reads = new AtomicLong();

    public CountingStore(Store delegate) {
        this.delegate = delegate;
    }

    public long reads() {
        return reads.get();
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public void read(long position, ByteBuffer dst, String what) {
        reads.incrementAndGet();
        delegate.read(position, dst, what);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
