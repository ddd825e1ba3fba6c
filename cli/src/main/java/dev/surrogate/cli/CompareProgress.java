package dev.surrogate.cli;

import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.uq.compare.CompareListener;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress of {@code uq compare} and {@code train ensemble} on stderr, as lines (several models may train at once,
 * so there is no bar): notes, one line per epoch labelled with the model, and evaluation progress every 10 %.
 * Thread-safe. Never writes to stdout.
 */
final class CompareProgress implements CompareListener {
    private final PrintWriter err;
    private final boolean enabled;
    private final Map<String, Integer> deciles = new HashMap<>();

    CompareProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    @Override
    public synchronized void note(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public TrainingListener training(String label) {
        return new TrainingListener() {
            @Override
            public void epochDone(EpochRecord r) {
                if (enabled) {
                    line(String.format(Locale.ROOT, "%s: epoch %4d  train %.4e  val %s  lr %.2e  %.1f s", label,
                            r.epoch(), r.trainLoss(), Double.isNaN(r.validationLoss()) ? "-" : String.format(
                                    Locale.ROOT, "%.4e", r.validationLoss()), r.learningRate(), r.seconds()));
                }
            }
        };
    }

    @Override
    public synchronized void evaluated(String label, int done, int total) {
        if (!enabled) {
            return;
        }
        int decile = (int) (10L * done / Math.max(1, total));
        Integer last = deciles.get(label);
        if (last == null || decile > last) {
            deciles.put(label, decile);
            line(String.format(Locale.ROOT, "%s: %d/%d", label, done, total));
        }
    }

    private synchronized void line(String s) {
        err.println(s);
        err.flush();
    }
}
