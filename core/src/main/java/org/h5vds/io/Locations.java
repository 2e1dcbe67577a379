package org.h5vds.io;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a file is, as text: a local path ({@code /data/run1/VDS.h5}, {@code raw/0.h5}) or a URI
 * with a scheme and an authority ({@code s3://bucket/run1/VDS.h5},
 * {@code https://host/data/VDS.h5}, {@code hdfs://namenode/run1/VDS.h5}); {@code file:} URIs are
 * local paths. Names are joined as libhdf5 joins a prefix and a file name (H5F__build_name: the
 * prefix, a slash unless it ends with one, the name), so every rule that finds a source file next
 * to a virtual file works the same on a folder and on a bucket prefix.
 */
public final class Locations {
    /** The scheme that stands for local files. */
    public static final String FILE = "file";

    private Locations() {
    }

    /** The lower-case scheme of a URI location, or {@link #FILE} for a local path or a {@code file:} URI. */
    public static String scheme(String location) {
        // a scheme of two or more characters followed by "://" (one letter would be a Windows
        // drive): [A-Za-z][A-Za-z0-9+.-]+ — scanned by hand, since a regex costs the command
        // line's start-up more than everything else opening a file does
        int n = location.length();
        int i = 0;
        while (i < n && isSchemeChar(location.charAt(i), i == 0)) i++;
        if (i < 2 || !location.startsWith("://", i)) return FILE;
        return location.substring(0, i).toLowerCase(Locale.ROOT);
    }

    private static boolean isSchemeChar(char c, boolean first) {
        boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        return first ? letter : letter || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
    }

    /** Whether {@code location} is a URI other than {@code file:} (so not a local path). */
    public static boolean isRemote(String location) {
        return !FILE.equals(scheme(location));
    }

    /** Whether a name stands on its own: a URI, or an absolute local path. */
    public static boolean isAbsolute(String name) {
        if (isRemote(name) || name.startsWith("file:")) return true;
        return name.startsWith("/");
    }

    /** The local file a {@code file:} URI or a path names. */
    public static Path localPath(String location) {
        if (location.startsWith("file:")) {
            try {
                return Path.of(URI.create(location));
            } catch (IllegalArgumentException e) {
                throw new H5Exception(location + ": not a usable file: URI (" + e.getMessage() + ")", e);
            }
        }
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            throw new H5Exception(location + ": not a usable file name (" + e.getReason() + ")", e);
        }
    }

    /**
     * The folder holding {@code location}: the absolute parent folder of a local file, the URI up
     * to (not including) the last slash of its path for a remote one ({@code s3://bucket/run1} for
     * {@code s3://bucket/run1/VDS.h5}; {@code s3://bucket} for {@code s3://bucket/VDS.h5}).
     */
    public static String parent(String location) {
        if (!isRemote(location)) {
            Path parent = localPath(location).toAbsolutePath().getParent();
            return parent == null ? "/" : parent.toString();
        }
        int pathStart = pathStart(location);
        int slash = location.lastIndexOf('/');
        return slash < pathStart ? location : location.substring(0, slash);
    }

    /** H5F__build_name: {@code folder}, a slash unless it already ends with one, {@code name}. */
    public static String join(String folder, String name) {
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }

    /** The last component of a name: what follows its last slash. */
    public static String lastComponent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    /**
     * A remote location with its {@code .} and {@code ..} path segments resolved (a key of
     * {@code run1/../raw/0.h5} is {@code raw/0.h5}: object stores do not do this themselves); a
     * {@code ..} above the root of the authority is dropped, as URI resolution drops it.
     */
    public static String normalizeRemote(String location) {
        int pathStart = pathStart(location);
        if (pathStart >= location.length()) return location;
        String path = location.substring(pathStart + 1);
        if (!path.contains(".")) return location;
        List<String> out = new ArrayList<>();
        String[] parts = path.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            boolean last = i == parts.length - 1;
            if (p.equals(".")) {
                if (last) out.add("");
            } else if (p.equals("..")) {
                if (!out.isEmpty()) out.remove(out.size() - 1);
                if (last) out.add("");
            } else {
                out.add(p);
            }
        }
        return location.substring(0, pathStart + 1) + String.join("/", out);
    }

    /** Index of the slash that starts the path after {@code scheme://authority}, or the length when there is none. */
    private static int pathStart(String location) {
        int authority = location.indexOf("://") + 3;
        int slash = location.indexOf('/', authority);
        return slash < 0 ? location.length() : slash;
    }
}
