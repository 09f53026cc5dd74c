-- The fields of the 民政 农村留守儿童基本情况登记表 the archive did not hold (issue 20, domain §2.1-2.2, §9):
-- 是否登记户口, 户籍所在地, 身体情况 (健康/残疾/患病; the detail stays in health_note), 就学情况, 家庭经济来源 and
-- 救助帮扶情况 (comma-separated enum names, as flags), the assessed 监护类型, and the 村(居)委会 contact of the child's
-- village (kept per child: the village is free text on the child, there is no village table to hang it on).
ALTER TABLE core_child ADD COLUMN hukou_registered BOOLEAN;
ALTER TABLE core_child ADD COLUMN hukou_place VARCHAR(200);
ALTER TABLE core_child ADD COLUMN health_status VARCHAR(20);
ALTER TABLE core_child ADD COLUMN schooling VARCHAR(30);
ALTER TABLE core_child ADD COLUMN income_sources VARCHAR(200);
ALTER TABLE core_child ADD COLUMN assistance VARCHAR(200);
ALTER TABLE core_child ADD COLUMN guardianship_type VARCHAR(30);
ALTER TABLE core_child ADD COLUMN village_contact VARCHAR(100);
