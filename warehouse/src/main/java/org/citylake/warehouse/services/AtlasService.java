package org.citylake.warehouse.services;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.citylake.warehouse.Profile;
import org.citylake.warehouse.services.atlasagent.AtlasClassRewriter;
import org.citylake.warehouse.services.atlasagent.AtlasJavaAgent;
import org.objectweb.asm.ClassReader;

/**
 * Apache Atlas 2.1.0 for the {@code local} profile, in its own Java 17 process on loopback. Every start
 * begins from an empty data dir (graph, Solr index), so the server holds exactly what was published since;
 * citylake registers its types itself when it publishes. The JVM carries {@link AtlasJavaAgent}, assembled
 * here into {@code <state>/atlas/citylake-atlas-agent.jar} from citylake's own compiled classes and ASM.
 */
final class AtlasService {
    /** What Atlas logs when its Spring context did not come up; the server then only ever answers 503. */
    static final String CONTEXT_FAILED = "Context initialization failed";
    private final Profile profile;
    private final Supplier<ArtifactCache> cache;
    private final PrintStream progress;
    private final ServiceProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    AtlasService(Profile profile, Supplier<ArtifactCache> cache, PrintStream progress) {
        this.profile = profile;
        this.cache = cache;
        this.progress = progress;
        this.process = new ServiceProcess(profile.stateDir().resolve("run/atlas.pid"), AtlasConfig.MAIN_CLASS);
    }

    Path logFile() {
        return profile.stateDir().resolve("logs/atlas.log");
    }

    ServiceStatus status() {
        Optional<ProcessHandle> live = process.live();
        return new ServiceStatus(ServiceKind.ATLAS, live.isPresent() && healthy(), live.map(ProcessHandle::pid).orElse(-1L),
                AtlasConfig.baseUrl(profile), logFile());
    }

