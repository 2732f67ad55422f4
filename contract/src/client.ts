// A strict client written against the generated types, compiled with `tsc --strict --noEmit` by the
// build (ContractToolingTest). It never casts: if the contract stops describing what a client needs,
// this file stops compiling.
import createClient from "openapi-fetch";
import type { components, operations, paths } from "../generated/api";

type Schemas = components["schemas"];
type Customer = Schemas["Customer"];
type Visit = Schemas["Visit"];

export function crmClient(baseUrl: string, token: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}
type CrmClient = ReturnType<typeof crmClient>;

// ---- Create ----
const postCustomer = (api: CrmClient, name: string) =>
  api.POST("/api/v1/customers", {
    params: { header: { "Idempotency-Key": crypto.randomUUID() } },
    body: { name, status: "LEAD", phones: ["+86 21 5555 0100"], tags: ["trade-fair"] },
  });
// Every problem the operation declares, as openapi-fetch types `error`.
type CreateCustomerProblem = NonNullable<Awaited<ReturnType<typeof postCustomer>>["error"]>;

export async function createCustomer(api: CrmClient, name: string): Promise<{ customer: Customer; etag: string | null }> {
  const { data, error, response } = await postCustomer(api, name);
  if (error) {
    throw new Error(describeCreateCustomerProblem(error));
  }
  return { customer: data, etag: response.headers.get("ETag") };
}

export async function recordVisit(api: CrmClient, customerId: string, notes: string): Promise<Visit> {
  const { data, error } = await api.POST("/api/v1/customers/{id}/visits", {
    params: { path: { id: customerId } },
    body: { visitedAt: new Date().toISOString(), channel: "PHONE", notes, nextStepDate: "2026-12-31" },
  });
  if (error) {
    throw new Error(`${error.status} ${error.type}: ${error.detail ?? error.title}`);
  }
  return data;
}

// ---- Update: PUT replaces every client-owned field, guarded by the ETag ----
export async function renameCustomer(api: CrmClient, customer: Customer, etag: string, name: string): Promise<Customer> {
  const { id, version, archived, grade, ownerId, claimedAt, protectedUntil, mergedIntoId,
          createdAt, createdBy, updatedAt, updatedBy, ...editable } = customer;
  const { data, error } = await api.PUT("/api/v1/customers/{id}", {
    params: { path: { id }, header: { "If-Match": etag } },
    body: { ...editable, name },
  });
  if (error) {
    throw new Error(error.status === 412 ? "changed by someone else: reload and retry" : error.type);
  }
  return data;
}

// ---- Update: PATCH (JSON Merge Patch) changes only the members sent, with the same ETag rule ----
export async function patchCustomerName(api: CrmClient, id: string, etag: string, name: string): Promise<Customer> {
  const { data, error } = await api.PATCH("/api/v1/customers/{id}", {
    params: { path: { id }, header: { "If-Match": etag } },
    body: { name },
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  if (error) {
    throw new Error(error.status === 412 ? "changed by someone else: reload and retry" : error.type);
  }
  return data;
}

// Clearing an optional field is sending null for it.
export async function clearExpectedSignDate(api: CrmClient, id: string, etag: string): Promise<Customer> {
  const { data, error } = await api.PATCH("/api/v1/customers/{id}", {
    params: { path: { id }, header: { "If-Match": etag } },
    body: { expectedSignDate: null },
    headers: { "Content-Type": "application/merge-patch+json" },
  });
  if (error) {
    throw new Error(error.type);
  }
  return data;
}

// ---- Errors by problem type ----
// Each problem type is a schema of its own whose `type` is one constant, so a switch on `type`
// narrows to that problem's members (no `in` tests, no casts).

export function describeCreateCustomerProblem(problem: CreateCustomerProblem): string {
  switch (problem.type) {
    case "urn:problem:crm:duplicate-customer": {
      const similar = problem.conflicts.map((match) => match.customerId).join(", ");
      return problem.decision === "WARNING"
        ? `similar customers exist (${similar}): retry with acknowledgeSimilar=true if it is another company`
        : `already a customer: ${similar}`;
    }
    case "urn:problem:crm:validation":
      return (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join("; ");
    case "urn:problem:crm:idempotency-key-in-progress":
      return "the same request is still running: retry shortly";
    default:
      return `${problem.status} ${problem.title}`;
  }
}

// ---- Export: NDJSON, one record a line, read as it streams ----
// The stream is text (application/x-ndjson); the operation's `x-ndjson-line` names the schema of one
// line, Customer, which is what each line parses to.
type CustomerExportLine = Customer;
const exportPath: keyof paths = "/api/v1/export/customers";
type ExportQuery = NonNullable<operations["exportCustomers"]["parameters"]["query"]>;

export async function* exportCustomers(baseUrl: string, token: string, updatedSince?: ExportQuery["updatedSince"]): AsyncGenerator<CustomerExportLine> {
  const query = updatedSince === undefined ? "" : `?updatedSince=${encodeURIComponent(updatedSince)}`;
  const response = await fetch(`${baseUrl}${exportPath}${query}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/x-ndjson" },
  });
  if (!response.ok || response.body === null) {
    throw new Error(`export refused: ${response.status} ${await response.text()}`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    buffered += value ?? "";
    const lines = buffered.split("\n");
    buffered = done ? "" : lines.pop() ?? "";
    for (const line of lines) {
      if (line.trim() !== "") {
        const record: CustomerExportLine = JSON.parse(line);
        yield record;
      }
    }
    if (done) {
      return;
    }
  }
}
