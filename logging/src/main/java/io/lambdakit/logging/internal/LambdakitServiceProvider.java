package io.lambdakit.logging.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 service provider (registered in {@code META-INF/services}): SLF4J's
 * {@code LoggerFactory} finds it on the class path and every {@code org.slf4j.Logger} of the
 * function, the AWS SDK's included, writes lambdakit JSON lines. Initialisation creates only small
 * objects; the environment is read when the first logger is requested.
 */
public final class LambdakitServiceProvider implements SLF4JServiceProvider {

    /** The SLF4J API version this provider is written against. */
    public static final String REQUESTED_API_VERSION = "2.0.99";

    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    /** Called by SLF4J's service loader. */
    public LambdakitServiceProvider() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return LoggerRegistry.global();
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }

    @Override
    public void initialize() {
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new LambdakitMdcAdapter();
    }
}
