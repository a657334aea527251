package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DivisionCodeStandardTest {
    static final Standard COUNTY = Standards.forName("gbt2260-county", ReferenceData.CONTEXT);
    static final Standard STREET = Standards.forName("gbt2260-street", ReferenceData.CONTEXT);
    static final Standard COMMUNITY = Standards.forName("gbt2260-community", ReferenceData.CONTEXT);

    @Test
    void countiesCurrentAndHistorical() {
        assertThat(COUNTY.apply("340102").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(COUNTY.apply("110103").status()).as("崇文区, retired").isEqualTo(Verdict.Status.VALID);
        assertThat(COUNTY.apply("３４０１０２").status()).isEqualTo(Verdict.Status.FIXED);
        assertThat(COUNTY.apply("349999").reasonCode()).isEqualTo("unknown_division_code");
        assertThat(COUNTY.apply("34010").reasonCode()).isEqualTo("bad_division_code");
        assertThat(COUNTY.apply("瑶海区").reasonCode()).isEqualTo("bad_division_code");
    }

    @Test
    void streetsByCodeAndByName() {
        assertThat(STREET.apply("340102001").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(STREET.apply(" 340102 001 ").value()).isEqualTo("340102001");
        assertThat(STREET.apply("340102999").reasonCode()).isEqualTo("unknown_division_code");
        assertThat(STREET.apply("34010200").reasonCode()).isEqualTo("bad_division_code");
        Verdict byName = STREET.apply("明光路街道");
        assertThat(byName.status()).isEqualTo(Verdict.Status.FIXED);
        assertThat(byName.value()).isEqualTo("340102001");
        assertThat(byName.message()).contains("明光路街道");
        assertThat(STREET.apply("明光路街道办事处").value()).isEqualTo("340102001");
        assertThat(STREET.apply("大兴镇").value()).isEqualTo("340102100");
        assertThat(STREET.apply("三孝口街道").reasonCode()).as("a Luyang street").isEqualTo("unknown_division_name");
    }

    @Test
    void communitiesByCodeAndByName() {
        assertThat(COMMUNITY.apply("340102001001").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(COMMUNITY.apply("填海巷社区").value()).isEqualTo("340102001001");
        assertThat(COMMUNITY.apply("填海巷社区居委会").value()).isEqualTo("340102001001");
        assertThat(COMMUNITY.apply("填海巷社区居民委员会").value()).isEqualTo("340102001001");
        assertThat(COMMUNITY.apply("明光路街道").reasonCode()).isEqualTo("unknown_division_name");
        assertThat(COMMUNITY.apply("340102001999").reasonCode()).isEqualTo("unknown_division_code");
    }

    @Test
    void everyListedCommunityLiesInAListedStreet() {
        DivisionDirectory d = ReferenceData.CONTEXT.divisions();
        assertThat(d.communities()).isNotEmpty();
        d.communities().keySet().forEach(c -> assertThat(d.streets()).containsKey(c.substring(0, 9)));
    }

    @Test
    void communityInStreet() {
        assertThat(DivisionCodeStandard.communityInStreet("340102001001", "340102001")).isEmpty();
        var m = DivisionCodeStandard.communityInStreet("340102001001", "340102003");
        assertThat(m).isPresent();
        assertThat(m.get().reason()).isEqualTo(ReasonCode.COMMUNITY_NOT_IN_STREET);
        assertThat(m.get().message()).contains("340102001001", "340102001", "340102003");
        assertThat(DivisionCodeStandard.communityInStreet(null, "340102003")).isEmpty();
    }

    @Test
    void withoutADirectoryOnlyTheShapeIsChecked() {
        StandardContext bare = new StandardContext(Set.of("340102"), ReferenceData.AS_OF);
        assertThat(Standards.forName("gbt2260-street", bare).apply("340102999").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(Standards.forName("gbt2260-street", bare).apply("明光路街道").reasonCode()).isEqualTo("unknown_division_name");
    }
}
