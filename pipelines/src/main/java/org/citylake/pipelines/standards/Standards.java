package org.citylake.pipelines.standards;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The standard behind each name a contract may put in a column's {@code standard} field, built from
 * a {@link StandardContext}. The pipeline and {@code citylake standardize} both come through here,
 * so a value is judged the same way wherever it is checked.
 */
public final class Standards {
    private static final Map<String, Function<StandardContext, Standard>> BY_NAME = Map.ofEntries(
            Map.entry("text", c -> new TextStandard()),
            Map.entry("wkt", c -> new WktStandard()),
            Map.entry("name-gb18030", c -> new PersonNameStandard()),
            Map.entry("name-gb18030-keep-width", c -> new PersonNameStandard(false)),
            Map.entry("date", c -> new DateStandard()),
            Map.entry("number", c -> new NumberStandard()),
            Map.entry("cgcs2000-lon", c -> new CoordinateStandard(CoordinateStandard.Axis.LONGITUDE)),
            Map.entry("cgcs2000-lat", c -> new CoordinateStandard(CoordinateStandard.Axis.LATITUDE)),
            Map.entry("cgcs2000-point", c -> new PointStandard()),
            Map.entry("coordinate-system", c -> new CoordinateSystemStandard()),
            Map.entry("phone-cn", c -> new PhoneStandard()),
            Map.entry("gbt2261-sex", c -> new SexCodeStandard()),
            Map.entry("gbt2260-county", c -> new DivisionCodeStandard(DivisionCodeStandard.Level.COUNTY, c)),
            Map.entry("gbt2260-street", c -> new DivisionCodeStandard(DivisionCodeStandard.Level.STREET, c)),
            Map.entry("gbt2260-community", c -> new DivisionCodeStandard(DivisionCodeStandard.Level.COMMUNITY, c)),
            Map.entry("gb11643", c -> new ResidentIdStandard(c.knownRegions(), c.asOf())),
            Map.entry("gb32100", CreditCodeStandard::of),
            Map.entry("holder-id", c -> new CodeStandard("[0-9A-Z]{15,18}", ReasonCode.BAD_HOLDER_ID, "a citizen ID number or a unified social credit code")));

    private Standards() {
    }

    /** Every standard name, sorted. */
    public static SortedSet<String> names() {
        return new TreeSet<>(BY_NAME.keySet());
    }

    /** The standard for a contract's standard name, with its reference data taken from {@code context}. */
    public static Standard forName(String name, StandardContext context) {
        Function<StandardContext, Standard> s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("No standard named '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return s.apply(context);
    }
}
