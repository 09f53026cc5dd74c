package org.guanai.core.api.care;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * 九个一 coverage (每生九个一, domain §3.3): per left-behind child of a school, the items of the school's checklist done
 * and due in a range, as the activities programme's coverage grid counts them. Published by that programme with
 * {@code programme.id}; used by others (the 表彰 evidence for a child). The children are those the current caller may
 * see: a consumer asks within a request. Since 1.2.0.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CareCoverage {

    /**
     * The left-behind children of a school the caller sees, for the semesters that overlap {@code [from, to]}, each
     * counted as of {@code to} (or the semester's end), ordered by child id.
     *
     * @param schoolId the school
     * @param from     first day, inclusive
     * @param to       last day, inclusive
     */
    List<ChildCoverage> forSchool(long schoolId, LocalDate from, LocalDate to);

    /**
     * One item of the checklist for one child, summed over the semesters.
     *
     * @param code   the item's code, e.g. {@code ONE_CALL}
     * @param nameZh 中文名称
     * @param nameEn English name
     * @param done   periods done (1 for a per-semester item done)
     * @param due    periods due so far
     */
    record ItemCoverage(String code, String nameZh, String nameEn, int done, int due) {
    }

    /**
     * One child's coverage.
     *
     * @param childId   the registry's child id
     * @param itemsDone items with every period due done
     * @param itemsDue  items with at least one period due
     * @param items     per item, in the checklist's order
     */
    record ChildCoverage(long childId, int itemsDone, int itemsDue, List<ItemCoverage> items) {
        /** Copies the list. */
        public ChildCoverage {
            items = List.copyOf(items);
        }

        /**
         * A child's coverage: what the publishing programme writes instead of the canonical constructor.
         *
         * @param childId the registry's child id
         * @return a builder with no items
         */
        public static Builder builder(long childId) {
            return new Builder(childId);
        }

        /** Builds a {@link ChildCoverage}, counting the items done and due; a component added later gets a setter here. */
        public static final class Builder {
            private final long childId;
            private final List<ItemCoverage> items = new ArrayList<>();

            private Builder(long childId) {
                this.childId = childId;
            }

            /** @return this builder with one more item */
            public Builder item(String code, String nameZh, String nameEn, int done, int due) {
                items.add(new ItemCoverage(code, nameZh, nameEn, done, due));
                return this;
            }

            /** @return the child's coverage: an item is due when a period of it is, done when all its periods due are */
            public ChildCoverage build() {
                int due = (int) items.stream().filter(i -> i.due() > 0).count();
                int done = (int) items.stream().filter(i -> i.due() > 0 && i.done() >= i.due()).count();
                return new ChildCoverage(childId, done, due, items);
            }
        }
    }
}
