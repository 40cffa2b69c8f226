// The JSON API's shapes (docs/api.md, src/api/render.cpp). Only what the app reads.
export type Role =
  | 'gp' | 'assistant' | 'consultant' | 'coordinator' | 'care_group_manager' | 'regional_admin'
  | 'insurer' | 'privacy_officer' | 'desk_officer' | 'third_party';

export type Status = 'draft' | 'submitted' | 'accepted' | 'awaiting_gp' | 'answered' | 'closed' | 'cancelled';
export const STATUSES: Status[] = ['draft', 'submitted', 'accepted', 'awaiting_gp', 'answered', 'closed', 'cancelled'];
export type Sex = 'female' | 'male' | 'other' | 'unknown';
export type Urgency = 'routine' | 'soon';
export type IntendedReferral = 'yes' | 'no' | 'unsure';
export type OutcomeResult = 'treated_by_gp' | 'referred' | 'referred_elsewhere' | 'other';
export type MessageKind = 'question' | 'request_info' | 'advice' | 'follow_up_question' | 'note';

export interface Organization {
  id: string; ref: string; name: string; type: string; part_of: string | null; agb: string; postcode: string;
}

// The user's own e-mail notifications, per kind (GET/PATCH /me). The mails carry a reference and
// a link only, never patient data.
export type MailKind = 'new_consult' | 'answered' | 'info_requested' | 'overdue';
export const MAIL_KINDS: MailKind[] = ['new_consult', 'answered', 'info_requested', 'overdue'];
export type MailSettings = Record<MailKind, boolean>;

export interface User {
  id: string; email: string; name: string; role: Role; organization_id: string; agb: string;
  services: string[]; totp_enabled: boolean; organization?: Organization;
  mail?: MailSettings; // GET /me and PATCH /me only (not in the login answer or user lists)
}

// A service's intake form (issue 5): what the GP fills in and attaches; checked by the server at submit.
export interface IntakeField {
  key: string; label: string; label_en: string; type: 'text' | 'choice'; options: string[]; required: boolean;
}
export interface IntakeForm { fields: IntakeField[]; min_photos: number; min_attachments: number }

export interface Service {
  id: string; ref: string; organization_id: string; organization_name: string; specialty: string; name: string;
  modalities: string[]; response_days: number; active: boolean; routing: 'pool' | 'direct';
  accepts: string[]; accepts_my_practice: boolean; consultants: { id: string; name: string }[];
  intake: IntakeForm;
}

export interface Patient {
  bsn: string; name: string; birth_date: string | null; sex: Sex; postcode: string;
}

export interface Outcome { result: OutcomeResult; usefulness: number; learned: boolean; note: string }

export interface ConsultListItem {
  id: string; reference: string; modality: string; status: Status; service_id: string; service_name: string;
  specialty: string; requester_id: string; practice_id: string; patient: Patient; question: string;
  urgency: Urgency; assignee_id: string | null; created_at: string; updated_at: string;
  submitted_at: string | null; due_at: string | null; closed_at: string | null; overdue: boolean;
  outcome: Outcome | null; message_count: number; attachment_count: number; version?: number;
}

export interface Message { id: string; at: string; author_id: string; author_name: string; kind: MessageKind; text: string }
export interface Attachment {
  id: string; filename: string; content_type: string; size: number; sha256: string; at: string; uploaded_by: string; url: string;
}
export interface ConsultEvent {
  id: string; at: string; type: string; actor_id: string; actor_name: string; from_status: Status | null;
  to_status: Status | null; subject: string; detail: string;
}

