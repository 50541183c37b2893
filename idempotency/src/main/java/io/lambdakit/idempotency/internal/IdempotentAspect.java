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
 * Adapts {@link Idempotent} methods to the installed {@link Idempotency} ({@link Idempotency#current()}):
 * converts the annotation once per method (payload parameter, operation name, generic return type,
 * expression overrides, checked as the builder checks them) and runs the join point through
 * {@link Idempotency#execute(String, Object, Context, Type, io.lambdakit.core.ThrowingSupplier)},
 * the same path the plain API takes. A conversion that fails is cached too: every call of that
 * method throws the same {@link ConfigurationException} before the method runs.
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
        Idempotency installed;
        try {
            installed = Idempotency.current();
        } catch (ConfigurationException notInstalled) {
            if (isDisabledByEnvironment()) {
                return pjp.proceed();
            }
            throw notInstalled(method);
        }
        Plan plan = plans.get(method);
        if (plan == null || plan.base != installed) {
            plan = Plan.of(method, idempotent, installed);
            plans.put(method, plan);
        }
        if (plan.failure != null) {
            throw plan.failure();
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
        boolean enabled = IdempotencyEngineConfig.enabled(ee.environment(), problems);
        problems.throwIfAny();
        return !enabled;
    }

    private static RuntimeException notInstalled(Method method) {
        ConfigurationException.problems(IdempotencyEngine.COMPONENT).add("@Idempotent " + describe(method)
                + " ran but no Idempotency is installed; build one at init and install it, e.g."
                + " Idempotency.install(Idempotency.builder().store(DynamoDbIdempotencyStore.builder()"
                + ".tableName(\"idempotency\").build()).build())").throwIfAny();
        return new IllegalStateException("unreachable");
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getName() + "." + method.getName() + "(..)";
    }

    /** The annotation converted for one method and one installed instance, or why it cannot be. */
    private static final class Plan {
        final Idempotency base;
        final Idempotency idempotency;
        final String name;
        final int payloadIndex;
        final Type returnType;
        final ConfigurationException failure;

        private Plan(Idempotency base, Idempotency idempotency, String name, int payloadIndex, Type returnType,
                     ConfigurationException failure) {
            this.base = base;
            this.idempotency = idempotency;
            this.name = name;
            this.payloadIndex = payloadIndex;
            this.returnType = returnType;
            this.failure = failure;
        }

        /** @return a new exception with the cached failure's problems (so each call gets its own stack trace) */
        ConfigurationException failure() {
            ConfigurationException.Problems problems = ConfigurationException.problems(failure.component());
            for (String problem : failure.problems()) {
                problems.add(problem);
            }
            try {
                problems.throwIfAny();
            } catch (ConfigurationException e) {
                return e;
            }
            return failure;
        }

        static Plan of(Method method, Idempotent annotation, Idempotency base) {
            try {
                ConfigurationException.Problems problems = ConfigurationException.problems(IdempotencyEngine.COMPONENT);
                int index = payloadIndex(method, problems);
                String name = annotation.name().isBlank() ? method.getName() : annotation.name().trim();
                String operationProblem = IdempotencyEngine.operationProblem(name);
                problems.require(operationProblem == null, "@Idempotent(name = \"" + name + "\") on " + describe(method)
                        + ": " + operationProblem);
                String keyPath = IdempotencyEngineConfig.blankToNull(annotation.eventKeyJmesPath());
                String validationPath = IdempotencyEngineConfig.blankToNull(annotation.payloadValidationJmesPath());
                IdempotencyEngineConfig.checkExpressions(problems, keyPath, validationPath);
                problems.throwIfAny();
                Idempotency idempotency = base;
                if (keyPath != null) {
                    idempotency = idempotency.withEventKeyJmesPath(keyPath);
                }
                if (validationPath != null) {
                    idempotency = idempotency.withPayloadValidationJmesPath(validationPath);
                }
                Type returnType = method.getReturnType() == void.class ? Void.class : method.getGenericReturnType();
                return new Plan(base, idempotency, name, index, returnType, null);
            } catch (ConfigurationException e) {
                return new Plan(base, null, null, -1, null, e);
            }
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
