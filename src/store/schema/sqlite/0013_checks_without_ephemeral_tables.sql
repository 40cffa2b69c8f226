-- CHECK constraints without ephemeral tables. SQLite evaluates `x IN ('a', 'b', 'c')` — a
-- constant list of more than two values — by building a temporary b-tree of the values on
-- every execution of the statement; a consult create ran five of them (consults' status,
-- intended_referral and outcome_result, the message kind, the patient's sex). The same checks
-- as a chain of `x = 'a' OR x = 'b' …` compile to comparisons. Same meaning, NULL included
-- (NULL passes both forms), so every stored row still satisfies them.
--
-- Changed in place, as SQLite's documentation describes for constraint changes that leave the
-- stored rows untouched ("Making Other Kinds Of Table Schema Changes", the simpler procedure):
-- writable_schema, the new CREATE TABLE texts, and the schema cookie bumped by schema.cpp after
-- this file so that every open connection reads the schema again. Each replace() names the
-- exact text of the earlier files; the store tests check that no table's INSERT or UPDATE
-- builds an ephemeral table any more and that the checks still reject what they rejected.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'type IN (''gp_practice'', ''care_group'', ''health_centre'',
                                         ''hospital'', ''zbc'', ''insurer'', ''municipality'',
                                         ''social_domain'', ''region_office'')',
  '(type = ''gp_practice'' OR type = ''care_group'' OR type = ''health_centre'' OR type = ''hospital'' OR type = ''zbc'' OR type = ''insurer'' OR type = ''municipality'' OR type = ''social_domain'' OR type = ''region_office'')')
WHERE type = 'table' AND name = 'organizations';
UPDATE sqlite_schema SET sql = replace(sql, 'role IN (''gp'', ''assistant'', ''consultant'', ''coordinator'',
                                                ''care_group_manager'', ''regional_admin'',
                                                ''insurer'', ''privacy_officer'', ''desk_officer'',
                                                ''third_party'')',
  '(role = ''gp'' OR role = ''assistant'' OR role = ''consultant'' OR role = ''coordinator'' OR role = ''care_group_manager'' OR role = ''regional_admin'' OR role = ''insurer'' OR role = ''privacy_officer'' OR role = ''desk_officer'' OR role = ''third_party'')')
WHERE type = 'table' AND name = 'users';
UPDATE sqlite_schema SET sql = replace(sql, 'sex IN (''female'', ''male'', ''other'', ''unknown'')',
  '(sex = ''female'' OR sex = ''male'' OR sex = ''other'' OR sex = ''unknown'')')
WHERE type = 'table' AND name = 'patients';
UPDATE sqlite_schema SET sql = replace(sql, 'intended_referral IN (''yes'', ''no'', ''unsure'')',
  '(intended_referral = ''yes'' OR intended_referral = ''no'' OR intended_referral = ''unsure'')')
WHERE type = 'table' AND name = 'consults';
UPDATE sqlite_schema SET sql = replace(sql, 'status IN (''draft'', ''submitted'', ''accepted'',
                                                                ''awaiting_gp'', ''answered'',
                                                                ''closed'', ''cancelled'')',
  '(status = ''draft'' OR status = ''submitted'' OR status = ''accepted'' OR status = ''awaiting_gp'' OR status = ''answered'' OR status = ''closed'' OR status = ''cancelled'')')
WHERE type = 'table' AND name = 'consults';
UPDATE sqlite_schema SET sql = replace(sql, 'outcome_result IN (''treated_by_gp'', ''referred'',
                                                               ''referred_elsewhere'', ''other'')',
  '(outcome_result = ''treated_by_gp'' OR outcome_result = ''referred'' OR outcome_result = ''referred_elsewhere'' OR outcome_result = ''other'')')
WHERE type = 'table' AND name = 'consults';
UPDATE sqlite_schema SET sql = replace(sql, 'kind IN (''question'', ''request_info'', ''advice'',
                                            ''follow_up_question'', ''note'')',
  '(kind = ''question'' OR kind = ''request_info'' OR kind = ''advice'' OR kind = ''follow_up_question'' OR kind = ''note'')')
WHERE type = 'table' AND name = 'consult_messages';
UPDATE sqlite_schema SET sql = replace(sql, 'topic IN (''social_domain'', ''frail_elderly'', ''labour_market'', ''data_exchange'',
                                               ''deprived_neighbourhoods'', ''other'')',
  '(topic = ''social_domain'' OR topic = ''frail_elderly'' OR topic = ''labour_market'' OR topic = ''data_exchange'' OR topic = ''deprived_neighbourhoods'' OR topic = ''other'')')
WHERE type = 'table' AND name = 'desk_questions';
UPDATE sqlite_schema SET sql = replace(sql, 'status IN (''received'', ''routed'', ''in_progress'', ''answered'', ''closed'')',
  '(status = ''received'' OR status = ''routed'' OR status = ''in_progress'' OR status = ''answered'' OR status = ''closed'')')
WHERE type = 'table' AND name = 'desk_questions';
UPDATE sqlite_schema SET sql = replace(sql, 'kind IN (''new_consult'', ''answered'', ''info_requested'', ''overdue'',
                                                 ''session_cancelled'', ''session_moved'', ''desk_status'')',
  '(kind = ''new_consult'' OR kind = ''answered'' OR kind = ''info_requested'' OR kind = ''overdue'' OR kind = ''session_cancelled'' OR kind = ''session_moved'' OR kind = ''desk_status'')')
WHERE type = 'table' AND name = 'mail_outbox';

PRAGMA writable_schema = RESET;
