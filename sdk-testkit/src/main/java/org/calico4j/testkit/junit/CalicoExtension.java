package org.calico4j.testkit.junit;

import java.lang.reflect.Field;

import org.calico4j.testkit.internal.TestFixtures;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
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
        for (Field f : TestFixtures.fields(type, statics)) {
            String key = f.getDeclaringClass().getName() + "#" + f.getName();
            Object value = context.getStore(NS).getOrComputeIfAbsent(key, k -> new Closing(TestFixtures.create(f.getType(), type)),
                    Closing.class).value;
            f.set(statics ? null : instance, value);
        }
    }

    /** A value closed when its JUnit scope (class or test) ends: the store closes AutoCloseable values. */
    private static final class Closing implements AutoCloseable {
        final AutoCloseable value;

        Closing(AutoCloseable value) {
            this.value = value;
        }

        @Override
        public void close() {
            TestFixtures.closeAll(java.util.List.of(value));
        }
    }
}
