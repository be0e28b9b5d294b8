package org.calico4j.testkit.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.calico4j.client.CalicoClient;
import org.calico4j.testkit.SimulatedCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link CalicoTestkit}; use the annotation, or register it directly.
 *
 * <pre>{@code
 * @ExtendWith(CalicoExtension.class)
 * class MyTest { SimulatedCluster cluster; }
 * }</pre>
 */
public final class CalicoExtension implements BeforeAllCallback, BeforeEachCallback {
    /** Created by JUnit, through {@link CalicoTestkit @CalicoTestkit}. */
    public CalicoExtension() {
    }

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(CalicoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        inject(context, context.getRequiredTestClass(), null, true);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        Object instance = context.getRequiredTestInstance();
        inject(context, instance.getClass(), instance, false);
    }

    private static void inject(ExtensionContext context, Class<?> type, Object instance, boolean statics) throws IllegalAccessException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                boolean isStatic = Modifier.isStatic(f.getModifiers());
                if (isStatic != statics || (f.getType() != SimulatedCluster.class && f.getType() != CalicoClient.class)) {
                    continue;
                }
                if (Modifier.isFinal(f.getModifiers())) {
                    throw new ExtensionConfigurationException("@CalicoTestkit cannot inject final field " + f);
                }
                f.setAccessible(true);
                String key = c.getName() + "#" + f.getName();
                boolean agents = nodeAgents(type);
                Object value = f.getType() == SimulatedCluster.class
                        ? context.getStore(NS).getOrComputeIfAbsent(key, k -> new Closing<>(agents ? SimulatedCluster.withNodeAgents()
                                : SimulatedCluster.create(), SimulatedCluster::close), Closing.class).value
                        : context.getStore(NS).getOrComputeIfAbsent(key, k -> new Closing<>(CalicoClient.inMemory(), CalicoClient::close),
                                Closing.class).value;
                f.set(isStatic ? null : instance, value);
            }
        }
    }

    /** The {@link CalicoTestkit#nodeAgents()} of the nearest annotated class (nested classes inherit their outer class's). */
    private static boolean nodeAgents(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            CalicoTestkit a = c.getAnnotation(CalicoTestkit.class);
            if (a != null) {
                return a.nodeAgents();
            }
        }
        return false;
    }

    /** A value closed when its JUnit scope (class or test) ends: the store closes AutoCloseable values. */
    private static final class Closing<T> implements AutoCloseable {
        final T value;
        private final java.util.function.Consumer<T> close;

        Closing(T value, java.util.function.Consumer<T> close) {
            this.value = value;
            this.close = close;
        }

        @Override
        public void close() {
            close.accept(value);
        }
    }
}
