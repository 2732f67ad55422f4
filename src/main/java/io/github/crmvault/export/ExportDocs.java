package io.github.crmvault.export;

/** The export's contract texts, shared by its operations. */
final class ExportDocs {
    static final String FEED_CURSOR_HEADER = "Feed-Cursor";
    static final String FEED_CURSOR = "The change feed's cursor as of the export's snapshot, for this login: pass it as "
            + "cursor to GET /api/v1/sync/changes to follow every change made after the snapshot, with no gap (some "
            + "changes already in the export may come again, in their current state)";
    static final String UPDATED_SINCE = "Only records updated at or after this instant (ISO 8601 with offset, e.g. "
            + "2026-01-31T00:00:00Z or 2026-01-31T08:00:00+08:00); absent: all";
    static final String FORBIDDEN = "Bulk export is a permission: a caller whose roles hold none of those the "
            + "deployment grants it (crm.export.roles, by default admin and integration) gets type "
            + "urn:problem:crm:export-not-permitted, and the refusal is on record (GET /api/v1/audit/exports); a user "
            + "an admin marked as leaving (leavingOn) gets urn:problem:crm:user-leaving, on record too; a role "
            + "the API does not know gets urn:problem:crm:forbidden, an unknown or deactivated login "
            + "urn:problem:crm:unknown-user";
    static final String NOT_ACCEPTABLE = "Accept names neither application/x-ndjson nor text/csv";
    static final String NDJSON = "as NDJSON one record per line (LF), each the API's JSON of that single record "
            + "(the same fields, absent ones left out); or as CSV";
    static final String CSV = "RFC 4180, UTF-8 without BOM, CRLF, a header row, then one row per record. The columns are "
            + "the fields of the record's JSON, in this order; an absent value is an empty field; a list is one field, "
            + "its elements joined by | (a | or \\ inside an element is preceded by \\). Values are verbatim: cells are "
            + "not neutralised against spreadsheet formulas. Columns: ";
    static final String CUSTOMER_COLUMNS = "id,name,creditCode,phones,emails,website,industry,companySize,province,"
            + "city,address,source,status,expectedSignDate,grade,tags,notes,ownerId,claimedAt,protectedUntil,mergedIntoId,"
            + "archived,version,createdAt,createdBy,updatedAt,updatedBy";
    static final String CONTACT_COLUMNS = "id,customerId,name,title,phones,email,messagingId,decisionRole,decisionMaker,"
            + "archived,version,createdAt,createdBy,updatedAt,updatedBy,masked,erased,erasedAt";
    static final String VISIT_COLUMNS = "id,customerId,authorId,contactIds,visitedAt,channel,latitude,longitude,"
            + "locationAddress,notes,outcome,interestLevel,nextStep,nextStepDate,noteLength,qualityScore,effective,"
            + "reviewCount,editableUntil,version,createdAt,createdBy,updatedAt,updatedBy,highlight";
    static final String DEAL_COLUMNS = "id,customerId,ownerId,amount,currency,signedOn,product,expectedSignDate,status,"
            + "cancelledAt,cancelledBy,cancelReason,version,createdAt,createdBy,updatedAt,updatedBy";
    static final String ORDER = "Only for the roles that hold the export permission (403 otherwise); every "
            + "export is on record for the company's admins (GET /api/v1/audit/exports). Streams the records in (updatedAt, id) order from one snapshot, archived ones "
            + "(and those of archived customers) included, flagged archived. A failure after the first byte cuts the "
            + "response off (the connection closes without the final chunk): only a complete response is a complete "
            + "export. Then follow the change feed from the Feed-Cursor header.";

    private ExportDocs() {
    }
}
