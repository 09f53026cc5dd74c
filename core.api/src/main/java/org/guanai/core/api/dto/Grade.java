package org.guanai.core.api.dto;

/**
 * 年级: a grade level of the nine-year compulsory education (1–6 小学, 7–9 初中) or senior school (10–12 高中).
 *
 * @param level  1–12
 * @param nameZh e.g. 三年级
 * @param nameEn e.g. Grade 3
 */
public record Grade(int level, String nameZh, String nameEn) {
}
