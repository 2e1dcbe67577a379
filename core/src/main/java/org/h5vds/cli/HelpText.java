package org.h5vds.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The help of a command, and of {@code h5vds} itself, laid out for an 80-column terminal: the
 * synopsis ({@code Usage: h5vds ls [-hV] [--json] ... FILE}), the description, then one row per
 * positional and option (options in name order) with its description in a column. Texts are
 * printed as written: no {@code %} or {@code ${...}} is interpreted.
 */
final class HelpText {
    /** The longest line (an 80-column terminal wraps a line of 80 before its newline). */
    private static final int WIDTH = 79;
    /** The column where an option's description starts. */
    private static final int OPTION_COLUMN = 27;
    /** The column where a command's description starts in the list of commands. */
    private static final int COMMAND_COLUMN = 15;

    private HelpText() {
    }

    /** The help of one command. */
    static void print(CommandSpec spec, PrintWriter out) {
        List<String> words = new ArrayList<>();
        words.add("[-hV]");
        List<OptionSpec> sorted = sorted(spec.options);
        for (OptionSpec o : sorted) if (o.isFlag() && !inGroup(spec, o)) words.add(o.required ? o.name : "[" + o.name + "]");
        for (OptionSpec o : sorted) {
            if (o.isFlag() || inGroup(spec, o)) continue;
            String w = o.required ? o.synopsis() : "[" + o.synopsis() + "]";
            words.add(o.repeatable ? w + "..." : w);
        }
        for (List<OptionSpec> group : spec.oneOf) words.add(group(group));
        for (CommandSpec.Positional p : spec.positionals) words.add(p.synopsis());
        String head = "Usage: h5vds " + spec.name + " ";
        wrap(out, head, String.join(" ", words), head.length());
        for (String d : spec.description) wrap(out, "", d, 0);
        for (CommandSpec.Positional p : spec.positionals) row(out, "      " + p.synopsis(), p.description);
        List<OptionSpec> all = new ArrayList<>(spec.options);
        all.add(CommandSpec.HELP);
        all.add(CommandSpec.VERSION);
        for (OptionSpec o : sorted(all)) {
            String shortName = o == CommandSpec.HELP ? "-h, " : o == CommandSpec.VERSION ? "-V, " : "    ";
            row(out, "  " + shortName + o.synopsis(), o.description);
        }
        out.flush();
    }

    /** The help of {@code h5vds}: its options and the commands, each with the first line of its description. */
    static void printMain(List<CommandSpec> commands, PrintWriter out) {
        out.println("Usage: h5vds [-hV] [COMMAND]");
        out.println("HDF5 virtual datasets in pure Java: inspect, read, write and build VDS files.");
        out.println("  -h, --help      " + CommandSpec.HELP.description);
        out.println("  -V, --version   " + CommandSpec.VERSION.description);
        out.println("Commands:");
        for (CommandSpec c : commands) {
            String name = "  " + c.name;
            wrap(out, name.length() < COMMAND_COLUMN - 1 ? pad(name, COMMAND_COLUMN) : name + "  ", c.description[0], COMMAND_COLUMN + 2);
        }
        out.flush();
    }

    /** A group of options of which one must be given, as the synopsis writes it: {@code (--axis=K | --stack)}. */
    static String group(List<OptionSpec> group) {
        StringBuilder sb = new StringBuilder("(");
        for (OptionSpec o : group) sb.append(sb.length() == 1 ? "" : " | ").append(o.synopsis());
        return sb.append(')').toString();
    }

    private static boolean inGroup(CommandSpec spec, OptionSpec o) {
        for (List<OptionSpec> g : spec.oneOf) if (g.contains(o)) return true;
        return false;
    }

    /** By name without dashes, ignoring case; the standard options by their short names (h, V). */
    private static List<OptionSpec> sorted(List<OptionSpec> options) {
        List<OptionSpec> out = new ArrayList<>(options);
        for (int i = 1; i < out.size(); i++) {
            for (int j = i; j > 0 && key(out.get(j - 1)).compareToIgnoreCase(key(out.get(j))) > 0; j--) {
                out.set(j, out.set(j - 1, out.get(j)));
            }
        }
        return out;
    }

    private static String key(OptionSpec o) {
        return o == CommandSpec.HELP ? "h" : o == CommandSpec.VERSION ? "V" : o.name.substring(2);
    }

    /** One positional or option: its name, then its description from {@link #OPTION_COLUMN} (on the next line when the name is too long). */
    private static void row(PrintWriter out, String name, String description) {
        if (description == null || description.isEmpty()) {
            out.println(name);
        } else if (name.length() <= OPTION_COLUMN - 2) {
            wrap(out, pad(name, OPTION_COLUMN), description, OPTION_COLUMN + 2);
        } else {
            out.println(name);
            wrap(out, pad("", OPTION_COLUMN), description, OPTION_COLUMN + 2);
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    /**
     * Prints {@code text} after {@code first} (the start of the first line),
     * broken at spaces so that no line passes {@link #WIDTH}, later lines indented by {@code indent}.
     */
    private static void wrap(PrintWriter out, String first, String text, int indent) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (word.isEmpty()) continue;
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                out.println(line);
                line.setLength(0);
                line.append(pad("", indent));
                empty = true;
            }
            if (!empty) line.append(' ');
            line.append(word);
            empty = false;
        }
        out.println(line.toString().stripTrailing());
    }
}
