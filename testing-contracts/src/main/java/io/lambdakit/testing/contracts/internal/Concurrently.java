package io.lambdakit.testing.contracts.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a step over inputs from many threads released at once, as concurrent invocations (or batch's
 * parallel mode) do: the one helper of every contract suite's thread-safety case.
 */
public final class Concurrently {

    /**
     * One step that may throw, such as a source's {@code fetch} or a decoder's {@code decode}.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    @FunctionalInterface
    public interface Step<I, O> {
        /**
         * @param input one input
         * @return its output
         * @throws Exception what the step throws, failing the contract case
         */
        O apply(I input) throws Exception;
    }

    private Concurrently() {
    }

    /**
     * @param <I>             the input type
     * @param <O>             the output type
     * @param inputsPerThread the inputs of each thread, one thread per list
     * @param step            what each thread does with each of its inputs, in order
     * @return each thread's outputs, in the order of its inputs
     * @throws Exception what a step threw, or a timeout after a minute
     */
    public static <I, O> List<List<O>> map(List<List<I>> inputsPerThread, Step<I, O> step) throws Exception {
        int threads = inputsPerThread.size();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<O>>> futures = new ArrayList<>();
            for (List<I> inputs : inputsPerThread) {
                Callable<List<O>> task = () -> {
                    start.await();
                    List<O> outputs = new ArrayList<>();
                    for (I input : inputs) {
                        outputs.add(step.apply(input));
                    }
                    return outputs;
                };
                futures.add(pool.submit(task));
            }
            List<List<O>> results = new ArrayList<>();
            for (Future<List<O>> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
