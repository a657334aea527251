package org.citylake.pipelines.cleanse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;
import org.citylake.pipelines.standards.StandardContext;
import org.junit.jupiter.api.Test;

class RecordCleanserTest {
    static final Path HOME = Path.of(System.getProperty("citylake.home", ".."));
    static final TableContract PERSON = ContractLoader.load(HOME.resolve("conf/contracts/base/person.yaml"));
    static final TableContract PLACE = ContractLoader.load(HOME.resolve("conf/contracts/base/place.yaml"));
    static final Dictionaries DICT = Dictionaries.load(HOME.resolve("conf"));
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
    static final StandardContext CONTEXT = StandardContext.of(DICT, java.util.Set.of(), AS_OF);

    static Map<String, String> person() {
        Map<String, String> m = new HashMap<>();
        m.put("resident_id", "34010219800101001X");
        m.put("name", " 张  三 ");
        m.put("sex", "男");
        m.put("birth_date", "1980年1月1日");
        m.put("phone", "138 0000 1234");
        m.put("street_code", "340102001");
        m.put("community_code", "340102001001");
        return m;
    }

    @Test
    void acceptsAndNormalisesACleanRecord() {
        RecordCleanser.Outcome o = new RecordCleanser(CleansingPlan.of(PERSON, DICT, CONTEXT)).cleanse(person());
        assertThat(o.accepted()).isTrue();
        int name = index("name");
        assertThat(o.values()[name]).isEqualTo("张三");
        assertThat(o.values()[index("sex")]).isEqualTo("1");
        assertThat(o.values()[index("birth_date")]).isEqualTo(LocalDate.of(1980, 1, 1));
        assertThat(o.values()[index("phone")]).isEqualTo("13800001234");
        assertThat(o.fixedValues()).isEqualTo(4);
    }

    @Test
    void missingRequiredFieldIsQuarantinedWithItsColumn() {
        Map<String, String> m = person();
        m.put("resident_id", "  ");
        RecordCleanser.Outcome o = new RecordCleanser(CleansingPlan.of(PERSON, DICT, CONTEXT)).cleanse(m);
        assertThat(o.reasons()).containsExactly(new QuarantineReason("missing_required", "resident_id", "required", "resident_id is required but empty"));
    }

    @Test
    void contractErrorRulesAreEnforcedPerRow() {
        Map<String, String> m = person();
        m.put("street_code", "340103001"); // a street of another district
        m.put("birth_date", "2030-01-01");
        RecordCleanser.Outcome o = new RecordCleanser(CleansingPlan.of(PERSON, DICT, CONTEXT)).cleanse(m);
        // every reason is kept, not only the first; a rejected value feeds no row check (no community_in_street here)
        assertThat(o.reasons()).extracting(QuarantineReason::code).containsExactly("out_of_range", "unknown_division_code");
        assertThat(o.reasons().get(0).message()).isEqualTo("birth_date 2030-01-01 is above the maximum 2026-11-01");
        assertThat(o.reasons().get(1).rule()).isEqualTo("standard:gbt2260-street");
    }

