package dev.surrogate.uq.compare;

import dev.surrogate.operators.data.Normalizer;
import dev.surrogate.operators.forecast.Forecasters;
import dev.surrogate.operators.losses.Loss;
import dev.surrogate.operators.models.NeuralOperator;
import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.ModelConfig;
import dev.surrogate.operators.training.ModelDirectory;
import dev.surrogate.operators.training.Predictor;
import dev.surrogate.operators.training.Trainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Monte Carlo dropout as a comparison method ({@code dropout}; Gal and Ghahramani 2016): one operator with channel
 * dropout in every layer, trained as usual, then sampled with dropout switched on, one pass per member
 * ({@code McDropoutForecaster}; the number of passes S is the comparison's members per input). Options:
 * {@code dropout} (the rate, default {@value #DEFAULT_RATE}), {@code dropout.heteroscedastic} (default false: the
 * network also predicts a variance, trained with the Gaussian NLL, and every pass draws from it, Kendall and Gal
 * 2017), {@code dropout.loss} (default {@code rel_l2}, or {@code gaussian_nll} with a variance head). The method's
 * directory is an ordinary model directory, resumed from its checkpoint; given with {@code --models} it may be any
 * model trained with dropout. Train seconds: the sum of its epochs' seconds in the history.
 */
public final class DropoutMethod implements UqMethod {
    /** Registered name. */
    public static final String NAME = "dropout";
    /** Default dropout rate. */
    public static final double DEFAULT_RATE = 0.1;

    private final double rate;
    private final boolean heteroscedastic;
    private final String loss;

    /**
     * @param options {@code dropout}, {@code dropout.heteroscedastic}, {@code dropout.loss}
     * @throws IllegalArgumentException for bad values
     */
    public DropoutMethod(MethodOptions options) {
        this.rate = options.real("dropout", DEFAULT_RATE);
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("option dropout (the MC dropout rate) must be in (0, 1), got " + rate);
        }
        this.heteroscedastic = options.flag("dropout.heteroscedastic", false);
        this.loss = options.text("dropout.loss", heteroscedastic ? "gaussian_nll" : "rel_l2");
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dropout", rate);
        m.put("heteroscedastic", heteroscedastic);
        m.put("loss", loss);
        return m;
    }

    /** {@inheritDoc} */
    @Override
    public Fitted fit(CompareContext ctx, Path dir) {
        ModelDirectory md = new ModelDirectory(dir);
        boolean trained = false;
        if (ctx.trainingAllowed()) {
            trained = ctx.trainOrResume(md, NAME, (train, notes) -> {
                NeuralOperator model = ctx.models().build(ctx.modelRequest(rate, heteroscedastic, ctx.seed()));
                ctx.listener().note(String.format(Locale.ROOT, "%s: training (rate %s, %d epochs)", NAME, rate,
                        ctx.recipe().epochs()));
                return new Trainer(model, Loss.byName(loss, ctx.train().domainLengths()), Normalizer.fit(train),
                        ctx.trainingSettings(ctx.seed())).withDataNotes(notes);
            });
        } else if (!md.hasConfig()) {
            throw new IllegalArgumentException(dir + " holds no model directory (no " + ModelDirectory.CONFIG + ")");
        }
        Predictor p = Predictor.load(dir);
        if (!p.hasDropout()) {
            throw new IllegalArgumentException("the model in " + dir + " has no dropout layers: MC dropout needs a "
                    + "model trained with a dropout rate above 0");
        }
        if (!ctx.trainingAllowed()) {
            warnOnOverlap(ctx, p.config());
        }
        double seconds = Double.NaN;
        if (md.hasCheckpoint()) {
            List<EpochRecord> history = md.readCheckpoint().history();
            seconds = history.stream().mapToDouble(EpochRecord::seconds).sum();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        Object r = p.config().model().get("dropout");
        details.put("dropout", r == null ? rate : r);
        details.put("epochs", p.config().training().epochs());
        return new Fitted(Forecasters.of(p), seconds, trained, details);
    }

    /** A loaded model trained on the first trajectories of the same file may have seen the calibration split. */
    private static void warnOnOverlap(CompareContext ctx, ModelConfig c) {
        Object file = c.data().get("file");
        Object n = c.data().get("train_samples");
        if (file == null || !file.equals(ctx.dataNotes().get("file")) || !(n instanceof Number count)) {
            return;
        }
        int[] cal = ctx.calibrationSamples();
        if (cal.length > 0 && count.intValue() > cal[0]) {
            ctx.listener().note(String.format(Locale.ROOT, "warning: the loaded dropout model trained on the first "
                    + "%d trajectories of the file, which reach into the calibration split (from %d); its "
                    + "calibration will be optimistic", count.intValue(), cal[0]));
        }
    }
}
