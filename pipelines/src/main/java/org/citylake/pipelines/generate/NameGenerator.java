package org.citylake.pipelines.generate;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Personal names: common surnames by rough frequency (plus Anhui favourites such as 汪, 方, 程 and
 * a few compound surnames), one- or two-character given names by sex, some rare characters, and
 * transliterated names with the middle dot (·) for Uyghur residents.
 *
 * <p>Every character of a clean name is encodable in GBK, because the population registry is a
 * GBK file: a name that GBK cannot hold is exactly the {@code lossy_gbk_name} defect, and must only
 * appear where the defect ledger says so.
 */
final class NameGenerator {
    private static final String SURNAMES_BY_FREQUENCY =
            "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严葛鲍储檀";
    private static final String[] COMPOUND_SURNAMES = {"欧阳", "司马", "诸葛", "上官", "皇甫", "东方"};
    private static final String MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳洋峰建文志国晨子轩博睿泽浩然天佑宇航";
    private static final String FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲桂丹萍红梅琳雪慧颖倩婷佳欣怡诗涵梓萱可馨雨彤思语晓月婉清";
    private static final String SHARED_CHARS = "文华玉金海春秋晓云小佳子一安诺嘉";
    /** Uncommon but GBK-encodable characters people do pick for given names. */
    private static final String RARE_CHARS = "堃喆犇淼燚玥珺瑄旻彧昇赟垚焱懿翀祎曌琇珩玙瑾璟";
    private static final String[] UYGHUR_GIVEN = {"买买提", "艾力", "阿不都", "吐尔逊", "热合曼", "阿依古丽", "古丽娜尔", "迪丽娜尔", "帕提古丽", "努尔"};
    private static final String[] UYGHUR_FATHER = {"艾买提", "吐尔逊", "买买提", "阿不力孜", "司马义", "依明", "卡德尔"};
    private static final String[] TIBETAN = {"扎西", "次仁", "卓玛", "央金", "尼玛", "格桑", "达瓦", "拉姆", "旺堆", "德吉"};
    private static final String[] MONGOL = {"巴特尔", "其木格", "乌兰", "苏日娜", "额尔敦", "萨仁", "包哈斯"};

    private final WeightedChoice<String> surnames;
    private final String male;
    private final String female;
    private final String shared;
    private final String rare;

    NameGenerator(Charset registryCharset) {
        CharsetEncoder encoder = registryCharset.newEncoder();
        WeightedChoice.Builder<String> builder = WeightedChoice.builder();
        List<String> single = codePoints(SURNAMES_BY_FREQUENCY, encoder);
        for (int i = 0; i < single.size(); i++) {
            builder.add(single.get(i), 100.0 / (i + 8));   // Zipf-like: 王/李/张 dominate
        }
        for (String s : COMPOUND_SURNAMES) {
            builder.add(s, 0.15);
        }
        surnames = builder.build();
        male = String.join("", codePoints(MALE_CHARS + SHARED_CHARS, encoder));
        female = String.join("", codePoints(FEMALE_CHARS + SHARED_CHARS, encoder));
        shared = String.join("", codePoints(SHARED_CHARS, encoder));
        rare = String.join("", codePoints(RARE_CHARS, encoder));
    }

    String name(SplittableRandom random, boolean isMale, String ethnicity) {
        if (EthnicityTable.UYGHUR.equals(ethnicity)) {
            return UYGHUR_GIVEN[random.nextInt(UYGHUR_GIVEN.length)] + "·" + UYGHUR_FATHER[random.nextInt(UYGHUR_FATHER.length)];
        }
        if (EthnicityTable.TIBETAN.equals(ethnicity)) {
            return TIBETAN[random.nextInt(TIBETAN.length)] + TIBETAN[random.nextInt(TIBETAN.length)];
        }
        if (EthnicityTable.MONGOL.equals(ethnicity) && random.nextInt(2) == 0) {
            return MONGOL[random.nextInt(MONGOL.length)];
        }
        String pool = isMale ? male : female;
        StringBuilder name = new StringBuilder(surnames.pick(random));
        int givenLength = random.nextDouble() < 0.28 ? 1 : 2;   // single-character given names were common before 1990
        for (int i = 0; i < givenLength; i++) {
            double x = random.nextDouble();
            String from = x < 0.02 ? rare : x < 0.12 ? shared : pool;
            name.append(from.charAt(random.nextInt(from.length())));
        }
        return name.toString();
    }

    private static List<String> codePoints(String chars, CharsetEncoder encoder) {
        List<String> out = new ArrayList<>();
        chars.codePoints().forEach(cp -> {
            String s = new String(Character.toChars(cp));
            if (encoder.canEncode(s)) {
                out.add(s);
            }
        });
        return out;
    }
}
