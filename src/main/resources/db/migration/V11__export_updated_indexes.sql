-- Bulk export (GET /api/v1/export/...) reads in (updated_at, id) order, from updatedSince on: an
-- incremental export walks only the recent end of these indexes instead of sorting the whole table.
-- (customer has customer_updated_idx, deal deal_updated_idx.)
CREATE INDEX contact_updated_idx ON contact (updated_at, id);
CREATE INDEX visit_updated_idx ON visit (updated_at, id);
