//! Tests of posteriors, reports and follow-ups against hand-computed values and properties.

use proptest::prelude::*;

use super::*;
use crate::model::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn competence(id: &str, category: Option<&str>) -> Competence {
    Competence {
        id: id.into(),
        name: format!("Name of {id}"),
        category: category.map(str::to_owned),
        parent: None,
        esco_uri: None,
        description: None,
    }
}

fn employee(id: &str) -> Employee {
    Employee {
        id: id.into(),
        name: None,
        unit: "team".into(),
        role: "assistant".into(),
        levels: Default::default(),
        assessment: None,
        preferences: Default::default(),
        languages: vec![],
        max_hours_away: 60.0,
        wage_cost_per_hour: 300,
        education: Education::Vocational,
        wishes: vec![],
        target_role: None,
        buddy_history: vec![],
        max_mentees: None,
    }
}

/// as_of 2027-01-04; competences: dementia (care), dialogue (care), excel (digital), loose (no
/// category).
fn org() -> Organisation {
    Organisation {
        schema_version: SCHEMA_VERSION,
        name: "Test Kommune".into(),
        as_of: d("2027-01-04"),
        framework: Framework {
            id: "t".into(),
            name: "T".into(),
            scale: Scale { levels: ["0", "1", "2", "3", "4", "5"].map(String::from).to_vec() },
            competences: vec![
                competence("dementia", Some("care")),
                competence("dialogue", Some("care")),
                competence("excel", Some("digital")),
                competence("loose", None),
            ],
        },
        units: vec![Unit { id: "team".into(), name: "Team".into(), kind: UnitKind::Team, parent: None }],
        roles: vec![Role { id: "assistant".into(), name: "Assistant".into(), requirements: vec![] }],
        employees: (1..=6).map(|i| employee(&format!("e{i}"))).collect(),
        goals: vec![],
        feedback: vec![],
        plans: vec![],
    }
}

fn activity(
    id: &str,
    form: LearningForm,
    provider: &str,
    competence: &str,
    prior: (f64, f64),
) -> LearningActivity {
    let buddy = form == LearningForm::BuddyTraining;
    LearningActivity {
        id: id.into(),
        title: format!("Title {id}"),
        form,
        provider: provider.into(),
        language: "da".into(),
        develops: vec![Development { competence: competence.into(), gain: 2, entry_level: 0, ceiling: 5 }],
        fee: 2000,
        hours_away: 7.4,
        mentor: buddy.then_some(MentorKind::Buddy),
        mentor_hours: if buddy { 10.0 } else { 0.0 },
        sessions: vec![],
        duration_weeks: 1,
        transfer: TransferPrior { alpha: prior.0, beta: prior.1 },
        group: None,
        certifies: false,
    }
}

/// 0 amu-dementia (AMU Syd, care, Beta(2,3)); 1 amu-dialogue (AMU Syd, care, Beta(4,4)) — same
/// key as 0; 2 ext-dementia (Kursus A/S, care); 3 amu-excel (AMU Syd, digital); 4 buddy (internal).
fn catalog() -> Catalog {
    Catalog {
        schema_version: SCHEMA_VERSION,
        activities: vec![
            activity("amu-dementia", LearningForm::AmuCourse, "AMU Syd", "dementia", (2.0, 3.0)),
            activity("amu-dialogue", LearningForm::AmuCourse, "AMU Syd", "dialogue", (4.0, 4.0)),
            activity("ext-dementia", LearningForm::ExternalCourse, "Kursus A/S", "dementia", (3.0, 3.0)),
            activity("amu-excel", LearningForm::AmuCourse, "AMU Syd", "excel", (2.0, 2.0)),
            activity("buddy-dementia", LearningForm::BuddyTraining, "internal", "dementia", (6.0, 2.0)),
        ],
    }
}

fn policy() -> Policy {
    Policy::with_defaults("test")
}

fn record(employee: &str, activity: &str, completed: &str, applied: Option<Applied>) -> EvaluationRecord {
    EvaluationRecord {
        employee: employee.into(),
        activity: activity.into(),
        completed_on: d(completed),
        reaction: None,
        competence: None,
        level_before: None,
        level_after: None,
        behaviour: applied.map(|applied| Behaviour { applied, weeks_after: 12 }),
        kpi_change: None,
        actual_cost: None,
    }
}

