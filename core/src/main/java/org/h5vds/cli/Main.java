package org.h5vds.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code h5vds} command line. Every failure a user can cause (bad file, bad path, bad index,
 * bad option) prints one line naming what was wrong and exits non-zero; no stack traces.
 */
@Command(name = "h5vds", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "HDF5 virtual datasets in pure Java: inspect, read, write and build VDS files.",
        subcommands = {DemoCommand.class, ExampleCommand.class, LsCommand.class, ReadCommand.class, WriteCommand.class,
                MappingsCommand.class, ConcatCommand.class, CheckCommand.class, AttrsCommand.class, MaterializeCommand.class,
                RefsCommand.class})
public final class Main implements Runnable {
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
