package org.citylake.pipelines.standards;

import java.io.Serializable;
import java.util.Map;

/**
 * The GB/T 2260 streets (9 digits) and communities (12 digits) of the district, code → name, as
 * the dictionaries list them. {@link #UNLISTED} stands for "no directory given": division codes
 * are then checked for shape only, never refused for want of a list.
 */
public record DivisionDirectory(Map<String, String> streets, Map<String, String> communities) implements Serializable {
    public static final DivisionDirectory UNLISTED = new DivisionDirectory(Map.of(), Map.of());

    public DivisionDirectory {
        streets = Map.copyOf(streets);
        communities = Map.copyOf(communities);
    }

    /** False for {@link #UNLISTED}: membership cannot be judged. */
    public boolean isListed() {
        return !streets.isEmpty();
    }
}
