package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every command's {@code --help} (and {@code h5vds --help}) prints its usage cleanly and exits 0:
 * nothing on stderr or System.err, no lost text ("null"), no missing-parameter error.
 */
class HelpTest {
    @Test
    void everyCommandsHelpPrintsCleanly() {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("--help"));
        for (String name : Main.commandNames()) commands.add(List.of(name, "--help"));
        assertThat(commands).hasSizeGreaterThan(8);
        PrintStream originalErr = System.err;
        for (List<String> args : commands) {
            ByteArrayOutputStream strayOutput = new ByteArrayOutputStream();
            StringWriter out = new StringWriter(), err = new StringWriter();
            int exit;
            System.setErr(new PrintStream(strayOutput, true, StandardCharsets.UTF_8));
            try {
                exit = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
            } finally {
                System.setErr(originalErr);
            }
            String what = String.join(" ", args);
            assertThat(exit).as(what).isZero();
            assertThat(err.toString()).as(what).isEmpty();
            assertThat(strayOutput.toString(StandardCharsets.UTF_8)).as(what).isEmpty();
            assertThat(out.toString()).as(what).startsWith("Usage: h5vds").doesNotContain("null");
        }
    }
}
