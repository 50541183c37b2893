package io.lambdakit.core.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds methods that carry a lambdakit annotation but were not woven by its aspect, from the bytes
 * of a class file, without loading the class (a small class-file reader: constant pool, methods,
 * their {@code RuntimeVisibleAnnotations}). Used at init ({@code io.lambdakit.core.internal.WeavingCheck}, on the handler
 * class named by {@code _HANDLER}) and at build time (lambdakit-maven-plugin's
 * {@code verify-weaving} goal, on every compiled class).
 *
 * <p><b>How a woven method is recognised</b>: ajc moves the body of an advised method
 * {@code m} into a synthetic {@code m_aroundBody<n>} method of the same class and calls the
 * aspect through {@code <Aspect>.aspectOf()}, so the class's constant pool names the aspect
 * class. A method annotated with, say, {@code @Idempotent} counts as woven when its class has an
 * {@code m_aroundBody*} method and names {@code IdempotentAspect}. Both marks are absent when the
 * class was compiled by javac alone, or by ajc without that module in {@code aspectLibraries}.
 * Annotations on abstract (interface) methods are reported too: AspectJ's execution join points
 * do not inherit them, so they never take effect.
 *
 * <p>Cold-start discipline: this runs on the init path, so it uses no lambdas, streams, regex or
 * string formatting, and loads only itself, {@link Finding} and a few JDK collection classes.
 */
public final class WeavingScanner {

    /** The lambdakit annotations that need weaving: descriptor, simple name, aspect (internal name), artifact, fatal. */
    private static final String[][] ANNOTATIONS = {
        {"Lio/lambdakit/logging/Logging;", "@Logging", "io/lambdakit/logging/internal/LoggingAspect", "lambdakit-logging", "false"},
        {"Lio/lambdakit/tracing/Tracing;", "@Tracing", "io/lambdakit/tracing/internal/TracingAspect", "lambdakit-tracing", "false"},
        {"Lio/lambdakit/metrics/FlushMetrics;", "@FlushMetrics", "io/lambdakit/metrics/internal/FlushMetricsAspect", "lambdakit-metrics", "false"},
        {"Lio/lambdakit/idempotency/Idempotent;", "@Idempotent", "io/lambdakit/idempotency/internal/IdempotentAspect", "lambdakit-idempotency", "true"},
    };

    private static final String AROUND_BODY = "_aroundBody";
    private static final int ACC_BRIDGE = 0x0040;
    private static final int ACC_NATIVE = 0x0100;
    private static final int ACC_ABSTRACT = 0x0400;
    private static final int ACC_SYNTHETIC = 0x1000;

    private WeavingScanner() {
    }

    /**
     * One annotated method whose annotation does nothing.
     *
     * @param className    the declaring class, dotted
     * @param method       the method, e.g. {@code handleRequest(Map, Context)}
     * @param annotation   the annotation, e.g. {@code @Idempotent}
     * @param artifactId   the lambdakit module whose aspect it needs, e.g. {@code lambdakit-idempotency}
     * @param fatal        true when running the method unwoven is unsafe (idempotency: it would run unguarded)
     * @param abstractOnly true when the method is abstract (the annotation belongs on the implementation)
     */
    public record Finding(String className, String method, String annotation, String artifactId, boolean fatal,
                          boolean abstractOnly) {

        /** @return one sentence saying what is wrong and how to fix it */
        public String message() {
            StringBuilder sb = new StringBuilder(256).append(annotation).append(" on ").append(className).append('.')
                    .append(method);
            if (abstractOnly) {
                sb.append(" does nothing: the method is abstract, and AspectJ weaves only method bodies (annotations on"
                        + " interface or abstract methods are not inherited); put ").append(annotation)
                        .append(" on the implementing method");
            } else {
                sb.append(" was not woven, so it does nothing").append(fatal ? " (the method would run unguarded)" : "")
                        .append(": add <aspectLibrary><groupId>io.lambdakit</groupId><artifactId>").append(artifactId)
                        .append("</artifactId></aspectLibrary> to the aspectj-maven-plugin's <aspectLibraries> and"
                                + " compile with that plugin (see docs/getting-started.md, \"AspectJ plugin\")");
            }
            return sb.toString();
        }
    }

    /**
     * What one class file says.
     *
     * @param className  the class, dotted
     * @param superName  its superclass, internal name ({@code a/b/C}), or null for {@code java.lang.Object}
     * @param findings   its annotated methods that were not woven
     */
    public record Result(String className, String superName, List<Finding> findings) {
    }

    /**
     * @param classFile the bytes of a class file
     * @return the class's name, superclass and annotated-but-unwoven methods
     * @throws IllegalArgumentException when the bytes are not a class file
     */
    public static Result scan(byte[] classFile) {
        try {
            return new Reader(classFile).read();
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a class file (truncated)", e);
        }
    }

    /** A single pass over one class file. */
    private static final class Reader {
        private final byte[] b;
        private int pos;
        private int[] offsets; // constant pool: where each entry's payload starts
        private byte[] tags;

        Reader(byte[] b) {
            this.b = b;
        }

