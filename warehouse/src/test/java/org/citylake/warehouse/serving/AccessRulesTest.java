package org.citylake.warehouse.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.citylake.warehouse.Profile;
import org.junit.jupiter.api.Test;

class AccessRulesTest {
    final List<AppFile> apps = AppFiles.loadAll(Profile.home().resolve("conf/apps"), AppFilesTest.CONTRACTS);
    final List<ServingView> views = ServingViews.plan(AppFilesTest.CONTRACTS, apps);

    @Test
    void theAdminMayDoEverythingAndEachAppOnlySelectItsViews() throws Exception {
        JsonNode rules = new ObjectMapper().readTree(AccessRules.generate("lake", apps, views));
        assertThat(rules.get("catalogs").get(0).toString()).isEqualTo("{\"user\":\"citylake\",\"allow\":\"all\"}");
        List<String> appTables = new ArrayList<>();
        for (JsonNode t : rules.get("tables")) {
            if (t.get("user").asText().startsWith("app_")) {
                assertThat(t.get("catalog").asText()).isEqualTo("lake");
                assertThat(t.get("schema").asText()).isEqualTo("serving");
                assertThat(t.get("table").asText()).startsWith(t.get("user").asText() + "_");
                assertThat(t.get("privileges").toString()).isEqualTo("[\"SELECT\"]");
                appTables.add(t.get("table").asText());
            }
        }
        assertThat(appTables).containsExactlyInAnyOrderElementsOf(views.stream().map(ServingView::name).toList());
        assertThat(rules.get("tables").get(0).get("user").asText()).isEqualTo("citylake");
    }

    @Test
    void rulesRepeatTheExactFiltersAndIdempotentMasks() throws Exception {
        JsonNode rules = new ObjectMapper().readTree(AccessRules.generate("lake", apps, views));
        JsonNode elder = null;
        for (JsonNode t : rules.get("tables")) {
            if (t.path("table").asText().equals("app_eldercare_person")) {
                elder = t;
            }
        }
        assertThat(elder).isNotNull();
        // The age condition reads birth_date, which the view serves only as a year: not repeated.
        assertThat(elder.get("filter").asText()).isEqualTo("(starts_with(\"street_code\", '340102'))");
        assertThat(elder.get("columns").findValuesAsText("name")).contains("resident_id", "phone", "name").doesNotContain("birth_year");
    }

    @Test
    void adminOnlyRulesGrantNoApp() {
        assertThat(AccessRules.adminOnly()).doesNotContain("app_");
    }
}
