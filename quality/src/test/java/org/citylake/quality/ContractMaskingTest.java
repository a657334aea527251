package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.Masking;
import org.citylake.catalog.contract.Masking.Technique;
import org.citylake.quality.report.ContractMasking;
import org.junit.jupiter.api.Test;

/** Quarantine samples are de-identified by each column's masking in the shipped person contract. */
class ContractMaskingTest {
    static ColumnContract person(String column) {
        return Fixtures.contract("base.person").column(column).orElseThrow();
    }

    @Test
    void maskKeepsTheEndsAndTheLengthByCodePoint() {
        assertThat(ContractMasking.apply(person("resident_id"), "34010219900512123X")).isEqualTo("340102********123X");
        assertThat(ContractMasking.apply(person("name"), "欧阳娜娜")).isEqualTo("欧***");
        assertThat(ContractMasking.apply(person("phone"), "13812345678")).isEqualTo("138****5678");
        // too short to keep both ends: all starred, not half shown
        assertThat(ContractMasking.apply(person("resident_id"), "3401021")).isEqualTo("*******");
        assertThat(ContractMasking.apply(new Masking(Technique.MASK, 1, 0, null), "王")).isEqualTo("*");
        assertThat(ContractMasking.apply(new Masking(Technique.MASK, 1, 1, null), "a𠀀b𠀀c")).isEqualTo("a***c");
    }

    @Test
    void suppressHidesEvenMissingValues() {
        assertThat(ContractMasking.apply(person("ethnicity"), "01")).isEqualTo(ContractMasking.SUPPRESSED);
        assertThat(ContractMasking.apply(person("ethnicity"), null)).isEqualTo(ContractMasking.SUPPRESSED);
        assertThat(ContractMasking.apply(person("name"), null)).isNull();
        assertThat(ContractMasking.apply(person("sex"), "1")).isEqualTo("1");
    }

    @Test
    void generalizeToYearFailsClosedOnWhatCannotBeParsed() {
        assertThat(ContractMasking.apply(person("birth_date"), LocalDate.of(1990, 5, 12))).isEqualTo("1990");
        assertThat(ContractMasking.apply(person("birth_date"), java.sql.Date.valueOf("1985-01-31"))).isEqualTo("1985");
        assertThat(ContractMasking.apply(person("birth_date"), "1990/13/45")).isEqualTo("1990");
        assertThat(ContractMasking.apply(person("birth_date"), "不详")).isEqualTo(ContractMasking.SUPPRESSED);
        assertThat(ContractMasking.apply(person("birth_date"), "12.05.1990")).isEqualTo(ContractMasking.SUPPRESSED);
        Masking month = new Masking(Technique.GENERALIZE, 0, 0, "month");
        assertThat(ContractMasking.apply(month, "1990-5-12")).isEqualTo("1990-05");
        assertThat(ContractMasking.apply(month, "1990-13-01")).isEqualTo(ContractMasking.SUPPRESSED);
        Masking street = new Masking(Technique.GENERALIZE, 0, 0, "street");
        assertThat(ContractMasking.apply(street, "340102001002")).isEqualTo("340102001");
        assertThat(ContractMasking.apply(street, "3401")).isEqualTo(ContractMasking.SUPPRESSED);
        assertThatThrownBy(() -> ContractMasking.apply(new Masking(Technique.GENERALIZE, 0, 0, "decade"), "1990"))
                .hasMessageContaining("decade");
    }

    @Test
    void hashIsTheSha256TheExchangeWrites() {
        assertThat(ContractMasking.apply(new Masking(Technique.HASH, 0, 0, null), "abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ContractMasking.apply(new Masking(Technique.HASH, 0, 0, null), "abd")).hasSize(64)
                .isNotEqualTo(ContractMasking.apply(new Masking(Technique.HASH, 0, 0, null), "abc"));
    }
}
