-- qualify: framework bant 1.0.0 (BANT), sha256 fccde3867a7a9a7a9dfe7f472fbfd5fea17268b8c5cb1ea786b2b8e6cd40f1ef
-- dialect: PostgreSQL; table: leads
-- SQL NULL is the unknown answer; the verdicts, scores and reasons are those of 'qualify batch' for the same cells.
-- question <- column (--map, else the question's first 'columns' alias, else its id; see --columns-from):
--   budget          <- "Budget"
--   budget_priority <- "Budget Priority"
--   need            <- "Need"
--   pain_story      <- "Pain Points"
--   timeline        <- "Timeline"
--   capacity        <- "Implementation Capacity"
--   authority       <- "Authority"
--   stakeholders    <- "Stakeholders"
-- a column the table lacks fails in the database: pass --columns-from <export.csv> (or --columns) to map the table's own columns as batch does, or --map
SELECT
  t.*,
  s11.qualify_verdict AS qualify_verdict,
  s11.qualify_score AS qualify_score,
  s11.qualify_reasons AS qualify_reasons,
  s11.qualify_gaps AS qualify_gaps,
  s11.qualify_warnings AS qualify_warnings,
  s11.qualify_coverage AS qualify_coverage,
  s11.qualify_framework AS qualify_framework,
  s11.qualify_framework_version AS qualify_framework_version,
  s11.qualify_framework_hash AS qualify_framework_hash
FROM "leads" AS t
CROSS JOIN LATERAL (
  SELECT
    CAST(t."Budget" AS TEXT) AS _q_x_budget,
    CAST(t."Budget Priority" AS TEXT) AS _q_x_budget_priority,
    CAST(t."Need" AS TEXT) AS _q_x_need,
    CAST(t."Pain Points" AS TEXT) AS _q_x_pain_story,
    CAST(t."Timeline" AS TEXT) AS _q_x_timeline,
    CAST(t."Implementation Capacity" AS TEXT) AS _q_x_capacity,
    CAST(t."Authority" AS TEXT) AS _q_x_authority,
    CAST(t."Stakeholders" AS TEXT) AS _q_x_stakeholders
  OFFSET 0
) AS s1
CROSS JOIN LATERAL (
  SELECT
    lower(btrim(s1._q_x_budget, (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)))) AS _q_l_budget,
    lower(btrim(s1._q_x_budget_priority, (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)))) AS _q_l_budget_priority,
    lower(btrim(s1._q_x_need, (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)))) AS _q_l_need,
    btrim(s1._q_x_pain_story, (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279))) AS _q_t_pain_story,
    lower(btrim(s1._q_x_pain_story, (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)))) AS _q_l_pain_story,
    lower(btrim(s1._q_x_timeline, (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)))) AS _q_l_timeline,
    lower(btrim(s1._q_x_capacity, (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)))) AS _q_l_capacity,
    lower(btrim(s1._q_x_authority, (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)))) AS _q_l_authority,
    lower(btrim(s1._q_x_stakeholders, (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ' ' || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)))) AS _q_l_stakeholders
  OFFSET 0
) AS s2
CROSS JOIN LATERAL (
  SELECT
    CASE s2._q_l_budget WHEN 'yes' THEN 'allocated' WHEN 'approved' THEN 'allocated' WHEN 'budgeted' THEN 'allocated' WHEN 'has budget' THEN 'allocated' WHEN 'can fund' THEN 'fundable' WHEN 'discretionary' THEN 'fundable' WHEN 'available' THEN 'fundable' WHEN 'next cycle' THEN 'planned' WHEN 'pending' THEN 'planned' WHEN 'no' THEN 'none' WHEN 'no budget' THEN 'none' WHEN 'yes, money is set aside' THEN 'allocated' WHEN 'no set budget, but they can fund it' THEN 'fundable' WHEN 'planned for a later budget cycle' THEN 'planned' WHEN 'no budget and no way to fund it' THEN 'none' WHEN 'allocated' THEN 'allocated' WHEN 'fundable' THEN 'fundable' WHEN 'planned' THEN 'planned' WHEN 'none' THEN 'none' END AS _q_a_budget,
    CASE s2._q_l_budget_priority WHEN 'high' THEN 'top' WHEN 'medium' THEN 'competing' WHEN 'near the top of their spending plans' THEN 'top' WHEN 'competing with other plans' THEN 'competing' WHEN 'other spending comes first' THEN 'low' WHEN 'top' THEN 'top' WHEN 'competing' THEN 'competing' WHEN 'low' THEN 'low' END AS _q_a_budget_priority,
    CASE s2._q_l_need WHEN 'urgent' THEN 'critical' WHEN 'high' THEN 'critical' WHEN 'must have' THEN 'critical' WHEN 'medium' THEN 'clear' WHEN 'yes' THEN 'clear' WHEN 'nice to have' THEN 'nice_to_have' WHEN 'low' THEN 'nice_to_have' WHEN 'no' THEN 'none' WHEN 'no need' THEN 'none' WHEN 'a costly problem we solve, and they want it fixed' THEN 'critical' WHEN 'a real problem we solve' THEN 'clear' WHEN 'interested, but no real problem yet' THEN 'nice_to_have' WHEN 'no problem our product solves' THEN 'none' WHEN 'critical' THEN 'critical' WHEN 'clear' THEN 'clear' WHEN 'nice_to_have' THEN 'nice_to_have' WHEN 'none' THEN 'none' END AS _q_a_need,
    CASE WHEN (s1._q_x_pain_story IS NULL OR (length(s1._q_x_pain_story) <= 24 AND s2._q_l_pain_story IN ('', 'unknown', 'n/a', 'na', 'null', '?', '-', 'tbd', 'don''t know'))) THEN NULL ELSE NULLIF(s2._q_t_pain_story, '') END AS _q_a_pain_story,
    CASE s2._q_l_timeline WHEN 'asap' THEN 'now' WHEN 'immediately' THEN 'now' WHEN 'this quarter' THEN 'now' WHEN '0-3 months' THEN 'now' WHEN 'this year' THEN 'within_year' WHEN '3-6 months' THEN 'within_year' WHEN '6-12 months' THEN 'within_year' WHEN 'next year' THEN 'next_year' WHEN '12+ months' THEN 'next_year' WHEN 'later' THEN 'next_year' WHEN 'no timeline' THEN 'none' WHEN 'undecided' THEN 'none' WHEN 'within 3 months' THEN 'now' WHEN 'in 3 to 12 months' THEN 'within_year' WHEN 'next year or later' THEN 'next_year' WHEN 'no timeline yet' THEN 'none' WHEN 'now' THEN 'now' WHEN 'within_year' THEN 'within_year' WHEN 'next_year' THEN 'next_year' WHEN 'none' THEN 'none' END AS _q_a_timeline,
    CASE WHEN s2._q_l_capacity IN ('true', 'yes', 'y', '1', 't', 'x', '✓') THEN TRUE WHEN s2._q_l_capacity IN ('false', 'no', 'n', '0', 'f') THEN FALSE END AS _q_a_capacity,
    CASE s2._q_l_authority WHEN 'decision maker' THEN 'decision_maker' WHEN 'economic buyer' THEN 'decision_maker' WHEN 'economic decision maker' THEN 'decision_maker' WHEN 'budget holder' THEN 'decision_maker' WHEN 'yes' THEN 'decision_maker' WHEN 'approver' THEN 'shares' WHEN 'shared' THEN 'shares' WHEN 'co-decision maker' THEN 'shares' WHEN 'evaluator' THEN 'influencer' WHEN 'technical buyer' THEN 'influencer' WHEN 'coach' THEN 'influencer' WHEN 'no' THEN 'none' WHEN 'end user' THEN 'none' WHEN 'decides, and can sign off on the purchase' THEN 'decision_maker' WHEN 'decides together with other approvers' THEN 'shares' WHEN 'recommends or evaluates; someone else signs' THEN 'influencer' WHEN 'no part in the decision' THEN 'none' WHEN 'decision_maker' THEN 'decision_maker' WHEN 'shares' THEN 'shares' WHEN 'influencer' THEN 'influencer' WHEN 'none' THEN 'none' END AS _q_a_authority,
    CASE s2._q_l_stakeholders WHEN 'no one else: the contact decides alone' THEN 'sole' WHEN 'others are involved and we know who they are' THEN 'mapped' WHEN 'others are involved but we don''t know who yet' THEN 'unmapped' WHEN 'sole' THEN 'sole' WHEN 'mapped' THEN 'mapped' WHEN 'unmapped' THEN 'unmapped' END AS _q_a_stakeholders
  OFFSET 0
) AS s3
CROSS JOIN LATERAL (
  SELECT
    CASE WHEN s3._q_a_budget IS NULL AND NOT (s1._q_x_budget IS NULL OR (length(s1._q_x_budget) <= 24 AND s2._q_l_budget IN ('', 'unknown', 'n/a', 'na', 'null', '?', '-', 'tbd', 'don''t know'))) THEN ('budget: ''' || s1._q_x_budget || ''' is not one of the options.') END AS _q_w_budget,
    CASE WHEN s3._q_a_budget_priority IS NULL AND NOT (s1._q_x_budget_priority IS NULL OR (length(s1._q_x_budget_priority) <= 24 AND s2._q_l_budget_priority IN ('', 'unknown', 'n/a', 'na', 'null', '?', '-', 'tbd', 'don''t know'))) THEN ('budget_priority: ''' || s1._q_x_budget_priority || ''' is not one of the options.') END AS _q_w_budget_priority,
    CASE WHEN s3._q_a_need IS NULL AND NOT (s1._q_x_need IS NULL OR (length(s1._q_x_need) <= 24 AND s2._q_l_need IN ('', 'unknown', 'n/a', 'na', 'null', '?', '-', 'tbd', 'don''t know'))) THEN ('need: ''' || s1._q_x_need || ''' is not one of the options.') END AS _q_w_need,
    CASE WHEN s3._q_a_timeline IS NULL AND NOT (s1._q_x_timeline IS NULL OR (length(s1._q_x_timeline) <= 24 AND s2._q_l_timeline IN ('', 'unknown', 'n/a', 'na', 'null', '?', '-', 'tbd', 'don''t know'))) THEN ('timeline: ''' || s1._q_x_timeline || ''' is not one of the options.') END AS _q_w_timeline,
    CASE WHEN s3._q_a_capacity IS NULL AND NOT (s1._q_x_capacity IS NULL OR (length(s1._q_x_capacity) <= 24 AND s2._q_l_capacity IN ('', 'unknown', 'n/a', 'na', 'null', '?', '-', 'tbd', 'don''t know'))) THEN ('capacity: ''' || s1._q_x_capacity || ''' is not yes or no') END AS _q_w_capacity,
    CASE WHEN s3._q_a_authority IS NULL AND NOT (s1._q_x_authority IS NULL OR (length(s1._q_x_authority) <= 24 AND s2._q_l_authority IN ('', 'unknown', 'n/a', 'na', 'null', '?', '-', 'tbd', 'don''t know'))) THEN ('authority: ''' || s1._q_x_authority || ''' is not one of the options.') END AS _q_w_authority,
    CASE WHEN s3._q_a_stakeholders IS NULL AND NOT (s1._q_x_stakeholders IS NULL OR (length(s1._q_x_stakeholders) <= 24 AND s2._q_l_stakeholders IN ('', 'unknown', 'n/a', 'na', 'null', '?', '-', 'tbd', 'don''t know'))) THEN ('stakeholders: ''' || s1._q_x_stakeholders || ''' is not one of the options.') END AS _q_w_stakeholders
  OFFSET 0
) AS s4
CROSS JOIN LATERAL (
  SELECT
    CASE WHEN s3._q_a_budget IS NOT NULL THEN CASE s3._q_a_budget WHEN 'allocated' THEN 20 WHEN 'fundable' THEN 12 WHEN 'planned' THEN 8 ELSE 0 END END AS _q_p_budget,
    CASE WHEN s3._q_a_budget_priority IS NOT NULL THEN CASE s3._q_a_budget_priority WHEN 'top' THEN 5 WHEN 'competing' THEN 2 ELSE 0 END END AS _q_p_budget_priority,
    CASE WHEN s3._q_a_authority IS NOT NULL THEN CASE s3._q_a_authority WHEN 'decision_maker' THEN 15 WHEN 'shares' THEN 10 WHEN 'influencer' THEN 6 ELSE 0 END END AS _q_p_authority,
    CASE WHEN s3._q_a_stakeholders IS NOT NULL THEN CASE s3._q_a_stakeholders WHEN 'sole' THEN 10 WHEN 'mapped' THEN 10 WHEN 'unmapped' THEN 3 ELSE 0 END END AS _q_p_stakeholders,
    CASE WHEN s3._q_a_need IS NOT NULL THEN CASE s3._q_a_need WHEN 'critical' THEN 20 WHEN 'clear' THEN 15 WHEN 'nice_to_have' THEN 5 ELSE 0 END END AS _q_p_need,
    CASE WHEN s3._q_a_pain_story IS NOT NULL THEN 5 END AS _q_p_pain_story,
    CASE WHEN s3._q_a_timeline IS NOT NULL THEN CASE s3._q_a_timeline WHEN 'now' THEN 20 WHEN 'within_year' THEN 12 WHEN 'next_year' THEN 4 ELSE 0 END END AS _q_p_timeline,
    CASE WHEN s3._q_a_capacity IS NOT NULL THEN CASE WHEN s3._q_a_capacity THEN 5 ELSE 0 END END AS _q_p_capacity
  OFFSET 0
) AS s5
CROSS JOIN LATERAL (
  SELECT
    COALESCE(s5._q_p_budget, 0) + COALESCE(s5._q_p_budget_priority, 0) AS _q_pe_budget,
    COALESCE(s5._q_p_budget, 0) + COALESCE(s5._q_p_budget_priority, 0) AS _q_pl_budget,
    COALESCE(s5._q_p_budget, 20) + COALESCE(s5._q_p_budget_priority, 5) AS _q_ph_budget,
    COALESCE(s5._q_p_authority, 0) + COALESCE(s5._q_p_stakeholders, 0) AS _q_pe_authority,
    COALESCE(s5._q_p_authority, 0) + COALESCE(s5._q_p_stakeholders, 0) AS _q_pl_authority,
    COALESCE(s5._q_p_authority, 15) + COALESCE(s5._q_p_stakeholders, 10) AS _q_ph_authority,
    COALESCE(s5._q_p_need, 0) + COALESCE(s5._q_p_pain_story, 0) AS _q_pe_need,
    COALESCE(s5._q_p_need, 0) + COALESCE(s5._q_p_pain_story, 0) AS _q_pl_need,
    COALESCE(s5._q_p_need, 20) + COALESCE(s5._q_p_pain_story, 5) AS _q_ph_need,
    COALESCE(s5._q_p_timeline, 0) + COALESCE(s5._q_p_capacity, 0) AS _q_pe_timeline,
    COALESCE(s5._q_p_timeline, 0) + COALESCE(s5._q_p_capacity, 0) AS _q_pl_timeline,
    COALESCE(s5._q_p_timeline, 20) + COALESCE(s5._q_p_capacity, 5) AS _q_ph_timeline,
    CASE WHEN s5._q_p_budget IS NOT NULL THEN 20 ELSE 0 END + CASE WHEN s5._q_p_budget_priority IS NOT NULL THEN 5 ELSE 0 END + CASE WHEN s5._q_p_authority IS NOT NULL THEN 15 ELSE 0 END + CASE WHEN s5._q_p_stakeholders IS NOT NULL THEN 10 ELSE 0 END + CASE WHEN s5._q_p_need IS NOT NULL THEN 20 ELSE 0 END + CASE WHEN s5._q_p_pain_story IS NOT NULL THEN 5 ELSE 0 END + CASE WHEN s5._q_p_timeline IS NOT NULL THEN 20 ELSE 0 END + CASE WHEN s5._q_p_capacity IS NOT NULL THEN 5 ELSE 0 END AS _q_cov
  OFFSET 0
) AS s6
CROSS JOIN LATERAL (
  SELECT
    (s3._q_a_budget IN ('allocated', 'fundable')) AS _q_c_budget,
    (s3._q_a_authority IN ('decision_maker', 'shares')) AS _q_c_authority,
    (s3._q_a_need IN ('critical', 'clear')) AS _q_c_need,
    (s3._q_a_timeline IN ('now', 'within_year')) AS _q_c_timeline,
    GREATEST(0, LEAST(100, CAST(FLOOR(CAST(200 * (s6._q_pe_budget + s6._q_pe_authority + s6._q_pe_need + s6._q_pe_timeline) + 100 AS DOUBLE PRECISION) / 200) AS BIGINT))) AS _q_score,
    GREATEST(0, LEAST(100, CAST(FLOOR(CAST(200 * (s6._q_pl_budget + s6._q_pl_authority + s6._q_pl_need + s6._q_pl_timeline) + 100 AS DOUBLE PRECISION) / 200) AS BIGINT))) AS _q_score_low,
    GREATEST(0, LEAST(100, CAST(FLOOR(CAST(200 * (s6._q_ph_budget + s6._q_ph_authority + s6._q_ph_need + s6._q_ph_timeline) + 100 AS DOUBLE PRECISION) / 200) AS BIGINT))) AS _q_score_high,
    GREATEST(0, LEAST(100, CAST(FLOOR(CAST(200 * (s6._q_cov) + 100 AS DOUBLE PRECISION) / 200) AS BIGINT))) AS _q_coverage
  OFFSET 0
) AS s7
CROSS JOIN LATERAL (
  SELECT
    (s3._q_a_need = 'none') AS _q_r_no_need,
    ((s3._q_a_budget = 'none') AND (s3._q_a_need = 'nice_to_have')) AS _q_r_no_budget_no_pain,
    ((s3._q_a_authority = 'none') AND (s3._q_a_stakeholders = 'unmapped')) AS _q_r_no_say_no_map,
    (s3._q_a_timeline IN ('next_year', 'none')) AS _q_r_buys_later,
    CASE WHEN s7._q_c_budget THEN 1 ELSE 0 END + CASE WHEN s7._q_c_authority THEN 1 ELSE 0 END + CASE WHEN s7._q_c_need THEN 1 ELSE 0 END + CASE WHEN s7._q_c_timeline THEN 1 ELSE 0 END AS _q_met
  OFFSET 0
) AS s8
CROSS JOIN LATERAL (
  SELECT
    s8._q_met >= 3 AS _q_g_1,
    CASE WHEN s8._q_r_no_need THEN 'Opportunity: There is no business pain our product solves. Without a problem there is no need for the solution, however much budget or authority the contact has.' WHEN s8._q_r_no_budget_no_pain THEN 'Opportunity: No budget and no real pain: there is no value to build a business case on, so there is nothing to fund the purchase from.' WHEN s8._q_r_no_say_no_map THEN 'Stakeholder: This contact has no part in the decision and cannot say who decides. Disqualify the contact, not the account: find another way into the organization.' END AS _q_decisive
  OFFSET 0
) AS s9
CROSS JOIN LATERAL (
  SELECT
    CASE WHEN s9._q_decisive IS NOT NULL THEN 1 WHEN COALESCE(s8._q_r_buys_later, FALSE) THEN 2 WHEN s9._q_g_1 THEN 3 ELSE 5 END AS _q_branch
  OFFSET 0
) AS s10
CROSS JOIN LATERAL (
  SELECT
    CASE s10._q_branch WHEN 3 THEN 'qualified' WHEN 1 THEN 'disqualified' WHEN 4 THEN 'disqualified' ELSE 'nurture' END AS qualify_verdict,
    s7._q_score AS qualify_score,
    array_remove(CAST(ARRAY[CASE WHEN s10._q_branch = 1 THEN s9._q_decisive END, CASE WHEN s10._q_branch = 2 AND s8._q_r_buys_later THEN 'Opportunity: No purchase planned in the next 12 months, or no timeline at all. Nurture the lead with educational resources until they are ready to buy; don''t close it as lost.' END, CASE WHEN s10._q_branch = 3 THEN (CAST(s8._q_met AS TEXT) || ' of 4 criteria met' || CASE WHEN s8._q_met > 0 THEN (' (' || concat_ws(', ', CASE WHEN s7._q_c_budget THEN 'Budget' END, CASE WHEN s7._q_c_authority THEN 'Authority' END, CASE WHEN s7._q_c_need THEN 'Need' END, CASE WHEN s7._q_c_timeline THEN 'Timeline' END) || ')') ELSE '' END || '; 3 needed.') END, CASE WHEN s10._q_branch = 5 AND NOT s9._q_g_1 THEN (CAST(s8._q_met AS TEXT) || ' of 4 criteria met' || CASE WHEN s8._q_met > 0 THEN (' (' || concat_ws(', ', CASE WHEN s7._q_c_budget THEN 'Budget' END, CASE WHEN s7._q_c_authority THEN 'Authority' END, CASE WHEN s7._q_c_need THEN 'Need' END, CASE WHEN s7._q_c_timeline THEN 'Timeline' END) || ')') ELSE '' END || '; 3 needed.') END] AS TEXT[]), NULL) AS qualify_reasons,
    array_remove(CAST(ARRAY[CASE WHEN s3._q_a_budget IS NULL THEN 'budget' END, CASE WHEN s3._q_a_need IS NULL THEN 'need' END, CASE WHEN s3._q_a_timeline IS NULL THEN 'timeline' END, CASE WHEN s3._q_a_authority IS NULL THEN 'authority' END, CASE WHEN s3._q_a_stakeholders IS NULL THEN 'stakeholders' END, CASE WHEN s3._q_a_budget_priority IS NULL THEN 'budget_priority' END, CASE WHEN s3._q_a_pain_story IS NULL THEN 'pain_story' END, CASE WHEN s3._q_a_capacity IS NULL THEN 'capacity' END] AS TEXT[]), NULL) AS qualify_gaps,
    array_remove(CAST(ARRAY[s4._q_w_budget, s4._q_w_budget_priority, s4._q_w_need, s4._q_w_timeline, s4._q_w_capacity, s4._q_w_authority, s4._q_w_stakeholders] AS TEXT[]), NULL) AS qualify_warnings,
    s7._q_coverage AS qualify_coverage,
    'bant' AS qualify_framework,
    '1.0.0' AS qualify_framework_version,
    'fccde3867a7a9a7a9dfe7f472fbfd5fea17268b8c5cb1ea786b2b8e6cd40f1ef' AS qualify_framework_hash
  OFFSET 0
) AS s11;
