package org.h5vds.cli;

/**
 * One option of a command: its name ({@code --select}), the label of its value in the help
 * ({@code EXPR}; none for a flag), its description, and how its value is converted; optionally
 * required, repeatable (each occurrence adds a value to a list) or with a default.
 */
final class OptionSpec {
    final String name;
    final String label;
    final Converter converter;
    final String description;
    final boolean required;
    final boolean repeatable;
    final String defaultValue;

    private OptionSpec(String name, String label, Converter converter, String description, boolean required, boolean repeatable,
            String defaultValue) {
        this.name = name;
        this.label = label;
        this.converter = converter;
        this.description = description;
        this.required = required;
        this.repeatable = repeatable;
        this.defaultValue = defaultValue;
    }

    /** An option without a value: present or not. */
    static OptionSpec flag(String name, String description) {
        return new OptionSpec(name, null, null, description, false, false, null);
    }

    /** An option with a value, written {@code --name VALUE} or {@code --name=VALUE}. */
    static OptionSpec value(String name, String label, Converter converter, String description) {
        return new OptionSpec(name, label, converter, description, false, false, null);
    }

    /** This option, which the command line must give. */
    OptionSpec required() {
        return new OptionSpec(name, label, converter, description, true, repeatable, defaultValue);
    }

    /** This option, which may be given more than once; its value is the list of the values given. */
    OptionSpec repeatable() {
        return new OptionSpec(name, label, converter, description, required, true, defaultValue);
    }

    /** This option, whose value is {@code text} (converted as a given value is) when the line does not give it. */
    OptionSpec defaultValue(String text) {
        return new OptionSpec(name, label, converter, description, required, repeatable, text);
    }

    boolean isFlag() {
        return converter == null;
    }

    /** As the synopsis and error messages write it: {@code --json}, {@code --select=EXPR}. */
    String synopsis() {
        return isFlag() ? name : name + "=" + label;
    }
}
