package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.guanai.plugin.activities.internal.Model.Home;
import org.guanai.plugin.activities.internal.Model.Resource;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The 留守儿童之家 of a school ({@code activities_home}) and its resources ({@code activities_home_resource}). */
@Component(service = HomeStore.class)
public final class HomeStore {
    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public HomeStore(@Reference Tables tables, @Reference CareCalendar calendar) {
        this.db = tables.db();
        this.calendar = calendar;
    }

    Optional<Home> home(long school) {
        return db.read(sql -> sql.one("SELECT * FROM activities_home WHERE school_id = ?", rs -> new Home(school, rs.getString("name"),
                rs.getObject("opened_on", LocalDate.class), rs.getString("manager"), rs.getString("note"),
                rs.getObject("updated_at", OffsetDateTime.class)), school));
    }

    /** Creates or changes the school's home; @return it as stored */
    Home putHome(Home h) {
        db.txRetrying(sql -> {
            Object[] args = { h.name(), h.openedOn(), h.manager(), h.note(), calendar.now(), h.schoolId() };
            if (sql.update("UPDATE activities_home SET name = ?, opened_on = ?, manager = ?, note = ?, updated_at = ? WHERE school_id = ?",
                    args) == 0) {
                sql.update("INSERT INTO activities_home (name, opened_on, manager, note, updated_at, school_id) VALUES (?, ?, ?, ?, ?, ?)", args);
            }
            return null;
        });
        return home(h.schoolId()).orElseThrow();
    }

    List<Resource> resources(long school) {
        return resources("school_id = ?", school);
    }

    Optional<Resource> resource(long id) {
        return resources("id = ?", id).stream().findFirst();
    }

    private List<Resource> resources(String where, long arg) {
        return db.read(sql -> sql.list("SELECT * FROM activities_home_resource WHERE " + where + " ORDER BY kind, id",
                rs -> new Resource(rs.getLong("id"), rs.getLong("school_id"), rs.getString("kind"), rs.getString("name"), rs.getInt("quantity"),
                        rs.getString("note"), rs.getObject("updated_at", OffsetDateTime.class)),
                arg));
    }

    /** Adds a resource ({@code id} {@code null}) or changes one; @return it as stored */
    Resource putResource(Resource r) {
        long id = db.tx(sql -> {
            if (r.id() == null) {
                return sql.insert("INSERT INTO activities_home_resource (school_id, kind, name, quantity, note, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                        r.schoolId(), r.kind(), r.name(), r.quantity(), r.note(), calendar.now());
            }
            sql.update("UPDATE activities_home_resource SET kind = ?, name = ?, quantity = ?, note = ?, updated_at = ? WHERE id = ?", r.kind(),
                    r.name(), r.quantity(), r.note(), calendar.now(), r.id());
            return r.id();
        });
        return resource(id).orElseThrow();
    }

    void deleteResource(long id) {
        db.tx(sql -> sql.update("DELETE FROM activities_home_resource WHERE id = ?", id));
    }
}
