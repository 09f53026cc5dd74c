/**
 * Contracts between care programmes (项目之间的约定): services one programme publishes and others may use, so that no
 * programme bundle imports another. A consumer references them optionally and dynamically: every programme starts and
 * works without the others, and uses what is there.
 * <ul>
 * <li>{@link org.guanai.core.api.care.MentoringRecords}: pairs and their talks, visits and calls (结对帮扶), published by
 * the pairing programme, counted by the 九个一 activities for 一帮一 and 爱心妈妈.</li>
 * <li>{@link org.guanai.core.api.care.Occasions}: festivals and family birthdays (节日, 亲人生日), published by the
 * birthdays programme, used by the activities for family letters and calls.</li>
 * <li>{@link org.guanai.core.api.care.HomeRecords}: the uses of the 留守儿童之家 (loans, family calls and videos, talks),
 * published by the home programme, counted by the 九个一 activities for the home and the family phone (1.2.0).</li>
 * <li>{@link org.guanai.core.api.care.CareCoverage}: 九个一 items done and due per child, published by the activities
 * programme, used by the awards (表彰) as evidence. Since 1.2.0, with {@code MentoringRecords.duties} (obligations due and
 * met per mentor, for 考评).</li>
 * </ul>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.guanai.core.api.care;
