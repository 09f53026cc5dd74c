package org.guanai.core.registry.internal.security;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.guanai.core.api.Masks;
import org.guanai.core.api.Permissions;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.Staff;

/**
 * Masks (脱敏) the registry's personal fields for a caller without the permission to see them: ID numbers, 全国学籍号
 * (the national student number is {@code G} + the ID number, so it is masked the same way) and addresses
 * ({@code registry.personal}), phones ({@code registry.contact}), health notes ({@code registry.health}). Also puts
 * stored values back where a client returned a masked value unchanged, so that editing a masked record keeps them.
 */
public final class Masker {
    /** Which permission shows a field in full, by record field name (also the history's field names). */
    static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("idNumber", Permissions.REGISTRY_PERSONAL),
            Map.entry("studentNumber", Permissions.REGISTRY_PERSONAL),
            Map.entry("homeAddress", Permissions.REGISTRY_PERSONAL),
            Map.entry("hukouPlace", Permissions.REGISTRY_PERSONAL),
            Map.entry("address", Permissions.REGISTRY_PERSONAL),
            Map.entry("employerAddress", Permissions.REGISTRY_PERSONAL),
            Map.entry("phone", Permissions.REGISTRY_CONTACT),
            Map.entry("employerPhone", Permissions.REGISTRY_CONTACT),
            Map.entry("healthNote", Permissions.REGISTRY_HEALTH),
            Map.entry("health", Permissions.REGISTRY_HEALTH),
            Map.entry("capacityNote", Permissions.REGISTRY_HEALTH));

    private final Predicate<String> allowed;

    /** @param allowed whether the caller holds a permission */
    public Masker(Predicate<String> allowed) {
        this.allowed = allowed;
    }

    private boolean full(String field) {
        return allowed.test(FIELDS.get(field));
    }

    static String mask(String field, String value) {
        return switch (field) {
            case "idNumber" -> Masks.idNumber(value);
            case "studentNumber" -> Masks.studentNumber(value);
            case "phone", "employerPhone" -> Masks.phone(value);
            case "homeAddress", "hukouPlace", "address", "employerAddress" -> Masks.address(value);
            default -> Masks.text(value);
        };
    }

    /**
     * @param field a field name of {@link #FIELDS} (the record field, e.g. {@code idNumber}, {@code phone})
     * @return the value as the caller may see it: in full, or masked
     */
    public String show(String field, String value) {
        return value == null || full(field) ? value : mask(field, value);
    }

    /** @return whether showing the record in full discloses a sensitive value (then the read is audited) */
    public boolean disclosesChild(Child c) {
        return full("idNumber") && c.idNumber() != null || full("studentNumber") && c.studentNumber() != null
                || full("homeAddress") && c.homeAddress() != null
                || full("healthNote") && c.healthNote() != null || full("hukouPlace") && c.hukouPlace() != null;
    }

    public boolean disclosesGuardian(Guardian g) {
        return full("phone") && g.phone() != null || full("address") && g.address() != null || full("health") && g.health() != null
                || full("idNumber") && g.idNumber() != null;
    }

    public boolean disclosesParent(Parent p) {
        return full("phone") && p.phone() != null || full("employerPhone") && p.employerPhone() != null
                || full("employerAddress") && p.employerAddress() != null || full("idNumber") && p.idNumber() != null;
    }

    public Child child(Child c) {
        return c.toBuilder().idNumber(show("idNumber", c.idNumber())).studentNumber(show("studentNumber", c.studentNumber()))
                .homeAddress(show("homeAddress", c.homeAddress())).healthNote(show("healthNote", c.healthNote()))
                .hukouPlace(show("hukouPlace", c.hukouPlace())).build();
    }

    /** A list row: ID number, 学籍号, address and health note always masked; the full record is one archive read away. */
    public static Child listRow(Child c) {
        return c.toBuilder().idNumber(Masks.idNumber(c.idNumber())).studentNumber(Masks.studentNumber(c.studentNumber()))
                .homeAddress(Masks.address(c.homeAddress())).healthNote(Masks.text(c.healthNote()))
                .hukouPlace(Masks.address(c.hukouPlace())).build();
    }

    /** A list row of a guardian: address, phone and health note always masked (as {@link #listRow(Child)}). */
    public static Guardian listRow(Guardian g) {
        return g.toBuilder().address(Masks.address(g.address())).phone(Masks.phone(g.phone())).health(Masks.text(g.health()))
                .capacityNote(Masks.text(g.capacityNote())).idNumber(Masks.idNumber(g.idNumber())).build();
    }

    /** A list row of a parent: phone, employer's address and phone always masked (as {@link #listRow(Child)}). */
    public static Parent listRow(Parent p) {
        return p.toBuilder().phone(Masks.phone(p.phone())).employerAddress(Masks.address(p.employerAddress()))
                .employerPhone(Masks.phone(p.employerPhone())).idNumber(Masks.idNumber(p.idNumber())).build();
    }

    public Guardian guardian(Guardian g) {
        // the assessment note may say why (an illness): masked as the health note is
        return g.toBuilder().address(show("address", g.address())).phone(show("phone", g.phone()))
                .health(show("health", g.health())).capacityNote(show("capacityNote", g.capacityNote()))
                .idNumber(show("idNumber", g.idNumber())).build();
    }

    public Parent parent(Parent p) {
        return p.toBuilder().phone(show("phone", p.phone())).employerAddress(show("employerAddress", p.employerAddress()))
                .employerPhone(show("employerPhone", p.employerPhone())).idNumber(show("idNumber", p.idNumber())).build();
    }

    public Staff staff(Staff s) {
        return new Staff(s.id(), s.version(), s.schoolId(), s.name(), s.role(), s.gender(), show("phone", s.phone()), s.subject(),
                s.active());
    }

    public HistoryEntry history(HistoryEntry h) {
        if (h.field() == null || !FIELDS.containsKey(h.field()) || full(h.field())) {
            return h;
        }
        return new HistoryEntry(h.id(), h.entityType(), h.entityId(), h.childId(), h.action(), h.field(),
                mask(h.field(), h.oldValue()),
                mask(h.field(), h.newValue()), h.actor(), h.at());
    }

    public boolean disclosesHistory(HistoryEntry h) {
        return h.field() != null && FIELDS.containsKey(h.field()) && full(h.field());
    }

    /** @return {@code sent}, or {@code stored} when {@code sent} is the masked form of {@code stored} (returned unchanged) */
    public static String keep(String field, String sent, String stored) {
        if (sent != null && stored != null && Masks.isMasked(sent) && Objects.equals(sent, mask(field, stored))) {
            return stored;
        }
        return sent;
    }
}
