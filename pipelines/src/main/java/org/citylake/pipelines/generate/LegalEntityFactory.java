package org.citylake.pipelines.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.citylake.pipelines.standards.UnifiedSocialCreditCode;

/**
 * Derives market entity #e: a GB 32100 code in region 340102 ('91' companies, '92' 个体工商户,
 * a few '93' cooperatives), a name in the usual 合肥/瑶海区 pattern, a clean registry person as
 * legal representative, capital, dates and premises from the address book.
 */
final class LegalEntityFactory {
    private static final String[] TRADE_NAMES = {"鑫源", "恒泰", "华信", "瑞丰", "金鼎", "润发", "宏达", "佳禾", "同创", "新锐",
        "汇通", "安顺", "聚宝", "盛世", "正和", "天成", "皖江", "淮海", "徽商", "庐州", "东方", "长江", "明珠", "德润"};
    private static final String[] INDUSTRIES = {"商贸", "科技", "餐饮管理", "建筑工程", "物业管理", "电子商务", "文化传媒", "信息技术",
        "装饰工程", "物流", "医药", "教育咨询", "汽车服务", "家政服务"};
    private static final String[] SHOPS = {"便利店", "小吃店", "水果店", "五金店", "理发店", "服装店", "副食店", "早餐店", "烟酒店",
        "手机维修部", "面馆", "药店", "洗衣店", "快递代办点"};
    private static final String ALPHABET = UnifiedSocialCreditCode.ALPHABET;

    private final GenerationContext ctx;
    private final Set<String> codesInUse = new HashSet<>();   // membership only, never iterated

    LegalEntityFactory(GenerationContext ctx) {
        this.ctx = ctx;
    }

    LegalEntity entity(int index) {
        SplittableRandom r = Seeds.forRow(ctx.seed(), Seeds.ENTITIES, index);
        double t = r.nextDouble();
        char kind;
        String type;
        if (t < 0.45) {
            kind = UnifiedSocialCreditCode.TYPE_INDIVIDUAL_BUSINESS;
            type = "个体工商户";
        } else if (t < 0.99) {
            kind = UnifiedSocialCreditCode.TYPE_ENTERPRISE;
            double u = r.nextDouble();
            type = u < 0.80 ? "有限责任公司" : u < 0.83 ? "股份有限公司" : u < 0.90 ? "个人独资企业" : u < 0.93 ? "合伙企业" : "分公司";
        } else {
            kind = UnifiedSocialCreditCode.TYPE_FARMERS_COOPERATIVE;
            type = "农民专业合作社";
        }
        // Codes issued before the 2015 reform carry the old numeric organisation code; newer ones "MA…".
        boolean legacy = r.nextDouble() < 0.3;
        LocalDate established = legacy
                ? LocalDate.of(1993, 1, 1).plusDays(r.nextInt(8200))
                : LocalDate.of(2015, 10, 1).plusDays(r.nextLong(ctx.asOf().toEpochDay() - LocalDate.of(2015, 10, 1).toEpochDay()));
        String code;
        do {
            StringBuilder body = new StringBuilder(8);
            if (legacy) {
                for (int k = 0; k < 8; k++) {
                    body.append((char) ('0' + r.nextInt(10)));
                }
            } else {
                body.append("MA");
                for (int k = 0; k < 6; k++) {
                    body.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
            }
            code = UnifiedSocialCreditCode.of(UnifiedSocialCreditCode.AUTHORITY_MARKET_REGULATION, kind,
                    ctx.divisions().districtCode(), body.toString()).value();
        } while (!codesInUse.add(code));
        String trade = TRADE_NAMES[r.nextInt(TRADE_NAMES.length)];
        String name = switch (type) {
            case "个体工商户" -> "瑶海区" + trade + SHOPS[r.nextInt(SHOPS.length)];
            case "分公司" -> (r.nextBoolean() ? "安徽" : "合肥") + trade + INDUSTRIES[r.nextInt(INDUSTRIES.length)] + "有限公司瑶海分公司";
            case "农民专业合作社" -> "合肥市瑶海区" + trade + "种植专业合作社";
            case "个人独资企业" -> "合肥市瑶海区" + trade + INDUSTRIES[r.nextInt(INDUSTRIES.length)] + "经营部";
            case "合伙企业" -> "合肥" + trade + INDUSTRIES[r.nextInt(INDUSTRIES.length)] + "合伙企业（有限合伙）";
            case "股份有限公司" -> "安徽" + trade + INDUSTRIES[r.nextInt(INDUSTRIES.length)] + "股份有限公司";
            default -> (r.nextBoolean() ? "合肥" : "安徽") + trade + INDUSTRIES[r.nextInt(INDUSTRIES.length)] + "有限公司";
        };
        LocalDate mustBeAdultBy = established;
        Person rep = ctx.pickCleanPerson(r, p -> !p.birthDate().plusYears(18).isAfter(mustBeAdultBy));
        BigDecimal capital = capital(r, type);
        Place premises = ctx.addresses().get(ctx.addresses().pickBusinessPremises(r));
        String address = premises.address() + (r.nextInt(3) == 0 ? (1 + r.nextInt(20)) + "号商铺" : "");
        double s = r.nextDouble();
        String status = s < 0.80 ? "存续" : s < 0.90 ? "在业" : s < 0.96 ? "注销" : s < 0.99 ? "吊销" : "迁出";
        return new LegalEntity(index, code, name, type, rep, capital, established, address, premises.streetCode(), status);
    }

    private static BigDecimal capital(SplittableRandom r, String type) {
        double value = switch (type) {
            case "个体工商户" -> 1 + r.nextInt(50);
            case "股份有限公司" -> 1000 + r.nextInt(49) * 1000;
            case "农民专业合作社" -> 10 + r.nextInt(200);
            default -> new double[] {10, 30, 50, 100, 200, 300, 500, 1000, 2000, 5000}[r.nextInt(10)] * (r.nextInt(8) == 0 ? 1.5 : 1);
        };
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
