package org.calico4j.testkit.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.calico4j.client.CalicoClient;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.junit.CalicoExtension;
import org.calico4j.testkit.junit.CalicoTestkit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The objects the testkit injects ({@link SimulatedCluster}, {@link CalicoClient}): which fields and
 * parameters take them, and fresh ones made as {@link CalicoTestkit} says, shared by the JUnit extension
 * and the property runner (which makes new ones for every try and shrink step).
 */
public final class TestFixtures {
    private TestFixtures() {
    }

    /** Whether the testkit injects a value of this type. */
    public static boolean injectable(Class<?> type) {
        return type == SimulatedCluster.class || type == CalicoClient.class;
    }

    /** A fresh value of an {@link #injectable} type, for a test in {@code testClass}. */
    public static AutoCloseable create(Class<?> type, Class<?> testClass) {
        if (type == SimulatedCluster.class) {
            return nodeAgents(testClass) ? SimulatedCluster.withNodeAgents() : SimulatedCluster.create();
        }
        if (type == CalicoClient.class) {
            return CalicoClient.inMemory();
        }
        throw new IllegalArgumentException("the testkit injects no " + type.getName());
    }

    /** The {@link CalicoTestkit#nodeAgents()} of the nearest annotated class (nested classes inherit their outer class's). */
    public static boolean nodeAgents(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            CalicoTestkit a = c.getAnnotation(CalicoTestkit.class);
            if (a != null) {
                return a.nodeAgents();
            }
        }
        return false;
    }

    /** Whether {@link CalicoExtension} injects the fields of {@code type} (annotated, itself or an outer class). */
    public static boolean managed(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (c.getAnnotation(CalicoTestkit.class) != null) {
                return true;
            }
            for (Class<?> s = c; s != null; s = s.getSuperclass()) {
                for (ExtendWith w : s.getAnnotationsByType(ExtendWith.class)) {
                    if (List.of(w.value()).contains(CalicoExtension.class)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The injectable fields of {@code type} and its superclasses: the static or the instance ones. */
    public static List<Field> fields(Class<?> type, boolean statics) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) != statics || !injectable(f.getType())) {
                    continue;
                }
                if (Modifier.isFinal(f.getModifiers())) {
                    throw new ExtensionConfigurationException("@CalicoTestkit cannot inject final field " + f);
                }
                f.setAccessible(true);
                out.add(f);
            }
        }
        return out;
    }

    /** Closes each value, all of them even when one fails; the first failure is thrown with the others suppressed. */
    public static void closeAll(List<? extends AutoCloseable> values) {
        RuntimeException failure = null;
        for (AutoCloseable v : values) {
            try {
                v.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + v + " failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
