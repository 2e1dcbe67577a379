package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.h5vds.api.VirtualView;
import org.junit.jupiter.api.Test;

/**
 * The command line's own parser ({@link Arguments} against a {@link CommandSpec}): the forms a
 * value is given in, repeated options, a group of which exactly one option is required, and the
 * one-line usage errors (exit 2) naming the option, parameter or value at fault.
 */
class CommandLineParsingTest {
    private static final CommandSpec SPEC = new CommandSpec("t", "a test command")
            .positional("FILE", null)
            .optionalPositional("DATASET", null)
            .option(OptionSpec.value("--count", "N", Converters.LONG, "a number"))
            .option(OptionSpec.value("--chunks", "a,b,..", Converters.LONGS, "lengths"))
            .option(OptionSpec.value("--set", "NAME=VALUE", Converters.TEXT, "repeatable").repeatable())
            .option(OptionSpec.value("--format", "F", Converters.TEXT, "defaulted").defaultValue("kerchunk"))
            .option(OptionSpec.value("--view", "VIEW", new ViewOption(), "a view"))
            .option(OptionSpec.flag("--json", "a flag"))
            .oneOf(OptionSpec.value("--axis", "K", Converters.INT, "an axis"), OptionSpec.flag("--stack", "stack"));

    private static Arguments parse(String... args) {
        return Arguments.parse(SPEC, args, 0);
    }

    private static void refused(String message, String... args) {
        assertThatThrownBy(() -> parse(args)).as(String.join(" ", args)).isInstanceOf(UsageException.class).hasMessage(message);
    }

    @Test
    void valuesComeAsSeparateArgumentsOrAfterAnEqualsSign() {
        Arguments a = parse("f.h5", "--count", "7", "--chunks=2,3", "--axis=-1", "--view", "first-missing");
        assertThat(a.<String>get("FILE")).isEqualTo("f.h5");
        assertThat(a.<String>get("DATASET")).isNull();
        assertThat(a.<Long>get("--count")).isEqualTo(7L);
        assertThat(a.<long[]>get("--chunks")).containsExactly(2, 3);
        assertThat(a.<Integer>get("--axis")).isEqualTo(-1);
        assertThat(a.<VirtualView>get("--view")).isEqualTo(VirtualView.FIRST_MISSING);
        assertThat(a.<String>get("--format")).isEqualTo("kerchunk");
        assertThat(a.flag("--json")).isFalse();
        assertThat(a.list("--set")).isEmpty();
    }

    @Test
    void optionsAndPositionalsMixAndDoubleDashEndsTheOptions() {
        Arguments a = parse("--stack", "f.h5", "--json", "--set", "a=1", "--", "--set=b");
        assertThat(a.<String>get("FILE")).isEqualTo("f.h5");
        assertThat(a.<String>get("DATASET")).isEqualTo("--set=b");
        assertThat(a.flag("--json")).isTrue();
        assertThat(a.flag("--stack")).isTrue();
        assertThat(a.<String>list("--set")).containsExactly("a=1");
        // a negative number is a value, not an option
        assertThat(parse("--axis", "-2", "-3").<String>get("FILE")).isEqualTo("-3");
        assertThat(parse("--stack", "x", "--json=false").flag("--json")).isFalse();
        assertThat(parse("--stack", "x", "--format", "other").<String>get("--format")).isEqualTo("other");
    }

    @Test
    void repeatableOptionsCollectEveryValueInOrder() {
        assertThat(parse("f", "--stack", "--set", "a=1", "--set=b=[1, 2]", "--set", "c=\"x\"").<String>list("--set"))
                .containsExactly("a=1", "b=[1, 2]", "c=\"x\"");
        refused("option '--count' (N) should be given only once", "f", "--stack", "--count", "1", "--count", "2");
    }

    @Test
    void exactlyOneOptionOfAGroup() {
        refused("--axis=K, --stack exclude each other (give only one)", "f", "--axis", "1", "--stack");
        refused("Missing required option (give one of these): (--axis=K | --stack)", "f");
        assertThat(parse("f", "--stack", "--stack=false", "--axis", "0").<Integer>get("--axis")).isZero();
    }

