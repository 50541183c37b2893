package io.lambdakit.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method idempotent: the first call with a given key runs the method and stores its result;
 * repeated calls return the stored result without running it. Woven by AspectJ at compile time
 * (add {@code lambdakit-idempotency} to the aspect libraries of {@code aspectj-maven-plugin}); the
 * aspect calls the same engine as {@link Idempotency#execute(String, Object, Class,
 * io.lambdakit.core.ThrowingSupplier)}, using the instance passed to {@link Idempotency#install(Idempotency)}
 * ({@link Idempotency#current()}). Invalid attributes (a JMESPath that does not compile, a name with
 * {@code '#'}) fail the first call, and every later one, with the {@link io.lambdakit.core.ConfigurationException}
 * the builder throws for the same option, before the method runs.
 *
 * <p>The payload is the method's only parameter that is not a Lambda {@code Context}, or the
 * parameter annotated with {@link IdempotencyKey}. The Lambda context is the {@code Context}
 * parameter, or the current invocation's (see {@link io.lambdakit.core.ExecutionEnvironment#enter}).
 * Generic return types are supported: the stored response is read back as the declared type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {

    /** @return the operation name in the key prefix ({@code <function>.<name>#<hash>}); default: the method's name */
    String name() default "";

    /** @return a JMESPath selecting the key data from the payload; default: the installed instance's */
    String eventKeyJmesPath() default "";

    /** @return a JMESPath selecting the data whose hash must match on repeats; default: the installed instance's */
    String payloadValidationJmesPath() default "";
}
