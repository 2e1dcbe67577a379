package org.h5vds.testing;

/**
 * The provider of {@code svcmem://} locations, registered in this module's test
 * {@code META-INF/services/org.h5vds.api.ByteSourceProvider}: shows that a provider on the class
 * path is found without being passed in the read options.
 */
public final class ServiceMemoryProvider extends MemoryProvider {
    /** What every instance serves (ServiceLoader makes its own instance). */
    public static final MemoryProvider FILES = new MemoryProvider("svcmem");

    public ServiceMemoryProvider() {
        super("svcmem");
    }

    @Override
    public org.h5vds.api.ByteSource open(String location) throws java.io.IOException {
        return FILES.open(location);
    }
}
