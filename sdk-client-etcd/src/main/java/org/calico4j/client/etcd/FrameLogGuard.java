package org.calico4j.client.etcd;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps etcd's auth token out of debug logs. gRPC's Netty transport dumps every HTTP/2 frame,
 * headers included, to the Netty logger {@value #FRAME_LOGGER} at DEBUG, and jetcd sends the
 * token as the {@code token} header of every call: anyone running with DEBUG logging would log
 * it. Installed once, when a datastore with credentials is opened, this wraps Netty's logger
 * factory so that that one logger never logs at DEBUG or TRACE; every other logger is Netty's own.
 * Whoever needs gRPC's frame dump (and accepts the token in the log) sets the system property
 * {@value #LOG_FRAMES}{@code =true}.
 */
final class FrameLogGuard {
    static final String FRAME_LOGGER = "io.grpc.netty.NettyClientHandler";
    static final String LOG_FRAMES = "calico4j.etcd.logGrpcFrames";
    private static final Logger LOG = LoggerFactory.getLogger(FrameLogGuard.class);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private FrameLogGuard() {
    }

    static void install() {
        if (Boolean.getBoolean(LOG_FRAMES) || !INSTALLED.compareAndSet(false, true)) {
            return;
        }
        InternalLoggerFactory original = InternalLoggerFactory.getDefaultFactory();
        Method newInstance = find(original.getClass());
        if (newInstance == null) {
            LOG.warn("cannot guard Netty's logger {}: at DEBUG it prints etcd's auth token; keep it at INFO", FRAME_LOGGER);
            return;
        }
        InternalLoggerFactory.setDefaultFactory(new Guarded(original, newInstance));
    }

    private static Method find(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod("newInstance", String.class);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException | RuntimeException next) {
                // look further up
            }
        }
        return null;
    }

    private static final class Guarded extends InternalLoggerFactory {
        private final InternalLoggerFactory delegate;
        private final Method newInstance;

        Guarded(InternalLoggerFactory delegate, Method newInstance) {
            this.delegate = delegate;
            this.newInstance = newInstance;
        }

        @Override
        protected InternalLogger newInstance(String name) {
            InternalLogger real;
            try {
                real = (InternalLogger) newInstance.invoke(delegate, name);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Netty logger " + name + " unavailable", e);
            }
            return FRAME_LOGGER.equals(name) ? quiet(real) : real;
        }
    }

    /** {@code real} without DEBUG and TRACE. */
    static InternalLogger quiet(InternalLogger real) {
        return (InternalLogger) Proxy.newProxyInstance(FrameLogGuard.class.getClassLoader(), new Class<?>[] {InternalLogger.class},
                (proxy, m, args) -> {
                    String n = m.getName();
                    boolean low = n.startsWith("debug") || n.startsWith("trace") || n.equals("isDebugEnabled") || n.equals("isTraceEnabled")
                            || (args != null && args.length > 0 && (args[0] == InternalLogLevel.DEBUG || args[0] == InternalLogLevel.TRACE));
                    if (low) {
                        return m.getReturnType() == boolean.class ? Boolean.FALSE : null;
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
