package org.guanai.core.registry.internal.safety;

import java.time.LocalDate;
import java.time.Period;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianCapacity;
import org.guanai.core.api.dto.GuardianKind;

/**
 * The guardianship rules of domain §3.2–3.3, on one child and its guardians at a day (pure: no database, no clock).
 * <ul>
 * <li>Only a child under {@value #CHILD_AGE} that is not archived raises alerts.</li>
 * <li>{@link AlertReason#UNATTENDED}: the child is marked 无人监护, and no 委托监护人 or 临时监护人 who is able (adult,
 * with capacity) is recorded. Recording one ends the alert, as does clearing the mark.</li>
 * <li>{@link AlertReason#GUARDIAN_MINOR}, {@link AlertReason#GUARDIAN_INCAPABLE}: the child has guardians and none of
 * them is able; the reason names what is wrong with them (both when both are). Any able guardian ends the alert, a
 * 委托/临时监护人 above all. A child without any guardian recorded and not marked 无人监护 raises nothing: its archive is
 * incomplete, which the dashboard counts.</li>
 * </ul>
 * A guardian's age is from the birth date when known, else the age written on the contact card; a guardian of unknown
 * age counts as adult. A missing capacity counts as {@link GuardianCapacity#CAPABLE}.
 */
public final class GuardianshipRules {
    /** A child under this age must not live without guardianship. */
    public static final int CHILD_AGE = 16;
    /** A guardian under this age is a minor. */
    public static final int ADULT_AGE = 18;

    private GuardianshipRules() {
    }

    /** @return the guardian's age in whole years on {@code day}; {@code null} when neither birth date nor age is known */
    public static Integer ageOn(Guardian g, LocalDate day) {
        if (g.birthDate() != null) {
            return Period.between(g.birthDate(), day).getYears();
        }
        return g.age();
    }

    /** @return whether the guardian is known to be under 18 on {@code day} */
    public static boolean minor(Guardian g, LocalDate day) {
        Integer age = ageOn(g, day);
        return age != null && age < ADULT_AGE;
    }

    /** @return whether the guardian was assessed without capacity */
    public static boolean incapable(Guardian g) {
        return g.capacity() == GuardianCapacity.INCAPABLE;
    }

    /** @return whether the guardian can look after the child: adult (or of unknown age) and with capacity */
    public static boolean able(Guardian g, LocalDate day) {
        return !minor(g, day) && !incapable(g);
    }

    /** @return whether the child is under 16 on {@code day} */
    public static boolean underAge(Child child, LocalDate day) {
        return child.birthDate() == null || child.birthDate().plusYears(CHILD_AGE).isAfter(day);
    }

    /** @return the reasons for which the child raises an alert on {@code day}; empty when none */
    public static Set<AlertReason> reasons(Child child, List<Guardian> guardians, LocalDate day) {
        Set<AlertReason> out = EnumSet.noneOf(AlertReason.class);
        if (child.archived() || !underAge(child, day)) {
            return out;
        }
        if (child.unattended() && guardians.stream().noneMatch(g -> (g.kind() == GuardianKind.DELEGATED
                || g.kind() == GuardianKind.TEMPORARY) && able(g, day))) {
            out.add(AlertReason.UNATTENDED);
        }
        if (!guardians.isEmpty() && guardians.stream().noneMatch(g -> able(g, day))) {
            if (guardians.stream().anyMatch(g -> minor(g, day))) {
                out.add(AlertReason.GUARDIAN_MINOR);
            }
            if (guardians.stream().anyMatch(GuardianshipRules::incapable)) {
                out.add(AlertReason.GUARDIAN_INCAPABLE);
            }
        }
        return out;
    }
}
