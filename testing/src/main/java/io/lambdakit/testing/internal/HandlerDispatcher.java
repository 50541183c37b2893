package io.lambdakit.testing.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads and calls a handler the way the managed Java runtime does, for in-process runs: the
 * handler string {@code pkg.Class} (a {@code RequestHandler} or {@code RequestStreamHandler}) or
 * {@code pkg.Class::method}; overloads are ranked as the runtime ranks them (non-bridge first,
 * longer signatures first, a trailing {@link Context} counting one extra); POJO input and output
 * go through the runtime's serializers. Failures to load are reported with the runtime's error
 * types and messages.
 */
public final class HandlerDispatcher {

    private static final byte[] JSON_NULL = {'n', 'u', 'l', 'l'};

    /** Why the handler could not be loaded: what the runtime would post to {@code /init/error}. */
    public static final class InitFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String errorType;
        private final String errorMessage;
        private final transient Throwable userCause;

        InitFailure(String errorType, String errorMessage, Throwable userCause) {
            super((errorType != null ? errorType + ": " : "") + errorMessage, userCause);
            this.errorType = errorType;
            this.errorMessage = errorMessage;
            this.userCause = userCause;
        }

        /** @return the runtime's {@code errorType}; null for the runtime's own faults, which carry only a message */
        public String errorType() {
            return errorType;
        }

        /** @return the runtime's {@code errorMessage} */
        public String errorMessage() {
            return errorMessage;
        }