    @Test
    void theIdNumberMustAgreeWithTheRecordsOwnBirthDateAndSex() {
        Map<String, String> m = person();
        m.put("sex", "女");
        RecordCleanser.Outcome o = new RecordCleanser(CleansingPlan.of(PERSON, DICT, CONTEXT)).cleanse(m);
        assertThat(o.reasons()).extracting(QuarantineReason::code, QuarantineReason::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("id_sex_mismatch", "id_consistency"));
        m = person();
        m.put("birth_date", "1980-01-02");
        o = new RecordCleanser(CleansingPlan.of(PERSON, DICT, CONTEXT)).cleanse(m);
        assertThat(o.reasons()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("id_birth_date_mismatch");
            assertThat(r.message()).isEqualTo("birth_date 1980-01-02 differs from 1980-01-01 encoded in resident_id");
        });
    }

    @Test
    void anExpiryBeforeTheIssueDateIsRejected() {
        TableContract cert = ContractLoader.load(HOME.resolve("conf/contracts/base/certificate.yaml"));
        Map<String, String> m = new HashMap<>(Map.of("certificate_id", "C1", "certificate_type", "居住证", "holder_type", "自然人",
                "holder_id", "34010219800101001X", "issue_date", "2024-05-01", "valid_until", "2023-05-01"));
        RecordCleanser.Outcome o = new RecordCleanser(CleansingPlan.of(cert, DICT, CONTEXT)).cleanse(m);
        assertThat(o.reasons()).extracting(QuarantineReason::code).containsExactly("date_order_violation");
    }

    @Test
    void impossibleDatesAreNeverGuessed() {
        Map<String, String> m = person();
        m.put("birth_date", "0000-00-00");
        RecordCleanser.Outcome o = new RecordCleanser(CleansingPlan.of(PERSON, DICT, CONTEXT)).cleanse(m);
        assertThat(o.reasons()).extracting(QuarantineReason::code).containsExactly("bad_date");
    }

    @Test
    void coordinatesOutsideTheDistrictBoxAreRejected() {
        Map<String, String> m = new HashMap<>(Map.of("place_id", "P1", "place_type", "门牌", "address", "长江东路1号",
                "street_code", "340102001", "longitude", "116.40", "latitude", "31.90"));
        RecordCleanser.Outcome o = new RecordCleanser(CleansingPlan.of(PLACE, DICT, CONTEXT)).cleanse(m);
        assertThat(o.reasons()).extracting(QuarantineReason::code, QuarantineReason::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple("out_of_range", "longitude"));
    }

    @Test
    void gcj02CoordinatesAreConvertedToCgcs2000AndTheOriginKept() {
        // 合肥 in Amap (GCJ-02) coordinates; GCJ-02 is offset a few hundred metres from CGCS2000.
        Map<String, String> m = new HashMap<>(Map.of("place_id", "P1", "place_type", "门牌", "address", "长江东路1号",
                "street_code", "340102001", "longitude", "117.3500", "latitude", "31.8800", "coordinate_origin", "高德"));
        CleansingPlan plan = CleansingPlan.of(PLACE, DICT, CONTEXT);
        RecordCleanser.Outcome o = new RecordCleanser(plan).cleanse(m);
        assertThat(o.accepted()).isTrue();
        double lon = (Double) o.values()[placeIndex("longitude")];
        double lat = (Double) o.values()[placeIndex("latitude")];
        assertThat(lon).isBetween(117.33, 117.35);
        assertThat(lat).isBetween(31.87, 31.89);
        assertThat(org.citylake.pipelines.standards.CoordinateConverter.fromCgcs2000(
                org.citylake.pipelines.standards.CoordinateSystem.GCJ02, new org.citylake.pipelines.standards.Coordinate(lon, lat)).lon())
                .isCloseTo(117.35, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(o.values()[placeIndex("coordinate_origin")]).isEqualTo("gcj02");

        // a source that declares BD-09 for all its rows
        m.remove("coordinate_origin");
        RecordCleanser.Outcome b = new RecordCleanser(plan).cleanse(m, "bd09");
        assertThat(b.values()[placeIndex("coordinate_origin")]).isEqualTo("bd09");
        assertThat((Double) b.values()[placeIndex("longitude")]).isLessThan(lon);
        // no declaration: values are taken as CGCS2000 and the origin stays unknown
        RecordCleanser.Outcome c = new RecordCleanser(plan).cleanse(m);
        assertThat(c.values()[placeIndex("longitude")]).isEqualTo(117.35);
        assertThat(c.values()[placeIndex("coordinate_origin")]).isNull();
    }

    private static int placeIndex(String column) {
        for (int i = 0; i < PLACE.columns().size(); i++) {
            if (PLACE.columns().get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(column);
    }

    private static int index(String column) {
        for (int i = 0; i < PERSON.columns().size(); i++) {
            if (PERSON.columns().get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(column);
    }
}
