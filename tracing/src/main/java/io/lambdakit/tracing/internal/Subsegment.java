package io.lambdakit.tracing.internal;

import io.lambdakit.core.TraceHeader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One subsegment being recorded. Every mutation and every read of a mutable field holds this
 * object's monitor, so worker threads of an invocation can add children and annotations while the
 * codec reads a finished sibling. Never hold two subsegment monitors at once, except
 * parent-then-nothing: a child locks itself, releases, then locks its parent.
 *
 * <p>Emission protocol: a subsegment whose parent is the facade segment is sent when it ends, with
 * every descendant that ended before. A descendant that ends after its parent was sent is sent on
 * its own, as an independent subsegment pointing at its parent. The decision is made under the
 * parent's monitor ({@link #childEnded}, {@link #snapshotChildren}), so nothing is sent twice or lost.
 */
final class Subsegment {

    /** Annotations per subsegment; X-Ray indexes at most 50 per trace. */
    public static final int MAX_ANNOTATIONS = 50;

    final String name;
    final String id;
    final String traceId;
    final String parentId;
    final Subsegment parent;
    final TraceHeader header;
    final double startTime;
    final String namespace;

    private double endTime;
    private boolean closed;
    private boolean error;
    private boolean fault;
    private boolean throttle;
    private Map<String, Object> annotations;
    private Map<String, Map<String, Object>> metadata;
    private List<RecordedException> exceptions;
    private String causeRef;
    private Throwable causeThrowable;
    private String causeId;
    private Map<String, Object> aws;
    private int httpStatus;
    private long contentLength = -1;
    private List<Subsegment> children;

    // guarded by this, written by the subsegment's children
    private boolean emitted;
    // guarded by parent's monitor
    private boolean endedInParent;
    private boolean detached;

    Subsegment(String name, String id, TraceHeader header, Subsegment parent, String namespace, double startTime) {
        this.name = name;
        this.id = id;
        this.header = header;
        this.traceId = header.root();
        this.parentId = parent != null ? parent.id : header.parent();
        this.parent = parent;
        this.namespace = namespace;
        this.startTime = startTime;
    }

    /** @return the subsegment id, 16 hex digits */
    public String id() {
        return id;
    }

    /** @return the subsegment's name */
    public String name() {
        return name;
    }

    /** @return the trace header to propagate to calls made inside this subsegment */
    public TraceHeader propagationHeader() {
        return header.withParent(id);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized void addChild(Subsegment child) {
        if (children == null) {
            children = new ArrayList<>(4);
        }
        children.add(child);
    }

    /**
     * Called by a child that has ended, under this (its parent's) monitor.
     *
     * @return true when this subsegment was already sent, so the child must be sent on its own
     */
    synchronized boolean childEnded(Subsegment child) {
        if (emitted) {
            return true;
        }
        child.endedInParent = true;
        return false;
    }

    /**
     * Marks this subsegment as sent (later children are sent on their own) and returns the children
     * that ended before and have not been split off into documents of their own.
     */
    synchronized List<Subsegment> snapshotChildren() {
        emitted = true;
        if (children == null) {
            return List.of();
        }
        List<Subsegment> out = new ArrayList<>(children.size());
        for (Subsegment c : children) {
            if (c.endedInParent && !c.detached) {
                out.add(c);
            }
        }
        return out;
    }

    /** Marks a child as sent in a document of its own, so this subsegment's documents leave it out. */
    synchronized void detach(Subsegment child) {
        child.detached = true;
    }

    synchronized boolean close(double end) {
        if (closed) {
            return false;
        }
        closed = true;
        endTime = Math.max(end, startTime);
        return true;
    }

    synchronized boolean putAnnotation(String key, Object value) {
        if (closed) {
            return false;
        }
        if (annotations == null) {
            annotations = new LinkedHashMap<>(8);
        }
        if (annotations.size() >= MAX_ANNOTATIONS && !annotations.containsKey(key)) {
            return false;
        }
        annotations.put(key, value);
        return true;
    }

    synchronized boolean putMetadata(String ns, String key, Object value) {
        if (closed) {
            return false;
        }
        if (metadata == null) {
            metadata = new LinkedHashMap<>(4);
        }
        metadata.computeIfAbsent(ns, k -> new LinkedHashMap<>(4)).put(key, value);
        return true;
    }

    synchronized void putAws(String key, Object value) {
        if (aws == null) {
            aws = new LinkedHashMap<>(8);
        }
        aws.put(key, value);
    }

    synchronized void httpResponse(int status, long length) {
        this.httpStatus = status;
        this.contentLength = length;
    }

    synchronized void flags(boolean error, boolean throttle, boolean fault) {
        this.error |= error;
        this.throttle |= throttle;
        this.fault |= fault;
    }

    /**
     * Records an exception in this subsegment's cause. If a descendant already recorded the same
     * throwable, the cause just refers to that exception's id, as X-Ray expects.
     */
    void recordException(Throwable t, boolean remote, IdGenerator ids) {
        String ref = findRecorded(t);
        synchronized (this) {
            if (closed) {
                return;
            }
            causeThrowable = t;
            if (ref != null) {
                causeId = ref;
                if (exceptions == null) {
                    causeRef = ref;
                }
                return;
            }
            RecordedException rec = RecordedException.of(t, remote, ids);
            if (exceptions == null) {
                exceptions = new ArrayList<>(1);
            }
            exceptions.add(rec);
            causeRef = null;
            causeId = rec.ids()[0];
        }
    }

    private String findRecorded(Throwable t) {
        List<Subsegment> cs;
        synchronized (this) {
            if (children == null) {
                return null;
            }
            cs = new ArrayList<>(children.size());
            for (Subsegment c : children) {
                if (c.endedInParent) {
                    cs.add(c);
                }
            }
        }
        for (Subsegment c : cs) {
            synchronized (c) {
                if (c.causeThrowable == t && c.causeId != null) {
                    return c.causeId;
                }
            }
        }
        return null;
    }

    /** A consistent copy of the fields the codec writes, taken under the monitor. */
    synchronized View view() {
        return new View(endTime, closed, error, throttle, fault,
                annotations == null ? Map.of() : new LinkedHashMap<>(annotations),
                metadata == null ? Map.of() : copy(metadata),
                exceptions == null ? List.of() : List.copyOf(exceptions),
                causeRef,
                aws == null ? Map.of() : new LinkedHashMap<>(aws),
                httpStatus, contentLength);
    }

    private static Map<String, Map<String, Object>> copy(Map<String, Map<String, Object>> m) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>(m.size() * 2);
        m.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
        return out;
    }

    /** The mutable part of a subsegment, frozen for encoding. */
    record View(double endTime, boolean closed, boolean error, boolean throttle, boolean fault,
                Map<String, Object> annotations, Map<String, Map<String, Object>> metadata,
                List<RecordedException> exceptions, String causeRef, Map<String, Object> aws,
                int httpStatus, long contentLength) {
    }

    @Override
    public String toString() {
        return "Subsegment[" + name + ", id=" + id + ", parent=" + parentId + "]";
    }
}
