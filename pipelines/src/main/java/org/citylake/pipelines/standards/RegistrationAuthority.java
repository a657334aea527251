package org.citylake.pipelines.standards;

import java.util.Map;
import java.util.Optional;

/**
 * The first character of a GB 32100 code, the registration authority (登记管理部门), and the entity
 * types (机构类别, second character) each authority may issue, per the code table of GB 32100-2015
 * and its later additions (A for the military, N for rural collective economic organisations).
 */
public enum RegistrationAuthority {
    ESTABLISHMENT('1', "机构编制", Map.of('1', "机关", '2', "事业单位", '3', "中央编办直接管理机构编制的群众团体", '9', "其他")),
    FOREIGN_AFFAIRS('2', "外交", Map.of('1', "外国常驻新闻机构", '9', "其他")),
    JUSTICE('3', "司法行政", Map.of('1', "律师执业机构", '2', "公证处", '3', "基层法律服务所", '4', "司法鉴定机构", '5', "仲裁委员会", '9', "其他")),
    CULTURE('4', "文化", Map.of('1', "外国在华文化中心", '9', "其他")),
    CIVIL_AFFAIRS('5', "民政", Map.of('1', "社会团体", '2', "民办非企业单位", '3', "基金会", '9', "其他")),
    TOURISM('6', "旅游", Map.of('1', "外国旅游部门常驻代表机构", '2', "港澳台地区旅游部门常驻内地（大陆）代表机构", '9', "其他")),
    RELIGION('7', "宗教", Map.of('1', "宗教活动场所", '2', "宗教院校", '9', "其他")),
    TRADE_UNION('8', "工会", Map.of('1', "基层工会", '9', "其他")),
    MARKET_REGULATION('9', "工商/市场监管", Map.of('1', "企业", '2', "个体工商户", '3', "农民专业合作社")),
    MILITARY('A', "中央军委改革和编制办公室", Map.of('1', "军队事业单位", '9', "其他")),
    AGRICULTURE('N', "农业", Map.of('1', "组级集体经济组织", '2', "村级集体经济组织", '3', "乡镇级集体经济组织", '9', "其他")),
    OTHER('Y', "其他", Map.of('1', "其他"));

    private final char code;
    private final String title;
    private final Map<Character, String> entityTypes;

    RegistrationAuthority(char code, String title, Map<Character, String> entityTypes) {
        this.code = code;
        this.title = title;
        this.entityTypes = entityTypes;
    }

    public static Optional<RegistrationAuthority> ofCode(char c) {
        for (RegistrationAuthority a : values()) {
            if (a.code == c) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public char code() {
        return code;
    }

    /** The Chinese name of the authority, e.g. 民政. */
    public String title() {
        return title;
    }

    /** The entity type's name under this authority, e.g. 基金会 for 5/3; empty when not in the table. */
    public Optional<String> entityType(char c) {
        return Optional.ofNullable(entityTypes.get(c));
    }

    /** The entity type codes this authority issues, sorted, for messages. */
    public String entityTypeCodes() {
        return entityTypes.keySet().stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** All authority codes, for messages. */
    public static String codes() {
        StringBuilder b = new StringBuilder();
        for (RegistrationAuthority a : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(a.code);
        }
        return b.toString();
    }
}
