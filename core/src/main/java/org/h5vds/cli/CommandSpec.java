package org.h5vds.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a command takes, declared in code by the command: its name, description, positionals
 * (required ones, then at most one optional one, or a last one taking one or more values) and
 * options, and groups of options of which exactly one must be given. {@link Arguments#parse}
 * reads a command line against it and {@link HelpText} prints it.
 *
 * <p>The model is written out rather than read off annotations by reflection (as picocli does),
 * because building that reflective model cost more CPU than the JVM's own start.
 */
final class CommandSpec {
    /** A positional parameter: its label in the help ({@code FILE}) and description. */
    static final class Positional {
        final String label;
        final String description;
        final boolean optional;
        final boolean variadic;

        Positional(String label, String description, boolean optional, boolean variadic) {
            this.label = label;
            this.description = description;
            this.optional = optional;
            this.variadic = variadic;
        }

        /** As the synopsis and the help write it: {@code FILE}, {@code [DATASET]}, {@code SRC...}. */
        String synopsis() {
            return optional ? "[" + label + "]" : variadic ? label + "..." : label;
        }
    }

    /** The standard options every command and {@code h5vds} itself take. */
    static final OptionSpec HELP = OptionSpec.flag("--help", "Show this help message and exit.");
    static final OptionSpec VERSION = OptionSpec.flag("--version", "Print version information and exit.");

    final String name;
    final String[] description;
    final List<Positional> positionals = new ArrayList<>();
    final List<OptionSpec> options = new ArrayList<>();
    /** Each a set of options of which exactly one must be given. */
    final List<List<OptionSpec>> oneOf = new ArrayList<>();

    CommandSpec(String name, String... description) {
        this.name = name;
        this.description = description;
    }

    /** A required positional, after those declared before it. */
    CommandSpec positional(String label, String description) {
        return add(new Positional(label, description, false, false));
    }

    /** An optional positional; it comes last. */
    CommandSpec optionalPositional(String label, String description) {
        return add(new Positional(label, description, true, false));
    }

    /** The last positional, taking one or more values. */
    CommandSpec positionals(String label, String description) {
        return add(new Positional(label, description, false, true));
    }

    private CommandSpec add(Positional p) {
        if (!positionals.isEmpty() && (last().optional || last().variadic)) {
            throw new IllegalStateException(name + ": " + p.label + " after the optional or repeated " + last().label);
        }
        positionals.add(p);
        return this;
    }

    private Positional last() {
        return positionals.get(positionals.size() - 1);
    }

    CommandSpec option(OptionSpec o) {
        for (OptionSpec known : options) if (known.name.equals(o.name)) throw new IllegalStateException(name + ": " + o.name + " declared twice");
        options.add(o);
        return this;
    }

    CommandSpec options(List<OptionSpec> list) {
        for (OptionSpec o : list) option(o);
        return this;
    }

    /** Options of which exactly one must be given (each also an option of the command). */
    CommandSpec oneOf(OptionSpec... group) {
        for (OptionSpec o : group) option(o);
        oneOf.add(List.of(group));
        return this;
    }

    /** The option of that name, or null. */
    OptionSpec option(String optionName) {
        for (OptionSpec o : options) if (o.name.equals(optionName)) return o;
        return null;
    }
}
