package org.citylake.pipelines.standards;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.citylake.catalog.dictionary.Dictionaries;

/** The real dictionaries under conf/, loaded once for the tests that need them. */
final class ReferenceData {
    static final Path CONF = Path.of(System.getProperty("citylake.home", "..")).resolve("conf");
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
    /** A made-up pilot code for the allow-list tests: its check character is wrong on purpose. */
    static final String PILOT_CODE = "91340102MA2N0X1B0Y";
    static final StandardContext CONTEXT = StandardContext.of(Dictionaries.load(CONF), Set.of(PILOT_CODE), AS_OF);

    private ReferenceData() {
    }
}