        /** @return the user's exception, if one caused this */
        public Throwable userCause() {
            return userCause;
        }
    }

    @FunctionalInterface
    private interface Call {
        void handle(byte[] input, OutputStream output, Context context) throws Throwable;
    }

    private final Call call;

    private HandlerDispatcher(Call call) {
        this.call = call;
    }

    /**
     * Resolves and instantiates a handler (this runs its constructor and static initialiser).
     *
     * @param handler the handler string
     * @param loader  where to load it from
     * @return the dispatcher
     * @throws InitFailure when the runtime would report an init error
     */
    public static HandlerDispatcher load(String handler, ClassLoader loader) throws InitFailure {
        return resolve(handler, loader, true);
    }

    /**
     * Checks what the runtime would check before it instantiates anything: the handler string is
     * well formed, the class exists, and it either implements a handler interface or has a
     * public method of that name. Runs no user code (the class is not initialised).
     *
     * @param handler the handler string
     * @param loader  where to load it from
     * @throws InitFailure with the runtime's error type and message when the check fails
     */
    public static void check(String handler, ClassLoader loader) throws InitFailure {
        resolve(handler, loader, false);
    }

    private static HandlerDispatcher resolve(String handler, ClassLoader loader, boolean instantiate) throws InitFailure {
        String className;
        String methodName = null;
        int sep = handler.indexOf("::");
        if (sep >= 0) {
            className = handler.substring(0, sep);
            methodName = handler.substring(sep + 2);
        } else {
            className = handler;
        }
        if (className.isBlank() || (methodName != null && methodName.isBlank())) {
            throw fault("Invalid handler: `" + handler + "'");
        }
        Class<?> type;
        try {
            type = Class.forName(className, instantiate, loader);
        } catch (ClassNotFoundException e) {
            throw new InitFailure("java.lang.ClassNotFoundException", "Class not found: " + className, e);
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InitFailure(cause.getClass().getName(), "Error loading class " + className
                    + (cause.getMessage() != null ? ": " + cause.getMessage() : ""), cause);
        } catch (LinkageError e) {
            throw new InitFailure(e.getClass().getName(), "Error loading class " + className
                    + (e.getMessage() != null ? ": " + e.getMessage() : ""), e);
        }
        if (!instantiate) {
            if (methodName == null && !RequestHandler.class.isAssignableFrom(type) && !RequestStreamHandler.class.isAssignableFrom(type)) {
                throw fault("Class does not implement an appropriate handler interface: " + type.getName());
            }
            String m = methodName;
            if (m != null && Arrays.stream(type.getMethods()).noneMatch(x -> x.getName().equals(m))) {
                throw fault("No public method named " + m + " with appropriate method signature found on class " + type.getName());
            }
            return null;
        }
        return methodName == null ? forInterface(type) : forMethod(type, methodName);
    }

    /**
     * Calls the handler.
     *
     * @param payload the event bytes
     * @param context the context
     * @return the response bytes
     * @throws Throwable whatever the handler threw
     */
    public byte[] invoke(byte[] payload, Context context) throws Throwable {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        call.handle(payload, out, context);
        return out.toByteArray();
    }

    private static HandlerDispatcher forInterface(Class<?> type) throws InitFailure {
        if (RequestStreamHandler.class.isAssignableFrom(type)) {
            RequestStreamHandler h = (RequestStreamHandler) newInstance(type);
            return new HandlerDispatcher((in, out, ctx) -> h.handleRequest(new ByteArrayInputStream(in), out, ctx));
        }
        if (RequestHandler.class.isAssignableFrom(type)) {
            Type[] params = findInterfaceParameters(type);
            if (params == null || params.length != 2) {
                throw fault("Class " + type.getName() + " does not implement RequestHandler with concrete type parameters");
            }
            for (Type t : params) {
                if (t instanceof TypeVariable<?> v && Arrays.stream(v.getBounds()).allMatch(Object.class::equals)) {
                    throw fault("Class " + type.getName() + " does not implement RequestHandler with concrete type parameters: parameter "
                            + t + " has no upper bound.");
                }
            }
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> h = (RequestHandler<Object, Object>) newInstance(type);
            return pojo(params[0], isVoid(params[1]) ? null : params[1], true, false,
                    (input, ctx) -> h.handleRequest(input, ctx));
        }
        throw fault("Class does not implement an appropriate handler interface: " + type.getName());
    }

    @FunctionalInterface
    private interface PojoCall {
        Object apply(Object input, Context context) throws Throwable;
    }

    private static HandlerDispatcher pojo(Type inputType, Type outputType, boolean hasInput, boolean unused, PojoCall body) {
        PojoSerializer<Object> in = hasInput && inputType != null ? LambdaSerialization.serializerFor(inputType) : null;
        PojoSerializer<Object> out = outputType != null ? LambdaSerialization.serializerFor(outputType) : null;
        return new HandlerDispatcher((bytes, output, ctx) -> {
            Object input = null;
            if (in != null) {
                try {
                    input = in.fromJson(new ByteArrayInputStream(bytes));
                } catch (Throwable t) {
                    throw new RuntimeException("An error occurred during JSON parsing", t);
                }
            }
            Object result = body.apply(input, ctx);
            try {
                if (out != null) {
                    out.toJson(result, output);
                } else {
                    output.write(JSON_NULL);
                }
            } catch (Throwable t) {
                throw new RuntimeException("An error occurred during JSON serialization of response", t);
            }
        });
    }

    private static HandlerDispatcher forMethod(Class<?> type, String methodName) throws InitFailure {
        Method[] candidates = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(methodName))
                .sorted(METHOD_PRIORITY).toArray(Method[]::new);
        for (Method m : candidates) {
            HandlerDispatcher d = fromOverload(type, m);
            if (d != null) {
                return d;
            }
        }
        throw fault("No public method named " + methodName + " with appropriate method signature found on class " + type.getName());
    }

    private static final Comparator<Method> METHOD_PRIORITY = (l, r) -> {
        if (!l.isBridge() && r.isBridge()) {
            return -1;
        }
        if (l.isBridge() && !r.isBridge()) {
            return 1;
        }
        int ll = l.getParameterCount() + (lastIsContext(l) ? 1 : 0);
        int rl = r.getParameterCount() + (lastIsContext(r) ? 1 : 0);
        return -Integer.compare(ll, rl);
    };

    private static boolean lastIsContext(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return p.length > 0 && p[p.length - 1] == Context.class;
    }

    private static HandlerDispatcher fromOverload(Class<?> type, Method m) throws InitFailure {
        Type r = m.getGenericReturnType();
        Type out = isVoid(r) ? null : r;
        Type[] p = m.getGenericParameterTypes();
        switch (p.length) {
            case 0:
                return pojoMethod(type, m, null, out, false);
            case 1:
                if (p[0] == InputStream.class) {
                    return streamMethod(type, m, true, false, false);
                } else if (p[0] == OutputStream.class) {
                    return streamMethod(type, m, false, true, false);
                } else if (p[0] == Context.class) {
                    return pojoMethod(type, m, null, out, true);
                }
                return pojoMethod(type, m, p[0], out, false);
            case 2:
                if (p[0] == OutputStream.class) {
                    return p[1] == Context.class ? streamMethod(type, m, false, true, true) : null;
                } else if (p[0] == Context.class) {
                    return null;
                } else if (p[0] == InputStream.class) {
                    if (p[1] == OutputStream.class) {
                        return streamMethod(type, m, true, true, false);
                    }
                    return p[1] == Context.class ? streamMethod(type, m, true, false, true) : null;
                }
                return p[1] == Context.class ? pojoMethod(type, m, p[0], out, true) : null;
            case 3:
                return p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class
                        ? streamMethod(type, m, true, true, true) : null;
            default:
                return null;
        }
    }

    private static HandlerDispatcher pojoMethod(Class<?> type, Method m, Type input, Type output, boolean needsContext)
            throws InitFailure {
        Object instance = Modifier.isStatic(m.getModifiers()) ? null : newInstance(type);
        return pojo(input, output, input != null, false, (in, ctx) -> {
            Object[] args = new Object[(input != null ? 1 : 0) + (needsContext ? 1 : 0)];
            int i = 0;
            if (input != null) {
                args[i++] = in;
            }
            if (needsContext) {
                args[i] = ctx;
            }
            return invokeUnwrapped(m, instance, args);
        });
    }

    private static HandlerDispatcher streamMethod(Class<?> type, Method m, boolean needsInput, boolean needsOutput,
                                                  boolean needsContext) throws InitFailure {
        Object instance = Modifier.isStatic(m.getModifiers()) ? null : newInstance(type);
        return new HandlerDispatcher((bytes, output, ctx) -> {
            Object[] args = new Object[(needsInput ? 1 : 0) + (needsOutput ? 1 : 0) + (needsContext ? 1 : 0)];
            int i = 0;
            if (needsInput) {
                args[i++] = new ByteArrayInputStream(bytes);
            }
            if (needsOutput) {
                args[i++] = output;
            }
            if (needsContext) {
                args[i] = ctx;
            }
            invokeUnwrapped(m, instance, args);
        });
    }

    private static Object invokeUnwrapped(Method m, Object instance, Object[] args) throws Throwable {
        try {
            return m.invoke(instance, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() != null ? e.getCause() : e;
        }
    }

    private static Object newInstance(Class<?> type) throws InitFailure {
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
                throw fault("Class " + type.getName() + " cannot be instantiated because it is a non-static inner class");
            }
            throw fault("Class " + type.getName() + " has no public zero-argument constructor");
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InitFailure(cause.getClass().getName(), cause.getLocalizedMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new InitFailure(e.getClass().getName(), e.getLocalizedMessage(), e);
        }
    }

    private static InitFailure fault(String message) {
        return new InitFailure(null, message, null);
    }

    private static boolean isVoid(Type t) {
        return t == void.class || t == Void.class;
    }

    /** Breadth-first search for RequestHandler's actual type arguments, resolving type variables through superclasses. */
    private static Type[] findInterfaceParameters(Class<?> type) {
        Deque<Map.Entry<Type, Map<TypeVariable<?>, Type>>> queue = new ArrayDeque<>();
        queue.add(Map.entry(type, Map.of()));
        while (!queue.isEmpty()) {
            var entry = queue.poll();
            Type current = entry.getKey();
            Map<TypeVariable<?>, Type> bindings = entry.getValue();
            Class<?> raw;
            Map<TypeVariable<?>, Type> own = new HashMap<>(bindings);
            if (current instanceof ParameterizedType pt) {
                raw = (Class<?>) pt.getRawType();
                TypeVariable<?>[] vars = raw.getTypeParameters();
                Type[] args = pt.getActualTypeArguments();
                for (int i = 0; i < vars.length; i++) {
                    own.put(vars[i], resolve(args[i], bindings));
                }
                if (raw == RequestHandler.class) {
                    return new Type[] {own.get(vars[0]), own.get(vars[1])};
                }
            } else if (current instanceof Class<?> c) {
                raw = c;
            } else {
                continue;
            }
            for (Type i : raw.getGenericInterfaces()) {
                queue.add(Map.entry(i, own));
            }
            if (raw.getGenericSuperclass() != null) {
                queue.add(Map.entry(raw.getGenericSuperclass(), own));
            }
        }
        return null;
    }

    private static Type resolve(Type t, Map<TypeVariable<?>, Type> bindings) {
        return t instanceof TypeVariable<?> v && bindings.containsKey(v) ? bindings.get(v) : t;
    }
}
