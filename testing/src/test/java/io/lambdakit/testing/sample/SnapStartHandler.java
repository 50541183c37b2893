package io.lambdakit.testing.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationScope;
import org.crac.Core;
import org.crac.Resource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registers an {@code org.crac} resource in its constructor, as SnapStart functions do, and
 * reports the order in which the runtime called it. {@code SAMPLE_FAIL_HOOK} makes a hook throw.
 */
public final class SnapStartHandler implements RequestHandler<Map<String, Object>, List<String>>, Resource {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final String failHook = Environment.system().get("SAMPLE_FAIL_HOOK", "");

    /** Registers with the global CRaC context and with lambdakit's lifecycle. */
    public SnapStartHandler() {
        Core.getGlobalContext().register(this);
        events.add("registered");
        ExecutionEnvironment.current().lifecycle().onBeforeCheckpoint("sample: prime", this, owner -> events.add("lifecycle:beforeCheckpoint"));
        ExecutionEnvironment.current().lifecycle().onAfterRestore("sample: refresh", this, owner -> events.add("lifecycle:afterRestore"));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        events.add("beforeCheckpoint");
        System.out.println("{\"message\":\"priming before checkpoint\"}");
        if (failHook.equals("beforeCheckpoint")) {
            throw new IllegalStateException("cannot prime");
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        events.add("afterRestore");
        System.out.println("{\"message\":\"refreshing after restore\"}");
        if (failHook.equals("afterRestore")) {
            throw new IllegalStateException("cannot refresh");
        }
    }

    @Override
    public List<String> handleRequest(Map<String, Object> input, Context context) {
        try (InvocationScope scope = ExecutionEnvironment.current().enter(context)) {
            events.add("invoke:" + scope.context().coldStart().name());
        }
        return List.copyOf(events);
    }
}
