package org.h5vds.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a child JVM loads, from its {@code -Xlog:class+load} log: how the start-up tests show
 * what work a command or a program's first call does without timing it.
 */
public final class LoadedClasses {
    private LoadedClasses() {
    }

    /**
     * Runs {@code java -Xlog:class+load=info:file=LOG -cp CLASSPATH main args...} (the main
     * classes, the test classes if asked, and the runtime class path) and returns what it printed,
     * after checking that it exited 0; the names of the classes it loaded are then in
     * {@link #read}{@code (log)}.
     */
    public static String run(Path log, boolean withTestClasses, String main, List<String> args) throws Exception {
        String runtime = Files.readString(Project.dir().resolve("target/runtime-classpath.txt")).strip();
        String cp = Project.target().resolve("classes") + File.pathSeparator
                + (withTestClasses ? Project.target().resolve("test-classes") + File.pathSeparator : "") + runtime;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Xlog:class+load=info:file=" + log, "-cp", cp, main));
        cmd.addAll(args);
        Python.Processes.Result r = Python.Processes.runAllowingFailure(cmd, 120);
        if (r.exit() != 0) throw new AssertionError(main + " " + args + " exited " + r.exit() + ": " + r.err());
        return r.out();
    }

    /** The names of the classes the log lists, in the order loaded. */
    public static List<String> read(Path log) throws java.io.IOException {
        List<String> loaded = new ArrayList<>();
        Matcher m = Pattern.compile("\\[class,load\\] (\\S+) ").matcher(Files.readString(log));
        while (m.find()) loaded.add(m.group(1));
        return loaded;
    }

    /** Those of {@code loaded} whose names start with one of {@code prefixes}. */
    public static List<String> matching(List<String> loaded, List<String> prefixes) {
        List<String> out = new ArrayList<>();
        for (String c : loaded) for (String prefix : prefixes) if (c.startsWith(prefix)) out.add(c);
        return out;
    }
}
