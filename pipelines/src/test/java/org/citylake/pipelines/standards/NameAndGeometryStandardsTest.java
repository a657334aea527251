package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameAndGeometryStandardsTest {
    static final PersonNameStandard NAME = new PersonNameStandard();

    @Test
    void rareCharactersOutsideGbkStayValid() {
        assertThat("䶮".codePointAt(0)).isEqualTo(0x4DAE);          // CJK Extension A
        assertThat("𠮷".codePointAt(0)).isEqualTo(0x20BB7);         // CJK Extension B, a surrogate pair
        assertThat(NAME.apply("刘䶮").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(NAME.apply("𠮷野家").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(NAME.apply("𠮷 祥").value()).as("space between Han, one of them astral").isEqualTo("𠮷祥");
        assertThat(NAME.apply("王𠮷").value()).isEqualTo("王𠮷");
    }

    @Test
    void aNameNeedsALetter() {
        assertThat(NAME.apply("12345").reasonCode()).isEqualTo("bad_name");
        assertThat(NAME.apply("１２３").reasonCode()).isEqualTo("bad_name");
        assertThat(NAME.apply("-- · --").reasonCode()).isEqualTo("bad_name");
        assertThat(NAME.apply("张三2").status()).isEqualTo(Verdict.Status.VALID);
    }

    @Test
    void fullWidthLatinIsAPerFieldOption() {
        assertThat(NAME.apply("ＡＢＣ公司").value()).isEqualTo("ABC公司");
        PersonNameStandard keep = (PersonNameStandard) Standards.forName("name-gb18030-keep-width", ReferenceData.CONTEXT);
        assertThat(keep.apply("ＡＢＣ公司").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(keep.apply("买买提•艾力").value()).isEqualTo("买买提·艾力");
    }

    @Test
    void coordinatesAreNumbersInRange() {
        Standard lon = Standards.forName("cgcs2000-lon", ReferenceData.CONTEXT);
        Standard lat = Standards.forName("cgcs2000-lat", ReferenceData.CONTEXT);
        assertThat(lon.apply("117.3").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(lon.apply("１１７.３０").value()).isEqualTo("117.30");
        assertThat(lon.apply("181").reasonCode()).isEqualTo("bad_coordinate");
        assertThat(lon.apply("东经117").reasonCode()).isEqualTo("bad_coordinate");
        assertThat(lat.apply("-90").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(lat.apply("90.5").reasonCode()).isEqualTo("bad_coordinate");
    }

    @Test
    void pointsInGcj02OrBd09AreConverted() {
        Standard point = Standards.forName("cgcs2000-point", ReferenceData.CONTEXT);
        Verdict v = point.apply("GCJ-02: 117.3105, 31.8665");
        assertThat(v.status()).isEqualTo(Verdict.Status.FIXED);
        assertThat(v.message()).isEqualTo("converted from GCJ-02 to CGCS2000");
        assertThat(point.apply("百度:117.3105,31.8665").message()).isEqualTo("converted from BD-09 to CGCS2000");
        assertThat(point.apply("117.3105,31.8665").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(point.apply("mars2:117.3,31.8").reasonCode()).isEqualTo("bad_coordinate");
        assertThat(point.apply("117.3").reasonCode()).isEqualTo("bad_coordinate");
    }

    @Test
    void wktThroughJts() {
        Standard wkt = Standards.forName("wkt", ReferenceData.CONTEXT);
        assertThat(wkt.apply("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))").status()).isEqualTo(Verdict.Status.VALID);
        Verdict tidy = wkt.apply("polygon((117.3 31.86,117.31 31.86,117.31 31.87,117.3 31.86))");
        assertThat(tidy.status()).isEqualTo(Verdict.Status.FIXED);
        assertThat(tidy.value()).isEqualTo("POLYGON ((117.3 31.86, 117.31 31.86, 117.31 31.87, 117.3 31.86))");
        Verdict bowtie = wkt.apply("POLYGON((0 0,1 1,1 0,0 1,0 0))");
        assertThat(bowtie.reasonCode()).isEqualTo("invalid_geometry");
        assertThat(bowtie.message()).contains("Self-intersection", "(0.5 0.5)");
        assertThat(wkt.apply("POLYGON((0 0,1 0").reasonCode()).isEqualTo("bad_wkt");
        assertThat(wkt.apply("CIRCLE(1 1, 2)").reasonCode()).isEqualTo("bad_wkt");
        assertThat(wkt.apply("POLYGON((0 0,1 0,1 1,0 0.5))").reasonCode()).as("ring not closed").isIn("bad_wkt", "invalid_geometry");
    }
}
