package io.lambdakit.logging.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdakitMdcAdapterTest {

    private final LambdakitMdcAdapter mdc = new LambdakitMdcAdapter();

    @AfterEach
    void clear() {
        mdc.clear();
    }

    @Test
    void putGetRemove_keepInsertionOrder() {
        mdc.put("a", "1");
        mdc.put("b", "2");
        mdc.put("a", "3");
        mdc.put("c", null);
        mdc.remove("b");

        assertThat(mdc.get("a")).isEqualTo("3");
        assertThat(LambdakitMdcAdapter.pairs()).containsExactly("a", "3", "c", null);
        assertThatThrownBy(() -> mdc.put(null, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshot_isUnaffectedByLaterPuts_andRestoresInOneStep() {
        mdc.put("init", "yes");
        String[] snapshot = LambdakitMdcAdapter.pairs();

        mdc.put("request", "r1");
        mdc.put("init", "changed");
        LambdakitMdcAdapter.restore(snapshot);

        assertThat(mdc.getCopyOfContextMap()).containsExactly(Map.entry("init", "yes"));
    }

    @Test
    void contextMap_copiesInAndOut() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("x", "1");
        m.put("y", "2");

        mdc.setContextMap(m);
        Map<String, String> copy = mdc.getCopyOfContextMap();
        copy.put("z", "3");

        assertThat(mdc.getCopyOfContextMap()).containsExactly(Map.entry("x", "1"), Map.entry("y", "2"));
    }

    @Test
    void entries_areConfinedToTheirThread() throws Exception {
        mdc.put("main", "1");
        AtomicReference<String[]> seen = new AtomicReference<>();

        Thread t = new Thread(() -> seen.set(LambdakitMdcAdapter.pairs()));
        t.start();
        t.join();

        assertThat(seen.get()).isEmpty();
    }

    @Test
    void deques_pushAndPopByKey() {
        mdc.pushByKey("ndc", "outer");
        mdc.pushByKey("ndc", "inner");

        assertThat(mdc.getCopyOfDequeByKey("ndc")).containsExactly("inner", "outer");
        assertThat(mdc.popByKey("ndc")).isEqualTo("inner");
        mdc.clearDequeByKey("ndc");
        assertThat(mdc.popByKey("ndc")).isNull();
        assertThat(mdc.popByKey("missing")).isNull();
    }
}
