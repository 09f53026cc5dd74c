package org.guanai.plugin.pairing.internal.rules;

/** Whom an obligation is counted for. */
public enum Basis {
    /** per pair: the mentor with that child (e.g. the monthly 谈心 with each child). */
    PAIR,
    /** per mentor: all the mentor's records of the kind (e.g. ≥ 2 家访 per teacher per week [000 L197]). */
    MENTOR
}
