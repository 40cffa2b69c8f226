-- Identifiers a client system gave a consult at create (FHIR ServiceRequest.identifier, issue 7):
-- kept and searchable, and the key of a conditional create (If-None-Exist), so unique per
-- requesting practice, system and value — two practices may use the same numbers.
CREATE TABLE consult_identifiers (
  practice_id text COLLATE "C" NOT NULL REFERENCES organizations (id),
  system text COLLATE "C" NOT NULL,
  value text COLLATE "C" NOT NULL,
  consult_id text COLLATE "C" NOT NULL REFERENCES consults (id),
  PRIMARY KEY (practice_id, system, value)
);
CREATE INDEX consult_identifiers_consult ON consult_identifiers (consult_id);
-- A hospital's worklist polls its Task queue by owner and status, newest change first.
CREATE INDEX consults_service_status_updated ON consults (service_id, status, updated_at, id);
CREATE INDEX consults_assignee_status_updated ON consults (assignee_id, status, updated_at, id);
