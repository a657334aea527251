package org.citylake.catalog.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DictionariesTest {
    static final Dictionaries D = Dictionaries.load(Path.of(System.getProperty("citylake.home", "..")).resolve("conf"));

    @Test
    void yaohaiHasElevenStreetsOneTownAndOneZone() {
        assertThat(D.codes("gbt2260-street-yaohai")).hasSize(13).contains("340102001", "340102100", "340102401");
        assertThat(D.name("gbt2260-street-yaohai", "340102001")).contains("明光路街道");
    }

    @Test
    void communitiesBelongToYaohaiOnly() {
        assertThat(D.codes("gbt2260-community-yaohai")).isNotEmpty().allMatch(c -> c.startsWith("340102") && c.length() == 12);
        assertThat(D.name("gbt2260-community-yaohai", "340102001001")).contains("填海巷社区居委会");
    }

    @Test
    void historicalListKeepsRetiredCodes() {
        assertThat(D.codes("gbt2260-county")).doesNotContain("110103");
        assertThat(D.name("gbt2260-county-historical", "110103")).hasValueSatisfying(n -> assertThat(n).contains("崇文区"));
    }

    @Test
    void unknownDictionaryIsNamed() {
        assertThatThrownBy(() -> D.codes("nope")).hasMessageContaining("Unknown dictionary 'nope'");
    }
}
