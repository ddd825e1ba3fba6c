package dev.surrogate.cli;

import dev.surrogate.datasets.generate.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows progress on stderr: a progress bar on an interactive terminal, otherwise a line at every 10 % (logs and
 * captured streams stay readable). Never writes to stdout.
 */
public final class ProgressReporter implements ProgressListener {
    private final String task;
    private final PrintWriter err;
    private final boolean enabled;
    private final boolean bar;
    private ProgressBar progressBar;
    private int lastDecile = -1;

    /**
     * @param task    name shown next to the bar
     * @param err     where lines go when there is no terminal
     * @param enabled false to show nothing
     */
    public ProgressReporter(String task, PrintWriter err, boolean enabled) {
        this.task = task;
        this.err = err;
        this.enabled = enabled;
        this.bar = showsBar(enabled);
    }

    /**
     * @param enabled whether progress is shown at all
     * @return whether to draw a bar: only on an interactive terminal, unless {@code -Dsurrogate.noProgressBar}
     */
    static boolean showsBar(boolean enabled) {
        return enabled && System.console() != null && !Boolean.getBoolean("surrogate.noProgressBar");
    }

    @Override
    public void started(long total) {
        if (bar) {
            progressBar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250)
                    .showSpeed().build();
        }
    }

    @Override
    public void progress(long done, long total) {
        if (!enabled) {
            return;
        }
        if (progressBar != null) {
            progressBar.stepTo(done);
            return;
        }
        int decile = (int) (10 * done / Math.max(1, total));
        if (decile > lastDecile) {
            lastDecile = decile;
            err.printf(Locale.ROOT, "%s: %d/%d (%d%%)%n", task, done, total, 100 * done / Math.max(1, total));
            err.flush();
        }
    }

    /**
     * Progress inside long samples (e.g. Navier-Stokes at dt 1e-4, minutes each): the bar shows the fraction as a
     * percentage; without a terminal a line is printed at every further 10 % of the whole run.
     */
    @Override
    public void partialProgress(double done, long total) {
        if (!enabled) {
            return;
        }
        double percent = 100 * done / Math.max(1, total);
        if (progressBar != null) {
            progressBar.setExtraMessage(String.format(Locale.ROOT, "%.1f%% by simulated time", percent));
            return;
        }
        int decile = (int) (percent / 10);
        if (decile > lastDecile) {
            lastDecile = decile;
            err.printf(Locale.ROOT, "%s: %.2f/%d (%d%%, by simulated time of the running samples)%n", task, done,
                    total, (int) percent);
            err.flush();
        }
    }

    @Override
    public void finished() {
        if (progressBar != null) {
            progressBar.close();
            progressBar = null;
        }
    }
}
