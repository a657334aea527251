package org.citylake.pipelines.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.citylake.pipelines.standards.UnifiedSocialCreditCode;

/**
 * market_registry.jsonl — market entities from 市场监管 as JSON Lines with Chinese keys;
 * 注册资本 is a JSON number (万元). Returns the entities so certificates can refer to them.
 */
final class MarketRegistryFile {
    static final String FILE = "market_registry.jsonl";
    static final List<String> KEYS = List.of("统一社会信用代码", "主体名称", "市场主体类型", "法定代表人", "法定代表人身份证号",
            "注册资本", "成立日期", "住所", "所属街道代码", "登记状态");

    /** An entity together with whether its row is clean (safe to reference from certificates). */
    record Written(LegalEntity entity, boolean clean) {
    }

    static WeightedChoice<DefectKind> defectKinds() {
        return WeightedChoice.<DefectKind>builder()
                .add(DefectKind.BAD_CREDIT_CODE_CHECK, 20)
                .add(DefectKind.MISSING_REQUIRED_FIELD, 15)
                .add(DefectKind.UNKNOWN_STREET_CODE, 10)
                .add(DefectKind.BAD_DATE, 10)
                .add(DefectKind.EXACT_DUPLICATE_ROW, 10)
                .add(DefectKind.STRAY_SPACES, 10)
                .add(DefectKind.LOWERCASE_CREDIT_CODE, 5)
                .add(DefectKind.FULLWIDTH_DIGITS, 5)
                .build();
    }

    private MarketRegistryFile() {
    }

    static List<Written> write(Path file, GenerationContext ctx, int count) throws IOException {
        DefectInjector defects = new DefectInjector(ctx.seed(), Seeds.MARKET_DEFECTS, ctx.options().defectRate(), defectKinds());
        LegalEntityFactory factory = new LegalEntityFactory(ctx);
        List<Written> entities = new ArrayList<>(count);
        try (JsonLinesWriter out = new JsonLinesWriter(file)) {
            for (int e = 0; e < count; e++) {
                LegalEntity entity = factory.entity(e);
                SplittableRandom shape = defects.shaping(e);
                DateStyle style = DateStyle.pick(shape, 7, 1, 1, 1);
                Map<String, Object> json = render(entity, style);
                DefectKind kind = defects.draw(e);
                String[] where = kind == null || kind == DefectKind.EXACT_DUPLICATE_ROW ? null : apply(json, entity, kind, shape, ctx);
                if (kind != null && kind != DefectKind.EXACT_DUPLICATE_ROW && where == null) {
                    kind = DefectKind.STRAY_SPACES;   // e.g. full-width digits on an entity without representative
                    where = apply(json, entity, kind, shape, ctx);
                }
                long line = out.write(json);
                if (kind == DefectKind.EXACT_DUPLICATE_ROW) {
                    line = out.write(json);
                    where = new String[] {"credit_code", "repeats line " + (line - 1)};
                }
                if (kind != null) {
                    ctx.ledger().record(new Defect(FILE, line, kind, where[0], where[1]));
                }
                entities.add(new Written(entity, kind == null));
            }
            ctx.reportProgress(FILE, out.lines());
        }
        return entities;
    }

    private static Map<String, Object> render(LegalEntity e, DateStyle style) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("统一社会信用代码", e.creditCode());
        json.put("主体名称", e.name());
        json.put("市场主体类型", e.type());
        json.put("法定代表人", e.legalRep() == null ? null : e.legalRep().name());
        json.put("法定代表人身份证号", e.legalRep() == null ? null : e.legalRep().residentId());
        json.put("注册资本", e.capital());
        json.put("成立日期", style.format(e.established()));
        json.put("住所", e.address());
        json.put("所属街道代码", e.streetCode());
        json.put("登记状态", e.status());
        return json;
    }

    private static String[] apply(Map<String, Object> json, LegalEntity e, DefectKind kind, SplittableRandom r, GenerationContext ctx) {
        String code = e.creditCode();
        switch (kind) {
            case BAD_CREDIT_CODE_CHECK -> {
                char wrong;
                do {
                    wrong = UnifiedSocialCreditCode.ALPHABET.charAt(r.nextInt(31));
                } while (wrong == code.charAt(17));
                json.put("统一社会信用代码", code.substring(0, 17) + wrong);
                return new String[] {"credit_code", "check character should be " + code.charAt(17) + ", is " + wrong};
            }
            case MISSING_REQUIRED_FIELD -> {
                String[][] choices = {{"统一社会信用代码", "credit_code"}, {"主体名称", "entity_name"}, {"成立日期", "established_date"}, {"所属街道代码", "street_code"}};
                String[] c = choices[r.nextInt(choices.length)];
                json.put(c[0], r.nextBoolean() ? "" : null);
                return new String[] {c[1], "empty " + c[1]};
            }
            case UNKNOWN_STREET_CODE -> {
                json.put("所属街道代码", ctx.unknownStreetCode(r));
                return new String[] {"street_code", "street " + json.get("所属街道代码") + " is not in the district's dictionary"};
            }
            case BAD_DATE -> {
                json.put("成立日期", IdNumberDefects.badDate(r));
                return new String[] {"established_date", "not a date: " + json.get("成立日期")};
            }
            case STRAY_SPACES -> {
                String spaced = IdNumberDefects.straySpaces(code, r, true);
                json.put("统一社会信用代码", spaced);
                return new String[] {"credit_code", "spaces in '" + spaced + "'; normalises to " + code};
            }
            case LOWERCASE_CREDIT_CODE -> {
                if (code.equals(code.toLowerCase(Locale.ROOT))) {
                    return null;   // no letters to lower-case
                }
                json.put("统一社会信用代码", code.toLowerCase(Locale.ROOT));
                return new String[] {"credit_code", "lower-case letters; normalises to " + code};
            }
            case FULLWIDTH_DIGITS -> {
                if (e.legalRep() == null) {
                    return null;
                }
                json.put("法定代表人身份证号", IdNumberDefects.fullWidth(e.legalRep().residentId()));
                return new String[] {"legal_rep_id", "full-width digits; normalises to " + e.legalRep().residentId()};
            }
            default -> {
                return null;
            }
        }
    }
}
