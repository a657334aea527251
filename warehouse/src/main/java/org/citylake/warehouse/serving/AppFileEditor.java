package org.citylake.warehouse.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.citylake.catalog.contract.TableContract;

/**
 * {@code citylake apps grant|revoke}: edits an app file's {@code tables:} list as text, so the operator's
 * comments and layout survive, then loads the result with {@link AppFiles}. If the edited file does not
 * validate, or does not say what was asked, the original is put back and nothing changes.
 */
public final class AppFileEditor {
    private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*");

    private final Path appsDir;
    private final List<TableContract> contracts;

    public AppFileEditor(Path appsDir, List<TableContract> contracts) {
        this.appsDir = appsDir;
        this.contracts = List.copyOf(contracts);
    }

    public Path file(String app) {
        if (!AppFiles.APP_NAME.matcher(app).matches()) {
            throw new IllegalArgumentException("Not an app name: '" + app + "' (app_ followed by lower-case letters, digits and _)");
        }
        Path f = appsDir.resolve(app + ".yaml");
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("No app file " + f + " (apps: citylake apps list)");
        }
        return f;
    }

    /** Adds {@code table} with the given columns (empty = all) at the end of the file's {@code tables:} list. */
    public AppFile grant(String app, String table, List<String> columns) {
        Path f = file(app);
        if (!TABLE.matcher(table).matches() || !columns.stream().allMatch(c -> COLUMN.matcher(c).matches())) {
            throw new IllegalArgumentException("Tables are <namespace>.<table> and columns plain lower-case names");
        }
        if (AppFiles.load(f, contracts).grant(table).isPresent()) {
            throw new IllegalArgumentException(app + " already reads " + table + "; revoke it first or edit " + f);
        }
        List<String> lines = read(f);
        int tablesLine = tablesLine(f, lines);
        if (lines.get(tablesLine).matches("tables:\\s*\\[\\s*]\\s*(#.*)?")) {
            lines.set(tablesLine, "tables:");
        }
        int end = blockEnd(lines, tablesLine);
        List<String> entry = List.of("  - table: " + table,
                "    columns: " + (columns.isEmpty() ? "all" : "[" + String.join(", ", columns) + "]"));
        lines.addAll(end, entry);
        return rewrite(f, lines, a -> a.grant(table).isPresent());
    }

    /** Removes {@code table}'s entry (and everything indented under it) from the file's {@code tables:} list. */
    public AppFile revoke(String app, String table) {
        Path f = file(app);
        if (AppFiles.load(f, contracts).grant(table).isEmpty()) {
            throw new IllegalArgumentException(app + " does not read " + table);
        }
        List<String> lines = read(f);
        int tablesLine = tablesLine(f, lines);
        Pattern start = Pattern.compile("\\s*-\\s*(\\{\\s*)?table:\\s*['\"]?" + Pattern.quote(table) + "['\"]?\\s*([,}#].*)?");
        int end = blockEnd(lines, tablesLine);
        for (int i = tablesLine + 1; i < end; i++) {
            if (start.matcher(lines.get(i)).matches()) {
                int indent = indent(lines.get(i));
                int j = i + 1;
                while (j < end && (lines.get(j).isBlank() || indent(lines.get(j)) > indent)) {
                    j++;
                }
                lines.subList(i, j).clear();
                if (lines.subList(tablesLine + 1, blockEnd(lines, tablesLine)).stream().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                    lines.set(tablesLine, "tables: []");
                }
                return rewrite(f, lines, a -> a.grant(table).isEmpty());
            }
        }
        throw new IllegalArgumentException("Cannot find the entry for " + table + " in " + f + "; edit it by hand");
    }

    private AppFile rewrite(Path f, List<String> lines, java.util.function.Predicate<AppFile> asked) {
        try {
            Path backup = f.resolveSibling(f.getFileName() + ".bak");
            Files.copy(f, backup, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            try {
                AppFile edited = AppFiles.load(f, contracts);
                if (!asked.test(edited)) {
                    throw new IllegalStateException("the edited file does not say what was asked");
                }
                Files.delete(backup);
                return edited;
            } catch (RuntimeException e) {
                Files.move(backup, f, StandardCopyOption.REPLACE_EXISTING);
                throw new IllegalArgumentException("Not changed: " + f + " — " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot edit " + f, e);
        }
    }

    private static int tablesLine(Path f, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("tables:")) {
                return i;
            }
        }
        throw new IllegalArgumentException(f + " has no top-level 'tables:'");
    }

    /** The first line after {@code from} that starts another top-level key (or the end of the file). */
    private static int blockEnd(List<String> lines, int from) {
        int i = from + 1;
        while (i < lines.size() && (lines.get(i).isBlank() || indent(lines.get(i)) > 0 || lines.get(i).startsWith("-")
                || lines.get(i).startsWith("#"))) {
            i++;
        }
        // Trailing blank and comment lines belong to what follows, not to the list.
        while (i > from + 1 && (lines.get(i - 1).isBlank() || lines.get(i - 1).startsWith("#"))) {
            i--;
        }
        return i;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    private static List<String> read(Path f) {
        try {
            return new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + f, e);
        }
    }
}
