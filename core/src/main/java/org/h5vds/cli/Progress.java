package org.h5vds.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar for long command-line work, drawn on stderr only when a person is watching a
 * terminal; piped or redirected output stays quiet.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar; // null when not shown

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code total} steps of {@code unit} (e.g. " MiB", or "" for items), shown when worth it. */
    static Progress of(String task, long total, String unit, boolean worthShowing) {
        if (System.console() == null || !worthShowing || total <= 0) return new Progress(null);
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(unit, 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
    }

    void stepTo(long done) {
        if (bar != null) bar.stepTo(done);
    }

    void step() {
        if (bar != null) bar.step();
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