        Result read() {
            if (b.length < 10 || u4() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file (no 0xCAFEBABE magic)");
            }
            pos += 4; // minor, major
            readConstantPool();
            pos += 2; // access flags
            String className = className(u2());
            int superIndex = u2();
            String superName = superIndex == 0 ? null : utf8(u2At(offsets[superIndex]));
            int interfaces = u2();
            pos += 2 * interfaces;
            int fields = u2();
            for (int i = 0; i < fields; i++) {
                pos += 6;
                skipAttributes();
            }
            int methods = u2();
            List<String> names = new ArrayList<>(methods);
            List<int[]> annotated = null; // {access, nameIndex, descriptorIndex, annotation number}
            for (int i = 0; i < methods; i++) {
                int access = u2();
                int name = u2();
                int descriptor = u2();
                names.add(utf8(name));
                int attributes = u2();
                for (int a = 0; a < attributes; a++) {
                    int attrName = u2();
                    int length = u4();
                    int end = pos + length;
                    if ((access & (ACC_BRIDGE | ACC_SYNTHETIC)) == 0 && utf8Equals(attrName, "RuntimeVisibleAnnotations")) {
                        int count = u2();
                        for (int n = 0; n < count; n++) {
                            int type = u2();
                            int known = annotationIndex(type);
                            if (known >= 0) {
                                if (annotated == null) {
                                    annotated = new ArrayList<>();
                                }
                                annotated.add(new int[] {access, name, descriptor, known});
                            }
                            skipPairs();
                        }
                    }
                    pos = end;
                }
            }
            List<Finding> findings = new ArrayList<>();
            if (annotated != null) {
                for (int[] m : annotated) {
                    String[] known = ANNOTATIONS[m[3]];
                    String methodName = utf8(m[1]);
                    boolean concrete = (m[0] & (ACC_ABSTRACT | ACC_NATIVE)) == 0;
                    if (concrete && hasAroundBody(names, methodName) && namesClass(known[2])) {
                        continue;
                    }
                    findings.add(new Finding(className, readable(methodName, utf8(m[2])), known[1], known[3],
                            known[4].equals("true"), !concrete));
                }
            }
            return new Result(className, superName, findings);
        }

        private void readConstantPool() {
            int count = u2();
            offsets = new int[count];
            tags = new byte[count];
            for (int i = 1; i < count; i++) {
                int tag = b[pos++] & 0xFF;
                tags[i] = (byte) tag;
                offsets[i] = pos;
                switch (tag) {
                    case 1 -> pos += 2 + u2At(pos);
                    case 7, 8, 16, 19, 20 -> pos += 2;
                    case 15 -> pos += 3;
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> pos += 4;
                    case 5, 6 -> {
                        pos += 8;
                        i++;
                    }
                    default -> throw new IllegalArgumentException("not a class file (constant pool tag " + tag + ")");
                }
            }
        }

        private int annotationIndex(int typeIndex) {
            for (int k = 0; k < ANNOTATIONS.length; k++) {
                if (utf8Equals(typeIndex, ANNOTATIONS[k][0])) {
                    return k;
                }
            }
            return -1;
        }

        private static boolean hasAroundBody(List<String> names, String method) {
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                if (n.length() > method.length() + AROUND_BODY.length() && n.startsWith(method)
                        && n.startsWith(AROUND_BODY, method.length())) {
                    return true;
                }
            }
            return false;
        }

        private boolean namesClass(String internalName) {
            for (int i = 1; i < tags.length; i++) {
                if (tags[i] == 7 && utf8Equals(u2At(offsets[i]), internalName)) {
                    return true;
                }
            }
            return false;
        }

        private void skipAttributes() {
            int count = u2();
            for (int i = 0; i < count; i++) {
                pos += 2;
                int length = u4();
                pos += length;
            }
        }

        private void skipPairs() {
            int pairs = u2();
            for (int i = 0; i < pairs; i++) {
                pos += 2;
                skipElementValue();
            }
        }

        private void skipElementValue() {
            int tag = b[pos++] & 0xFF;
            switch (tag) {
                case 'e' -> pos += 4;
                case '@' -> {
                    pos += 2;
                    skipPairs();
                }
                case '[' -> {
                    int n = u2();
                    for (int i = 0; i < n; i++) {
                        skipElementValue();
                    }
                }
                default -> pos += 2; // B C D F I J S Z s c: one constant pool index
            }
        }

        private String className(int classIndex) {
            return utf8(u2At(offsets[classIndex])).replace('/', '.');
        }

        private boolean utf8Equals(int index, String ascii) {
            int at = offsets[index];
            int length = u2At(at);
            if (tags[index] != 1 || length != ascii.length()) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (b[at + 2 + i] != (byte) ascii.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String utf8(int index) {
            int at = offsets[index];
            int length = u2At(at);
            // modified UTF-8; the names we compare and print are ASCII in practice, and others still decode
            return new String(b, at + 2, length, java.nio.charset.StandardCharsets.UTF_8);
        }

        private int u2() {
            int v = u2At(pos);
            pos += 2;
            return v;
        }

        private int u2At(int at) {
            return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        }

        private int u4() {
            int v = ((b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }
    }

    /** {@code name(Lpkg/Type;[I)V} as {@code name(Type, int[])}. */
    static String readable(String name, String descriptor) {
        StringBuilder sb = new StringBuilder(name.length() + descriptor.length()).append(name).append('(');
        int i = 1;
        boolean first = true;
        while (i < descriptor.length() && descriptor.charAt(i) != ')') {
            int dims = 0;
            while (descriptor.charAt(i) == '[') {
                dims++;
                i++;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            char c = descriptor.charAt(i);
            if (c == 'L') {
                int end = descriptor.indexOf(';', i);
                int simple = descriptor.lastIndexOf('/', end) + 1;
                sb.append(descriptor, Math.max(simple, i + 1), end);
                i = end + 1;
            } else {
                sb.append(primitive(c));
                i++;
            }
            for (int d = 0; d < dims; d++) {
                sb.append("[]");
            }
        }
        return sb.append(')').toString();
    }

    private static String primitive(char c) {
        switch (c) {
            case 'Z': return "boolean";
            case 'B': return "byte";
            case 'C': return "char";
            case 'S': return "short";
            case 'I': return "int";
            case 'J': return "long";
            case 'F': return "float";
            case 'D': return "double";
            default: return String.valueOf(c);
        }
    }
}
