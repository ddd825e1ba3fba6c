package dev.surrogate.generative.sampling;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Runs one blocking integration per row (e.g. a Hipparchus integrator, whose loop calls back for derivatives) in
 * its own thread, and serves their derivative requests in batches: whenever every unfinished row waits for a
 * velocity, the calling thread evaluates all of them in one call of the {@link VelocityField} and releases them.
 * The worker threads only do the integrators' bookkeeping; the field is only ever called from the calling thread
 * (ND4J graphs are not thread-safe). A row's arithmetic depends on its own states only, so the result does not
 * depend on which rows share a batch (up to the field's own round-off across batch compositions).
 */
final class Lockstep {
    private final VelocityField field;
    private final int rows;
    private final int dimension;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition coordinator = lock.newCondition();
    private final Condition released = lock.newCondition();
    private final double[] times;
    private final double[][] states;
    private final double[][] results;
    private final boolean[] pending;
    private int waiting;
    private int finished;
    private boolean aborted;
    private Throwable failure;

    Lockstep(VelocityField field, int rows) {
        this.field = field;
        this.rows = rows;
        this.dimension = field.dimension();
        this.times = new double[rows];
        this.states = new double[rows][];
        this.results = new double[rows][];
        this.pending = new boolean[rows];
    }

    /** Thrown in a worker whose run was aborted because another part failed. */
    private static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super("aborted", null, false, false);
        }
    }

    /**
     * Called by row {@code row}'s integrator (in its worker thread): blocks until the batch it joins is evaluated.
     *
     * @param row  the row
     * @param t    its time
     * @param y    its state (read only)
     * @return the velocity (a new array)
     */
    double[] request(int row, double t, double[] y) {
        lock.lock();
        try {
            times[row] = t;
            states[row] = y;
            pending[row] = true;
            waiting++;
            coordinator.signal();
            while (pending[row] && !aborted) {
                released.awaitUninterruptibly();
            }
            if (aborted) {
                throw new Aborted();
            }
            double[] v = results[row];
            results[row] = null;
            states[row] = null;
            return v;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work} for every row, each in its own thread, serving their requests from the calling thread
     * until all are done.
     *
     * @param work one row's integration, calling {@link #request} for its derivatives
     * @throws RuntimeException the first failure of a row or of the field, after every thread has ended
     */
    void run(IntConsumer work) {
        Thread[] threads = new Thread[rows];
        for (int r = 0; r < rows; r++) {
            final int row = r;
            threads[r] = new Thread(() -> {
                try {
                    work.accept(row);
                } catch (Aborted e) {
                    // another row or the field failed; its exception is reported
                } catch (Throwable e) {
                    fail(e);
                } finally {
                    finish();
                }
            }, "dopri-row-" + r);
            threads[r].setDaemon(true);
        }
        for (Thread t : threads) {
            t.start();
        }
        try {
            serve();
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            for (Thread t : threads) {
                joinUninterruptibly(t);
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private void serve() {
        int[] ids = new int[rows];
        double[] t = new double[rows];
        double[] z = new double[rows * dimension];
        double[] v = new double[rows * dimension];
        while (true) {
            int count = 0;
            lock.lock();
            try {
                while (waiting + finished < rows && !aborted) {
                    coordinator.awaitUninterruptibly();
                }
                if (aborted || finished == rows) {
                    return;
                }
                for (int r = 0; r < rows; r++) {
                    if (pending[r]) {
                        ids[count] = r;
                        t[count] = times[r];
                        System.arraycopy(states[r], 0, z, count * dimension, dimension);
                        count++;
                    }
                }
            } finally {
                lock.unlock();
            }
            field.evaluate(count, ids, t, z, v);
            lock.lock();
            try {
                for (int i = 0; i < count; i++) {
                    int r = ids[i];
                    double[] out = new double[dimension];
                    System.arraycopy(v, i * dimension, out, 0, dimension);
                    results[r] = out;
                    pending[r] = false;
                }
                waiting -= count;
                released.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void finish() {
        lock.lock();
        try {
            finished++;
            coordinator.signal();
        } finally {
            lock.unlock();
        }
    }

    private void fail(Throwable e) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            aborted = true;
            released.signalAll();
            coordinator.signal();
        } finally {
            lock.unlock();
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
