package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the command line's fast start must not change: the usage still lists every command (only
 * the command named first is built otherwise), help texts keep their literal {@code ${ORIGIN}},
 * and the launcher's class-data training runs every command line it lists without failure.
 */
class CliStartupTest {
    @Test
    void usageListsEveryCommand() {
        CliTest.Result r = CliTest.run("--help");
        assertThat(r.exit()).isZero();
        for (String c : new String[] {"demo", "example", "ls", "read", "write", "mappings", "concat", "check", "materialize", "refs"}) {
            assertThat(r.out()).containsPattern("(?m)^ +" + c + " ");
        }
    }

    @Test
    void anUnknownCommandStillFailsAsAUsageError() {
        CliTest.Result r = CliTest.run("lss", "x.h5");
        assertThat(r.exit()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("lss");
    }

    @Test
    void helpTextsAreNotInterpolated() {
        assertThat(CliTest.run("check", "--help").out()).contains("first; ${ORIGIN}").doesNotContain("$${ORIGIN}").doesNotContain("null");
        assertThat(CliTest.run("read", "--help").out()).contains("${ORIGIN}").doesNotContain("$${ORIGIN}");
        assertThat(CliTest.run("check", "--help").out()).contains("Printf (%b)");
        assertThat(CliTest.run("ls", "--help").out()).contains("-h, --help").contains("-V, --version");
    }

    @Test
    void classDataTrainingRunsEveryLine() throws Exception {
        assertThat(ClassDataTraining.run()).isZero();
    }
}
