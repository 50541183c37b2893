package io.lambdakit.tracing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records each call of the annotated method as an X-Ray subsegment named {@code "## <method>"}.
 * When the method receives the Lambda {@code Context} (a handler), the call also opens the
 * invocation and the subsegment gets the annotations {@code ColdStart} and {@code Service}.
 * Requires compile-time weaving with lambdakit-tracing as an AspectJ aspect library (see
 * docs/tracing.md); without weaving the annotation does nothing. It is converted once per method
 * into the same {@link TraceOptions} the plain API uses and runs through the process-wide
 * {@link Tracer#current()}: {@link Tracer#execute(TraceOptions, com.amazonaws.services.lambda.runtime.Context,
 * io.lambdakit.core.ThrowingSupplier)} on a handler, {@link Tracer#trace(TraceOptions, io.lambdakit.core.ThrowingSupplier)}
 * elsewhere. An attribute {@code TraceOptions} rejects (a namespace starting with {@code AWS.}) throws the
 * same {@link io.lambdakit.core.ConfigurationException} from every call of the method, before its body runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tracing {

    /** @return the subsegment's name; empty means {@code "## " + methodName} */
    String segmentName() default "";

    /** @return the metadata namespace (and the {@code Service} annotation's value on a handler); empty means the service name */
    String namespace() default "";

    /** @return what to record as metadata; by default what the tracer is configured with */
    CaptureMode captureMode() default CaptureMode.ENVIRONMENT_VAR;
}
