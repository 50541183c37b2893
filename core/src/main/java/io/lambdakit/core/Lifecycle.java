package io.lambdakit.core;

import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.core.spi.LineHead;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The registry of SnapStart/CRaC hooks. It alone owns the {@code org.crac} registration: modules
 * and users register "prime before checkpoint" and "refresh after restore" hooks here at init
 * (never from a static initialiser), and tests drive {@link #beforeCheckpoint()} and
 * {@link #afterRestore()} directly on a normal JDK.
 *
 * <p><b>Order</b> (the same as CRaC's for resources): before a checkpoint, hooks run in
 * <em>reverse</em> registration order; after a restore, in registration order. Core registers its
 * own hooks first, so it is primed last and refreshed first, before any module that depends on it.
 *
 * <p><b>Ownership</b>: every hook belongs to an owner, the object whose state it touches, held
 * weakly: a facade built and dropped (in a test, by a careless handler) takes its hooks with it, and
 * registering the same name for the same owner twice registers one hook (see CONTRIBUTING.md).
 *
 * <p>A hook registered while a phase runs (say, a module first configured by a handler-priming
 * call) runs in that same phase, after those registered before it started.
 *
 * <p><b>Failures</b>: every hook runs even when an earlier one fails; then a
 * {@link LifecycleException} naming each failed hook is thrown, which aborts the checkpoint (or
 * reports the restore error) instead of being swallowed.
 *
 * <p><b>Report</b>: after each phase the registry writes one structured JSON line (to standard
 * output unless {@link #create(Consumer)} names another sink) with the phase's total time and each
 * hook's time. After a restore the line is a WARN when the hooks took
 * {@link #RESTORE_WARN_THRESHOLD} or more of Lambda's {@link #RESTORE_BUDGET 10 s budget}. The line
 * has the shape of a lambdakit-logging line written outside an invocation ({@code timestamp} in
 * UTC with milliseconds, {@code level}, {@code message}, {@code logger}, {@code service}, then the
 * report's own keys), with the service name and clock of the {@link ExecutionEnvironment} it
 * belongs to.
 */
public final class Lifecycle {

    /** When a hook runs. */
    public enum Phase {
        /** Before the snapshot is taken: prime, load classes, warm paths; open nothing that goes stale. */
        BEFORE_CHECKPOINT,
        /** After the snapshot is restored: reseed, drop caches, refresh what may have changed. */
        AFTER_RESTORE
    }

    /**
     * A lifecycle hook, run with the object whose state it touches (its owner). The lifecycle holds
     * the owner weakly and passes it in, so the hook must not capture it: write
     * {@code lifecycle.onAfterRestore("drop cache", cache, c -> c.clear())}, or a method reference
     * to a type's method ({@code Cache::clear}), never {@code cache::clear}.
     *
     * @param <O> the owner's type
     */
    @FunctionalInterface
    public interface Hook<O> {
        /**
         * @param owner the object the hook was registered with, still reachable
         * @throws Exception to report the failure; the other hooks still run
         */
        void run(O owner) throws Exception;

        /**
         * @param owner the owner
         * @return one short line about the latest run for the phase's report (e.g. how many classes a
         *         preload loaded and how many were missing), or null for nothing to add
         */
        default String describe(O owner) {
            return null;
        }
    }

    /**
     * The outcome of one hook run.
     *
     * @param name    the hook's name as registered
     * @param phase   when it ran
     * @param took    how long it took
     * @param failure what it threw, or null
     */
    public record HookRun(String name, Phase phase, Duration took, Throwable failure) {
        /** @return true when the hook did not throw */
        public boolean succeeded() {
            return failure == null;
        }
    }

    private record Entry(String name, Phase phase, WeakReference<Object> owner, Hook<Object> hook) {
        boolean sameAs(String otherName, Phase otherPhase, Object otherOwner) {
            return phase == otherPhase && name.equals(otherName) && owner.get() == otherOwner;
        }
    }

    /** Lambda's budget for the after-restore hooks of a SnapStart function. */
    public static final Duration RESTORE_BUDGET = Duration.ofSeconds(10);

    /** From this total the after-restore report is a WARN: half the budget, leaving room for the runtime's own restore work. */
    public static final Duration RESTORE_WARN_THRESHOLD = Duration.ofSeconds(5);

    /** How many times a phase looks for hooks registered while it ran, so a hook that registers hooks cannot loop. */
    private static final int MAX_ROUNDS = 8;

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Consumer<String> reportSink;
    private volatile List<HookRun> lastRuns = List.of();
    private volatile String service = Environment.DEFAULT_SERVICE_NAME;
    private volatile Clock clock = Clock.systemUTC();
    private CracBridge bridge; // strong reference: CRaC contexts may hold resources weakly

    private Lifecycle(Consumer<String> reportSink) {
        this.reportSink = reportSink;
    }

    /** @return a new, empty registry not attached to CRaC (for tests and embedded use); reports go to standard output */
    public static Lifecycle create() {
        return new Lifecycle(null);
    }

    /**
     * @param reportSink receives the one-line JSON report written after each phase (e.g. a list in a test)
     * @return a new, empty registry not attached to CRaC
     */
    public static Lifecycle create(Consumer<String> reportSink) {
        return new Lifecycle(Objects.requireNonNull(reportSink, "reportSink"));
    }

    /**
     * Registers a hook to run before a checkpoint, for as long as {@code owner} is reachable.
     * Registering the same name for the same owner again does nothing and returns the existing
     * registration, so building the owner's facade repeatedly cannot pile up hooks.
     *
     * @param name  a name for reports, e.g. {@code lambdakit-logging: prime codec}
     * @param owner the object whose state the hook touches, held weakly (a module-wide hook uses a class
     *              of the module)
     * @param hook  the hook, given the owner; it must not capture the owner
     * @param <O>   the owner's type
     * @return a handle that unregisters it
     */
    public <O> Registration onBeforeCheckpoint(String name, O owner, Hook<? super O> hook) {
        return register(name, Phase.BEFORE_CHECKPOINT, owner, hook);
    }

    /**
     * Registers a hook to run after a restore, for as long as {@code owner} is reachable (see
     * {@link #onBeforeCheckpoint(String, Object, Hook)}).
     *
     * @param name  a name for reports
     * @param owner the object whose state the hook touches, held weakly
     * @param hook  the hook, given the owner; it must not capture the owner
     * @param <O>   the owner's type
     * @return a handle that unregisters it
     */
    public <O> Registration onAfterRestore(String name, O owner, Hook<? super O> hook) {
        return register(name, Phase.AFTER_RESTORE, owner, hook);
    }

    @SuppressWarnings("unchecked")
    private synchronized <O> Registration register(String name, Phase phase, O owner, Hook<? super O> hook) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(hook, "hook");
        entries.removeIf(e -> e.owner().get() == null); // hooks of collected owners go with them
        for (Entry e : entries) {
            if (e.sameAs(name, phase, owner)) {
                return new EntryRegistration(e);
            }
        }
        Entry e = new Entry(name, phase, new WeakReference<>(owner), (Hook<Object>) hook);
        entries.add(e);
        return new EntryRegistration(e);
    }

    private final class EntryRegistration implements Registration {
        private final Entry entry;

        EntryRegistration(Entry entry) {
            this.entry = entry;
        }

        @Override
        public void close() {
            entries.remove(entry);
        }

        @Override
        public Hook<?> hook() {
            return entry.hook();
        }
    }

    /**
     * Gives the report lines the execution environment's service name and clock, as its log lines
     * have. Called by {@link ExecutionEnvironment} when it is built over this registry.
     *
     * @param service the {@code service} key
     * @param clock   for the {@code timestamp} key
     */
    void reportAs(String service, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the names of the registered hooks of {@code phase}, in the order they would run */
    List<String> hookNames(Phase phase) {
        List<String> names = new ArrayList<>();
        for (Entry e : ordered(phase)) {
            names.add(e.name());
        }
        return names;
    }

    /**
     * Runs every before-checkpoint hook, latest registered first.
     *
     * @return what ran and how long each took
     * @throws LifecycleException when any hook failed (after all have run)
     */
    public List<HookRun> beforeCheckpoint() {
        return run(Phase.BEFORE_CHECKPOINT);
    }

    /**
     * Runs every after-restore hook, earliest registered first.
     *
     * @return what ran and how long each took
     * @throws LifecycleException when any hook failed (after all have run)
     */
    public List<HookRun> afterRestore() {
        return run(Phase.AFTER_RESTORE);
    }

    /** @return the hook runs of the latest phase driven, for reporting (e.g. restore time against Lambda's 10 s budget) */
    public List<HookRun> lastRuns() {
        return lastRuns;
    }

    private List<Entry> ordered(Phase phase) {
        List<Entry> list = new ArrayList<>();
        for (Entry e : entries) {
            if (e.phase() == phase && e.owner().get() != null) {
                list.add(e);
            }
        }
        if (phase == Phase.BEFORE_CHECKPOINT) {
            java.util.Collections.reverse(list);
        }
        return list;
    }

    private List<HookRun> run(Phase phase) {
        List<HookRun> runs = new ArrayList<>();
        Map<Integer, String> details = new HashMap<>();
        Set<Entry> done = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Entry> round = ordered(phase);
        for (int rounds = 0; !round.isEmpty() && rounds < MAX_ROUNDS; rounds++) {
            for (Entry e : round) {
                done.add(e);
                long startNanos = System.nanoTime();
                Object owner = e.owner().get();
                if (owner == null) {
                    entries.remove(e); // its owner was collected: nothing left to prime or refresh
                    continue;
                }
                Throwable failure = null;
                try {
                    e.hook().run(owner);
                } catch (Exception | LinkageError | AssertionError t) {
                    failure = t;
                }
                Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
                runs.add(new HookRun(e.name(), phase, took, failure));
                String detail = describe(e.hook(), owner);
                if (detail != null) {
                    details.put(runs.size() - 1, detail);
                }
            }
            // hooks registered while this phase ran (a module first configured by a priming call) run in it too
            round = ordered(phase);
            round.removeIf(done::contains);
        }
        List<HookRun> result = List.copyOf(runs);
        lastRuns = result;
        writeReport(phase, result, details);
        List<HookRun> failed = new ArrayList<>();
        for (HookRun r : result) {
            if (!r.succeeded()) {
                failed.add(r);
            }
        }
        if (!failed.isEmpty()) {
            throw new LifecycleException(phase, failed);
        }
        return result;
    }

    private static String describe(Hook<Object> hook, Object owner) {
        try {
            return hook.describe(owner);
        } catch (RuntimeException e) {
            return null; // a description is diagnostics only
        }
    }

    private void writeReport(Phase phase, List<HookRun> runs, Map<Integer, String> details) {
        try {
            String line = report(phase, runs, details, service, clock);
            if (reportSink != null) {
                reportSink.accept(line);
            } else {
                System.out.println(line); // one synchronized write: the line is never interleaved
            }
        } catch (RuntimeException e) {
            // the report is diagnostics: it never fails a checkpoint or a restore
        }
    }

    /**
     * Renders the report of one phase as one JSON log line.
     *
     * @param phase the phase
     * @param runs  its hook runs
     * @param clock for the timestamp
     * @return the line, without a newline
     */
    static String report(Phase phase, List<HookRun> runs, Clock clock) {
        return report(phase, runs, Map.of(), Environment.DEFAULT_SERVICE_NAME, clock);
    }

    /**
     * @param phase   the phase
     * @param runs    its hook runs
     * @param details what described hooks said about their run, by index in {@code runs}
     * @param service the {@code service} key
     * @param clock   for the timestamp
     * @return the line, without a newline
     */
    static String report(Phase phase, List<HookRun> runs, Map<Integer, String> details, String service, Clock clock) {
        Duration total = Duration.ZERO;
        int failed = 0;
        for (HookRun r : runs) {
            total = total.plus(r.took());
            if (!r.succeeded()) {
                failed++;
            }
        }
        boolean restore = phase == Phase.AFTER_RESTORE;
        boolean slow = restore && total.compareTo(RESTORE_WARN_THRESHOLD) >= 0;
        String level = failed > 0 ? "ERROR" : slow ? "WARN" : "INFO";
        StringBuilder message = new StringBuilder("lambdakit: ").append(restore ? "after-restore" : "before-checkpoint")
                .append(" hooks took ").append(total.toMillis()).append(" ms");
        if (restore) {
            message.append(" of Lambda's ").append(RESTORE_BUDGET.toMillis()).append(" ms restore budget");
        }
        if (failed > 0) {
            message.append("; ").append(failed).append(" failed");
        }
        if (slow) {
            message.append("; move work into before-checkpoint hooks, or Lambda fails restores that exceed the budget");
        }
        // the keys and formats of a logging line outside an invocation (LineCodec in lambdakit-logging)
        JsonWriter w = LineHead.begin(128 + 96 * runs.size(), clock.millis(), level, message.toString(),
                Lifecycle.class.getName(), service);
        w.name("phase").value(restore ? "after-restore" : "before-checkpoint");
        w.name("tookMs").value(millis(total));
        if (restore) {
            w.name("budgetMs").value(RESTORE_BUDGET.toMillis());
        }
        w.name("hooks").beginArray();
        for (int i = 0; i < runs.size(); i++) {
            HookRun r = runs.get(i);
            w.beginObject();
            w.name("name").value(r.name());
            w.name("tookMs").value(millis(r.took()));
            String detail = details.get(i);
            if (detail != null) {
                w.name("detail").value(detail);
            }
            if (!r.succeeded()) {
                w.name("failure").value(String.valueOf(r.failure()));
            }
            w.endObject();
        }
        w.endArray();
        w.endObject();
        return w.toString();
    }

    private static double millis(Duration d) {
        return Math.round(d.toNanos() / 1_000.0) / 1_000.0;
    }

    /**
     * Attaches this registry to {@code org.crac}'s global context, once. Called by
     * {@link ExecutionEnvironment#current()}; never from a static initialiser.
     */
    synchronized void attachToCrac() {
        if (bridge == null) {
            bridge = CracBridge.register(this);
        }
    }

    /** A registered hook. */
    public interface Registration extends AutoCloseable {
        /** Unregisters the hook; calling it again does nothing. */
        @Override
        void close();

        /** @return the registered hook: the one given first when the same name and owner were registered again */
        Hook<?> hook();
    }
}
