package dev.surrogate.cli;

import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on stderr: one line per epoch (train loss, validation loss, learning rate, seconds) and, on an
 * interactive terminal, a bar over the epoch's batches. Never writes to stdout.
 */
final class TrainingProgress implements TrainingListener {
    private final PrintWriter err;
    private final boolean enabled;
    private final boolean bar;
    private ProgressReporter batches;
    private int batchCount;

    TrainingProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
        this.bar = ProgressReporter.showsBar(enabled);
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batchesInEpoch) {
        batchCount = batchesInEpoch;
        if (bar) {
            batches = new ProgressReporter("epoch " + epoch + "/" + epochs, err, true);
            batches.started(batchesInEpoch);
        }
    }

    @Override
    public void batchDone(int epoch, int batch, double loss) {
        if (batches != null) {
            batches.progress(batch, batchCount);
        }
    }

    @Override
    public void epochDone(EpochRecord r) {
        if (batches != null) {
            batches.finished();
            batches = null;
        }
        if (enabled) {
            err.printf(Locale.ROOT, "epoch %4d  train %.4e  val %s  lr %.2e  %.1f s%n", r.epoch(), r.trainLoss(),
                    Double.isNaN(r.validationLoss()) ? "-         " : String.format(Locale.ROOT, "%.4e",
                            r.validationLoss()), r.learningRate(), r.seconds());
            err.flush();
        }
    }
}
