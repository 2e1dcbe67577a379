package org.h5vds.testing;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * Bytes the current thread has allocated so far (com.sun.management.ThreadMXBean, reached by
 * reflection since the test module does not read jdk.management): deterministic for a given
 * code path, unlike the heap's occupancy, so tests can bound what decoding a hostile structure
 * costs without timing anything.
 */
public final class AllocatedBytes {
    private static final Method GET;

    static {
        try {
            GET = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private AllocatedBytes() {
    }

    /** The bytes this thread has allocated since it started. */
    public static long ofThisThread() {
        try {
            return (long) GET.invoke(ManagementFactory.getThreadMXBean(), Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this JVM does not count allocated bytes per thread", e);
        }
    }
}
