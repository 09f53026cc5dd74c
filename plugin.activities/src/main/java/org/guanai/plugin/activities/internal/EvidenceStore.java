package org.guanai.plugin.activities.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.plugin.activities.internal.Model.EvidenceFile;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Sql;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The photos and scans of activities ({@code activities_evidence}): their metadata, by content hash; the bytes are kept by
 * {@link EvidenceFiles}.
 */
@Component(service = EvidenceStore.class)
public final class EvidenceStore {
    private final Database db;
    private final CareCalendar calendar;

    @Activate
    public EvidenceStore(@Reference Tables tables, @Reference CareCalendar calendar) {
        this.db = tables.db();
        this.calendar = calendar;
    }

    /** Records a photo of an activity whose bytes {@link EvidenceFiles} stored; @return it as stored */
    EvidenceFile addEvidence(long activity, long school, String fileName, String mediaType, long size, String sha256, String user) {
        long id = db.tx(sql -> sql.insert("INSERT INTO activities_evidence (activity_id, school_id, file_name, media_type, size_bytes, sha256,"
                + " uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", activity, school, fileName, mediaType, size, sha256, user,
                calendar.now()));
        return evidenceFile(id).orElseThrow();
    }

    /** @return the photo with the id, if there is one */
    Optional<EvidenceFile> evidenceFile(long id) {
        return db.read(sql -> sql.one("SELECT * FROM activities_evidence WHERE id = ?", EvidenceStore::evidenceFile, id));
    }

    void deleteEvidence(long id) {
        db.tx(sql -> sql.update("DELETE FROM activities_evidence WHERE id = ?", id));
    }

    /** @return the photos of the activities, in the order they were added; read in the caller's work */
    List<EvidenceFile> ofActivities(Sql sql, Collection<Long> activities) throws SQLException {
        String ids = String.join(",", activities.stream().map(String::valueOf).toList());
        return sql.list("SELECT * FROM activities_evidence WHERE activity_id IN (" + ids + ") ORDER BY id", EvidenceStore::evidenceFile);
    }

    /** Deletes the rows of an activity's photos in the caller's work; @return them (to remove the files) */
    List<EvidenceFile> deleteOfActivity(Sql sql, long activity) throws SQLException {
        List<EvidenceFile> files = sql.list("SELECT * FROM activities_evidence WHERE activity_id = ? ORDER BY id", EvidenceStore::evidenceFile,
                activity);
        sql.update("DELETE FROM activities_evidence WHERE activity_id = ?", activity);
        return files;
    }

    /** @return whether any evidence row still names the content */
    boolean evidenceInUse(String sha256) {
        return db.read(sql -> sql.count("SELECT COUNT(*) FROM activities_evidence WHERE sha256 = ?", sha256)) > 0;
    }

    /** @return every content hash the evidence table names */
    Set<String> evidenceHashes() {
        return new HashSet<>(db.read(sql -> sql.list("SELECT DISTINCT sha256 FROM activities_evidence", rs -> rs.getString(1))));
    }

    private static EvidenceFile evidenceFile(ResultSet rs) throws SQLException {
        return new EvidenceFile(rs.getLong("id"), rs.getLong("activity_id"), rs.getLong("school_id"), rs.getString("file_name"),
                rs.getString("media_type"), rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("uploaded_by"),
                rs.getObject("uploaded_at", OffsetDateTime.class));
    }
}
