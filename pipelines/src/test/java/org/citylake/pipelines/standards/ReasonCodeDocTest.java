package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/reason-codes.md and the enum list the same codes, so the doc cannot drift. */
class ReasonCodeDocTest {
    static final Path DOC = Path.of(System.getProperty("citylake.home", "..")).resolve("docs/reason-codes.md");

    @Test
    void docListsEveryReasonCodeAndNoOther() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Set<String> documented = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(doc);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> codes = new LinkedHashSet<>(Arrays.stream(ReasonCode.values()).map(ReasonCode::code).toList());
        assertThat(documented).containsExactlyInAnyOrderElementsOf(codes);
        for (ReasonCode r : ReasonCode.values()) {
            assertThat(doc).as("meaning of %s", r).contains("| `" + r.code() + "` | " + r.meaning() + " |");
        }
    }

    @Test
    void codesAreUniqueSnakeCaseAndRoundTrip() {
        Set<String> seen = new LinkedHashSet<>();
        for (ReasonCode r : ReasonCode.values()) {
            assertThat(r.code()).matches("[a-z]+(_[a-z0-9]+)*");
            assertThat(seen.add(r.code())).as("duplicate %s", r.code()).isTrue();
            assertThat(ReasonCode.ofCode(r.code())).isSameAs(r);
            assertThat(r.meaning()).isNotBlank();
        }
    }

    @Test
    void existingCodesKeepTheirStrings() {
        // Stored in quarantine tables since the walking skeleton: renaming one orphans old rows.
        assertThat(Arrays.stream(ReasonCode.values()).map(ReasonCode::code)).contains("bad_check_digit", "bad_id_format",
                "impossible_birth_date", "future_birth_date", "unknown_region", "bad_credit_code_format", "bad_organization_code",
                "bad_date", "bad_number", "bad_phone", "bad_sex_code", "bad_division_code", "lossy_encoding", "control_character",
                "bad_holder_id");
    }
}
