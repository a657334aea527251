package org.citylake.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citylake.warehouse.Profile;

/**
 * Runs a {@code citylake} command line in the test JVM, as the launcher would, against the integration
 * tier's stack: the stack's private ports and directories go in as {@code -Dcitylake.<key>} settings for
 * the length of the call (the way an operator's environment overrides a profile), and the command reuses
 * the tier's Spark session (commands stop only a session they started).
 */
final class InProcessCli {
    /** What the command printed and returned. */
    record Run(int exit, String out, String err) {
    }

    private static final String[] KEYS = {"hms.port", "trino.port", "state.dir", "warehouse.dir"};

    private InProcessCli() {
    }

    static synchronized Run run(Profile stack, String... args) {
        Map<String, String> saved = new LinkedHashMap<>();
        for (String k : KEYS) {
            saved.put(k, System.getProperty("citylake." + k));
            System.setProperty("citylake." + k, stack.get(k));
        }
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int exit = Main.commandLine().setOut(new PrintWriter(o, true)).setErr(new PrintWriter(e, true)).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty("citylake." + k);
                } else {
                    System.setProperty("citylake." + k, v);
                }
            });
            stdout.print(out.toString(StandardCharsets.UTF_8));
            stderr.print(err.toString(StandardCharsets.UTF_8));
        }
    }
}
