-- Intake forms per service (issue 5): the fields a GP fills in and the attachments a service
-- needs, checked when a consult is submitted. Both are JSON text written only by
-- store/intake_codec.cpp: services.intake {"fields": [...], "min_photos", "min_attachments"},
-- consults.intake {"<field key>": "<value>", ...}. '' = no form / no values.
ALTER TABLE services ADD COLUMN intake text NOT NULL DEFAULT '';
ALTER TABLE consults ADD COLUMN intake text NOT NULL DEFAULT '';
