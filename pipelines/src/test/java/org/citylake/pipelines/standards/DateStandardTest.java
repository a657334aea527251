package org.citylake.pipelines.standards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateStandardTest {
    @ParameterizedTest
    @CsvSource({"2023-01-05,2023-01-05,VALID", "2023/1/5,2023-01-05,FIXED", "20230105,2023-01-05,FIXED",
            "2023年1月5日,2023-01-05,FIXED", "２０２３－０１－０５,2023-01-05,FIXED", "2023.01.05,2023-01-05,FIXED",
            "'2023-01-05 08:30:00',2023-01-05,FIXED", "2024-02-29,2024-02-29,VALID"})
    void acceptsTheFormatsDepartmentsSend(String in, String iso, Verdict.Status status) {
        Verdict v = new DateStandard().apply(in);
        assertThat(v.value()).isEqualTo(iso);
        assertThat(v.status()).isEqualTo(status);
    }

    @ParameterizedTest
    @CsvSource({"0000-00-00", "2023-13-45", "2023-02-29", "2023-02-30", "yesterday", "2023", "1/5/2023"})
    void rejectsWhatIsNotARealDate(String in) {
        assertThat(new DateStandard().apply(in).reasonCode()).isEqualTo("bad_date");
    }
}
