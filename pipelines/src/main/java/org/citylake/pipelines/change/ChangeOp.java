package org.citylake.pipelines.change;

import java.util.Locale;
import java.util.Optional;

/**
 * The operation of one change record. I and U both carry the record's whole after-image and are
 * applied alike (upsert: a U of an unknown key inserts it, an I of a known key updates it), because
 * sources disagree on which one a re-registration is; D carries only the key and removes the record.
 */
public enum ChangeOp {
    INSERT("I"), UPDATE("U"), DELETE("D");

    private final String code;

    ChangeOp(String code) {
        this.code = code;
    }

    /** The one-letter code kept in ODS, the history table's {@code op} column and the load summary. */
    public String code() {
        return code;
    }

    /** I/U/D, or the words insert/update/delete (any case), or 新增/变更/注销; empty for anything else. */
    public static Optional<ChangeOp> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        return switch (raw.strip().toUpperCase(Locale.ROOT)) {
            case "I", "INSERT", "新增" -> Optional.of(INSERT);
            case "U", "UPDATE", "变更", "修改" -> Optional.of(UPDATE);
            case "D", "DELETE", "注销", "删除" -> Optional.of(DELETE);
            default -> Optional.empty();
        };
    }
}
