package dev.surrogate.uq.compare;

import dev.surrogate.operators.training.EpochRecord;
import dev.surrogate.operators.training.TrainingListener;
import dev.surrogate.uq.ensemble.DeepEnsemble;
import dev.surrogate.uq.ensemble.EnsembleDirectory;
import dev.surrogate.uq.ensemble.EnsembleListener;
import dev.surrogate.uq.ensemble.EnsembleSettings;
import dev.surrogate.uq.ensemble.EnsembleTrainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The deep ensemble as a comparison method ({@code ensemble}): {@link EnsembleTrainer} trains {@code members}
 * heteroscedastic operators in the method's directory (an ensemble directory, resumed member by member), and the
 * forecast is the {@link DeepEnsemble} mixture. Options: {@code members} (default 5), {@code bootstrap} (default
 * false), {@code parallel} (members trained at once; default {@link EnsembleTrainer#defaultParallelism}). Its train
 * seconds are the ensemble's recorded wall-clock seconds; its diagnostics are the mean aleatoric and epistemic
 * variance of the first forecast step ({@code aleatoric_variance}, {@code epistemic_variance}, squared field units).
 */
public final class EnsembleMethod implements UqMethod {
    /** Registered name. */
    public static final String NAME = "ensemble";

    private final int members;
    private final boolean bootstrap;
    private final int parallel;

    /**
     * @param options {@code members}, {@code bootstrap}, {@code parallel}
     * @throws IllegalArgumentException for bad values
     */
    public EnsembleMethod(MethodOptions options) {
        this.members = options.integer("members", EnsembleSettings.DEFAULT_MEMBERS);
        this.bootstrap = options.flag("bootstrap", false);
        if (members < 1) {
            throw new IllegalArgumentException("option members must be >= 1, got " + members);
        }
        this.parallel = options.integer("parallel", EnsembleTrainer.defaultParallelism(members));
        if (parallel < 1) {
            throw new IllegalArgumentException("option parallel must be >= 1, got " + parallel);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("members", members);
        m.put("bootstrap", bootstrap);
        return m;
    }

    /** {@inheritDoc} */
    @Override
    public Fitted fit(CompareContext ctx, Path dir) {
        EnsembleDirectory ens = new EnsembleDirectory(dir);
        EnsembleSettings settings = new EnsembleSettings(members, bootstrap, ctx.seed());
        boolean trained = false;
        if (!ctx.trainingAllowed()) {
            if (!EnsembleDirectory.isEnsemble(dir)) {
                throw new IllegalArgumentException(dir + " holds no ensemble (no " + EnsembleDirectory.CONFIG + ")");
            }
            warnOnOverlap(ctx, ens.readConfig());
        } else {
            if (!EnsembleDirectory.isEnsemble(dir)) {
                EnsembleTrainer.create(dir, settings, seed -> ctx.models().build(ctx.modelRequest(0, true, seed)),
                        ctx.train(), ctx.task(), ctx.fitSamples(), new int[0], ctx.trainingSettings(ctx.seed()),
                        ctx.dataNotes());
            }
            EnsembleDirectory.Config c = ens.readConfig();
            if (!c.settings().equals(settings) || !Arrays.equals(c.samples(), ctx.fitSamples())) {
                throw new IllegalArgumentException(dir + " holds another ensemble (" + c.settings() + " on "
                        + c.samples().length + " trajectories; asked for " + settings + " on "
                        + ctx.fitSamples().length + "); use another directory");
            }
            if (!ens.isComplete() || c.epochs() != ctx.recipe().epochs()) {
                ctx.listener().note(String.format(Locale.ROOT, "%s: training %d members, %d at once", NAME,
                        members, Math.min(parallel, members)));
                new EnsembleTrainer(parallel).train(ens, ctx.train(), null, ctx.recipe().epochs(),
                        listener(ctx, members));
                trained = true;
            }
        }
        EnsembleDirectory.Config c = ens.readConfig();
        DeepEnsemble ensemble = DeepEnsemble.load(ens);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("members", c.settings().members());
        details.put("bootstrap", c.settings().bootstrap());
        details.put("epochs", c.epochs());
        return new Fitted(ensemble, c.wallSeconds(), trained, details);
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Double> diagnostics(Fitted fitted, INDArray input) {
        DeepEnsemble.Moments m = ((DeepEnsemble) fitted.forecaster()).moments(input);
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("aleatoric_variance", m.aleatoric().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber()
                .doubleValue());
        d.put("epistemic_variance", m.epistemic().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber()
                .doubleValue());
        return d;
    }

    private static EnsembleListener listener(CompareContext ctx, int members) {
        return new EnsembleListener() {
            @Override
            public TrainingListener memberStarted(int member, int count, int epochsDone, int epochs) {
                ctx.listener().note(String.format(Locale.ROOT, "%s: member %d/%d %s", NAME, member + 1, count,
                        epochsDone == 0 ? "starts" : "resumes after epoch " + epochsDone));
                return ctx.listener().training(String.format(Locale.ROOT, "%s member %d/%d", NAME, member + 1,
                        count));
            }

            @Override
            public void memberSkipped(int member, int epochsDone) {
                ctx.listener().note(String.format(Locale.ROOT, "%s: member %d/%d already trained (%d epochs), "
                        + "skipped", NAME, member + 1, members, epochsDone));
            }

            @Override
            public void memberDone(int member, List<EpochRecord> history) {
                ctx.listener().note(String.format(Locale.ROOT, "%s: member %d/%d done", NAME, member + 1, members));
            }
        };
    }

    /** A loaded ensemble trained on trajectories that are now in the calibration split would bias calibration. */
    private static void warnOnOverlap(CompareContext ctx, EnsembleDirectory.Config c) {
        Object file = c.data().get("file");
        if (file == null || !file.equals(ctx.dataNotes().get("file"))) {
            return;
        }
        Set<Integer> fit = new HashSet<>();
        for (int s : c.samples()) {
            fit.add(s);
        }
        long overlap = Arrays.stream(ctx.calibrationSamples()).filter(fit::contains).count();
        if (overlap > 0) {
            ctx.listener().note(String.format(Locale.ROOT, "warning: the loaded ensemble trained on %d of the %d "
                    + "calibration trajectories; its calibration will be optimistic", overlap,
                    ctx.calibrationSamples().length));
        }
    }
}
