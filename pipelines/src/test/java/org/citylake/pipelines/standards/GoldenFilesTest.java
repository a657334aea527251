package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * golden/&lt;standard&gt;.input (one value a line) through {@code Standards.forName} must give exactly
 * golden/&lt;standard&gt;.tsv — the lines {@code citylake standardize} prints. The expected files were
 * written by reasoning from the rules, not recorded: a difference is a question, not a re-record.
 * Context: the real conf/ dictionaries, as-of 2026-11-01, allow-list {@link ReferenceData#PILOT_CODE}.
 */
class GoldenFilesTest {
    static final Path DIR = Path.of("src/test/resources/golden");

    static Stream<String> standards() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".input"))
                    .map(n -> n.substring(0, n.length() - ".input".length())).sorted().toList();
            assertThat(names).isNotEmpty();
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("standards")
    void standardGivesTheGoldenOutput(String standard) throws IOException {
        Standard s = Standards.forName(standard, ReferenceData.CONTEXT);
        List<String> inputs = Files.readAllLines(DIR.resolve(standard + ".input"), StandardCharsets.UTF_8);
        List<String> expected = Files.readAllLines(DIR.resolve(standard + ".tsv"), StandardCharsets.UTF_8);
        List<String> actual = inputs.stream().map(v -> VerdictTsv.line(v, s.apply(v))).toList();
        assertThat(actual).as(standard).containsExactlyElementsOf(expected);
    }
}
