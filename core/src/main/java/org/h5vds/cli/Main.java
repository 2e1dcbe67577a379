package org.h5vds.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code h5vds} command line. Every failure a user can cause (bad file, bad path, bad index,
 * bad option) prints one line naming what was wrong and exits non-zero; no stack traces.
 *
 * <p>Each command declares what it takes in code ({@link CommandSpec}); {@link Arguments} reads
 * the line against it and {@link HelpText} prints its help. Nothing is found by reflection, and
 * only the command named first on the line is made (all of them only for {@code h5vds --help}),
 * so that a command starts in little more than the JVM's own start-up time.
 */
public final class Main {
    /** The commands, in the order the usage lists them. */
    private static final List<String> NAMES = List.of("demo", "example", "ls", "read", "write", "mappings", "concat", "check", "attrs",
            "materialize", "refs");

    /** Exit status for a failure of the work itself (bad file, missing object, ...). */
    static final int FAILED = 1;
    /** Exit status for a command line that does not parse. */
    static final int USAGE = 2;

    private Main() {
    }

    /** The names of the commands, in the order the usage lists them. */
    static Set<String> commandNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(NAMES));
    }

    /** A new command of that name, or null. */
    private static Command command(String name) {
        switch (name) {
            case "demo": return new DemoCommand();
            case "example": return new ExampleCommand();
            case "ls": return new LsCommand();
            case "read": return new ReadCommand();
            case "write": return new WriteCommand();
            case "mappings": return new MappingsCommand();
            case "concat": return new ConcatCommand();
            case "check": return new CheckCommand();
            case "attrs": return new AttrsCommand();
            case "materialize": return new MaterializeCommand();
            case "refs": return new RefsCommand();
            default: return null;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        String first = args.length == 0 ? "--help" : args[0];
        Command command = command(first);
        if (command == null) {
            if (first.equals("-h") || first.equals("--help")) {
                List<CommandSpec> all = new ArrayList<>();
                for (String name : NAMES) all.add(command(name).spec());
                HelpText.printMain(all, out);
                return 0;
            }
            if (first.equals("-V") || first.equals("--version")) {
                out.println(version());
                return 0;
            }
            err.println("h5vds: " + (first.startsWith("-") ? "Unknown option: '" + first + "'"
                    : "Unknown command: '" + first + "' (the commands: " + String.join(", ", NAMES) + ")"));
            err.println("Try 'h5vds --help'.");
            return USAGE;
        }
        try {
            Arguments line = Arguments.parse(command.spec(), args, 1);
            if (line.helpRequested()) {
                HelpText.print(command.spec(), out);
                return 0;
            }
            if (line.versionRequested()) {
                out.println(version());
                return 0;
            }
            return command.run(line, out, err);
        } catch (UsageException e) {
            err.println("h5vds: " + e.getMessage());
            err.println("Try 'h5vds " + command.spec().name + " --help'.");
            return USAGE;
        } catch (Exception | OutOfMemoryError e) {
            err.println("h5vds: " + Failures.describe(e));
            return FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return "h5vds " + (v == null ? "(development build)" : v);
    }
}
