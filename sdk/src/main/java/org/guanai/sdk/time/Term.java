package org.guanai.sdk.time;

/** 学期: the two semesters of a Chinese school year. */
public enum Term {
    /** 秋季学期, September to January. */
    AUTUMN,
    /** 春季学期, March to July. */
    SPRING
}