fn evals(records: Vec<EvaluationRecord>) -> Evaluations {
    Evaluations { schema_version: SCHEMA_VERSION, records }
}

fn outcomes(activity: &str, yes: usize, partly: usize, no: usize) -> Vec<EvaluationRecord> {
    let mut out = Vec::new();
    for (n, a) in [(yes, Applied::Yes), (partly, Applied::Partly), (no, Applied::No)] {
        for i in 0..n {
            out.push(record(&format!("e{}", i % 6 + 1), activity, "2026-06-01", Some(a)));
        }
    }
    out
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

// ---------------------------------------------------------------- posterior arithmetic

#[test]
fn posterior_of_beta_2_3_with_3_yes_1_partly_2_no_is_beta_5_5_5_5() {
    let e = TransferEstimates::new(&org(), &catalog(), &evals(outcomes("amu-dementia", 3, 1, 2)), &policy());
    let t = e.for_activity(0).unwrap();
    assert_eq!((t.alpha, t.beta), (5.5, 5.5));
    assert_eq!(t.mean, 0.5);
    assert_eq!((t.applied, t.partly, t.not_applied, t.participants), (3, 1, 2, 6));
    assert!(t.evaluated);
    // Reference quantiles of Beta(5.5, 5.5) at 5 % and 95 % (mpmath, 30 digits).
    assert!(close(t.interval.0, 0.261922004046419, 1e-9), "{:?}", t.interval);
    assert!(close(t.interval.1, 0.738077995953581, 1e-9), "{:?}", t.interval);
    assert_eq!(e.transfer_probability(0), Some(0.5));
    assert_eq!(e.for_id("amu-dementia"), Some(t));
}

#[test]
fn beta_quantiles_match_known_values() {
    // Reference values from mpmath (regularized incomplete beta, 30 digits).
    let cases = [
        (2.0, 3.0, 0.05, 0.0976114628864143),
        (2.0, 3.0, 0.95, 0.751395374269818),
        (6.0, 4.0, 0.05, 0.344941365943703),
        (6.0, 4.0, 0.95, 0.831249504012676),
        (30.0, 70.0, 0.05, 0.22729905447104),
    ];
    for (a, b, p, want) in cases {
        let got = beta_quantile(a, b, p);
        assert!(close(got, want, 1e-9), "Beta({a},{b}) q{p}: {got} vs {want}");
    }
    // Closed forms: Beta(1,1) is uniform, Beta(2,1) has CDF x², Beta(½,½) is the arcsine law.
    for p in [0.01, 0.05, 0.3, 0.5, 0.9, 0.99] {
        assert!(close(beta_quantile(1.0, 1.0, p), p, 1e-12));
        assert!(close(beta_quantile(2.0, 1.0, p), p.sqrt(), 1e-12));
        let arcsine = (std::f64::consts::FRAC_PI_2 * p).sin().powi(2);
        assert!(close(beta_quantile(0.5, 0.5, p), arcsine, 1e-9), "{p}");
    }
    // Agrees with statrs' own inverse where that one is well-behaved.
    use statrs::distribution::{Beta, ContinuousCDF};
    for (a, b) in [(1.5, 8.0), (12.0, 3.0), (40.0, 41.0)] {
        let dist = Beta::new(a, b).unwrap();
        for p in [0.05, 0.5, 0.95] {
            assert!(close(beta_quantile(a, b, p), dist.inverse_cdf(p), 1e-9), "Beta({a},{b}) q{p}");
        }
    }
}

#[test]
fn quantiles_and_intervals_are_total() {
    assert!(beta_quantile(0.0, 1.0, 0.5).is_nan());
    assert!(beta_quantile(f64::NAN, 1.0, 0.5).is_nan());
    assert_eq!(beta_quantile(2.0, 2.0, -1.0), 0.0);
    assert_eq!(beta_quantile(2.0, 2.0, 2.0), 1.0);
    assert_eq!(credible_interval(-1.0, 2.0, 0.9), (0.0, 1.0));
    let (lo, hi) = credible_interval(1e7, 1e7, 0.9);
    assert!(lo <= 0.5 && 0.5 <= hi && hi - lo < 0.01, "{lo} {hi}");
    let (lo, hi) = credible_interval(2.0, 5.0, f64::NAN);
    assert!(0.0 < lo && lo < hi && hi < 1.0);
}

#[test]
fn partly_counts_follows_the_policy() {
    let mut p = policy();
    p.evaluation.partly_counts = 1.0;
    let e = TransferEstimates::new(&org(), &catalog(), &evals(outcomes("amu-dementia", 0, 4, 0)), &p);
    assert_eq!((e.for_activity(0).unwrap().alpha, e.for_activity(0).unwrap().beta), (6.0, 3.0));
    p.evaluation.partly_counts = 0.0;
    let e = TransferEstimates::new(&org(), &catalog(), &evals(outcomes("amu-dementia", 0, 4, 0)), &p);
    assert_eq!((e.for_activity(0).unwrap().alpha, e.for_activity(0).unwrap().beta), (2.0, 7.0));
    // Nonsense outside validation falls back instead of producing NaN.
    p.evaluation.partly_counts = f64::NAN;
    p.evaluation.credible_level = f64::INFINITY;
    let e = TransferEstimates::new(&org(), &catalog(), &evals(outcomes("amu-dementia", 0, 4, 0)), &p);
    let t = e.for_activity(0).unwrap();
    assert_eq!((t.alpha, t.beta), (4.0, 5.0));
    assert_eq!(t.interval, (0.0, 1.0));
}

#[test]
fn evidence_is_pooled_per_form_category_and_provider() {
    let mut records = outcomes("amu-dementia", 3, 1, 2);
    // amu-dialogue: same form, category (care) and provider → pooled with amu-dementia.
    records.extend(outcomes("amu-dialogue", 1, 0, 0));
    // Different provider, category or form: separate evidence.
    records.extend(outcomes("ext-dementia", 0, 0, 5));
    records.extend(outcomes("amu-excel", 4, 0, 0));
    // Satisfaction only and an unknown activity: no movement.
    records.push(record("e1", "buddy-dementia", "2026-06-01", None));
    records.push(record("e1", "no-such-activity", "2026-06-01", Some(Applied::Yes)));
    let e = TransferEstimates::new(&org(), &catalog(), &evals(records), &policy());

    let a0 = e.for_activity(0).unwrap();
    assert_eq!((a0.alpha, a0.beta), (2.0 + 4.0 + 0.5, 3.0 + 2.0 + 0.5));
    assert_eq!(a0.participants, 7);
    let a1 = e.for_activity(1).unwrap();
    assert_eq!((a1.alpha, a1.beta), (4.0 + 4.5, 4.0 + 2.5), "own prior, shared evidence");
    assert_eq!(e.key(0), e.key(1));
    assert_eq!(e.key(0).unwrap().category.as_deref(), Some("care"));
    let a2 = e.for_activity(2).unwrap();
    assert_eq!((a2.alpha, a2.beta), (3.0, 8.0));
    let a3 = e.for_activity(3).unwrap();
    assert_eq!((a3.alpha, a3.beta), (6.0, 2.0));
    let a4 = e.for_activity(4).unwrap();
    assert_eq!((a4.alpha, a4.beta, a4.participants, a4.evaluated), (6.0, 2.0, 1, false));
    assert_eq!(a4.mean, 0.75);
    assert!(e.for_activity(5).is_none());
    assert!(e.for_id("no-such-activity").is_none());
}

#[test]
fn an_activity_without_competences_or_category_still_has_an_estimate() {
    let mut c = catalog();
    c.activities[0].develops.clear();
    c.activities[1].develops[0].competence = "loose".into();
    c.activities[2].transfer = TransferPrior { alpha: f64::NAN, beta: 0.0 };
    let e = TransferEstimates::new(&org(), &c, &evals(outcomes("ext-dementia", 1, 0, 1)), &policy());
    assert_eq!(e.key(0).unwrap().category, None);
    assert_eq!(e.key(0), e.key(1), "no category pools with no category");
    let t = e.for_activity(2).unwrap();
    assert_eq!((t.alpha, t.beta), (2.0, 2.0), "an invalid prior falls back to Beta(1, 1)");
}

// ---------------------------------------------------------------- report

fn rich_records() -> Vec<EvaluationRecord> {
    let mut r = Vec::new();
    // AMU Syd dementia: loved, rarely applied.
    for i in 0..10 {
        let mut x = record(
            &format!("e{}", i % 6 + 1),
            "amu-dementia",
            "2026-05-01",
            Some(if i < 2 { Applied::Yes } else { Applied::No }),
        );
        x.reaction = Some(5);
        x.competence = Some("dementia".into());
        x.level_before = Some(1);
        x.level_after = Some(2);
        x.actual_cost = Some(1500);
        r.push(x);
    }
    // Buddy training: applied.
    for i in 0..6 {
        let mut x = record(&format!("e{}", i + 1), "buddy-dementia", "2026-04-01", Some(Applied::Yes));
        x.reaction = Some(4);
        x.level_before = Some(2);
        x.level_after = Some(4);
        x.kpi_change = Some(0.1 * f64::from(i));
        r.push(x);
    }
    // External course: only satisfaction, one old (overdue), one recent (pending).
    let mut x = record("e1", "ext-dementia", "2026-03-01", None);
    x.reaction = Some(4);
    x.level_before = Some(1);
    x.level_after = Some(3);
    r.push(x);
    let mut x = record("e2", "ext-dementia", "2026-12-20", None);
    x.reaction = Some(3);
    r.push(x);
    // A record for an activity that is not in the catalog.
    r.push(record("e3", "gone", "2026-03-01", None));
    r
}

#[test]
fn report_counts_add_up() {
    let records = rich_records();
    let rep = EvaluationReport::new(&org(), &catalog(), &evals(records.clone()), &policy());
    assert_eq!(rep.records, 19);
    assert_eq!(rep.unmatched_records, 1);
    let matched = rep.records - rep.unmatched_records;
    assert_eq!(rep.overall.participants, matched);
    for groups in [&rep.by_form, &rep.by_provider, &rep.by_competence] {
        assert_eq!(groups.iter().map(|g| g.stats.participants).sum::<u32>(), matched);
        let followed: u32 = groups.iter().map(|g| g.stats.followed_up).sum();
        assert_eq!(followed, rep.overall.followed_up);
    }
    assert_eq!(rep.by_activity.iter().map(|a| a.stats.participants).sum::<u32>(), matched);
    for g in rep.by_form.iter().chain(&rep.by_provider).chain(&rep.by_competence) {
        let s = &g.stats;
        assert_eq!(s.applied + s.partly + s.not_applied, s.followed_up, "{}", g.key);
        if s.followed_up > 0 {
            let shares = s.share_applied.unwrap() + s.share_partly.unwrap() + s.share_not_applied.unwrap();
            assert!(close(shares, 1.0, 1e-12));
        }
        assert!(s.interval.0 <= s.transfer && s.transfer <= s.interval.1, "{}", g.key);
    }
    // Every form and provider in the catalog has a row, even without records.
    let forms: Vec<&str> = rep.by_form.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(forms, ["amu_course", "external_course", "buddy_training"]);
    let providers: Vec<&str> = rep.by_provider.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(providers, ["AMU Syd", "Kursus A/S", "internal"]);
    let amu = &rep.by_form[0].stats;
    assert_eq!((amu.participants, amu.applied, amu.not_applied), (10, 2, 8));
    assert_eq!(amu.reaction_mean, Some(5.0));
}

#[test]
fn report_computes_level_gain_cost_and_kpis() {
    let rep = EvaluationReport::new(&org(), &catalog(), &evals(rich_records()), &policy());
    let amu = rep.by_activity.iter().find(|a| a.activity == "amu-dementia").unwrap();
    let s = &amu.stats;
    // Own prior Beta(2,3) + 2 yes, 8 no → Beta(4, 11).
    assert!(close(s.transfer, 4.0 / 15.0, 1e-12));
    assert_eq!((s.level_gain_mean, s.level_gain_count), (Some(1.0), 10));
    assert_eq!(s.total_cost, 15_000);
    // 15,000 kr. / (10 levels × 4/15) = 5,625 kr. per level applied in practice.
    assert_eq!(s.cost_per_transferred_level, Some(5_625));
    let buddy = rep.by_activity.iter().find(|a| a.activity == "buddy-dementia").unwrap();
    assert_eq!(buddy.stats.level_gain_mean, Some(2.0));
    assert_eq!(buddy.stats.total_cost, 6 * 2000, "catalog fee when no actual cost is given");
    assert_eq!(buddy.stats.kpi_count, 6);
    assert!(close(buddy.stats.kpi_change_mean.unwrap(), 0.25, 1e-12));
    // The competence falls back to the activity's first developed competence.
    let dementia = rep.by_competence.iter().find(|g| g.key == "dementia").unwrap();
    assert_eq!(dementia.name, "Name of dementia");
    assert_eq!(dementia.stats.participants, 18);
}

/// Buddy training costs no fee but the learner's hours away and the buddy's hours: the report
/// shows the fees as evaluated next to the full cost, labelled, and says what each contains.
#[test]
fn the_full_cost_counts_hours_away_and_the_mentors_time_next_to_the_fees() {
    let rep = EvaluationReport::new(&org(), &catalog(), &evals(rich_records()), &policy());
    let buddy = rep.by_activity.iter().find(|a| a.activity == "buddy-dementia").unwrap();
    // 6 × (fee 2,000 + 7.4 h × 300 kr. + 10 buddy hours × 300 kr.) = 6 × 7,220.
    assert_eq!(buddy.stats.total_cost, 6 * 2000);
    assert_eq!(buddy.stats.full_cost, 6 * (2000 + 2220 + 3000));
    // 43,320 kr. / (12 levels × transfer) per level applied in practice.
    let per_level = buddy.stats.full_cost as f64 / (12.0 * buddy.stats.transfer);
    assert_eq!(buddy.stats.full_cost_per_transferred_level, Some(per_level.round() as i64));
    let amu = rep.by_activity.iter().find(|a| a.activity == "amu-dementia").unwrap();
    // Actual cost 1,500 kr. each, plus 7.4 h × 300 kr.; no mentor.
    assert_eq!(amu.stats.full_cost, 10 * (1500 + 2220));
    // A supervisor's hours are costed at the policy's rate.
    let mut catalog = catalog();
    catalog.activities[4].mentor = Some(MentorKind::Supervisor);
    let rep2 = EvaluationReport::new(&org(), &catalog, &evals(rich_records()), &policy());
    let supervised = rep2.by_activity.iter().find(|a| a.activity == "buddy-dementia").unwrap();
    let rate = policy().zones.supervisor_cost_per_hour;
    assert_eq!(supervised.stats.full_cost, 6 * (2000 + 2220 + 10 * rate));
    // The form and overall figures add the same way.
    let form = rep.by_form.iter().find(|g| g.key == "buddy_training").unwrap();
    assert_eq!(form.stats.full_cost, buddy.stats.full_cost);
    for (lang, fees, full, says) in [
        (Lang::En, "Fees (evaluated)", "Full cost", "hours away × wage cost"),
        (Lang::Da, "Gebyrer (evalueret)", "Fuld omkostning", "timer væk × lønomkostning"),
    ] {
        let md = rep.to_markdown(lang);
        assert!(md.contains(fees) && md.contains(full) && md.contains(says), "{md}");
    }
}

#[test]
fn report_flags_satisfaction_only_and_overdue_follow_ups() {
    let rep = EvaluationReport::new(&org(), &catalog(), &evals(rich_records()), &policy());
    assert_eq!(rep.satisfaction_only, ["ext-dementia"]);
    let ext = rep.by_activity.iter().find(|a| a.activity == "ext-dementia").unwrap();
    assert!(ext.satisfaction_only);
    assert_eq!((ext.stats.overdue_follow_ups, ext.stats.pending_follow_ups), (1, 1));
    assert_eq!(ext.stats.level_gain_mean, Some(2.0));
    assert_eq!(ext.stats.cost_per_transferred_level, None, "no follow-up: transfer unmeasured");
    assert!(!ext.pooled.evaluated);
    assert!(rep.by_activity.iter().filter(|a| a.activity != "ext-dementia").all(|a| !a.satisfaction_only));
    // 2026-03-01 + 12 weeks = 2026-05-24, overdue at 2027-01-04 by 225 days; the record of the
    // unknown activity is a follow-up too (it names a person and a completion).
    let overdue: Vec<(&str, &str, i64)> = rep
        .overdue_follow_ups
        .iter()
        .map(|f| (f.employee.as_str(), f.activity.as_str(), f.days_overdue))
        .collect();
    assert_eq!(overdue, [("e1", "ext-dementia", 225), ("e3", "gone", 225)]);
    assert!(rep.overdue_follow_ups.iter().all(|f| f.overdue && f.due == d("2026-05-24")));
}

#[test]
fn follow_ups_come_from_records_and_plans_sorted_by_due_date() {
    let mut o = org();
    let agreed = |activity: &str, status, completed: Option<&str>| AgreedActivity {
        activity: activity.into(),
        status,
        session: None,
        buddy: None,
        completed_on: completed.map(d),
    };
    o.plans.push(DevelopmentPlan {
        employee: "e4".into(),
        agreed_on: d("2026-01-10"),
        goals: vec![],
        activities: vec![
            agreed("amu-excel", ActivityStatus::Completed, Some("2026-11-30")),
            agreed("amu-dementia", ActivityStatus::Completed, Some("2026-02-01")), // has a follow-up
            agreed("ext-dementia", ActivityStatus::Completed, Some("2026-01-05")), // record, no follow-up
            agreed("buddy-dementia", ActivityStatus::Completed, None),
            agreed("amu-dialogue", ActivityStatus::InProgress, None),
        ],
    });
    let records = vec![
        record("e4", "amu-dementia", "2026-02-01", Some(Applied::Yes)),
        record("e4", "ext-dementia", "2026-01-05", None),
        record("e1", "buddy-dementia", "2026-10-12", None),
    ];
    let f = follow_ups(&o, &evals(records), &policy());
    let got: Vec<(&str, Date, bool, i64, FollowUpSource)> =
        f.iter().map(|x| (x.activity.as_str(), x.due, x.overdue, x.days_overdue, x.source)).collect();
    assert_eq!(
        got,
        [
            ("ext-dementia", d("2026-03-30"), true, 280, FollowUpSource::Evaluation),
            ("buddy-dementia", d("2027-01-04"), false, 0, FollowUpSource::Evaluation),
            ("amu-excel", d("2027-02-22"), false, 0, FollowUpSource::Plan),
        ]
    );
    let mut p = policy();
    p.evaluation.follow_up_weeks = 11;
    let f = follow_ups(&org(), &evals(vec![record("e1", "buddy-dementia", "2026-10-12", None)]), &p);
    assert_eq!((f[0].due, f[0].overdue, f[0].days_overdue), (d("2026-12-28"), true, 7));
}

#[test]
fn provider_feedback_tells_what_worked_and_what_did_not() {
    let rep = EvaluationReport::new(&org(), &catalog(), &evals(rich_records()), &policy());
    let fb = |p: &str| rep.provider_feedback.iter().find(|f| f.provider == p).unwrap();
    let amu = fb("AMU Syd");
    assert_eq!(amu.verdict, Verdict::HighSatisfactionLowTransfer);
    assert!(amu.summary.en.starts_with("AMU Syd: applied in practice by 2 of 10"), "{}", amu.summary.en);
    assert!(amu.summary.en.contains("high satisfaction, low transfer"), "{}", amu.summary.en);
    assert!(amu.summary.en.contains("reaction 5.0"), "{}", amu.summary.en);
    assert!(
        amu.summary.da.starts_with("AMU Syd: anvendt i praksis af 2 af 10 deltagere med opfølgning"),
        "{}",
        amu.summary.da
    );
    assert!(amu.summary.da.contains("høj tilfredshed, lav overførsel"), "{}", amu.summary.da);
    assert_eq!(amu.did_not_work.len(), 1);
    assert!(amu.worked.is_empty());
    let internal = fb("internal");
    assert_eq!(internal.verdict, Verdict::WorksInPractice);
    assert_eq!(internal.worked.len(), 1);
    assert!(internal.worked[0].en.starts_with("Title buddy-dementia: applied in practice by 6 of 6"));
    let ext = fb("Kursus A/S");
    assert_eq!(ext.verdict, Verdict::SatisfactionOnly);
    assert!(ext.did_not_work[0].en.contains("only satisfaction measured"), "{:?}", ext.did_not_work);
    assert!(ext.summary.da.contains("tilfredshed 3,5 (n = 2)"), "{}", ext.summary.da);
    assert!(ext.summary.en.contains("2 participants, no follow-up"), "{}", ext.summary.en);
}

#[test]
fn markdown_in_both_languages_names_every_provider() {
    let rep = EvaluationReport::new(&org(), &catalog(), &evals(rich_records()), &policy());
    let da = rep.to_markdown(Lang::Da);
    let en = rep.to_markdown(Lang::En);
    for (md, heading, form) in
        [(&da, "# Evalueringsrapport", "Sidemandsoplæring"), (&en, "# Evaluation report", "Buddy training")]
    {
        assert!(md.starts_with(heading));
        assert!(md.contains(form));
        for p in ["AMU Syd", "Kursus A/S", "internal"] {
            assert!(md.contains(&format!("| {p} |")), "{p} has a provider row");
        }
        assert!(md.contains("ext-dementia"), "satisfaction-only flag listed");
        // Overdue follow-ups summarised per activity: one for ext-dementia, one for "gone".
        assert!(md.contains("| Title ext-dementia | 1 | 2026-05-24 | 225 |"), "{md}");
        assert!(md.contains("| gone | 1 | 2026-05-24 | 225 |"), "{md}");
        // Every table row has as many cells as its header.
        for line in md.lines().filter(|l| l.starts_with('|') && !l.starts_with("|---")) {
            let cells = line.matches(" | ").count();
            assert!(cells == 9 || cells == 3, "{line}");
        }
    }
    assert!(en.contains("high satisfaction, low transfer"));
    assert!(da.contains("høj tilfredshed, lav overførsel"));
    assert!(da.contains("15.000 kr."));
    assert!(en.contains("DKK 15,000"));
}

#[test]
fn an_empty_evaluation_document_gives_an_empty_but_complete_report() {
    let rep = EvaluationReport::new(&org(), &catalog(), &evals(vec![]), &policy());
    assert_eq!(rep.records, 0);
    assert!(rep.by_activity.is_empty() && rep.by_competence.is_empty() && rep.satisfaction_only.is_empty());
    assert_eq!(rep.by_provider.len(), 3);
    assert!(rep.provider_feedback.iter().all(|f| f.verdict == Verdict::NoEvidence));
    assert!(!rep.to_markdown(Lang::En).is_empty());
}

#[test]
fn the_engine_serves_estimates_reports_and_follow_ups() {
    let records = rich_records().into_iter().filter(|r| r.activity != "gone").collect();
    let engine = crate::Engine::with_evaluations(org(), catalog(), policy(), Some(evals(records))).unwrap();
    let t = engine.transfer_estimate("amu-dementia").unwrap();
    assert_eq!(Some(&t), engine.transfer_estimates().for_activity(0));
    assert_eq!(engine.transfer_estimate("nope").unwrap_err().kind(), crate::ErrorKind::NotFound);
    let rep = engine.evaluation_report();
    assert_eq!(
        rep,
        EvaluationReport::new(engine.organisation(), engine.catalog(), engine.evaluations(), engine.policy())
    );
    assert_eq!(engine.follow_ups().len(), 2);
    let json = serde_json::to_string(&rep).unwrap();
    let back: EvaluationReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rep);
}

