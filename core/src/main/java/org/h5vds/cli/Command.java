package org.h5vds.cli;

import java.io.PrintWriter;

/** One {@code h5vds} command: what it takes ({@link CommandSpec}), and its work on a line read against that. */
interface Command {
    CommandSpec spec();

    /**
     * Does the work; returns the exit status (0, or {@link Main#FAILED} for work that found
     * problems it reported itself). An exception ends the command with one line on {@code err}.
     */
    int run(Arguments line, PrintWriter out, PrintWriter err) throws Exception;
}