    /** Healthy = Atlas answers {@code /api/atlas/admin/status} with ACTIVE for our user (graph and index are up). */
    boolean healthy() {
        try {
            String auth = Base64.getEncoder().encodeToString((profile.get("atlas.user") + ":" + profile.get("atlas.password"))
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(AtlasConfig.baseUrl(profile) + "/api/atlas/admin/status"))
                    .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("ACTIVE");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void up() {
        FileLocks.withLock(profile.stateDir().resolve("run/atlas.lock"), () -> {
            Duration timeout = Duration.ofSeconds(profile.getInt("services.start.timeout.seconds"));
            Optional<ProcessHandle> live = process.live();
            if (live.isPresent()) {
                if (healthy()) {
                    progress.printf("Atlas already running (pid %d) at %s%n", live.get().pid(), AtlasConfig.baseUrl(profile));
                    return;
                }
                progress.printf("Atlas pid %d is running but not answering yet; waiting%n", live.get().pid());
                ProcessHandle handle = live.get();
                Readiness.await("Atlas", handle::isAlive, this::healthy, timeout, List.of(logFile()), progress);
                return;
            }
            process.clear();
            if (PortProbe.isOpen(profile.get("atlas.host"), profile.getInt("atlas.port"))) {
                throw new ServiceStartException("Port " + profile.getInt("atlas.port") + " on " + profile.get("atlas.host")
                        + " is already taken by a process citylake did not start. Stop it, or choose another port with"
                        + " CITYLAKE_ATLAS_PORT / -Dcitylake.atlas.port.");
            }
            ArtifactCache.AtlasInstall install = cache.get().atlas();
            Path agent = writeConfigAndAgent();
            start(install, agent, timeout);
        });
    }

    void down() {
        FileLocks.withLock(profile.stateDir().resolve("run/atlas.lock"), () -> {
            var stopped = process.stop(Duration.ofSeconds(30));
            if (stopped.isPresent()) {
                progress.printf("Stopped Atlas (pid %d)%n", stopped.getAsLong());
            } else {
                progress.println("Atlas is not running (nothing citylake started)");
            }
        });
    }

    /** A fresh data dir, the generated config, and the agent jar; returns the agent jar. */
    private Path writeConfigAndAgent() {
        Path conf = AtlasConfig.confDir(profile);
        try {
            ArtifactCache.deleteTree(AtlasConfig.dataDir(profile));
            Files.createDirectories(AtlasConfig.dataDir(profile).resolve("tmp"));
            Files.createDirectories(conf);
            Files.createDirectories(logFile().getParent());
            Files.writeString(conf.resolve(AtlasConfig.APPLICATION_PROPERTIES), AtlasConfig.applicationPropertiesText(profile), StandardCharsets.UTF_8);
            Files.writeString(conf.resolve(AtlasConfig.USERS_FILE), AtlasConfig.usersFile(profile.get("atlas.user"), profile.get("atlas.password")),
                    StandardCharsets.UTF_8);
            Files.writeString(conf.resolve(AtlasConfig.POLICY_FILE), AtlasConfig.policy(profile.get("atlas.user")), StandardCharsets.UTF_8);
            Files.writeString(conf.resolve(AtlasConfig.LOG4J_FILE), AtlasConfig.log4jXml(), StandardCharsets.UTF_8);
            Path agent = AtlasConfig.home(profile).resolve("citylake-atlas-agent.jar");
            writeAgentJar(agent);
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Atlas under " + AtlasConfig.home(profile), e);
        }
    }

    /** The agent's classes as this build compiled them, plus ASM's, under a manifest naming the premain class. */
    static void writeAgentJar(Path target) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", AtlasJavaAgent.class.getName());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
            for (Class<?> c : List.of(AtlasJavaAgent.class, AtlasClassRewriter.class)) {
                String prefix = c.getName().replace('.', '/');
                for (String suffix : List.of("", "$1", "$Transformer")) {
                    try (InputStream in = AtlasService.class.getClassLoader().getResourceAsStream(prefix + suffix + ".class")) {
                        if (in != null) {
                            copy(out, prefix + suffix + ".class", in);
                        }
                    }
                }
            }
            copyAsm(out);
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copyAsm(JarOutputStream out) throws IOException {
        Path asm;
        try {
            asm = Path.of(ClassReader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("Cannot locate the ASM jar", e);
        }
        try (JarInputStream in = new JarInputStream(Files.newInputStream(asm))) {
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                if (entry.getName().startsWith("org/objectweb/asm/") && entry.getName().endsWith(".class")) {
                    copy(out, entry.getName(), in);
                }
            }
        }
    }

    private static void copy(JarOutputStream out, String name, InputStream in) throws IOException {
        out.putNextEntry(new JarEntry(name));
        in.transferTo(out);
        out.closeEntry();
    }

    List<String> command(ArtifactCache.AtlasInstall install, Path agent) {
        Path home = AtlasConfig.home(profile);
        Path data = AtlasConfig.dataDir(profile);
        List<String> cmd = new ArrayList<>(JavaRuntime.detachPrefix());
        cmd.add(JavaRuntime.currentJava());
        cmd.add("-Xmx" + profile.get("atlas.heap"));
        cmd.add("-javaagent:" + agent);
        for (String p : AtlasConfig.OPENS) {
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        }
        cmd.add("-Datlas.home=" + home);
        cmd.add("-Datlas.conf=" + AtlasConfig.confDir(profile));
        cmd.add("-Datlas.data=" + data);
        cmd.add("-Datlas.log.dir=" + logFile().getParent());
        cmd.add("-Dlog4j.configuration=file:" + AtlasConfig.confDir(profile).resolve(AtlasConfig.LOG4J_FILE));
        cmd.add("-Dembedded.solr.directory=" + install.solrTemplates());
        cmd.add("-Djava.io.tmpdir=" + data.resolve("tmp"));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, AtlasConfig.confDir(profile).toString(),
                install.webappDir().resolve("WEB-INF/classes").toString(), install.libDir().resolve("*").toString()));
        cmd.add(AtlasConfig.MAIN_CLASS);
        cmd.add("-app");
        cmd.add(install.webappDir().toString());
        cmd.add("-port");
        cmd.add(String.valueOf(profile.getInt("atlas.port")));
        return cmd;
    }

    private long logSize() {
        try {
            return Files.size(logFile());
        } catch (IOException e) {
            return 0;
        }
    }

    private boolean contextFailed(long from) {
        try (var channel = java.nio.channels.FileChannel.open(logFile())) {
            long size = channel.size();
            if (size <= from) {
                return false;
            }
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size - from, 8 << 20));
            channel.read(buffer, from);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).contains(CONTEXT_FAILED);
        } catch (IOException e) {
            return false;
        }
    }

    private void start(ArtifactCache.AtlasInstall install, Path agent, Duration timeout) {
        progress.printf("Starting Atlas on %s (log: %s; 30-50 s)%n", AtlasConfig.baseUrl(profile), logFile());
        Process child;
        try {
            Files.writeString(logFile(), "==== citylake: starting Atlas " + java.time.Instant.now() + " ====\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            child = new ProcessBuilder(command(install, agent))
                    .directory(AtlasConfig.home(profile).toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new ServiceStartException("Cannot start Atlas: " + e.getMessage(), e);
        }
        process.write(child.pid());
        long logStart = logSize();
        try {
            // A web app whose Spring context failed leaves the JVM up answering 503: count that as dead, not slow.
            double seconds = Readiness.await("Atlas", () -> child.isAlive() && !contextFailed(logStart), this::healthy, timeout,
                    List.of(logFile()), progress);
            progress.printf("Atlas is up (pid %d, ACTIVE after %.1f s)%n", child.pid(), seconds);
        } catch (ServiceStartException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
    }
}
