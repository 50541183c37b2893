package io.lambdakit.idempotency.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.spi.AspectOrder;
import io.lambdakit.core.spi.Handlers;
import io.lambdakit.idempotency.Idempotency;
import io.lambdakit.idempotency.IdempotencyKey;
import io.lambdakit.idempotency.Idempotent;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.DeclarePrecedence;
import org.aspectj.lang.reflect.MethodSignature;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapts {@link Idempotent} methods to the registered {@link Idempotency}: converts the annotation
 * once per method (payload parameter, operation name, generic return type, expression overrides)
 * and runs the join point through {@link Idempotency#execute(String, Object, Context, Type,
 * io.lambdakit.core.ThrowingSupplier)}, the same path the plain API takes.
 *
 * <p>Its place among lambdakit's aspects is declared in {@link AspectOrder}.
 */
@Aspect
@DeclarePrecedence(AspectOrder.PRECEDENCE)
public final class IdempotentAspect {

    private final ConcurrentHashMap<Method, Plan> plans = new ConcurrentHashMap<>();

    /**
     * @param pjp        the annotated method's execution
     * @param idempotent its annotation
     * @return the method's result or the stored one
     * @throws Throwable the method's exception, unchanged, or an idempotency exception
     */
    @Around("execution(@io.lambdakit.idempotency.Idempotent * *(..)) && @annotation(idempotent)")
    public Object around(ProceedingJoinPoint pjp, Idempotent idempotent) throws Throwable {
        Method method = ((MethodSignature) pjp.getSignature()).getMethod();
        Idempotency registered = Idempotency.registered().orElse(null);
        if (registered == null) {
            if (isDisabledByEnvironment()) {
                return pjp.proceed();
            }
            throw notRegistered(method);
        }
        Plan plan = plans.get(method);
        if (plan == null || plan.base != registered) {
            plan = Plan.of(method, idempotent, registered);
            plans.put(method, plan);
        }
        Object[] args = pjp.getArgs();
        return plan.idempotency.execute(plan.name, args[plan.payloadIndex], Handlers.findContext(args), plan.returnType,
                pjp::proceed);
    }

    /** Reads the flag from the current invocation's environment (else the process's), as the builder does. */
    private static boolean isDisabledByEnvironment() {
        InvocationContext invocation = InvocationContext.current().orElse(null);
        ExecutionEnvironment ee = invocation != null ? invocation.executionEnvironment() : ExecutionEnvironment.current();
        ConfigurationException.Problems problems = ConfigurationException.problems(IdempotencyEngine.COMPONENT);
        boolean disabled = IdempotencyEngine.disabledByEnvironment(ee.environment(), problems);
        problems.throwIfAny();
        return disabled;
    }

    private static RuntimeException notRegistered(Method method) {
        ConfigurationException.problems(IdempotencyEngine.COMPONENT).add("@Idempotent " + describe(method)
                + " ran but no Idempotency is registered; build one at init and call register(), e.g."
                + " Idempotency.builder().store(DynamoDbIdempotencyStore.builder().tableName(\"idempotency\").build())"
                + ".build().register()").throwIfAny();
        return new IllegalStateException("unreachable");
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "(..)";
    }

    /** The annotation converted for one method and one registered instance. */
    private static final class Plan {
        final Idempotency base;
        final Idempotency idempotency;
        final String name;
        final int payloadIndex;
        final Type returnType;

        private Plan(Idempotency base, Idempotency idempotency, String name, int payloadIndex, Type returnType) {
            this.base = base;
            this.idempotency = idempotency;
            this.name = name;
            this.payloadIndex = payloadIndex;
            this.returnType = returnType;
        }

        static Plan of(Method method, Idempotent annotation, Idempotency base) {
            ConfigurationException.Problems problems = ConfigurationException.problems(IdempotencyEngine.COMPONENT);
            int index = payloadIndex(method, problems);
            String name = annotation.name().isBlank() ? method.getName() : annotation.name().trim();
            problems.require(name.indexOf('#') < 0, "@Idempotent(name = \"" + name + "\") on " + describe(method)
                    + " must not contain '#'");
            problems.throwIfAny();
            Idempotency idempotency = base;
            if (!annotation.eventKeyJmesPath().isBlank()) {
                idempotency = idempotency.withEventKeyJmesPath(annotation.eventKeyJmesPath());
            }
            if (!annotation.payloadValidationJmesPath().isBlank()) {
                idempotency = idempotency.withPayloadValidationJmesPath(annotation.payloadValidationJmesPath());
            }
            Type returnType = method.getReturnType() == void.class ? Void.class : method.getGenericReturnType();
            return new Plan(base, idempotency, name, index, returnType);
        }

        private static int payloadIndex(Method method, ConfigurationException.Problems problems) {
            Class<?>[] types = method.getParameterTypes();
            Annotation[][] annotations = method.getParameterAnnotations();
            int marked = -1;
            int candidate = -1;
            int candidates = 0;
            for (int i = 0; i < types.length; i++) {
                for (Annotation a : annotations[i]) {
                    if (a instanceof IdempotencyKey) {
                        problems.require(marked < 0, "@Idempotent " + describe(method)
                                + " has more than one @IdempotencyKey parameter; mark exactly one");
                        marked = i;
                    }
                }
                if (!Context.class.isAssignableFrom(types[i])) {
                    candidate = i;
                    candidates++;
                }
            }
            if (marked >= 0) {
                return marked;
            }
            problems.require(candidates == 1, "@Idempotent " + describe(method) + " has " + candidates
                    + " parameters besides the Lambda Context; "
                    + (candidates == 0 ? "give it the payload as a parameter" : "mark the payload with @IdempotencyKey"));
            return Math.max(candidate, 0);
        }
    }
}
