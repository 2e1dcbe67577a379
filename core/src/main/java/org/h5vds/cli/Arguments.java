package org.h5vds.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line read against a {@link CommandSpec}: the converted value of every option and
 * positional given (or defaulted), by option name or positional label. Options and positionals
 * may come in any order; {@code --name VALUE} and {@code --name=VALUE} are the same; {@code --}
 * ends the options; {@code -h}/{@code --help} and {@code -V}/{@code --version} stop the reading
 * (so that help is shown whatever else the line holds).
 */
final class Arguments {
    private final Map<String, Object> values = new HashMap<>();
    /** Set when the line asks for help or the version instead of the work. */
    private boolean help;
    private boolean version;

    private Arguments() {
    }

    boolean helpRequested() {
        return help;
    }

    boolean versionRequested() {
        return version;
    }

    /** Whether the flag was given. */
    boolean flag(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    /** The converted value of an option or positional, or null when neither given nor defaulted. */
    @SuppressWarnings("unchecked")
    <T> T get(String nameOrLabel) {
        return (T) values.get(nameOrLabel);
    }

    /** The values of a repeatable option or of the variadic positional, in the order given (empty when none). */
    @SuppressWarnings("unchecked")
    <T> List<T> list(String nameOrLabel) {
        Object v = values.get(nameOrLabel);
        return v == null ? new ArrayList<>() : (List<T>) v;
    }

    /** Reads {@code args[from..]} against {@code spec}; a line that does not fit throws a {@link UsageException} naming what is wrong. */
    static Arguments parse(CommandSpec spec, String[] args, int from) {
        Arguments a = new Arguments();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (optionsEnded || !looksLikeOption(arg)) {
                positional.add(arg);
            } else if (arg.equals("--")) {
                optionsEnded = true;
            } else if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg : arg.substring(0, eq);
                String inline = eq < 0 ? null : arg.substring(eq + 1);
                if (name.equals(CommandSpec.HELP.name) || name.equals(CommandSpec.VERSION.name)) {
                    a.help = name.equals(CommandSpec.HELP.name);
                    a.version = !a.help;
                    return a;
                }
                OptionSpec o = spec.option(name);
                if (o == null) throw new UsageException("Unknown option: '" + name + "'");
                if (o.isFlag()) {
                    a.setFlag(o, inline);
                } else {
                    String text = inline;
                    if (text == null) {
                        // the next argument is the value, unless there is none or it is another option
                        if (i + 1 == args.length || spec.option(args[i + 1]) != null || isStandard(args[i + 1])) {
                            throw new UsageException("Missing required parameter for option '" + o.name + "' (" + o.label + ")");
                        }
                        text = args[++i];
                    }
                    a.setValue(o, text);
                }
            } else {
                // short options: only the standard -h and -V, which may be clustered (-hV)
                for (int k = 1; k < arg.length(); k++) {
                    char c = arg.charAt(k);
                    if (c != 'h' && c != 'V') throw new UsageException("Unknown option: '" + arg + "'");
                }
                a.help = arg.indexOf('h') > 0;
                a.version = !a.help;
                return a;
            }
        }
        a.assignPositionals(spec, positional);
        a.checkRequired(spec);
        return a;
    }

    /** An option, not a value: starts with '-' and is not '-' alone or a negative number. */
    private static boolean looksLikeOption(String arg) {
        if (arg.length() < 2 || arg.charAt(0) != '-') return false;
        char c = arg.charAt(1);
        return !(c >= '0' && c <= '9') && c != '.';
    }

    private static boolean isStandard(String arg) {
        return arg.equals("-h") || arg.equals("-V") || arg.equals(CommandSpec.HELP.name) || arg.equals(CommandSpec.VERSION.name);
    }

    private void setFlag(OptionSpec o, String inline) {
        boolean on;
        if (inline == null || inline.equalsIgnoreCase("true")) {
            on = true;
        } else if (inline.equalsIgnoreCase("false")) {
            on = false;
        } else {
            throw new UsageException("Invalid value for option '" + o.name + "': '" + inline + "' is not a boolean (the option takes no value)");
        }
        values.put(o.name, on);
    }

    private void setValue(OptionSpec o, String text) {
        Object v = convert(o, text);
        if (o.repeatable) {
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) values.get(o.name);
            if (l == null) values.put(o.name, l = new ArrayList<>());
            l.add(v);
        } else {
            if (values.containsKey(o.name)) throw new UsageException("option '" + o.name + "' (" + o.label + ") should be given only once");
            values.put(o.name, v);
        }
    }

    private static Object convert(OptionSpec o, String text) {
        try {
            return o.converter.convert(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("Invalid value for option '" + o.name + "'" + (o.converter == Converters.LONGS ? " (" + o.label + ")" : "") + ": "
                    + e.getMessage());
        }
    }

    private void assignPositionals(CommandSpec spec, List<String> given) {
        int next = 0;
        for (CommandSpec.Positional p : spec.positionals) {
            if (p.variadic) {
                if (next == given.size()) throw new UsageException("Missing required parameter: '" + p.label + "'");
                values.put(p.label, new ArrayList<>(given.subList(next, given.size())));
                next = given.size();
            } else if (next < given.size()) {
                values.put(p.label, given.get(next++));
            } else if (!p.optional) {
                String missing = missing(spec, next);
                throw new UsageException("Missing required parameter" + (missing.contains(",") ? "s" : "") + ": " + missing);
            }
        }
        if (next < given.size()) {
            throw new UsageException("Unexpected argument" + (given.size() - next > 1 ? "s" : "") + ": '" + String.join("', '", given.subList(next, given.size())) + "'");
        }
    }

    /** The labels of the required positionals from the {@code first}, quoted: {@code 'FILE', 'DATASET'}. */
    private static String missing(CommandSpec spec, int first) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < spec.positionals.size(); i++) {
            CommandSpec.Positional p = spec.positionals.get(i);
            if (p.optional) break;
            sb.append(sb.length() == 0 ? "'" : ", '").append(p.label).append('\'');
        }
        return sb.toString();
    }

    private void checkRequired(CommandSpec spec) {
        for (OptionSpec o : spec.options) {
            if (values.containsKey(o.name)) continue;
            if (o.defaultValue != null) values.put(o.name, convert(o, o.defaultValue));
            else if (o.required) throw new UsageException("Missing required option: '" + o.synopsis() + "'");
        }
        for (List<OptionSpec> group : spec.oneOf) {
            List<String> given = new ArrayList<>();
            for (OptionSpec o : group) if (values.containsKey(o.name) && !Boolean.FALSE.equals(values.get(o.name))) given.add(o.synopsis());
            if (given.size() > 1) throw new UsageException(String.join(", ", given) + " exclude each other (give only one)");
            if (given.isEmpty()) throw new UsageException("Missing required option (give one of these): " + HelpText.group(group));
        }
    }
}
