package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmallStandardsTest {
    @Test
    void phones() {
        PhoneStandard p = new PhoneStandard();
        assertThat(p.apply("+86 138-0000-1234").value()).isEqualTo("13800001234");
        assertThat(p.apply("0551-62345678").value()).isEqualTo("0551-62345678");
        assertThat(p.apply("(0551)6234567").value()).isEqualTo("0551-6234567");
        assertThat(p.apply("62345678").value()).isEqualTo("0551-62345678");
        assertThat(p.apply("12345").reasonCode()).isEqualTo("bad_phone");
        assertThat(p.apply("１３８００００１２３４").value()).isEqualTo("13800001234");
    }

    @Test
    void names() {
        PersonNameStandard n = new PersonNameStandard();
        assertThat(n.apply("买买提•艾力").value()).isEqualTo("买买提·艾力");
        assertThat(n.apply("买买提・艾力").value()).isEqualTo("买买提·艾力");
        assertThat(n.apply("买买提．艾力").value()).isEqualTo("买买提·艾力");
        assertThat(n.apply(" 张 三 ").value()).isEqualTo("张三");
        assertThat(n.apply("王?明").reasonCode()).isEqualTo("lossy_encoding");
        assertThat(n.apply("王\uFFFD明").reasonCode()).isEqualTo("lossy_encoding");
        assertThat(n.apply("王锟斤拷").reasonCode()).isEqualTo("lossy_encoding");
        assertThat(n.apply("John  Smith").value()).isEqualTo("John Smith");
    }

    @Test
    void sexCodesPerGbt2261() {
        SexCodeStandard s = new SexCodeStandard();
        assertThat(s.apply("男").value()).isEqualTo("1");
        assertThat(s.apply("女性").value()).isEqualTo("2");
        assertThat(s.apply("2").status()).isEqualTo(Verdict.Status.VALID);
        assertThat(s.apply("X").reasonCode()).isEqualTo("bad_sex_code");
    }

    @Test
    void textRefusesControlCharacters() {
        assertThat(new TextStandard().apply("a\u0000b").reasonCode()).isEqualTo("control_character");
        assertThat(new TextStandard().apply("  长江东路   88号 ").value()).isEqualTo("长江东路 88号");
    }

    @Test
    void widthConversion() {
        assertThat(CharWidth.toHalfWidth("３４０１０２１９８００１０１００１Ｘ")).isEqualTo("34010219800101001X");
        assertThat(new CodeStandard("\\d{9}", ReasonCode.BAD_DIVISION_CODE, "x").apply(" 3401 02001 ").value()).isEqualTo("340102001");
    }
}
