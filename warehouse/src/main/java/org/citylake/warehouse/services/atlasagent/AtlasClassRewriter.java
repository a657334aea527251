package org.citylake.warehouse.services.atlasagent;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites Atlas 2.1.0's {@code AtlasJanusGraphDatabase.addHBase2Support()} and {@code addSolr6Index()}
 * so each only calls {@link AtlasJavaAgent#register} with the map entry the original put. Loaded by
 * {@link AtlasJavaAgent} in a class loader of its own, because Atlas's classpath carries an ASM 3 whose
 * {@code ClassVisitor} is an interface.
 */
public final class AtlasClassRewriter implements UnaryOperator<byte[]> {
    static final String STORE_MANAGERS = "org.janusgraph.diskstorage.StandardStoreManager";
    static final String INDEX_PROVIDERS = "org.janusgraph.diskstorage.StandardIndexProvider";

    /** method name in Atlas → {holder class, key, implementation class}, as Atlas 2.1.0's own code puts them. */
    static final Map<String, String[]> REWRITES = Map.of(
            "addHBase2Support", new String[] {STORE_MANAGERS, "hbase2", "org.janusgraph.diskstorage.hbase2.HBaseStoreManager"},
            "addSolr6Index", new String[] {INDEX_PROVIDERS, "solr", "org.janusgraph.diskstorage.solr.Solr6Index"});

    @Override
    public byte[] apply(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                String[] call = "()V".equals(descriptor) ? REWRITES.get(name) : null;
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (call == null) {
                    return mv;
                }
                mv.visitCode();
                for (String arg : call) {
                    mv.visitLdcInsn(arg);
                }
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, AtlasJavaAgent.class.getName().replace('.', '/'), "register",
                        "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)V", false);
                mv.visitInsn(Opcodes.RETURN);
                mv.visitMaxs(3, 0);
                mv.visitEnd();
                return null; // the original body is dropped
            }
        }, 0);
        return writer.toByteArray();
    }
}
