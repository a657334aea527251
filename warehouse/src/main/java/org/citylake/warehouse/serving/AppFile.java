package org.citylake.warehouse.serving;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A scenario app as {@code conf/apps/<app>.yaml} describes it: its Trino user (the app name), the purpose
 * it reads for, and the tables it is granted.
 */
public record AppFile(String app, String title, String purpose, List<AppGrant> grants, Path file) {
    public AppFile {
        grants = List.copyOf(grants);
    }

    public Optional<AppGrant> grant(String table) {
        return grants.stream().filter(g -> g.table().equals(table)).findFirst();
    }

    /** The serving view for one grant: {@code <app>_<table>}, e.g. {@code app_eldercare_person}. */
    public String viewName(AppGrant grant) {
        return app + "_" + grant.tableName();
    }
}
