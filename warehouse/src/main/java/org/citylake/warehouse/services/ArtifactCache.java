package org.citylake.warehouse.services;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The downloaded server distributions under the profile's cache dir (outside the repo, shared between
 * checkouts). Each install is built in a temp dir, marked complete, then renamed into place, so a crash
 * half-way never leaves a directory that looks usable; a lock file serialises concurrent citylake processes.
 */
final class ArtifactCache {
    static final String HIVE_VERSION = "4.0.1";
    static final String HADOOP_VERSION = "3.3.6";
    static final String TRINO_VERSION = "476";
    static final String ATLAS_VERSION = AtlasConfig.VERSION;
    static final String GROOVY_VERSION = "2.5.23";
    static final String COMPLETE_MARKER = ".citylake-complete";
    /** Atlas 2.1.0's Groovy 2.5.7 jars (with their classifier, if any); 2.5.7 fails on Java 17, 2.5.23 does not. */
    static final Pattern ATLAS_GROOVY_JAR = Pattern.compile("(groovy(?:-[a-z0-9-]+)?)-2\\.5\\.7(?:-(indy))?\\.jar");

    /** Log4j 1 bindings clash with Hive 4's log4j2 and are not needed: dropped from the HMS classpath. */
    static final Pattern UNWANTED_HMS_JARS = Pattern.compile("(reload4j-.*|slf4j-reload4j-.*|slf4j-log4j12-.*|log4j-1\\.2\\.\\d+.*)\\.jar");

    private final Path root;
    private final MavenCentral maven;
    private final PrintStream progress;

    ArtifactCache(Path root, MavenCentral maven, PrintStream progress) {
        this.root = root;
        this.maven = maven;
        this.progress = progress;
    }

    /** Where the HMS server lives: {@code lib/} holds the classpath, {@code dist/} the untarred bin archive. */
    record HiveMetastoreInstall(Path home) {
        Path libDir() {
            return home.resolve("lib");
        }

        /** METASTORE_HOME of the bin archive: holds {@code scripts/metastore/upgrade/<db>/}. */
        Path distDir() {
            return home.resolve("dist");
        }

        Path derbyScripts() {
            return distDir().resolve("scripts/metastore/upgrade/derby");
        }
    }