#[test]
fn the_report_has_a_json_schema() {
    let schema = schemars::schema_for!(EvaluationReport).to_value();
    assert!(schema["properties"]["by_form"].is_object());
    assert!(schema["properties"]["provider_feedback"].is_object());
}

// ---------------------------------------------------------------- properties

fn arb_record() -> impl Strategy<Value = EvaluationRecord> {
    (
        0usize..6,
        0usize..6, // 5 = not in the catalog
        0i64..500,
        proptest::option::of(1u8..=5),
        proptest::option::of((0u8..=5, 0u8..=5)),
        proptest::option::of(prop_oneof![Just(Applied::Yes), Just(Applied::Partly), Just(Applied::No)]),
        proptest::option::of(-5.0f64..5.0),
        proptest::option::of(0i64..50_000),
    )
        .prop_map(|(e, a, days, reaction, levels, applied, kpi, cost)| {
            let ids = ["amu-dementia", "amu-dialogue", "ext-dementia", "amu-excel", "buddy-dementia", "gone"];
            let mut r = record(&format!("e{}", e + 1), ids[a], "2026-01-01", applied);
            r.completed_on = d("2026-01-01").plus_days(days);
            r.reaction = reaction;
            r.level_before = levels.map(|l| l.0);
            r.level_after = levels.map(|l| l.1);
            r.competence = (days % 3 == 0).then(|| "dialogue".to_owned());
            r.kpi_change = kpi;
            r.actual_cost = cost;
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn record_order_does_not_matter(
        (records, shuffled) in proptest::collection::vec(arb_record(), 0..40)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
    ) {
        let (o, c, p) = (org(), catalog(), policy());
        let a = evals(records);
        let b = evals(shuffled);
        let ea = TransferEstimates::new(&o, &c, &a, &p);
        let eb = TransferEstimates::new(&o, &c, &b, &p);
        for i in 0..c.activities.len() {
            prop_assert_eq!(ea.for_activity(i), eb.for_activity(i));
        }
        let ra = serde_json::to_string(&EvaluationReport::new(&o, &c, &a, &p)).unwrap();
        let rb = serde_json::to_string(&EvaluationReport::new(&o, &c, &b, &p)).unwrap();
        prop_assert_eq!(ra, rb);
        prop_assert_eq!(follow_ups(&o, &a, &p), follow_ups(&o, &b, &p));
    }

    #[test]
    fn estimates_move_toward_the_observed_rate(alpha in 0.1f64..50.0, beta in 0.1f64..50.0, n in 1usize..60) {
        let mut c = catalog();
        c.activities[0].transfer = TransferPrior { alpha, beta };
        let (o, p) = (org(), policy());
        let mean = |yes: usize, no: usize| {
            TransferEstimates::new(&o, &c, &evals(outcomes("amu-dementia", yes, 0, no)), &p)
                .for_activity(0)
                .unwrap()
                .mean
        };
        let mut last_up = mean(0, 0);
        let mut last_down = last_up;
        prop_assert!(close(last_up, alpha / (alpha + beta), 1e-12));
        for k in 1..=n {
            let up = mean(k, 0);
            let down = mean(0, k);
            prop_assert!(up > last_up && up < 1.0, "all-yes must rise toward 1");
            prop_assert!(down < last_down && down > 0.0, "all-no must fall toward 0");
            // The remaining distance shrinks like beta / (alpha + beta + k).
            prop_assert!(close(1.0 - up, beta / (alpha + beta + k as f64), 1e-9));
            prop_assert!(close(down, alpha / (alpha + beta + k as f64), 1e-9));
            last_up = up;
            last_down = down;
        }
    }

    #[test]
    fn intervals_contain_the_mean_and_shrink_with_evidence(yes in 0usize..30, no in 0usize..30) {
        let (o, c, p) = (org(), catalog(), policy());
        let small = *TransferEstimates::new(&o, &c, &evals(outcomes("amu-dementia", yes, 0, no)), &p)
            .for_activity(0)
            .unwrap();
        let big = *TransferEstimates::new(&o, &c, &evals(outcomes("amu-dementia", yes * 4 + 4, 0, no * 4 + 4)), &p)
            .for_activity(0)
            .unwrap();
        for t in [small, big] {
            prop_assert!(0.0 <= t.interval.0 && t.interval.0 <= t.mean && t.mean <= t.interval.1 && t.interval.1 <= 1.0);
        }
        prop_assert!(big.interval.1 - big.interval.0 < small.interval.1 - small.interval.0);
    }
}
