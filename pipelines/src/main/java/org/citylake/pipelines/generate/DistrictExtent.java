package org.citylake.pipelines.generate;

import java.nio.file.Path;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.QualityRule;
import org.citylake.catalog.contract.TableContract;

/**
 * The district's bounding box, read from the place contract's error-level range rules on its
 * longitude and latitude columns, so the generator places points where the contract says the
 * district is — the contract stays the only place that rule is written.
 */
record DistrictExtent(double minLon, double maxLon, double minLat, double maxLat) {
    static DistrictExtent fromPlaceContract(Path confDir) {
        TableContract place = ContractLoader.load(confDir.resolve("contracts/base/place.yaml"));
        QualityRule lon = range(place, "cgcs2000-lon");
        QualityRule lat = range(place, "cgcs2000-lat");
        return new DistrictExtent(Double.parseDouble(lon.min()), Double.parseDouble(lon.max()),
                Double.parseDouble(lat.min()), Double.parseDouble(lat.max()));
    }

    boolean contains(double lon, double lat) {
        return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
    }

    private static QualityRule range(TableContract place, String standard) {
        ColumnContract column = place.columns().stream().filter(c -> c.standard().equals(standard)).findFirst()
                .orElseThrow(() -> new IllegalStateException(place.file() + " has no column with standard " + standard));
        return column.quality().stream()
                .filter(r -> r.kind() == QualityRule.Kind.RANGE && r.level() == QualityRule.Level.ERROR && r.min() != null && r.max() != null)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(place.file() + ": column " + column.name()
                        + " needs an error-level range rule with min and max (the district's extent)"));
    }
}
