package org.calico4j.testkit.property;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.calico4j.testkit.internal.TestFixtures;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link CalicoProperty} method through {@link PropertyRunner}: the generated value replaces the
 * {@link GeneratedBy} parameter, and every try and every shrink step gets fresh testkit objects (a
 * {@code SimulatedCluster} or {@code CalicoClient} parameter, and the instance fields {@code @CalicoTestkit}
 * injects), closed when the try ends. {@link CalicoProperty} registers it; there is nothing to configure.
 *
 * <pre>{@code
 * @CalicoProperty void holds(@GeneratedBy("gen") int n, SimulatedCluster cluster) { ... }
 * }</pre>
 */
public final class PropertyExtension implements ParameterResolver, InvocationInterceptor {
    /** Created by JUnit, through the property annotation's {@code @ExtendWith}. */
    public PropertyExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.isAnnotated(GeneratedBy.class)
                || TestFixtures.injectable(p.getParameter().getType()) && p.getDeclaringExecutable().isAnnotationPresent(CalicoProperty.class);
    }

    @Override
    public @Nullable Object resolveParameter(ParameterContext p, ExtensionContext e) {
        // A placeholder: the property runs the method itself with generated values and fresh fixtures.
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
        if (t == float.class) {
            return 0.0f;
        }
        if (t == char.class) {
            return '\0';
        }
        if (t == byte.class) {
            return (byte) 0;
        }
        if (t == short.class) {
            return (short) 0;
        }
        return 0;
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> ctx, ExtensionContext e)
            throws Throwable {
        Method m = ctx.getExecutable();
        CalicoProperty prop = m.getAnnotation(CalicoProperty.class);
        Parameter[] params = m.getParameters();
        int generated = -1;
        for (int i = 0; i < params.length; i++) {
            if (params[i].isAnnotationPresent(GeneratedBy.class)) {
                if (generated >= 0) {
                    throw new ExtensionConfigurationException("@CalicoProperty method " + m.getName() + " has more than one @GeneratedBy parameter");
                }
                generated = i;
            } else if (!TestFixtures.injectable(params[i].getType())) {
                throw new ExtensionConfigurationException("@CalicoProperty method " + m.getName() + ": parameter " + params[i].getName()
                        + " of type " + params[i].getType().getName() + " is neither @GeneratedBy nor a SimulatedCluster or CalicoClient");
            }
        }
        if (generated < 0) {
            throw new ExtensionConfigurationException("@CalicoProperty method " + m.getName() + " must have exactly one @GeneratedBy parameter");
        }
        Object instance = ctx.getTarget().orElse(null);
        Class<?> testClass = e.getRequiredTestClass();
        Gen<?> gen = generator(testClass, instance, params[generated].getAnnotation(GeneratedBy.class));
        invocation.skip();
        m.setAccessible(true);
        PropertyRunner.Check<?> check = PropertyRunner.check(gen).tries(prop.tries());
        if (prop.seed() != 0) {
            check = check.seed(prop.seed());
        }
        List<Field> fields = instance != null && TestFixtures.managed(testClass) ? TestFixtures.fields(instance.getClass(), false) : List.of();
        List<Object> before = new ArrayList<>();
        for (Field f : fields) {
            before.add(f.get(instance));
        }
        try {
            run(check, new Target(m, instance, generated, fields, testClass));
        } finally {
            for (int i = 0; i < fields.size(); i++) {
                fields.get(i).set(instance, before.get(i));
            }
        }
    }

    /** The method and what each call of it needs besides the value. */
    private record Target(Method method, @Nullable Object instance, int generated, List<Field> fields, Class<?> testClass) {
        /** One try or shrink step: fresh fixtures in the fields and parameters, closed afterwards. */
        void call(Object value) {
            List<AutoCloseable> opened = new ArrayList<>();
            try {
                for (Field f : fields) {
                    AutoCloseable fresh = TestFixtures.create(f.getType(), testClass);
                    opened.add(fresh);
                    f.set(instance, fresh);
                }
                Parameter[] params = method.getParameters();
                Object[] args = new Object[params.length];
                for (int i = 0; i < params.length; i++) {
                    if (i == generated) {
                        args[i] = value;
                    } else {
                        AutoCloseable fresh = TestFixtures.create(params[i].getType(), testClass);
                        opened.add(fresh);
                        args[i] = fresh;
                    }
                }
                method.invoke(instance, args);
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
            } finally {
                TestFixtures.closeAll(opened);
            }
        }
    }

    private static <T> void run(PropertyRunner.Check<T> check, Target target) {
        check.forAll(target::call);
    }

    /**
     * The generator {@code @GeneratedBy} names: a method without arguments in the holder class it names
     * ({@code holder}, or {@code "com.example.Gens#name"}), else in the test class, its superclasses and
     * its enclosing classes. An instance method is called on the test instance, or on a holder made with
     * its no-argument constructor.
     */
    static Gen<?> generator(Class<?> testClass, @Nullable Object instance, GeneratedBy by) {
        String spec = by.value();
        String name = spec;
        List<Class<?>> places = new ArrayList<>();
        int hash = spec.indexOf('#');
        if (hash >= 0) {
            String holder = spec.substring(0, hash);
            name = spec.substring(hash + 1);
            try {
                places.add(Class.forName(holder, false, testClass.getClassLoader()));
            } catch (ClassNotFoundException ex) {
                throw new ExtensionConfigurationException("@GeneratedBy(\"" + spec + "\"): no class " + holder, ex);
            }
        } else if (by.holder() != Void.class) {
            places.add(by.holder());
        } else {
            for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
                places.add(c);
            }
        }
        Set<String> searched = new LinkedHashSet<>();
        for (Class<?> place : places) {
            for (Class<?> c = place; c != null && c != Object.class; c = c.getSuperclass()) {
                searched.add(c.getName());
                Method g;
                try {
                    g = c.getDeclaredMethod(name);
                } catch (NoSuchMethodException ex) {
                    continue;
                }
                return call(g, spec, place, testClass, instance);
            }
        }
        throw new ExtensionConfigurationException("@GeneratedBy(\"" + spec + "\"): no method " + name + "() in " + String.join(", ", searched)
                + " (name a holder class with holder = Gens.class or \"com.example.Gens#" + name + "\")");
    }

    private static Gen<?> call(Method g, String spec, Class<?> place, Class<?> testClass, @Nullable Object instance) {
        try {
            g.setAccessible(true);
            Object target = null;
            if (!Modifier.isStatic(g.getModifiers())) {
                if (instance != null && place.isInstance(instance)) {
                    target = instance;
                } else if (place == testClass || place.isAssignableFrom(testClass)) {
                    throw new ExtensionConfigurationException("@GeneratedBy(\"" + spec + "\"): " + g + " is an instance method and there is no test instance");
                } else if (place.getEnclosingClass() != null && !Modifier.isStatic(place.getModifiers())) {
                    throw new ExtensionConfigurationException("@GeneratedBy(\"" + spec + "\"): " + g + " is an instance method of an inner class: make it static");
                } else {
                    var ctor = place.getDeclaredConstructor();
                    ctor.setAccessible(true);
                    target = ctor.newInstance();
                }
            }
            Object r = g.invoke(target);
            if (!(r instanceof Gen)) {
                throw new ExtensionConfigurationException("@GeneratedBy(\"" + spec + "\"): " + g + " does not return a Gen");
            }
            return (Gen<?>) r;
        } catch (ReflectiveOperationException ex) {
            throw new ExtensionConfigurationException("@GeneratedBy(\"" + spec + "\"): " + g + " failed: " + ex, ex);
        }
    }
}
