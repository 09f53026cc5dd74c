-- ChildService.forEach over one class (a class's entry sheet, birthdays, …) pages by id within the class on this index:
-- on core_child_school_id_ix (V40) each batch of 500 read the rows of the school's other classes between its ids to
-- check their class (issue 18).
CREATE INDEX core_child_class_id_ix ON core_child (class_id, id);
