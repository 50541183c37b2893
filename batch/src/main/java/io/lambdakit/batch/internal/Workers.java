package io.lambdakit.batch.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a parallel batch's worker loops run. The calling thread always runs one loop itself, so a
 * processor with parallelism {@code n} launches at most {@code n - 1} workers per batch.
 *
 * <p>On a JVM with virtual threads (21+) each worker is a new virtual thread, made by a thread
 * factory that is looked up once, through method handles, when the first parallel processor is
 * built; launching one is then a plain interface call. The bytecode stays release 17. On older
 * JVMs a processor gets its own small pool of daemon platform threads whose idle threads time out.
 * A user's executor replaces both.
 */
final class Workers {

    /** Runs one worker loop somewhere. */
    @FunctionalInterface
    interface Launcher {
        /**
         * @param worker the loop to run
         * @throws RejectedExecutionException when it cannot be run; the caller then does the work itself
         */
        void launch(Runnable worker);
    }

    private static final class Virtual {
        static final ThreadFactory FACTORY = lookUpVirtualThreadFactory();
    }

    private Workers() {
    }

    /** @return true when this JVM has virtual threads (and they are usable without preview flags) */
    static boolean virtualThreadsAvailable() {
        return Virtual.FACTORY != null;
    }

    /**
     * @param executor a user's executor
     * @return a launcher that submits to it
     */
    static Launcher of(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return executor::execute;
    }

    /**
     * @param parallelism the processor's parallelism, at least 2
     * @return virtual threads when the JVM has them, else a pool of {@code parallelism - 1} daemon threads
     */
    static Launcher defaults(int parallelism) {
        ThreadFactory virtual = Virtual.FACTORY;
        if (virtual != null) {
            return worker -> virtual.newThread(worker).start();
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory platform = r -> {
            Thread t = new Thread(r, "lambdakit-batch-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        int size = Math.max(1, parallelism - 1);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), platform);
        pool.allowCoreThreadTimeOut(true);
        return pool::execute;
    }

    /** Thread.ofVirtual().name("lambdakit-batch-", 0).factory(), or null before Java 21. */
    private static ThreadFactory lookUpVirtualThreadFactory() {
        try {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType));
            MethodHandle name = lookup.findVirtual(builderType, "name", MethodType.methodType(builderType, String.class, long.class));
            MethodHandle factory = lookup.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class));
            Object builder = name.invoke(ofVirtual.invoke(), "lambdakit-batch-v", 1L);
            ThreadFactory threads = (ThreadFactory) factory.invoke(builder);
            threads.newThread(() -> { }); // fails here, not on the first batch, if virtual threads are a disabled preview
            return threads;
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return null; // Java 17-20: no virtual threads
        } catch (Throwable e) {
            return null; // Java 19-20 without --enable-preview: UnsupportedOperationException
        }
    }
}
