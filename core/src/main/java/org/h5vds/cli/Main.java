package org.h5vds.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code h5vds} command line. Every failure a user can cause (bad file, bad path, bad index,
 * bad option) prints one line naming what was wrong and exits non-zero; no stack traces.
 *
 * <p>picocli builds a command's model by reflecting over its annotations, which costs more than
 * the JVM's own start for ten commands; so only the command named first on the line is built,
 * and all of them only when the line names none (help, version, a misspelt command).
 */
@Command(name = "h5vds", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "HDF5 virtual datasets in pure Java: inspect, read, write and build VDS files.")
public final class Main implements Runnable {
    /** The commands by name, in the order the usage lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("demo", DemoCommand::new);
        COMMANDS.put("example", ExampleCommand::new);
        COMMANDS.put("ls", LsCommand::new);
        COMMANDS.put("read", ReadCommand::new);
        COMMANDS.put("write", WriteCommand::new);
        COMMANDS.put("mappings", MappingsCommand::new);
        COMMANDS.put("concat", ConcatCommand::new);
        COMMANDS.put("check", CheckCommand::new);
        COMMANDS.put("materialize", MaterializeCommand::new);
        COMMANDS.put("refs", RefsCommand::new);
    }

    /** The names of the commands, in the order the usage lists them. */
    static Set<String> commandNames() {
        return Collections.unmodifiableSet(COMMANDS.keySet());
    }

    /** Exit status for a failure of the work itself (bad file, missing object, ...). */
    static final int FAILED = 1;
    /** Exit status for a command line that does not parse (picocli's convention). */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        Supplier<Object> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            cl.addSubcommand(named.get());
        } else {
            for (Supplier<Object> c : COMMANDS.values()) cl.addSubcommand(c.get());
        }
        // picocli interpolates ${...} in the texts (its standard help options' names are such
        // variables), so a literal "${ORIGIN}" is written "$${ORIGIN}"
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("h5vds: " + Failures.describe(e));
            return FAILED;
        });
        cl.setParameterExceptionHandler((e, args2) -> {
            err.println("h5vds: " + e.getMessage());
            err.println("Try 'h5vds " + (e.getCommandLine().getCommandName().equals("h5vds") ? "" : e.getCommandLine().getCommandName() + " ") + "--help'.");
            return USAGE;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"h5vds " + (v == null ? "(development build)" : v)};
        }
    }
}
