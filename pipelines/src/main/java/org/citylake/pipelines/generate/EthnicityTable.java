package org.citylake.pipelines.generate;

import java.util.SplittableRandom;

/**
 * Ethnic groups (民族) of Hefei residents: Han about 99 %, Hui the largest minority (Hefei has old
 * Hui communities), then groups that arrive through migration and marriage.
 */
final class EthnicityTable {
    static final String HAN = "汉族";
    static final String HUI = "回族";
    static final String UYGHUR = "维吾尔族";
    static final String TIBETAN = "藏族";
    static final String MONGOL = "蒙古族";

    private final WeightedChoice<String> table = WeightedChoice.<String>builder()
            .add(HAN, 98.6)
            .add(HUI, 0.75)
            .add("满族", 0.12)
            .add("壮族", 0.08)
            .add("土家族", 0.08)
            .add("苗族", 0.07)
            .add(MONGOL, 0.06)
            .add(UYGHUR, 0.05)
            .add("彝族", 0.04)
            .add("朝鲜族", 0.03)
            .add("布依族", 0.03)
            .add("侗族", 0.03)
            .add(TIBETAN, 0.03)
            .add("畲族", 0.03)
            .build();

    String pick(SplittableRandom random) {
        return table.pick(random);
    }
}
