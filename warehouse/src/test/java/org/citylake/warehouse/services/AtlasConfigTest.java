package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.services.atlasagent.AtlasClassRewriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class AtlasConfigTest {
    @TempDir
    Path home;

    @Test
    void localAtlasDefaultsAreLoopbackPort21000AndNoPublishing() throws IOException {
        Profile p = TestProfiles.local(home);
        assertThat(p.get("atlas.url")).isEmpty();
        assertThat(AtlasConfig.baseUrl(p)).isEqualTo("http://127.0.0.1:21000");
        assertThat(AtlasConfig.dataDir(p)).isEqualTo(home.resolve(".citylake/atlas/data"));
    }

    @Test
    void serverIsOnLoopbackWithBerkeleyAndEmbeddedSolrUnderTheDataDirAndNoKafkaWaits() throws IOException {
        Profile p = TestProfiles.local(home).with(Map.of("atlas.port", "21300"));
        Map<String, String> props = AtlasConfig.applicationProperties(p);
        assertThat(props).containsEntry("atlas.server.bind.address", "127.0.0.1")
                .containsEntry("atlas.server.http.port", "21300")
                .containsEntry("atlas.graph.storage.backend", "berkeleyje")
                .containsEntry("atlas.graph.storage.directory", home.resolve(".citylake/atlas/data/berkeley").toString())
                .containsEntry("atlas.graph.index.search.solr.embedded", "true")
                .containsEntry("atlas.notification.embedded", "false")
                .containsEntry("atlas.kafka.max.block.ms", "200")
                .containsEntry("atlas.authentication.method.file", "true")
                .containsEntry("atlas.authentication.method.file.filename", home.resolve(".citylake/atlas/conf/users-credentials.properties").toString());
        assertThat(AtlasConfig.applicationPropertiesText(p).lines()).contains("atlas.rest.address=http://127.0.0.1:21300");
    }

    @Test
    void usersFileHoldsTheSha256OfThePassword() {
        // sha256("admin"), as Atlas's own users-credentials.properties ships it
        assertThat(AtlasConfig.usersFile("admin", "admin"))
                .isEqualTo("admin=ROLE_ADMIN::8c6976e5b5410415bde908bd4dee15dfb167a9c873fc4bb8a81f6f2ab448a918\n");
        assertThat(AtlasConfig.policy("steward")).contains("\"userRoles\": { \"steward\": [ \"ROLE_ADMIN\" ] }");
    }

    @Test
    void groovyJarsToReplaceKeepTheirClassifier() {
        var m = ArtifactCache.ATLAS_GROOVY_JAR.matcher("groovy-cli-picocli-2.5.7.jar");
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("groovy-cli-picocli");
        assertThat(m.group(2)).isNull();
        m = ArtifactCache.ATLAS_GROOVY_JAR.matcher("groovy-2.5.7-indy.jar");
        assertThat(m.matches()).isTrue();
        assertThat(List.of(m.group(1), m.group(2))).containsExactly("groovy", "indy");
        m = ArtifactCache.ATLAS_GROOVY_JAR.matcher("groovy-jsr223-2.5.7-indy.jar");
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("groovy-jsr223");
        assertThat(ArtifactCache.ATLAS_GROOVY_JAR.matcher("gremlin-groovy-3.4.6.jar").matches()).isFalse();
    }

    @Test
    void agentJarNamesItsPremainClassAndCarriesAsm() throws IOException {
        Path jar = home.resolve("agent.jar");
        AtlasService.writeAgentJar(jar);
        try (JarFile f = new JarFile(jar.toFile())) {
            assertThat(f.getManifest().getMainAttributes().getValue("Premain-Class"))
                    .isEqualTo("org.citylake.warehouse.services.atlasagent.AtlasJavaAgent");
            assertThat(f.getEntry("org/citylake/warehouse/services/atlasagent/AtlasClassRewriter.class")).isNotNull();
            assertThat(f.getEntry("org/objectweb/asm/ClassReader.class")).isNotNull();
        }
    }

    /** A stand-in for AtlasJanusGraphDatabase: the two methods throw, as Atlas's do on Java 17, plus one left alone. */
    @Test
    void rewriterReplacesOnlyTheTwoRegistrationMethodsWithACallToTheAgent() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "Fake", null, "java/lang/Object", null);
        for (String name : List.of("addHBase2Support", "addSolr6Index", "other")) {
            MethodVisitor mv = w.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, name, "()V", null, null);
            mv.visitCode();
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "()V", false);
            mv.visitInsn(Opcodes.ATHROW);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        w.visitEnd();
        Map<String, List<String>> code = new java.util.TreeMap<>();
        new ClassReader(new AtlasClassRewriter().apply(w.toByteArray())).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                List<String> ops = new java.util.ArrayList<>();
                code.put(name, ops);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLdcInsn(Object value) {
                        ops.add("LDC " + value);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        ops.add(name(opcode) + " " + owner + "." + n);
                    }

                    @Override
                    public void visitInsn(int opcode) {
                        ops.add(name(opcode));
                    }
                };
            }
        }, 0);
        assertThat(code.get("addSolr6Index")).containsExactly("LDC org.janusgraph.diskstorage.StandardIndexProvider", "LDC solr",
                "LDC org.janusgraph.diskstorage.solr.Solr6Index",
                "INVOKESTATIC org/citylake/warehouse/services/atlasagent/AtlasJavaAgent.register", "RETURN");
        assertThat(code.get("addHBase2Support")).contains("LDC hbase2").endsWith("RETURN");
        assertThat(code.get("other")).containsExactly("DUP", "INVOKESPECIAL java/lang/IllegalStateException.<init>", "ATHROW");
    }

    private static String name(int opcode) {
        return switch (opcode) {
            case Opcodes.INVOKESTATIC -> "INVOKESTATIC";
            case Opcodes.INVOKESPECIAL -> "INVOKESPECIAL";
            case Opcodes.RETURN -> "RETURN";
            case Opcodes.ATHROW -> "ATHROW";
            case Opcodes.DUP -> "DUP";
            default -> "op" + opcode;
        };
    }
}
