package org.citylake.warehouse.services.atlasagent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Java agent for the Atlas 2.1.0 server JVM (never loaded by citylake itself). Atlas's
 * {@code AtlasJanusGraphDatabase} registers its Solr index provider and HBase 2 store manager in
 * JanusGraph's {@code ALL_MANAGER_CLASSES} maps from its static initialiser, by clearing the field's
 * {@code final} bit through {@code Field.modifiers}, a field Java 12+ no longer exposes: the class then
 * fails to initialise and Atlas never starts. This agent has {@link AtlasClassRewriter} replace those two
 * methods with a call to {@link #register}, which swaps the map through {@code sun.misc.Unsafe}
 * (still allowed on Java 17).
 *
 * <p>This class must not touch ASM: the agent jar sits on Atlas's system classpath behind Atlas's own
 * ASM 3, so the rewriter and ASM 9 are loaded from the agent jar by a loader of their own.
 * {@code AtlasService} assembles the jar at start from these compiled classes and the ASM jar.
 */
public final class AtlasJavaAgent {
    static final String TARGET = "org/apache/atlas/repository/graphdb/janus/AtlasJanusGraphDatabase";

    /** The web app's class loader, seen when the target class is defined; JanusGraph's classes live there. */
    private static volatile ClassLoader atlasLoader;

    private AtlasJavaAgent() {
    }

    @SuppressWarnings("unchecked")
    public static void premain(String args, Instrumentation instrumentation) throws ReflectiveOperationException {
        URL self = AtlasJavaAgent.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader isolated = new URLClassLoader(new URL[] {self}, ClassLoader.getPlatformClassLoader());
        UnaryOperator<byte[]> rewriter = (UnaryOperator<byte[]>) isolated
                .loadClass(AtlasJavaAgent.class.getPackageName() + ".AtlasClassRewriter").getConstructor().newInstance();
        instrumentation.addTransformer(new Transformer(rewriter));
    }

    /** Called by the rewritten Atlas methods: maps {@code key} to {@code implementation} in the holder's map. */
    public static void register(String holder, String key, String implementation) {
        try {
            ClassLoader loader = atlasLoader != null ? atlasLoader : Thread.currentThread().getContextClassLoader();
            Class<?> holderClass = Class.forName(holder, true, loader);
            Field field = holderClass.getDeclaredField("ALL_MANAGER_CLASSES");
            field.setAccessible(true);
            Map<Object, Object> updated = new HashMap<>((Map<?, ?>) field.get(null));
            updated.put(key, implementation);
            Class<?> immutableMap = Class.forName("com.google.common.collect.ImmutableMap", true, loader);
            Object value = immutableMap.getMethod("copyOf", Map.class).invoke(null, updated);
            Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            Object unsafe = theUnsafe.get(null);
            Class<?> unsafeClass = unsafe.getClass();
            Method base = unsafeClass.getMethod("staticFieldBase", Field.class);
            Method offset = unsafeClass.getMethod("staticFieldOffset", Field.class);
            Method put = unsafeClass.getMethod("putObjectVolatile", Object.class, long.class, Object.class);
            put.invoke(unsafe, base.invoke(unsafe, field), offset.invoke(unsafe, field), value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("citylake Atlas agent: cannot register " + key + " in " + holder, e);
        }
    }

    private static final class Transformer implements ClassFileTransformer {
        private final UnaryOperator<byte[]> rewriter;

        Transformer(UnaryOperator<byte[]> rewriter) {
            this.rewriter = rewriter;
        }

        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
            if (!TARGET.equals(className)) {
                return null;
            }
            atlasLoader = loader;
            try {
                return rewriter.apply(bytes);
            } catch (Throwable e) {
                e.printStackTrace(); // the JVM swallows a transformer's exception; make it visible in the log
                return null;
            }
        }
    }
}
