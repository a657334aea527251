package org.citylake.warehouse.services;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citylake.warehouse.Profile;

/**
 * The OS account a server that refuses root (PostgreSQL) runs as. When citylake is not root the server simply
 * runs as the current user. As root, commands go through {@code runuser -u <user> --}; the account is
 * {@code postgres.os.user} (default {@code postgres}) and is created as a system user without a login shell
 * when missing.
 */
final class OsUser {
    private final String name; // null: the current, unprivileged user

    private OsUser(String name) {
        this.name = name;
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Whether every existing directory from the root down to {@code dir} lets other users search it (o+x). */
    static boolean othersCanSearch(Path dir) {
        Path p = dir.toAbsolutePath().normalize();
        for (Path cur = p; cur != null; cur = cur.getParent()) {
            if (!java.nio.file.Files.isDirectory(cur)) {
                continue; // created later by citylake with the default mode (755)
            }
            try {
                if (!java.nio.file.Files.getPosixFilePermissions(cur).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (java.io.IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    static OsUser forServer(Profile profile, PrintStream progress) {
        if (!runningAsRoot()) {
            return new OsUser(null);
        }
        String user = profile.get("postgres.os.user", "postgres").trim();
        if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("postgres.os.user must be a plain account name, got '" + user + "'");
        }
        if (!succeeds(List.of("id", "-u", user))) {
            progress.println("Creating the system user '" + user + "' to run PostgreSQL (it refuses to run as root)");
            Commands.run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user),
                    Path.of("/"), Map.of(), progress::println);
        }
        return new OsUser(user);
    }

    List<String> wrap(List<String> command) {
        if (name == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", name, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Hands {@code path} (recursively) to the server user. */
    void own(Path path) {
        if (name != null) {
            Commands.run(List.of("chown", "-R", name + ":", path.toString()), Path.of("/"), Map.of(), line -> { });
        }
    }

    /** Fails clearly when the server user cannot reach {@code dir} (e.g. a state dir under a 700 home). */
    void requireReachable(Path dir) {
        if (name != null && !succeeds(wrap(List.of("test", "-w", dir.toString())))) {
            throw new ServiceStartException("The OS user '" + name + "' that runs PostgreSQL cannot reach " + dir
                    + ": a parent directory is not searchable by others. Move citylake's state.dir (CITYLAKE_STATE_DIR)"
                    + " below a directory like /work or /srv, or run citylake as an unprivileged user.");
        }
    }

    private static boolean succeeds(List<String> command) {
        try {
            Commands.run(command, Path.of("/"), Map.of(), line -> { });
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
