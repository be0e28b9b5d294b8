package org.calico4j.testkit.property;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs a {@link Property} method through {@link Properties}: the generated value replaces the parameter.
 * {@link Property} registers it; there is nothing to configure.
 *
 * <pre>{@code
 * @Property void holds(@ForAll("gen") int n) { ... }
 * }</pre>
 */
public final class PropertyExtension implements ParameterResolver, InvocationInterceptor {
    /** Created by JUnit, through the property annotation's {@code @ExtendWith}. */
    public PropertyExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.isAnnotated(ForAll.class);
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        // A placeholder: the property runs the method itself with generated values.
        Class<?> t = p.getParameter().getType();
        return t.isPrimitive() ? primitiveDefault(t) : null;
    }

    private static Object primitiveDefault(Class<?> t) {
        if (t == boolean.class) {
            return false;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == double.class) {
            return 0.0;
        }
        return 0;
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ctx, ExtensionContext e) {
        Method m = ctx.getExecutable();
        Property prop = m.getAnnotation(Property.class);
        Parameter[] params = m.getParameters();
        if (params.length != 1 || !params[0].isAnnotationPresent(ForAll.class)) {
            throw new ExtensionConfigurationException("@Property method " + m.getName() + " must have exactly one @ForAll parameter");
        }
        Object instance = ctx.getTarget().orElse(null);
        Gen<?> gen = generator(e.getRequiredTestClass(), instance, params[0].getAnnotation(ForAll.class).value());
        invocation.skip();
        m.setAccessible(true);
        Properties.Check<?> check = Properties.check(gen).tries(prop.tries());
        if (prop.seed() != 0) {
            check = check.seed(prop.seed());
        }
        run(check, m, instance);
    }

    @SuppressWarnings("unchecked")
    private static <T> void run(Properties.Check<T> check, Method m, Object instance) {
        check.forAll(value -> {
            try {
                m.invoke(instance, value);
            } catch (InvocationTargetException ex) {
                Throwable cause = ex.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new IllegalStateException(cause);
            } catch (IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    private static Gen<?> generator(Class<?> testClass, Object instance, String name) {
        try {
            Method g = testClass.getDeclaredMethod(name);
            g.setAccessible(true);
            Object r = g.invoke(java.lang.reflect.Modifier.isStatic(g.getModifiers()) ? null : instance);
            if (!(r instanceof Gen)) {
                throw new ExtensionConfigurationException("@ForAll(\"" + name + "\"): " + name + "() does not return a Gen");
            }
            return (Gen<?>) r;
        } catch (NoSuchMethodException ex) {
            throw new ExtensionConfigurationException("@ForAll(\"" + name + "\"): no method " + name + "() in " + testClass.getName(), ex);
        } catch (ReflectiveOperationException ex) {
            throw new ExtensionConfigurationException("@ForAll(\"" + name + "\"): " + name + "() failed", ex);
        }
    }
}
