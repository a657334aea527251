package org.citylake.warehouse.services;

import java.nio.file.Files;
import java.nio.file.Path;

/** The java binary of the JVM citylake runs on (Java 17): what the Hive Metastore is started with. */
final class JavaRuntime {
    private JavaRuntime() {
    }

    static String currentJava() {
        return ProcessHandle.current().info().command()
                .filter(cmd -> Files.isExecutable(Path.of(cmd)))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Prefix that puts a server in its own session, so a Ctrl-C meant for the citylake command (sent to the
     * whole terminal process group) does not also kill the servers it left running.
     */
    static java.util.List<String> detachPrefix() {
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                return java.util.List.of(setsid);
            }
        }
        return java.util.List.of();
    }
}
