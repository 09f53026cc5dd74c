package org.guanai.core.registry.internal.registry;

import java.util.Set;
import java.util.stream.Collectors;

import org.guanai.core.api.dto.Assistance;
import org.guanai.core.api.dto.GuardianshipType;
import org.guanai.core.api.dto.HealthStatus;
import org.guanai.core.api.dto.IncomeSource;
import org.guanai.core.api.dto.Schooling;

/**
 * The words of the 民政 登记表's cells: the options as the form prints them, never the stored code. The file goes to
 * the national system, in 中文 whatever the reader's language (as {@link RosterWords}).
 */
final class MinzhengWords {
    private MinzhengWords() {
    }

    /** 是 / 否, nothing when not recorded. */
    static String yesNo(Boolean value) {
        return value == null ? null : value ? "是" : "否";
    }

    static String health(HealthStatus h) {
        return h == null ? null : switch (h) {
            case HEALTHY -> "健康";
            case DISABLED -> "残疾";
            case ILL -> "患病";
        };
    }

    static String schooling(Schooling s) {
        return s == null ? null : switch (s) {
            case KINDERGARTEN -> "幼儿园";
            case NOT_IN_KINDERGARTEN -> "未入园";
            case PRIMARY -> "小学";
            case JUNIOR -> "初中";
            case SENIOR -> "高中";
            case VOCATIONAL -> "中职";
            case DROPPED_OUT -> "辍学";
            case NOT_IN_SCHOOL -> "不在学";
        };
    }

    static String guardianship(GuardianshipType g) {
        return g == null ? null : switch (g) {
            case UNATTENDED -> "无人监护";
            case PARENT_INCAPABLE -> "父或母无监护能力";
            case GUARDIAN_INSUFFICIENT -> "受委托监护人监护能力不足";
            case FAIR -> "监护情况一般";
            case GOOD -> "监护情况较好";
        };
    }

    static String incomeSource(IncomeSource s) {
        return switch (s) {
            case WAGES -> "打工收入";
            case FARMING -> "种养殖业";
            case GOVERNMENT_AID -> "政府救助";
            case RELATIVES -> "亲朋接济";
            case OTHER -> "其他";
        };
    }

    static String assistance(Assistance a) {
        return switch (a) {
            case MINIMUM_LIVING -> "享受低保";
            case TEMPORARY -> "临时救助";
            case MEDICAL -> "医疗救助";
            case HOUSING -> "住房救助";
            case OTHER -> "其他救助";
        };
    }

    /** Several options in the enum's order, joined with 、; nothing when none. */
    static String incomeSources(Set<IncomeSource> s) {
        return s.isEmpty() ? null : s.stream().sorted().map(MinzhengWords::incomeSource).collect(Collectors.joining("、"));
    }

    static String assistance(Set<Assistance> s) {
        return s.isEmpty() ? null : s.stream().sorted().map(MinzhengWords::assistance).collect(Collectors.joining("、"));
    }

    /** 当前务工地点 written to 省 + 市: 广东省深圳市; either alone when the other is not known. */
    static String workPlace(String province, String city) {
        String p = province == null ? "" : province.strip();
        String c = city == null ? "" : city.strip();
        String out = c.startsWith(p) ? c : p + c;
        return out.isEmpty() ? null : out;
    }

    /**
     * Which grandparent column a guardian's 关系 fills: 0 祖父, 1 祖母, 2 外祖父, 3 外祖母, -1 none.
     */
    static int elder(String relation) {
        if (relation == null) {
            return -1;
        }
        return switch (relation.strip()) {
            case "祖父", "爷爷" -> 0;
            case "祖母", "奶奶" -> 1;
            case "外祖父", "外公", "姥爷" -> 2;
            case "外祖母", "外婆", "姥姥" -> 3;
            default -> -1;
        };
    }
}
