package org.citylake.pipelines.standards;

import java.util.Map;
import java.util.stream.Stream;

/**
 * The standard behind each name a contract may put in a column's {@code standard} field.
 * Standards whose full rules are still to come (GB 11643 regions and dates, GB 32100 structure,
 * coordinates) are looked up here too, so a contract never needs to change when they deepen.
 */
public final class Standards {
    private static final Map<String, Standard> BY_NAME = Map.ofEntries(
            Map.entry("text", new TextStandard()),
            Map.entry("wkt", new TextStandard()),
            Map.entry("name-gb18030", new PersonNameStandard()),
            Map.entry("date", new DateStandard()),
            Map.entry("number", new NumberStandard()),
            Map.entry("cgcs2000-lon", new NumberStandard()),
            Map.entry("cgcs2000-lat", new NumberStandard()),
            Map.entry("phone-cn", new PhoneStandard()),
            Map.entry("gbt2261-sex", new SexCodeStandard()),
            Map.entry("gbt2260-county", new CodeStandard("\\d{6}", "bad_division_code", "a 6-digit GB/T 2260 county code")),
            Map.entry("gbt2260-street", new CodeStandard("\\d{9}", "bad_division_code", "a 9-digit GB/T 2260 street code")),
            Map.entry("gbt2260-community", new CodeStandard("\\d{12}", "bad_division_code", "a 12-digit GB/T 2260 community code")),
            Map.entry("gb32100", new CreditCodeStandard()),
            Map.entry("holder-id", new CodeStandard("[0-9A-Z]{15,18}", "bad_holder_id", "a citizen ID number or a unified social credit code")));

    private Standards() {
    }

    /**
     * The standard for a contract's standard name. Standards that need reference data or the run's
     * date (GB 11643 needs the historical GB/T 2260 list and "today") take them from {@code context}.
     */
    public static Standard forName(String name, StandardContext context) {
        if (name.equals("gb11643")) {
            return new ResidentIdStandard(context.knownRegions(), context.asOf());
        }
        Standard s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("No standard named '" + name + "' (known: " + String.join(", ", Stream.concat(BY_NAME.keySet().stream(), Stream.of("gb11643")).sorted().toList()) + ")");
        }
        return s;
    }
}
