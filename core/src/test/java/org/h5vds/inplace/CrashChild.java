package org.h5vds.inplace;

import java.nio.file.Path;

/**
 * A child JVM for {@link CrashSafetyTest}: runs {@link CrashScenario} on a file, printing
 * "committed K" once commit K is durable, until the parent kills it.
 *
 * <pre>java -cp TEST_CLASSPATH org.h5vds.inplace.CrashChild FILE COMMITS</pre>
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) {
        CrashScenario.run(Path.of(args[0]), Integer.parseInt(args[1]), k -> {
            System.out.println("committed " + k);
            System.out.flush();
        });
        System.out.println("done");
        System.out.flush();
    }
}
