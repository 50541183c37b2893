package io.lambdakit.testing.internal.crac;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The global context, as {@code org.crac.Core} expects of a compat package. */
public final class Core {

    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {
    }

    /** @return the global context */
    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /**
     * A real checkpoint is impossible here.
     *
     * @throws CheckpointException always
     */
    public static void checkpointRestore() throws CheckpointException {
        throw new CheckpointException();
    }

    private static final class GlobalContext extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            List<Resource> reversed = new ArrayList<>(resources);
            Collections.reverse(reversed);
            CheckpointException failure = null;
            for (Resource r : reversed) {
                try {
                    r.beforeCheckpoint(this);
                } catch (Exception e) {
                    failure = failure != null ? failure : new CheckpointException();
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public synchronized void afterRestore(Context<? extends Resource> context) throws RestoreException {
            RestoreException failure = null;
            for (Resource r : new ArrayList<>(resources)) {
                try {
                    r.afterRestore(this);
                } catch (Exception e) {
                    failure = failure != null ? failure : new RestoreException();
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }
    }
}
