package org.guanai.core.api.notify;

import java.util.Set;

import org.guanai.core.api.dto.Role;

/**
 * Who a notice is for: named accounts, and every account holding one of the roles for the notice's school (a county
 * role counts for every school of its county). An account named and also holding a role gets the notice once.
 *
 * @param users account names ({@code Caller#user()})
 * @param roles roles whose holders for the notice's school receive it
 */
public record Audience(Set<String> users, Set<Role> roles) {
    /** Copies the sets. */
    public Audience {
        users = users == null ? Set.of() : Set.copyOf(users);
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** @return the named accounts */
    public static Audience users(String... names) {
        return new Audience(Set.of(names), Set.of());
    }

    /** @return every holder of the roles for the notice's school */
    public static Audience roles(Role... roles) {
        return new Audience(Set.of(), Set.of(roles));
    }

    /** @return this audience with the roles added */
    public Audience and(Role... more) {
        java.util.Set<Role> all = new java.util.HashSet<>(roles);
        all.addAll(java.util.List.of(more));
        return new Audience(users, all);
    }

    /** @return whether nobody is named and no role chosen */
    public boolean isEmpty() {
        return users.isEmpty() && roles.isEmpty();
    }
}
