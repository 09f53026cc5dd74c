package org.guanai.plugin.guardians.internal;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.sdk.testing.TestRequest;

/**
 * A small registry for the tests: the children of school 1 with their guardians and parents, answered through the
 * {@code core.api} services the programme calls (the rest of each interface refuses).
 */
final class Registry {
    final Map<Long, GuardianService.Family> families = new TreeMap<>();

    /** 王小明 (5): 奶奶 (10) and his father (20) away; 李华 (6): a 委托监护人 (11) without a relation written; 张丽 (7): 外婆 (12). */
    static Registry fixture() {
        Registry r = new Registry();
        r.add(TestRequest.child(5, 1, "王小明"), List.of(guardian(10, 5, GuardianKind.GRANDPARENTS, "王奶奶", "奶奶")),
                List.of(Parent.builder().id(20L).childId(5).role(ParentRole.FATHER).name("王大山").away(true).build(),
                        Parent.builder().id(21L).childId(5).role(ParentRole.MOTHER).name("刘芳").deceased(true).build()));
        r.add(TestRequest.child(6, 1, "李华"), List.of(guardian(11, 6, GuardianKind.DELEGATED, "赵叔叔", " ")), List.of());
        r.add(TestRequest.child(7, 1, "张丽"), List.of(guardian(12, 7, GuardianKind.MATERNAL_GRANDPARENTS, "陈外婆", "外婆")), List.of());
        return r;
    }

    static Guardian guardian(long id, long child, GuardianKind kind, String name, String relation) {
        return Guardian.builder().id(id).childId(child).kind(kind).name(name).relation(relation).build();
    }

    void add(Child child, List<Guardian> guardians, List<Parent> parents) {
        families.put(child.id(), new GuardianService.Family(child, parents, guardians));
    }

    Map<Long, Child> children() {
        Map<Long, Child> out = new TreeMap<>();
        families.forEach((id, f) -> out.put(id, f.child()));
        return out;
    }

    @SuppressWarnings("unchecked")
    GuardianService guardians() {
        return (GuardianService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { GuardianService.class }, (p, m, a) -> {
            if (!m.getName().equals("forEachFamily")) {
                throw new UnsupportedOperationException(m.getName());
            }
            ChildQuery q = (ChildQuery) a[0];
            Collection<Long> ids = a.length == 3 ? (Collection<Long>) a[1] : families.keySet();
            Consumer<GuardianService.Family> action = (Consumer<GuardianService.Family>) a[a.length - 1];
            families.values().stream().filter(f -> ids.contains(f.child().id()) && f.child().schoolId().equals(q.schoolId())).forEach(action);
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    ChildService childService() {
        return (ChildService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { ChildService.class }, (p, m, a) -> {
            ChildQuery q = (ChildQuery) a[0];
            Collection<Long> ids = m.getName().equals("forEachOf") ? (Collection<Long>) a[1] : m.getName().equals("forEach") ? families.keySet() : null;
            if (ids == null) {
                throw new UnsupportedOperationException(m.getName());
            }
            families.values().stream().map(GuardianService.Family::child).filter(c -> ids.contains(c.id()) && c.schoolId().equals(q.schoolId()))
                    .forEach((Consumer<Child>) a[a.length - 1]);
            return null;
        });
    }
}
