package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.citylake.warehouse.TrinoQuery;
import org.junit.jupiter.api.Test;

class ResultFormatTest {
    static final TrinoQuery.Result R = new TrinoQuery.Result(List.of("street_code", "名称"),
            List.of(List.of("340102001", "明光路街道"), Arrays.asList("340102003", null), List.of("x,y", "say \"hi\"")));

    @Test
    void csvQuotesOnlyWhatNeedsIt() {
        assertThat(ResultFormat.CSV.render(R)).isEqualTo("street_code,名称\n340102001,明光路街道\n340102003,\n\"x,y\",\"say \"\"hi\"\"\"\n");
    }

    @Test
    void jsonKeepsNullsAndEscapes() {
        String json = ResultFormat.JSON.render(R);
        assertThat(json).contains("\"名称\" : \"明光路街道\"").contains("\"名称\" : null").contains("\"say \\\"hi\\\"\"");
    }

    @Test
    void tableAlignsChineseByDisplayWidth() {
        String t = ResultFormat.TABLE.render(R);
        assertThat(t.lines().toList()).startsWith("street_code | 名称      ", "------------+-----------");
        assertThat(t).contains("340102003   | NULL").endsWith("(3 rows)\n");
    }
}
