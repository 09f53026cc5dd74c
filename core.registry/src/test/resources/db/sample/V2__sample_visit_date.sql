ALTER TABLE sample_visit ADD COLUMN visited_on DATE;
