package org.h5vds.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The locations libhdf5 tries for a file named in another one (a virtual dataset's source, an
 * external link's target), in order: the candidates made from the names as given, then, last, the
 * name in the folder of the naming file's resolved name (symbolic links followed). That last one
 * costs a system call per path component and is nearly never reached, so it is worked out only
 * when the iteration gets to it; it is skipped when it repeats an earlier candidate or the naming
 * file cannot be resolved (libhdf5 resolves the name when the file is opened).
 */
public final class SearchOrder implements Iterable<String> {
    private final Set<String> first;
    private final String namingFile;
    private final String name;

    private SearchOrder(Set<String> first, String namingFile, String name) {
        this.first = first;
        this.namingFile = namingFile;
        this.name = name;
    }

    /**
     * {@code first} in its order, then {@code name} in the real folder of {@code namingFile} when that
     * is a local file; {@code first} itself when it is remote.
     */
    public static Iterable<String> thenRealFolder(Set<String> first, String namingFile, String name) {
        return Locations.isRemote(namingFile) ? first : new SearchOrder(first, namingFile, name);
    }

    /** {@code name} in the folder of {@code namingFile}'s resolved name, or null when it cannot be resolved. */
    private String inRealFolder() {
        try {
            Path real = Locations.localPath(namingFile).toRealPath().getParent();
            return real == null ? null : Locations.join(real.toString(), name);
        } catch (IOException | SecurityException | H5Exception e) {
            return null;
        }
    }

    @Override
    public Iterator<String> iterator() {
        Iterator<String> it = first.iterator();
        return new Iterator<>() {
            private String next;
            private boolean realDone;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                if (it.hasNext()) {
                    next = it.next();
                    return true;
                }
                if (realDone) return false;
                realDone = true;
                String real = inRealFolder();
                if (real == null || first.contains(real)) return false;
                next = real;
                return true;
            }

            @Override
            public String next() {
                if (!hasNext()) throw new NoSuchElementException();
                String n = next;
                next = null;
                return n;
            }
        };
    }

    @Override
    public String toString() {
        return first + " then " + name + " in the real folder of " + namingFile;
    }
}
