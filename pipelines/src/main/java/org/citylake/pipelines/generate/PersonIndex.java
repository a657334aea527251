package org.citylake.pipelines.generate;

import org.citylake.pipelines.standards.ResidentIdNumber;

/**
 * The one piece of person state the generator keeps: the unique 17-digit body of each person's
 * ID number, as a primitive long (8 bytes a person), plus an open-addressing set of all bodies in
 * use. Everything else about person #i is re-derived from its keyed random stream on demand.
 */
final class PersonIndex {
    private final long[] bodies;
    private final long[] table;
    private final int mask;
    private int size;

    PersonIndex(int persons) {
        bodies = new long[persons];
        int capacity = Integer.highestOneBit(persons * 3 + 64) << 1;
        table = new long[capacity];   // 0 marks an empty slot: no ID body is all zeros
        mask = capacity - 1;
    }

    /** Claims {@code body} for person {@code index}; false if another person already holds it. */
    boolean claim(int index, long body) {
        if (!add(body)) {
            return false;
        }
        bodies[index] = body;
        return true;
    }

    /** Reserves a body that no person may get (e.g. an ID that must not resolve to anyone). */
    boolean reserve(long body) {
        return add(body);
    }

    boolean contains(long body) {
        int slot = slot(body);
        while (table[slot] != 0) {
            if (table[slot] == body) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    String residentId(int index) {
        return ResidentIdNumber.ofFirst17(first17(bodies[index])).value();
    }

    static String first17(long body) {
        String digits = Long.toString(body);
        return "0".repeat(17 - digits.length()) + digits;
    }

    static long body(String region, java.time.LocalDate birth, int sequence) {
        return Long.parseLong(region) * 100_000_000_000L
                + (birth.getYear() * 10_000L + birth.getMonthValue() * 100L + birth.getDayOfMonth()) * 1000L
                + sequence;
    }

    private boolean add(long body) {
        if (size * 2 >= table.length) {
            throw new IllegalStateException("person index full");
        }
        int slot = slot(body);
        while (table[slot] != 0) {
            if (table[slot] == body) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = body;
        size++;
        return true;
    }

    private int slot(long body) {
        long h = body * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
