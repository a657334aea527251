package org.citylake.pipelines.standards;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.citylake.catalog.dictionary.Dictionaries;

/**
 * Reference data and the as-of date some standards need; serialisable so tasks can carry it.
 *
 * @param knownRegions        GB/T 2260 county codes, current ∪ historical (retired codes stay valid in IDs)
 * @param asOf                the run's date: birth dates after it are in the future
 * @param divisions           the district's streets and communities, for division codes and names
 * @param creditCodeAllowList GB 32100 codes known to be legitimate although they fail the checks
 */
public record StandardContext(Set<String> knownRegions, LocalDate asOf, DivisionDirectory divisions,
                              Set<String> creditCodeAllowList) implements Serializable {
    /** Where {@link #load} finds the allow-list, relative to the conf directory. */
    public static final String CREDIT_CODE_ALLOW_LIST = "standards/gb32100-allowlist.txt";

    public StandardContext {
        knownRegions = Set.copyOf(knownRegions);
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(divisions, "divisions");
        creditCodeAllowList = Set.copyOf(creditCodeAllowList);
    }

    /**
     * Regions and date only: street and community codes are then checked for shape, not membership,
     * and no credit code is allow-listed. Kept for callers that predate the division directory;
     * prefer {@link #of} or {@link #load}.
     */
    public StandardContext(Set<String> knownRegions, LocalDate asOf) {
        this(knownRegions, asOf, DivisionDirectory.UNLISTED, Set.of());
    }

    /** Everything from the dictionaries: counties (current ∪ historical), the district's streets and communities. */
    public static StandardContext of(Dictionaries dictionaries, Set<String> creditCodeAllowList, LocalDate asOf) {
        Set<String> regions = new HashSet<>(dictionaries.codes("gbt2260-county"));
        regions.addAll(dictionaries.codes("gbt2260-county-historical"));
        DivisionDirectory divisions = new DivisionDirectory(dictionaries.entries("gbt2260-street-yaohai"),
                dictionaries.entries("gbt2260-community-yaohai"));
        return new StandardContext(regions, asOf, divisions, creditCodeAllowList);
    }

    /** The context a deployment uses: dictionaries and the GB 32100 allow-list under {@code confDir}. */
    public static StandardContext load(Path confDir, LocalDate asOf) {
        return of(Dictionaries.load(confDir), CreditCodeAllowList.load(confDir.resolve(CREDIT_CODE_ALLOW_LIST)), asOf);
    }
}
