package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ResidentIdNumberTest {
    private static final String KNOWN_VALID = "11010519491231002X";

    @Test
    void knownExampleIsValid() {
        assertThat(ResidentIdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(ResidentIdNumber.isValidChecksum(KNOWN_VALID)).isTrue();
        ResidentIdNumber id = ResidentIdNumber.parse(KNOWN_VALID);
        assertThat(id.regionCode()).isEqualTo("110105");
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.sequence()).isEqualTo(2);
        assertThat(id.isMale()).isFalse();
    }

    @Test
    void mutationsAreRejected() {
        assertThat(ResidentIdNumber.isValidChecksum("110105194912310021")).isFalse();  // wrong check
        assertThat(ResidentIdNumber.isValidChecksum("11010519491231003X")).isFalse();  // one digit changed
        assertThat(ResidentIdNumber.isValidChecksum("11010519491231002x")).isFalse();  // lower-case x is not canonical
        assertThat(ResidentIdNumber.isValidChecksum("１１010519491231002X")).isFalse(); // full-width digits
        assertThat(ResidentIdNumber.isValidChecksum(" 11010519491231002X")).isFalse();
        assertThat(ResidentIdNumber.isValidChecksum("11010519491231002")).isFalse();
        assertThat(ResidentIdNumber.isValidChecksum(null)).isFalse();
        assertThatThrownBy(() -> ResidentIdNumber.parse("110105194912310021")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildsFromPartsWithSexParity() {
        ResidentIdNumber man = ResidentIdNumber.of("340102", LocalDate.of(1985, 3, 7), 61, true);
        assertThat(man.value()).startsWith("34010219850307123");
        assertThat(man.isMale()).isTrue();
        assertThat(ResidentIdNumber.isValidChecksum(man.value())).isTrue();
        ResidentIdNumber woman = ResidentIdNumber.of("340102", LocalDate.of(1985, 3, 7), 61, false);
        assertThat(woman.isMale()).isFalse();
        assertThat(ResidentIdNumber.of("110105", LocalDate.of(1949, 12, 31), 2).value()).isEqualTo(KNOWN_VALID);
    }

    @Test
    void convertsLegacy15DigitNumbers() {
        assertThat(ResidentIdNumber.fromLegacy15("110105491231002").value()).isEqualTo(KNOWN_VALID);
        assertThat(ResidentIdNumber.parse(KNOWN_VALID).toLegacy15()).isEqualTo("110105491231002");
        assertThatThrownBy(() -> ResidentIdNumber.fromLegacy15("11010549123100")).isInstanceOf(IllegalArgumentException.class);
        ResidentIdNumber born2001 = ResidentIdNumber.of("340102", LocalDate.of(2001, 1, 1), 1);
        assertThatThrownBy(born2001::toLegacy15).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keepsImpossibleDatesAsDigits() {
        ResidentIdNumber odd = ResidentIdNumber.ofFirst17("34010219990230123");
        assertThat(ResidentIdNumber.isValidChecksum(odd.value())).isTrue();
        assertThat(odd.birthDateDigits()).isEqualTo("19990230");
        assertThatThrownBy(odd::birthDate).isInstanceOf(java.time.DateTimeException.class);
    }
}
