package io.lambdakit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Rule (c) of CONTRIBUTING.md, "Packages and visibility": public types reach internals one way. Types that
 * depend on each other, directly or around a loop, must share a package: the strongly connected
 * components of the type dependency graph (a nested class counts as its top-level class) may not span
 * two packages. And an {@code spi} package, which users implement, depends on no {@code internal} one.
 */
class PackageCyclesArchitectureTest {

    @Test
    void typeDependencyCycles_stayInsideOnePackage() {
        Map<String, Set<String>> graph = graph(Codebase.shipped());
        List<String> violations = new ArrayList<>();

        for (Set<String> component : stronglyConnectedComponents(graph)) {
            Set<String> packages = new TreeSet<>();
            for (String type : component) {
                packages.add(packageOf(type));
            }
            if (packages.size() > 1) {
                violations.add(describe(component, packages, graph));
            }
        }

        Violations.check("dependency cycles between types of different packages "
                + "(break each at one of the cross-package edges listed)", violations);
    }

    @Test
    void spiPackages_dependOnNoInternalPackage() {
        noClasses().that().resideInAPackage("io.lambdakit.*.spi..")
                .should().dependOnClassesThat().resideInAPackage("io.lambdakit.*.internal..")
                .because("an spi package is implemented by users and other modules; it depends on public API and core only")
                .check(Codebase.shipped());
    }

    /** Top-level type to the top-level types it depends on (within the imported classes; no self edges). */
    static Map<String, Set<String>> graph(JavaClasses classes) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (JavaClass type : classes) {
            String from = Codebase.topLevelName(type.getName());
            Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = Codebase.topLevelName(dependency.getTargetClass().getBaseComponentType().getName());
                if (!to.equals(from) && classes.contain(to)) {
                    targets.add(to);
                }
            }
        }
        return graph;
    }

    /** Tarjan's algorithm, iterative (no recursion depth limit); components in discovery order. */
    static List<Set<String>> stronglyConnectedComponents(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String root : graph.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<Frame> work = new ArrayDeque<>();
            work.push(new Frame(root, graph.getOrDefault(root, Set.of()).iterator()));
            index.put(root, counter[0]);
            low.put(root, counter[0]++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Frame frame = work.peek();
                String node = frame.node();
                Iterator<String> next = frame.targets();
                if (next.hasNext()) {
                    String target = next.next();
                    if (!index.containsKey(target)) {
                        index.put(target, counter[0]);
                        low.put(target, counter[0]++);
                        stack.push(target);
                        onStack.add(target);
                        work.push(new Frame(target, graph.getOrDefault(target, Set.of()).iterator()));
                    } else if (onStack.contains(target)) {
                        low.put(node, Math.min(low.get(node), index.get(target)));
                    }
                } else {
                    work.pop();
                    if (!work.isEmpty()) {
                        String parent = work.peek().node();
                        low.put(parent, Math.min(low.get(parent), low.get(node)));
                    }
                    if (low.get(node).equals(index.get(node))) {
                        Set<String> component = new TreeSet<>();
                        String member;
                        do {
                            member = stack.pop();
                            onStack.remove(member);
                            component.add(member);
                        } while (!member.equals(node));
                        components.add(component);
                    }
                }
            }
        }
        return components;
    }

    /** A node of the depth-first search and the targets it has still to visit. */
    private record Frame(String node, Iterator<String> targets) { }

    private static String describe(Set<String> component, Set<String> packages, Map<String, Set<String>> graph) {
        StringBuilder text = new StringBuilder("a cycle through ").append(component.size()).append(" types in ")
                .append(packages.size()).append(" packages ").append(packages).append(":");
        for (String pkg : packages) {
            List<String> members = new ArrayList<>();
            for (String type : component) {
                if (packageOf(type).equals(pkg)) {
                    members.add(type.substring(pkg.length() + 1));
                }
            }
            text.append("\n      ").append(pkg).append(": ").append(String.join(", ", members));
        }
        text.append("\n    cross-package edges:");
        for (String from : component) {
            for (String to : graph.get(from)) {
                if (component.contains(to) && !packageOf(from).equals(packageOf(to))) {
                    text.append("\n      ").append(from).append(" -> ").append(to);
                }
            }
        }
        return text.toString();
    }

    private static String packageOf(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "" : type.substring(0, dot);
    }
}
