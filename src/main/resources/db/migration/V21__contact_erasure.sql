-- Erasure of a contact's personal data (PIPL / GDPR): when and by whom; the reason is in the
-- contact's ERASE history entry. An erased contact keeps its row (visits still name it) and is
-- never written again.
ALTER TABLE contact ADD COLUMN erased_at timestamptz;
ALTER TABLE contact ADD COLUMN erased_by varchar(200);