    @Test
    void usageErrorsNameWhatIsWrong() {
        refused("Missing required parameter: 'FILE'", "--stack");
        refused("Unexpected argument: 'c'", "a", "b", "c", "--stack");
        refused("Unknown option: '--bogus'", "f", "--bogus", "--stack");
        refused("Unknown option: '-x'", "f", "-x");
        refused("Invalid value for option '--count': 'abc' is not a long", "f", "--stack", "--count", "abc");
        refused("Invalid value for option '--chunks' (a,b,..): 'x' is not a long", "f", "--stack", "--chunks", "1,x");
        refused("Invalid value for option '--axis': '1.5' is not an int", "f", "--axis=1.5");
        refused("Invalid value for option '--view': 'nah' is not a view: use first-missing or last-available", "f", "--stack", "--view", "nah");
        refused("Missing required parameter for option '--count' (N)", "f", "--stack", "--count");
        refused("Missing required parameter for option '--count' (N)", "f", "--count", "--stack");
        refused("Invalid value for option '--json': 'yes' is not a boolean (the option takes no value)", "f", "--stack", "--json=yes");
    }

    @Test
    void helpAndVersionWinOverAnythingElseOnTheLine() {
        assertThat(parse("-h", "--bogus").helpRequested()).isTrue();
        assertThat(parse("f", "--help").helpRequested()).isTrue();
        assertThat(parse("-V").versionRequested()).isTrue();
        assertThat(parse("--version").versionRequested()).isTrue();
    }

    @Test
    void aRequiredOptionMissingIsAUsageErrorThroughMain() {
        CliTest.Result r = CliTest.run("refs", "f.h5", "d");
        assertThat(r.exit()).isEqualTo(Main.USAGE);
        assertThat(r.err()).isEqualTo("h5vds: Missing required option: '--output=REFS.json'\nTry 'h5vds refs --help'.\n");
        assertThat(r.out()).isEmpty();
        CliTest.Result type = CliTest.run("read", "f.h5", "d", "--interval", "soon");
        assertThat(type.exit()).isEqualTo(Main.USAGE);
        assertThat(type.err()).isEqualTo("h5vds: Invalid value for option '--interval': 'soon' is not a long\nTry 'h5vds read --help'.\n");
    }

    @Test
    void everyCommandAndH5vdsItselfTakeHelpAndVersion() {
        List<String> names = List.copyOf(Main.commandNames());
        for (String name : names) {
            for (String h : new String[] {"-h", "--help"}) {
                CliTest.Result r = CliTest.run(name, h);
                assertThat(r.exit()).as(name + " " + h).isZero();
                assertThat(r.out()).as(name + " " + h).startsWith("Usage: h5vds " + name + " [-hV]");
            }
            for (String v : new String[] {"-V", "--version"}) {
                CliTest.Result r = CliTest.run(name, v);
                assertThat(r.exit()).as(name + " " + v).isZero();
                assertThat(r.out()).as(name + " " + v).startsWith("h5vds ");
            }
        }
        assertThat(CliTest.run("-V").out()).startsWith("h5vds ");
        assertThat(CliTest.run().out()).startsWith("Usage: h5vds [-hV] [COMMAND]");
        CliTest.Result bad = CliTest.run("--bogus");
        assertThat(bad.exit()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).isEqualTo("h5vds: Unknown option: '--bogus'\nTry 'h5vds --help'.\n");
    }

    @Test
    void aDefaultIsConvertedAsAGivenValueIs() {
        CommandSpec s = new CommandSpec("d").option(OptionSpec.value("--interval", "MS", Converters.LONG, "").defaultValue("100"))
                .option(OptionSpec.value("--dir", "D", Converters.PATH, ""));
        Arguments a = Arguments.parse(s, new String[] {"--dir", "x/y"}, 0);
        assertThat(a.<Long>get("--interval")).isEqualTo(100L);
        assertThat(a.<Path>get("--dir")).isEqualTo(Path.of("x/y"));
    }
}
