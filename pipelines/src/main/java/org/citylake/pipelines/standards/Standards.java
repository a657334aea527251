package org.citylake.pipelines.standards;

import java.util.Map;

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
            Map.entry("gb11643", new CodeStandard("\\d{17}[\\dX]|\\d{15}", "bad_id_format", "an 18-character GB 11643 citizen ID number")),
            Map.entry("gb32100", new CodeStandard("[0-9A-HJ-NPQRTUWXY]{18}", "bad_credit_code_format", "an 18-character GB 32100 unified social credit code")),
            Map.entry("holder-id", new CodeStandard("[0-9A-Z]{15,18}", "bad_holder_id", "a citizen ID number or a unified social credit code")));

    private Standards() {
    }

    public static Standard forName(String name) {
        Standard s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("No standard named '" + name + "' (known: " + String.join(", ", BY_NAME.keySet().stream().sorted().toList()) + ")");
        }
        return s;
    }
}
