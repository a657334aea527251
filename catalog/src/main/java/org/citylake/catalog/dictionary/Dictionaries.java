package org.citylake.catalog.dictionary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Code dictionaries kept as data in {@code conf/dictionaries}, addressed by the names contracts use
 * in {@code dictionary} rules (e.g. {@code gbt2260-street-yaohai}). Each dictionary maps code → name.
 */
public final class Dictionaries {
    /** Yaohai district's county-level GB/T 2260 code; the district this deployment serves. */
    public static final String YAOHAI = "340102";

    private final Map<String, Map<String, String>> byName;

    private Dictionaries(Map<String, Map<String, String>> byName) {
        this.byName = byName;
    }

    public static Dictionaries load(Path confDir) {
        Path dir = confDir.resolve("dictionaries/gbt2260");
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("gbt2260-county", read(dir.resolve("areas.csv"), r -> true));
        m.put("gbt2260-county-historical", read(dir.resolve("historical-codes.csv"), r -> true));
        m.put("gbt2260-street-yaohai", read(dir.resolve("streets.csv"), r -> r.get(2).equals(YAOHAI)));
        m.put("gbt2260-community-yaohai", read(dir.resolve("villages-3401.csv"), r -> r.get(5).equals(YAOHAI)));
        return new Dictionaries(Collections.unmodifiableMap(m));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** code → name, sorted by code. */
    public Map<String, String> entries(String dictionary) {
        Map<String, String> d = byName.get(dictionary);
        if (d == null) {
            throw new IllegalArgumentException("Unknown dictionary '" + dictionary + "' (known: " + String.join(", ", byName.keySet()) + ")");
        }
        return d;
    }

    public Set<String> codes(String dictionary) {
        return entries(dictionary).keySet();
    }

    public Optional<String> name(String dictionary, String code) {
        return Optional.ofNullable(entries(dictionary).get(code));
    }

    private static Map<String, String> read(Path file, Predicate<List<String>> keep) {
        Map<String, String> out = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine(); // header
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = splitSimpleCsv(line);
                if (cells.size() < 2) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected code,name,… but got '" + line + "'");
                }
                if (keep.test(cells)) {
                    out.put(cells.get(0), cells.get(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dictionary " + file, e);
        }
        return Collections.unmodifiableMap(out);
    }

    /** The dictionaries are plain CSV with quoted names and no embedded quotes or commas in names. */
    static List<String> splitSimpleCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells;
    }
}
