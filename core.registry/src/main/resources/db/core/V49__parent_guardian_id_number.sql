-- The 民政 登记表 asks the ID numbers (公民身份证号码) of the father, the mother and the delegated guardian (issue 20).
ALTER TABLE core_parent ADD COLUMN id_number VARCHAR(18);
ALTER TABLE core_guardian ADD COLUMN id_number VARCHAR(18);
