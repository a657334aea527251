package org.citylake.pipelines.standards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code conf/standards/gb32100-allowlist.txt}: credit codes that are legitimate although
 * they fail a GB 32100 check (early pilot codes were issued before the rules settled). One code a
 * line; {@code #} starts a comment; blank lines are ignored. An absent file means no exceptions.
 */
public final class CreditCodeAllowList {
    private CreditCodeAllowList() {
    }

    public static Set<String> load(Path file) {
        if (!Files.exists(file)) {
            return Set.of();
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the GB 32100 allow-list " + file, e);
        }
    }

    static Set<String> parse(String text, String source) {
        Set<String> codes = new LinkedHashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String code = (hash >= 0 ? line.substring(0, hash) : line).strip().toUpperCase(Locale.ROOT);
            if (code.isEmpty()) {
                continue;
            }
            if (!code.matches("[0-9A-Z]{18}")) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": '" + code + "' is not an 18-character credit code");
            }
            codes.add(code);
        }
        return Set.copyOf(codes);
    }
}