    HiveMetastoreInstall hiveMetastore() {
        Path home = root.resolve("hive-metastore-" + HIVE_VERSION);
        ensure(home, work -> {
            try {
                buildHmsClasspath(work);
            MavenCentral.Artifact bin = new MavenCentral.Artifact("org.apache.hive", "hive-standalone-metastore-server",
                    HIVE_VERSION, "bin", "tar.gz");
            Path archive = maven.download(bin, downloads().resolve(bin.fileName()));
            untar(archive, work.resolve("dist"));
            // The bin archive's own lib/ lacks Hadoop and duplicates lib/; only its scripts/ are used.
            deleteTree(work.resolve("dist/lib"));
            Files.delete(archive); // unpacked and marked complete next: the archive is dead weight
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new HiveMetastoreInstall(home);
    }

    static final String POSTGRES_JDBC_VERSION = "42.7.13";

    /**
     * Jars the metastore needs only beyond the embedded setup: the PostgreSQL JDBC driver and Hadoop's S3A
     * ({@code hadoop-aws}, same Hadoop version as the server's classpath, with the AWS SDK bundle it is built
     * against). A directory of jars, appended to the server's classpath.
     */
    Path hiveMetastoreExtras() {
        Path home = root.resolve("hive-metastore-extras-" + HADOOP_VERSION + "-pg" + POSTGRES_JDBC_VERSION);
        ensure(home, work -> {
            try {
                Path pom = work.resolve("resolve-pom.xml");
                Files.writeString(pom, hmsExtrasPom(), StandardCharsets.UTF_8);
                progress.println("Resolving the metastore's PostgreSQL driver and S3A jars with mvn (first use; the AWS SDK bundle is large)");
                Commands.run(List.of("mvn", "-B", "-ntp", "-Dstyle.color=never", "-f", pom.toString(),
                                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
                                "-DincludeScope=runtime", "-DoutputDirectory=" + work.resolve("jars")),
                        work, Map.of(), line -> progress.println("  [mvn] " + line));
                Files.delete(pom);
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(work.resolve("jars"), "*.jar")) {
                    for (Path jar : jars) {
                        Files.move(jar, work.resolve(jar.getFileName()));
                    }
                }
                Files.delete(work.resolve("jars"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return home;
    }

    static String hmsExtrasPom() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Generated by citylake: resolves the metastore's PostgreSQL and S3A jars. Not a build. -->
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.citylake.cache</groupId>
                  <artifactId>hive-metastore-extras</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencies>
                    <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>%s</version></dependency>
                    <dependency>
                      <groupId>org.apache.hadoop</groupId><artifactId>hadoop-aws</artifactId><version>%s</version>
                      <exclusions><exclusion><groupId>org.wildfly.openssl</groupId><artifactId>wildfly-openssl</artifactId></exclusion></exclusions>
                    </dependency>
                  </dependencies>
                </project>
                """.formatted(POSTGRES_JDBC_VERSION, HADOOP_VERSION);
    }

    /** The Trino server with the Iceberg plugin in {@code plugin/iceberg}. */
    Path trino() {
        Path home = root.resolve("trino-server-" + TRINO_VERSION);
        ensure(home, work -> {
            MavenCentral.Artifact core = new MavenCentral.Artifact("io.trino", "trino-server-core", TRINO_VERSION, null, "tar.gz");
            MavenCentral.Artifact iceberg = new MavenCentral.Artifact("io.trino", "trino-iceberg", TRINO_VERSION, null, "zip");
            Path coreArchive = maven.download(core, downloads().resolve(core.fileName()));
            Path icebergArchive = maven.download(iceberg, downloads().resolve(iceberg.fileName()));
            untar(coreArchive, work);
            unzip(icebergArchive, work.resolve("plugin/iceberg"));
            // 0.5 GB of archives are dead weight once unpacked (the install is only used when marked complete).
            try {
                Files.delete(coreArchive);
                Files.delete(icebergArchive);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return home;
    }

    /** s3proxy's self-contained jar, the local S3 server ({@link S3Service}). */
    Path s3proxy() {
        Path home = root.resolve("s3proxy-server-" + S3Service.VERSION);
        ensure(home, work -> {
            MavenCentral.Artifact jar = new MavenCentral.Artifact("org.gaul", "s3proxy", S3Service.VERSION, "jar-with-dependencies", "jar");
            maven.download(jar, work.resolve("s3proxy.jar"));
        });
        return home.resolve("s3proxy.jar");
    }

    /** An exploded Atlas web app ({@code webapp/}) and the embedded Solr's config templates ({@code solr-templates/solr/}). */
    record AtlasInstall(Path home) {
        Path webappDir() {
            return home.resolve("webapp");
        }

        Path libDir() {
            return webappDir().resolve("WEB-INF/lib");
        }

        /** The value of {@code embedded.solr.directory}: Atlas's LocalSolrRunner reads {@code solr/core-template} under it. */
        Path solrTemplates() {
            return home.resolve("solr-templates");
        }
    }

    /**
     * Atlas 2.1.0 as Maven Central serves it (only the war; 2.3 and 2.4 have no runnable server there), with
     * its Groovy jars replaced by 2.5.23 and the Solr templates its test tools jar carries unpacked.
     */
    AtlasInstall atlas() {
        Path home = root.resolve("atlas-" + ATLAS_VERSION);
        ensure(home, work -> {
            MavenCentral.Artifact war = new MavenCentral.Artifact("org.apache.atlas", "atlas-webapp", ATLAS_VERSION, null, "war");
            Path archive = maven.download(war, downloads().resolve(war.fileName()));
            AtlasInstall install = new AtlasInstall(work);
            unzip(archive, install.webappDir());
            try {
                swapGroovy(install.libDir());
                extractSolrTemplates(install.libDir().resolve("atlas-testtools-" + ATLAS_VERSION + ".jar"), install.solrTemplates());
                Files.delete(archive);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new AtlasInstall(home);
    }

    private void swapGroovy(Path lib) throws IOException {
        List<Path> old;
        try (Stream<Path> jars = Files.list(lib)) {
            old = jars.filter(j -> ATLAS_GROOVY_JAR.matcher(j.getFileName().toString()).matches()).toList();
        }
        for (Path jar : old) {
            var m = ATLAS_GROOVY_JAR.matcher(jar.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            MavenCentral.Artifact a = new MavenCentral.Artifact("org.codehaus.groovy", m.group(1), GROOVY_VERSION, m.group(2), "jar");
            maven.download(a, lib.resolve(a.fileName()));
            Files.delete(jar);
        }
        progress.println("  replaced " + old.size() + " Groovy 2.5.7 jars with " + GROOVY_VERSION);
    }

    private static void extractSolrTemplates(Path testtools, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(testtools))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.getName().startsWith("solr/") || entry.isDirectory()) {
                    continue;
                }
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("Zip entry escapes the target directory: " + entry.getName());
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Path downloads() {
        return root.resolve("downloads");
    }

    private void ensure(Path home, Consumer<Path> build) {
        if (isComplete(home)) {
            return;
        }
        FileLocks.withLock(root.resolve(".lock"), () -> {
            if (isComplete(home)) {
                return; // another process finished it while we waited for the lock
            }
            try {
                deleteTree(home);
                Path work = Files.createTempDirectory(createdRoot(), home.getFileName() + ".tmp-");
                try {
                    progress.println("Preparing " + home + " (first use; later starts are offline)");
                    build.accept(work);
                    Files.writeString(work.resolve(COMPLETE_MARKER), "complete\n");
                    Files.move(work, home, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    deleteTree(work);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare " + home + ": " + e.getMessage(), e);
            }
        });
    }

    static boolean isComplete(Path home) {
        return Files.isRegularFile(home.resolve(COMPLETE_MARKER));
    }

    private Path createdRoot() throws IOException {
        return Files.createDirectories(root);
    }

    /**
     * The HMS classpath is resolved by the machine's Maven: it knows exclusions and transitive versions,
     * which a hand-rolled resolver would get wrong.
     */
    private void buildHmsClasspath(Path work) {
        try {
            Path pom = work.resolve("resolve-pom.xml");
            Files.writeString(pom, hmsPom(), StandardCharsets.UTF_8);
            progress.println("Resolving the Hive Metastore " + HIVE_VERSION + " classpath with mvn (1-2 minutes when cold)");
            Commands.run(List.of("mvn", "-B", "-ntp", "-Dstyle.color=never", "-f", pom.toString(),
                            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
                            "-DincludeScope=runtime", "-DoutputDirectory=" + work.resolve("lib")),
                    work, Map.of(), line -> progress.println("  [mvn] " + line));
            int dropped = 0;
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(work.resolve("lib"), "*.jar")) {
                for (Path jar : jars) {
                    if (UNWANTED_HMS_JARS.matcher(jar.getFileName().toString()).matches()) {
                        Files.delete(jar);
                        dropped++;
                    }
                }
            }
            progress.println("  HMS classpath ready (" + dropped + " log4j-1 jars dropped)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hmsPom() {
        String exclusions = """
                      <exclusions>
                        <exclusion><groupId>org.apache.hadoop</groupId><artifactId>hadoop-client-api</artifactId></exclusion>
                        <exclusion><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId></exclusion>
                        <exclusion><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId></exclusion>
                        <exclusion><groupId>org.slf4j</groupId><artifactId>slf4j-log4j12</artifactId></exclusion>
                        <exclusion><groupId>log4j</groupId><artifactId>log4j</artifactId></exclusion>
                      </exclusions>
                """;
        StringBuilder deps = new StringBuilder();
        for (String[] dep : new String[][] {
                {"org.apache.hive", "hive-standalone-metastore-server", HIVE_VERSION},
                {"org.apache.hadoop", "hadoop-common", HADOOP_VERSION},
                {"org.apache.hadoop", "hadoop-hdfs", HADOOP_VERSION},
                {"org.apache.hadoop", "hadoop-mapreduce-client-core", HADOOP_VERSION}}) {
            deps.append("    <dependency>\n      <groupId>").append(dep[0]).append("</groupId>\n      <artifactId>").append(dep[1])
                    .append("</artifactId>\n      <version>").append(dep[2]).append("</version>\n").append(exclusions).append("    </dependency>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Generated by citylake: resolves the Hive Metastore server classpath. Not a build. -->
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.citylake.cache</groupId>
                  <artifactId>hive-metastore-server-classpath</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencies>
                %s  </dependencies>
                </project>
                """.formatted(deps);
    }

    /** The system tar keeps the executable bits that Trino's launcher needs; Java's zip/tar support would not. */
    private void untar(Path archive, Path into) {
        try {
            Path tmp = Files.createDirectories(into.resolveSibling(into.getFileName() + ".untar"));
            progress.println("Unpacking " + archive.getFileName());
            Commands.run(List.of("tar", "-xzf", archive.toString(), "-C", tmp.toString()), tmp, Map.of(), progress::println);
            moveSingleTopDirectory(tmp, into);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + archive + ": " + e.getMessage(), e);
        }
    }

    private void unzip(Path archive, Path into) {
        try {
            Path tmp = Files.createDirectories(into.resolveSibling(into.getFileName() + ".unzip"));
            progress.println("Unpacking " + archive.getFileName());
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    Path target = tmp.resolve(entry.getName()).normalize();
                    if (!target.startsWith(tmp)) {
                        throw new IOException("Zip entry escapes the target directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            moveSingleTopDirectory(tmp, into);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + archive + ": " + e.getMessage(), e);
        }
    }

    /**
     * Archives wrap their content in one versioned top directory; strip it. When {@code into} already exists
     * (Trino: the core tarball is unpacked over the work dir) the content is merged into it.
     */
    static void moveSingleTopDirectory(Path unpacked, Path into) throws IOException {
        Path source = unpacked;
        try (Stream<Path> children = Files.list(unpacked)) {
            List<Path> list = children.toList();
            if (list.size() == 1 && Files.isDirectory(list.get(0))) {
                source = list.get(0);
            }
        }
        Files.createDirectories(into);
        try (Stream<Path> children = Files.list(source)) {
            for (Path child : children.toList()) {
                Files.move(child, into.resolve(child.getFileName().toString()));
            }
        }
        deleteTree(unpacked);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
