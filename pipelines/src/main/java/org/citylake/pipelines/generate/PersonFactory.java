package org.citylake.pipelines.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;
import org.citylake.pipelines.standards.ResidentIdNumber;

/**
 * Derives person #i from the seed: sex, birth date (age pyramid), birth region, name, ethnicity,
 * phone, home. Calling it twice for the same index gives the same person, which is how companies
 * and certificates refer to persons without the generator keeping them all in memory.
 */
final class PersonFactory {
    private static final String DISTRICT_PREFIX = "安徽省合肥市瑶海区";
    private static final String[] VILLAGE_ROADS = {"人民路", "解放路", "建设路", "中山路", "文化路", "新华街", "幸福路", "和平街"};

    private final long seed;
    private final LocalDate asOf;
    private final AgePyramid ages = new AgePyramid();
    private final EthnicityTable ethnicities = new EthnicityTable();
    private final NameGenerator names;
    private final PhoneNumbers phones = new PhoneNumbers();
    private final RegionCodeBook regions;
    private final AddressBook addresses;
    private final String districtCode;

    PersonFactory(long seed, LocalDate asOf, NameGenerator names, RegionCodeBook regions, AddressBook addresses,
                  String districtCode) {
        this.seed = seed;
        this.asOf = asOf;
        this.names = names;
        this.regions = regions;
        this.addresses = addresses;
        this.districtCode = districtCode;
    }

    /** What the ID number of person #i would be before uniqueness is resolved. */
    record IdDraft(String region, LocalDate birthDate, boolean male, int sequence) {
    }

    IdDraft idDraft(int index) {
        SplittableRandom r = Seeds.forRow(seed, Seeds.PERSONS, index);
        boolean male = r.nextDouble() < 0.512;
        LocalDate birth = ages.birthDate(r, asOf);
        String region = regions.pickBirthRegion(r);
        int sequence = r.nextInt(500) * 2 + (male ? 1 : 0);
        return new IdDraft(region, birth, male, sequence);
    }

    /** Person #i with its resolved ID from the index. */
    Person person(int index, PersonIndex ids) {
        SplittableRandom r = Seeds.forRow(seed, Seeds.PERSONS, index);
        // Same draws, same order as idDraft(), then the rest of the person.
        boolean male = r.nextDouble() < 0.512;
        LocalDate birth = ages.birthDate(r, asOf);
        String region = regions.pickBirthRegion(r);
        r.nextInt(500);
        String ethnicity = ethnicities.pick(r);
        String name = names.name(r, male, ethnicity);
        String phone = birth.plusYears(12).isAfter(asOf) && r.nextDouble() < 0.7 ? "" : phones.pick(r);
        int home = addresses.pickHome(r);
        Place place = addresses.get(home);
        String residence = place.address();
        if (place.isBuilding()) {
            int floors = place.floors() == null ? 6 : place.floors();
            residence += (1 + r.nextInt(3)) + "单元" + (1 + r.nextInt(floors)) + "0" + (1 + r.nextInt(4)) + "室";
        }
        String domicile;
        if (region.equals(districtCode) || r.nextDouble() < 0.35) {
            domicile = residence;   // household registered where they live
        } else {
            domicile = regions.fullName(region) + VILLAGE_ROADS[r.nextInt(VILLAGE_ROADS.length)] + (1 + r.nextInt(200)) + "号";
            if (domicile.startsWith(DISTRICT_PREFIX)) {
                domicile = residence;
            }
        }
        LocalDate earliest = birth.isBefore(LocalDate.of(1985, 1, 1)) ? LocalDate.of(1985, 1, 1) : birth.plusDays(7);
        long span = Math.max(1, asOf.toEpochDay() - earliest.toEpochDay());
        LocalDate registered = earliest.plusDays(r.nextLong(span));
        String id = ids.residentId(index);
        return new Person(index, id, name, male, ethnicity, birth, region, phone, domicile, home, residence,
                place.streetCode(), place.communityCode(), registered);
    }

    static ResidentIdNumber toId(IdDraft draft, int sequence) {
        return ResidentIdNumber.of(draft.region(), draft.birthDate(), sequence);
    }
}
