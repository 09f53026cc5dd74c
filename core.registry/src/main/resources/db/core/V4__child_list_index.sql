-- Lists of children are ordered by school, class, name and id, and usually leave out archived children: one index
-- serves the count and lets a page be found on the index alone (see ChildServiceImpl.find).
CREATE INDEX core_child_list_ix ON core_child (archived, school_id, class_id, name, id);
