package org.citylake.pipelines.generate;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * What every source-file writer shares: options, dictionaries, the address book, the person
 * factory and index, the defect ledger and the registry's defect decisions (to pick clean persons
 * as company representatives and certificate holders).
 */
record GenerationContext(GeneratorOptions options, DistrictDivisions divisions, RegionCodeBook regions,
                         AddressBook addresses, PersonFactory personFactory, PersonIndex personIndex,
                         int registryPersons, int totalPersons, DefectInjector registryDefects,
                         DefectLedger ledger, PrintStream progress) {

    long seed() {
        return options.seed();
    }

    LocalDate asOf() {
        return options.asOf();
    }

    Person person(int index) {
        return personFactory.person(index, personIndex);
    }

    /** True if person #i's registry row carries no defect, so other files may safely refer to them. */
    boolean isCleanInRegistry(int index) {
        return index < registryPersons && registryDefects.draw(index) == null;
    }

    /**
     * A clean registry person satisfying {@code test}, or null after a bounded number of tries
     * (a real registry also has companies without a traceable representative).
     */
    Person pickCleanPerson(SplittableRandom r, java.util.function.Predicate<Person> test) {
        for (int attempt = 0; attempt < 40; attempt++) {
            int i = r.nextInt(registryPersons);
            if (isCleanInRegistry(i)) {
                Person p = person(i);
                if (test.test(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** A street code that the district's dictionary does not hold: a typo or a neighbour's code. */
    String unknownStreetCode(SplittableRandom r) {
        if (r.nextBoolean()) {
            return "340103" + String.format("%03d", 1 + r.nextInt(12));   // a 庐阳区 street: real, but not ours
        }
        while (true) {
            String code = divisions.districtCode() + String.format("%03d", r.nextInt(1000));
            if (!divisions.isKnownStreetCode(code)) {
                return code;
            }
        }
    }

    void reportProgress(String file, long rows) {
        progress.printf("  %-26s %,12d rows%n", file, rows);
    }
}