export interface Consult {
  id: string; reference: string; modality: string; status: Status; service_id: string;
  service: { id: string; name: string; specialty: string; organization_name: string };
  requester_id: string; requester: { id: string; name: string }; practice_id: string; practice_name: string;
  created_by: string; patient: Patient; question: string; clinical_context: string; patient_narrative: string;
  urgency: Urgency; intended_referral: IntendedReferral | null; patient_informed: boolean;
  intake: Record<string, string>;
  assignee_id: string | null; assignee_name: string; created_at: string; updated_at: string;
  submitted_at: string | null; due_at: string | null; first_answer_at: string | null; answered_at: string | null;
  closed_at: string | null; cancelled_at: string | null; overdue: boolean;
  answer: { advice: string; referral_advised: boolean; minutes_spent: number } | null;
  minutes_spent_total: number; redirect_count: number; outcome: Outcome | null;
  follow_up: { referred_within_90d: boolean; recorded_at: string } | null; version: number;
  session_id?: string | null; slot?: number | null; // on-site consults: the session and slot booked
  messages: Message[]; attachments: Attachment[]; events: ConsultEvent[];
}

export interface Page<T> { items: T[]; next_cursor: string | null }

export interface AuditEntry {
  seq: number; at: string; event: string; action: string; outcome: string; user_id: string; user_name: string;
  user_email: string; role: string; organization_id: string; on_behalf_of: string; patient_bsn: string;
  object_type: string; object_id: string; consult_id: string; ip: string; request_id: string;
}

// What GET /api/v1/events pushes as `consult.changed` (ids and codes only, never patient data).
export interface ConsultChanged {
  consult_id: string; reference: string; status: Status; practice_id: string; service_id: string;
  assignee_id: string | null; version: number;
}

// The consult fields a GP sends on create or submit.
export interface ConsultInput {
  service_id?: string; consultant_id?: string; requester_id?: string;
  patient?: Partial<Patient>; question?: string; clinical_context?: string; patient_narrative?: string;
  urgency?: Urgency; intended_referral?: IntendedReferral; patient_informed?: boolean; modality?: string;
  intake?: Record<string, string>;
}

// A contract (DESIGN §5): per requester care group × provider organisation × modality and period.
export type Modality = 'e_consult' | 'on_site';
export type FeeKind = 'fixed' | 'per_minute';
export interface Contract {
  id: string; version: number;
  requester_care_group_id: string; requester_care_group_name: string;
  provider_organization_id: string; provider_organization_name: string;
  modality: Modality; valid_from: string; valid_to: string | null;
  payer_id: string; payer_name: string;
  gp_fee_cents: number; gp_code: string;
  consultant_fee_kind: FeeKind;
  consultant_fee_cents: number | null; // kind fixed
  consultant_rate_cents_per_minute: number | null; // kind per_minute; at most two decimals
  consultant_fee_cap_cents: number | null; // kind per_minute; null = no cap
  consultant_code: string; deductible_applies: boolean;
  session_fee_cents?: number | null; // on_site: a fee per session; null = none
}
export type ContractInput = Partial<Omit<Contract, 'id' | 'version' | 'requester_care_group_name' | 'provider_organization_name' | 'payer_name'>>;

// Billing (DESIGN §6): the declaration lines of a month, the closed consults no contract covers,
// and the monthly statement per organisation × party × payer × code.
export type Party = 'gp' | 'consultant';
export interface DeclarationLine {
  consult_id: string; reference: string; date: string; party: Party;
  organization_id: string; organization_name: string; organization_agb: string;
  practitioner_id: string; practitioner_name: string; practitioner_agb: string;
  payer_id: string; payer_name: string; code: string; amount_cents: number; deductible_applies: boolean;
  contract_id: string; modality: Modality; minutes_spent: number | null;
  session_id?: string | null; // a fee per session: the session it bills
}
export interface Unbilled {
  consult_id: string; reference: string; date: string; practice_id: string; practice_name: string;
  provider_organization_id: string; provider_organization_name: string; modality: Modality; reason: string;
}
export interface Declarations { month: string; items: DeclarationLine[]; no_contract: Unbilled[]; total_cents: number }
export interface StatementRow {
  organization_id: string; organization_name: string; organization_agb: string; party: Party;
  payer_id: string; payer_name: string; code: string; lines: number; amount_cents: number;
}
export interface Statement { month: string; items: StatementRow[]; total_cents: number }

