package org.h5vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.h5vds.api.H5File;
import org.h5vds.testing.Project;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md, kept by the build: what every compiled class of the library refers to
 * (as the JDK's {@code jdeps} reads it from the class files, so fully qualified names in code and
 * types that only appear in signatures count too), checked against the layers below; and the
 * public surface of {@code api}, checked by reflection to expose nothing from other packages.
 */
class ArchitectureTest {
    /**
     * The layers, lowest first. A package may use packages of lower layers only; packages of one
     * layer do not use each other. The tree this draws: {@code select}, {@code filter},
     * {@code format.message} and {@code npy} (the .npy format, whose api is {@code api.Npy}) stand on
     * {@code io} alone, {@code format} adds its messages, and
     * from {@code storage} up each layer may use everything below it, up to {@code api}. Above
     * {@code api} the packages are users of the library like any other: they use {@code api} and
     * what stands above it, never what lies below it. A package missing here fails the test: a new
     * package takes its place in the architecture on purpose.
     */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("io"),
            Set.of("select", "filter", "format.message", "npy"),
            Set.of("format", "filter.codec"),
            Set.of("storage"),
            Set.of("node"),
            Set.of("vds"),
            Set.of("api"),
            Set.of("examples"),
            Set.of("picture"),
            Set.of("cli"));

    private static final int API = layerOf("api");

    /**
     * Uses of a higher layer (or, from above the api, of a layer below it) that the code has today
     * and that a later change removes, each with the reason it is still here; the list must end
     * empty. An entry is "from -> to" between packages (relative to {@code org.h5vds}).
     */
    static final Set<String> KNOWN_LAYER_EXCEPTIONS = Set.of();

    /**
     * Public api members whose signatures still expose a type from another package, as
     * "Class#member: type"; they go with the same changes as above, and the list must end empty.
     */
    static final Set<String> KNOWN_API_EXPOSURES = Set.of();

    private static final String ROOT = "org.h5vds.";

    /** From package to package to the classes that make the dependency, e.g. cli.LsCommand -> io.H5Exception. */
    private static Map<String, Map<String, Set<String>>> uses;
    /** The library's compiled classes (this module's target/classes). */
    private static Path classes;

    @BeforeAll
    static void readClasses() throws Exception {
        classes = Path.of(H5File.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // the classes are a module (module-info): jdeps resolves its requires on the runtime dependencies
        String modulePath = Files.readString(Project.dir().resolve("target/runtime-classpath.txt")).strip();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none",
                "--multi-release", Integer.toString(Runtime.version().feature()),
                "--module-path", modulePath, "-e", "org\\.h5vds\\..*", classes.toString());
        assertThat(status).as("jdeps: %s", err).isZero();
        uses = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            // "   org.h5vds.cli.LsCommand   -> org.h5vds.io.H5Exception   classes"
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || !f[1].equals("->") || !f[0].startsWith(ROOT) || !f[2].startsWith(ROOT)) continue;
            String from = packageOf(f[0]);
            String to = packageOf(f[2]);
            if (from.equals(to)) continue;
            uses.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>())
                    .add(simple(f[0]) + " -> " + simple(f[2]));
        }
        assertThat(uses).as("jdeps found the library's packages in %s", classes).containsKeys("api", "cli");
    }

    private static String packageOf(String className) {
        return className.substring(ROOT.length(), className.lastIndexOf('.'));
    }

    private static String simple(String className) {
        return className.substring(ROOT.length());
    }

    private static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) if (LAYERS.get(i).contains(pkg)) return i;
        return -1;
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> packages = new TreeSet<>(uses.keySet());
        uses.values().forEach(m -> packages.addAll(m.keySet()));
        List<String> unplaced = packages.stream().filter(p -> layerOf(p) < 0).toList();
        assertThat(unplaced).as("packages not in ArchitectureTest.LAYERS").isEmpty();
    }

    @Test
    void packagesUseOnlyLowerLayers() {
        List<String> violations = new ArrayList<>();
        Set<String> seenExceptions = new TreeSet<>();
        uses.forEach((from, targets) -> targets.forEach((to, why) -> {
            int a = layerOf(from);
            int b = layerOf(to);
            if (a < 0 || b < 0) return;
            boolean aroundApi = a > API && b < API;
            if (b < a && !aroundApi) return;
            String edge = from + " -> " + to;
            if (KNOWN_LAYER_EXCEPTIONS.contains(edge)) {
                seenExceptions.add(edge);
                return;
            }
            violations.add(edge + (aroundApi ? " (around the api)" : a == b ? " (same layer)" : " (a higher layer)") + ": " + why);
        }));
        assertThat(violations).as("uses of a package in the same or a higher layer, or around the api").isEmpty();
        // an exception that no longer happens is removed from the list, so the list only shrinks
        assertThat(new TreeSet<>(KNOWN_LAYER_EXCEPTIONS)).as("KNOWN_LAYER_EXCEPTIONS no longer needed").isEqualTo(seenExceptions);
    }

    /** The exception lists above exist for a change in progress; the architecture they describe has none. */
    @Test
    void noKnownExceptionsRemain() {
        assertThat(KNOWN_LAYER_EXCEPTIONS).as("KNOWN_LAYER_EXCEPTIONS").isEmpty();
        assertThat(KNOWN_API_EXPOSURES).as("KNOWN_API_EXPOSURES").isEmpty();
    }

    @Test
    void packagesHaveNoCycles() {
        List<String> cycles = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>();   // 1: on the current path, 2: done
        for (String p : uses.keySet()) findCycles(p, new ArrayList<>(), state, cycles);
        assertThat(cycles).as("package cycles").isEmpty();
    }

    private static void findCycles(String p, List<String> path, Map<String, Integer> state, List<String> cycles) {
        Integer s = state.get(p);
        if (s != null && s == 2) return;
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
            cycle.add(p);
            cycles.add(String.join(" -> ", cycle));
            return;
        }
        state.put(p, 1);
        path.add(p);
        for (String q : uses.getOrDefault(p, Map.of()).keySet()) findCycles(q, path, state, cycles);
        path.remove(path.size() - 1);
        state.put(p, 2);
    }

    @Test
    void publicApiExposesOnlyApiTypes() throws Exception {
        Set<String> exposures = new TreeSet<>();
        for (Class<?> c : apiClasses()) {
            if (!isPublic(c)) continue;
            String name = c.getName().substring(ROOT.length());
            check(name, "extends", c.getGenericSuperclass(), exposures);
            for (Type t : c.getGenericInterfaces()) check(name, "implements", t, exposures);
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (!visible(k.getModifiers(), c)) continue;
                for (Type t : k.getGenericParameterTypes()) check(name, "<init>", t, exposures);
                for (Type t : k.getGenericExceptionTypes()) check(name, "<init>", t, exposures);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!visible(m.getModifiers(), c) || m.isSynthetic() || m.isBridge()) continue;
                check(name, m.getName(), m.getGenericReturnType(), exposures);
                for (Type t : m.getGenericParameterTypes()) check(name, m.getName(), t, exposures);
                for (Type t : m.getGenericExceptionTypes()) check(name, m.getName(), t, exposures);
            }
            for (Field f : c.getDeclaredFields()) {
                if (!visible(f.getModifiers(), c) || f.isSynthetic()) continue;
                check(name, f.getName(), f.getGenericType(), exposures);
            }
        }
        Set<String> unexpected = new TreeSet<>(exposures);
        unexpected.removeAll(KNOWN_API_EXPOSURES);
        assertThat(unexpected).as("public api signatures exposing a type outside org.h5vds.api and java.*").isEmpty();
        assertThat(new TreeSet<>(KNOWN_API_EXPOSURES)).as("KNOWN_API_EXPOSURES no longer needed").isEqualTo(exposures);
    }

    /**
     * README's "API overview" names every public class of the api in the first column of its
     * table, so that the user guide lists the real surface (a class added to the api without a
     * line there fails here).
     */
    @Test
    void readmeListsEveryPublicApiClass() throws Exception {
        String readme = Files.readString(Project.repo().resolve("README.md"));
        int start = readme.indexOf("## API overview");
        assertThat(start).as("README has an API overview section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        Set<String> listed = new TreeSet<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (!line.startsWith("| `")) continue;
            String first = line.substring(1, line.indexOf('|', 1));
            for (String part : first.split(",")) listed.add(part.strip().replace("`", ""));
        }
        List<String> missing = new ArrayList<>();
        for (Class<?> c : apiClasses()) {
            if (c.getEnclosingClass() == null && Modifier.isPublic(c.getModifiers()) && !listed.contains(c.getSimpleName())) {
                missing.add(c.getSimpleName());
            }
        }
        assertThat(missing).as("public api classes without a line in README's API overview").isEmpty();
    }

    /** Every class of package api, nested ones included, from the class files. */
    private static List<Class<?>> apiClasses() throws Exception {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes.resolve("org/h5vds/api"))) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.equals("package-info.class")) continue;
                out.add(Class.forName(ROOT + "api." + file.substring(0, file.length() - 6), false, ArchitectureTest.class.getClassLoader()));
            }
        }
        return out;
    }

    private static boolean isPublic(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) if (!Modifier.isPublic(k.getModifiers())) return false;
        return true;
    }

    /** Public members, and protected ones of classes a user can extend. */
    private static boolean visible(int modifiers, Class<?> owner) {
        return Modifier.isPublic(modifiers) || (Modifier.isProtected(modifiers) && !Modifier.isFinal(owner.getModifiers()));
    }

    private static void check(String owner, String member, Type t, Set<String> exposures) {
        if (t == null) return;
        if (t instanceof Class<?> c) {
            while (c.isArray()) c = c.getComponentType();
            if (c.isPrimitive() || c.getName().startsWith("java.") || c.getName().startsWith(ROOT + "api.")) return;
            exposures.add(owner + "#" + member + ": " + c.getName());
        } else if (t instanceof ParameterizedType p) {
            check(owner, member, p.getRawType(), exposures);
            for (Type a : p.getActualTypeArguments()) check(owner, member, a, exposures);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) check(owner, member, b, exposures);
            for (Type b : w.getLowerBounds()) check(owner, member, b, exposures);
        } else if (t instanceof GenericArrayType g) {
            check(owner, member, g.getGenericComponentType(), exposures);
        } else if (t instanceof TypeVariable<?> v) {
            // a bound may name the variable itself (T extends Comparable<T>): look at raw bounds only
            for (Type b : v.getBounds()) check(owner, member, b instanceof ParameterizedType p ? p.getRawType() : b, exposures);
        }
    }
}
