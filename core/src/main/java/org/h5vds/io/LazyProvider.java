package org.h5vds.io;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;

/**
 * A built-in remote provider made on first use, by class name, so that merely reading local
 * files never loads its classes (for S3, the AWS SDK). Thread-safe.
 */
final class LazyProvider implements StoreProvider {
    private final String className;
    private final RemoteSettings settings;
    private volatile StoreProvider provider;

    LazyProvider(String className, RemoteSettings settings) {
        this.className = className;
        this.settings = settings;
    }

    private StoreProvider get() {
        StoreProvider p = provider;
        if (p != null) return p;
        synchronized (this) {
            if (provider == null) {
                try {
                    var c = Class.forName(className).getDeclaredConstructor(RemoteSettings.class);
                    c.setAccessible(true);
                    provider = (StoreProvider) c.newInstance(settings);
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) throw r;
                    throw new H5Exception("cannot start " + className + ": " + cause, cause);
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new H5Exception("cannot start " + className + " (is the AWS SDK on the class path?): " + e, e);
                }
            }
            return provider;
        }
    }

    /** Whether the provider was made (for tests: nothing loads it before it is needed). */
    boolean started() {
        return provider != null;
    }

    @Override
    public Store open(String location) {
        return get().open(location);
    }

    @Override
    public String identify(String location) {
        return Locations.normalizeRemote(location);
    }

    @Override
    public List<String> list(String folder) {
        return get().list(folder);
    }

    @Override
    public void upload(Path file, String location) {
        get().upload(file, location);
    }

    @Override
    public String toString() {
        return provider != null ? provider.toString() : className + " (not started)";
    }
}