// The triple-aim report (DESIGN §7): indicators per group and for the total. A group with fewer
// than `small_cell` distinct patients is suppressed: only "<10" for its counts, no other figure.
export type ReportBy = 'month' | 'specialty' | 'service' | 'hospital' | 'care_group' | 'practice' | 'modality' | 'pc4';
export interface Indicators {
  key: string; label: string; suppressed: false; consults: number; patients: number;
  treated_by_gp_pct: number | null; intended_referrals: number; avoided_referrals: number;
  avoided_referral_pct: number | null; prompted_referral_pct: number | null; confirmed_avoided_pct: number | null;
  answered: number; median_response_hours: number | null; p90_response_hours: number | null; within_target_pct: number | null;
  gp_fees_cents: number; consultant_fees_cents: number; fees_cents: number; avoided_cost_cents: number; net_cents: number;
  mean_usefulness: number | null; learned_pct: number | null; practices: number; participation_pct: number | null;
}
export interface SuppressedIndicators { key: string; label: string; suppressed: true; consults: string; patients: string }
export type ReportGroup = Indicators | SuppressedIndicators;
export interface TripleAimReport {
  from: string; to: string; by: ReportBy; small_cell: number; practices_in_scope: number;
  referral_costs_configured: boolean; groups: ReportGroup[]; total: ReportGroup;
}

// The teaching-case library (docs/api.md "Teaching cases"): each side's consent on a closed
// consult, and the published cases (patient data replaced, never naming the consult).
export interface TeachingConsent { agree: boolean; at: string; attachments: string[] }
export interface TeachingState {
  gp: TeachingConsent | null; consultant: TeachingConsent | null; published: boolean; case_id: string | null;
}
export interface TeachingCaseItem { id: string; specialty: string; title: string; published_at: string; reads: number }
export interface TeachingAttachment { id: string; name: string; content_type: string; size: number; url: string }
export interface TeachingCase extends TeachingCaseItem { question: string; advice: string; attachments: TeachingAttachment[] }

// On-site sessions (meekijkspreekuur, docs/api.md): a consultant's visit to a practice or health centre.
export interface SessionSlot {
  slot: number; booked: boolean; consult_id?: string; reference?: string; patient_name?: string; status?: Status;
}
export interface OnsiteSession {
  id: string; service_id: string; service_name: string; specialty: string; consultant_id: string; consultant_name: string;
  location_id: string; location_name: string; date: string; start: string; end: string; slots: number; booked: number;
  free: number; open_to: string[]; open_to_names: string[]; status: 'planned' | 'cancelled'; cancel_reason: string;
  can_manage: boolean; can_book: boolean; version: number; slot_list?: SessionSlot[];
}

// Één loket (docs/api.md): questions between third parties and the region's GPs.
export type DeskStatus = 'received' | 'routed' | 'in_progress' | 'answered' | 'closed';
export const DESK_STATUSES: DeskStatus[] = ['received', 'routed', 'in_progress', 'answered', 'closed'];
export type DeskTopic = 'social_domain' | 'frail_elderly' | 'labour_market' | 'data_exchange' | 'deprived_neighbourhoods' | 'other';
export const DESK_TOPICS: DeskTopic[] = ['social_domain', 'frail_elderly', 'labour_market', 'data_exchange', 'deprived_neighbourhoods', 'other'];
export interface DeskQuestion {
  id: string; reference: string; direction: 'inward' | 'outward'; from_organization_id: string; from_organization_name: string;
  title: string; text: string; topic: DeskTopic; area: 'region' | string[]; status: DeskStatus; routed_to: string | null;
  routed_to_name: string; answer: string; public_answer: string; merged_into: string | null; supporters: number;
  supported_by_my_practice: boolean; created_at: string; updated_at: string; version: number;
}
export interface DeskBoard { counts: Record<string, Record<string, number>>; most_shared: DeskQuestion[] }
