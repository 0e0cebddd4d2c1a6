//! A seeded generator of "a year of evaluations" for the demo (D9), so the evaluation report
//! has a story to tell.
//!
//! Outcomes are drawn from a hidden "true" probability of transfer per activity
//! ([`true_transfer_rate`]):
//!
//! - on-the-job forms (buddy training, stretch assignments, supervision, …) transfer well;
//! - one-off external courses, e-learning and self-study transfer poorly;
//! - courses *with follow-up* — a mentor, a duration of four weeks or more, or "follow-up" /
//!   "opfølgning" in the title — transfer much better than one-off courses;
//! - one provider ([`weak_provider`]) is notably bad at transfer while its participants are
//!   notably satisfied: the "high satisfaction, low transfer" case that only a behaviour
//!   follow-up reveals.
//!
//! The organisation never follows up e-learning (evaluated only by satisfaction), about one in
//! ten other follow-ups is forgotten (overdue at `as_of`), follow-ups of recent completions are
//! not yet possible, and about a third of the records assess no levels.

use std::collections::BTreeMap;

use crate::rng::SplitMix64;
use kompetence_core::model::{
    Applied, Behaviour, Catalog, EvaluationRecord, Evaluations, FormFamily, LearningActivity, LearningForm,
    Organisation, SCHEMA_VERSION,
};

/// `lo..=hi` from the shared generator. It always consumes one draw (also when `hi == lo`), so
/// the evaluation stream, and the figures the tests pin, stay as they were.
fn between(rng: &mut SplitMix64, lo: i64, hi: i64) -> i64 {
    lo + rng.index((hi - lo + 1).max(1) as usize) as i64
}

/// True with probability `p`.
fn chance(rng: &mut SplitMix64, p: f64) -> bool {
    rng.unit() < p
}

/// The provider the demo story makes notably bad at transfer: among providers of external
/// courses (AMU providers when there are none), the one with the most activities, ties broken
/// by name. `None` when the catalog has no such course.
pub fn weak_provider(catalog: &Catalog) -> Option<String> {
    let count = |form: LearningForm| {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for a in catalog
            .activities
            .iter()
            .filter(|a| a.form == form && !a.provider.eq_ignore_ascii_case("internal"))
        {
            *counts.entry(a.provider.as_str()).or_default() += 1;
        }
        // Most activities first; the BTreeMap order makes the first name win ties.
        counts.into_iter().fold(None, |best: Option<(&str, usize)>, (p, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((p, n)),
        })
    };
    count(LearningForm::ExternalCourse).or_else(|| count(LearningForm::AmuCourse)).map(|(p, _)| p.to_owned())
}

/// Whether a course comes with follow-up that anchors it in practice.
fn has_follow_up(activity: &LearningActivity) -> bool {
    let title = activity.title.to_lowercase();
    activity.mentor.is_some()
        || activity.duration_weeks >= 4
        || title.contains("follow-up")
        || title.contains("opfølgning")
}

/// The hidden probability that a participant applies the activity's learning in practice.
pub fn true_transfer_rate(activity: &LearningActivity, weak_provider: Option<&str>) -> f64 {
    use LearningForm::*;
    let base: f64 = match activity.form {
        AmuCourse => 0.45,
        ExternalCourse => 0.30,
        InternalCourse => 0.55,
        FurtherEducation => 0.50,
        ELearning => 0.30,
        BuddyTraining => 0.80,
        LearningProject => 0.70,
        LearningMeeting => 0.55,
        StretchAssignment => 0.75,
        Supervision => 0.70,
        SelfStudy => 0.25,
        CitizenFeedback => 0.60,
        JobRotation => 0.65,
    };
    let course = activity.form.family() == FormFamily::Course;
    let bonus = if course && has_follow_up(activity) { 0.25 } else { 0.0 };
    let factor = if weak_provider == Some(activity.provider.as_str()) { 0.35 } else { 1.0 };
    ((base + bonus) * factor).clamp(0.02, 0.98)
}

/// Mean reaction (satisfaction) before noise: courses please, the weak provider most of all.
fn reaction_base(activity: &LearningActivity, weak: bool) -> f64 {
    if weak {
        return 4.6;
    }
    match activity.form.family() {
        FormFamily::Course => 4.2,
        FormFamily::SelfStudy => 3.4,
        FormFamily::OnTheJob => 3.9,
    }
}

/// `n_records` evaluation records of the year before `org.as_of`, drawn from `seed`: the same
/// inputs always give the same document. Empty when the organisation has no employees or the
/// catalog no activities. Every record refers to an existing employee, activity and competence,
/// keeps levels on the scale and within the activity's ceiling, and dates its follow-up no
/// later than `as_of`.
pub fn generate_evaluations(
    org: &Organisation,
    catalog: &Catalog,
    seed: u64,
    n_records: usize,
) -> Evaluations {
    let mut records = Vec::with_capacity(if org.employees.is_empty() { 0 } else { n_records });
    if org.employees.is_empty() || catalog.activities.is_empty() {
        return Evaluations { schema_version: SCHEMA_VERSION, records };
    }
    let mut rng = SplitMix64::new(seed);
    let weak = weak_provider(catalog);
    let max_level = org.framework.scale.max_level();
    for _ in 0..n_records {
        let employee = &org.employees[rng.index(org.employees.len())];
        let activity = &catalog.activities[rng.index(catalog.activities.len())];
        let is_weak = weak.as_deref() == Some(activity.provider.as_str());
        let rate = true_transfer_rate(activity, weak.as_deref());
        let completed_on = org.as_of.plus_days(-between(&mut rng, 14, 365));

        let weeks_after = between(&mut rng, 8, 16) as u32;
        let possible = completed_on.plus_days(i64::from(weeks_after) * 7) <= org.as_of;
        let forgotten = activity.form == LearningForm::ELearning || chance(&mut rng, 0.1);
        let behaviour = (possible && !forgotten).then(|| {
            // P(yes) + ½ P(partly) = rate, with some "partly" on both sides of the rate.
            let partly = 0.4 * rate.min(1.0 - rate);
            let yes = rate - partly / 2.0;
            let u = rng.unit();
            let applied = if u < yes {
                Applied::Yes
            } else if u < yes + partly {
                Applied::Partly
            } else {
                Applied::No
            };
            Behaviour { applied, weeks_after }
        });

        let reaction = chance(&mut rng, 0.92).then(|| {
            let r = reaction_base(activity, is_weak) + (rng.unit() - 0.5) * 2.0;
            r.round().clamp(1.0, 5.0) as u8
        });

        let known = activity
            .develops
            .first()
            .filter(|dev| org.framework.competences.iter().any(|c| c.id == dev.competence));
        let learning = known.filter(|_| chance(&mut rng, 0.7)).map(|dev| {
            let ceiling = dev.ceiling.min(max_level);
            let before =
                employee.level(&dev.competence).saturating_sub(dev.gain).max(dev.entry_level).min(ceiling);
            let p = 0.55 + 0.3 * rate;
            let gained = (0..dev.gain).filter(|_| chance(&mut rng, p)).count() as u8;
            (dev.competence.clone(), before, before.saturating_add(gained).min(ceiling))
        });

        let success = match behaviour.as_ref().map(|b| b.applied) {
            Some(Applied::Yes) => 1.0,
            Some(Applied::Partly) => 0.5,
            Some(Applied::No) => 0.0,
            None => rate,
        };
        let kpi_change = chance(&mut rng, 0.2).then(|| {
            let k = success * 0.1 + (rng.unit() - 0.5) * 0.05;
            (k * 1000.0).round() / 1000.0
        });
        let actual_cost =
            chance(&mut rng, 0.85).then(|| (activity.fee as f64 * (0.9 + 0.2 * rng.unit())).round() as i64);

        records.push(EvaluationRecord {
            employee: employee.id.clone(),
            activity: activity.id.clone(),
            completed_on,
            reaction,
            competence: learning.as_ref().map(|l| l.0.clone()),
            level_before: learning.as_ref().map(|l| l.1),
            level_after: learning.as_ref().map(|l| l.2),
            behaviour,
            kpi_change,
            actual_cost,
        });
    }
    records.sort_by(|a, b| {
        (a.completed_on, &a.employee, &a.activity).cmp(&(b.completed_on, &b.employee, &b.activity))
    });
    Evaluations { schema_version: SCHEMA_VERSION, records }
}

#[cfg(test)]
mod tests {
    use kompetence_core::evaluation::{EvaluationReport, Lang, TransferEstimates, Verdict};
    use kompetence_core::model::*;

    use super::*;

    fn activity(id: &str, form: LearningForm, provider: &str, competence: &str) -> LearningActivity {
        let mut a = crate::demo::catalog().activities[0].clone();
        a.id = id.into();
        a.title = format!("Course {id}");
        a.form = form;
        a.provider = provider.into();
        a.develops[0].competence = competence.into();
        a.fee = if form.family() == FormFamily::Course { 3000 } else { 0 };
        a.transfer = TransferPrior { alpha: 2.0, beta: 2.0 };
        a
    }

    fn catalog() -> Catalog {
        use LearningForm::*;
        let mut followed = activity("ext-follow", ExternalCourse, "Akademiet", "dementia-care");
        followed.duration_weeks = 6;
        Catalog {
            schema_version: SCHEMA_VERSION,
            activities: vec![
                activity("ext-a", ExternalCourse, "Kursushuset", "dementia-care"),
                activity("ext-b", ExternalCourse, "Kursushuset", "citizen-dialogue"),
                activity("ext-c", ExternalCourse, "UCL", "dementia-care"),
                followed,
                activity("amu", AmuCourse, "AMU Syd", "dementia-care"),
                activity("buddy", BuddyTraining, "internal", "dementia-care"),
                activity("elearn", ELearning, "internal", "citizen-dialogue"),
            ],
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_document() {
        let (o, c) = (crate::demo::organisation(), catalog());
        let a = generate_evaluations(&o, &c, 7, 300);
        assert_eq!(a, generate_evaluations(&o, &c, 7, 300));
        assert_ne!(a, generate_evaluations(&o, &c, 8, 300));
        assert_eq!(a.records.len(), 300);
        assert!(
            generate_evaluations(&o, &Catalog { schema_version: 1, activities: vec![] }, 7, 300)
                .records
                .is_empty()
        );
    }

    #[test]
    fn records_are_consistent_with_the_documents() {
        let (o, c) = (crate::demo::organisation(), catalog());
        let e = generate_evaluations(&o, &c, 42, 2000);
        let max = o.framework.scale.max_level();
        for r in &e.records {
            assert!(o.employees.iter().any(|x| x.id == r.employee));
            let a = c.activities.iter().find(|a| a.id == r.activity).expect("activity exists");
            assert!(r.completed_on < o.as_of);
            if let Some(b) = &r.behaviour {
                assert!(r.completed_on.plus_days(i64::from(b.weeks_after) * 7) <= o.as_of);
            }
            assert!(r.reaction.is_none_or(|x| (1..=5).contains(&x)));
            if let (Some(before), Some(after)) = (r.level_before, r.level_after) {
                assert_eq!(r.competence.as_deref(), Some(a.develops[0].competence.as_str()));
                assert!(before <= after && after <= a.develops[0].ceiling.min(max));
            }
            assert!(r.actual_cost.is_none_or(|x| x >= 0));
        }
        assert!(e.records.windows(2).all(|w| w[0].completed_on <= w[1].completed_on), "sorted by date");
        let share = |f: &dyn Fn(&EvaluationRecord) -> bool| {
            e.records.iter().filter(|r| f(r)).count() as f64 / e.records.len() as f64
        };
        let no_levels = share(&|r| r.level_before.is_none());
        let no_follow_up = share(&|r| r.behaviour.is_none());
        assert!((0.2..0.45).contains(&no_levels), "{no_levels}");
        assert!((0.15..0.5).contains(&no_follow_up), "{no_follow_up}");
    }

    #[test]
    fn the_report_tells_the_story() {
        let (o, c) = (crate::demo::organisation(), catalog());
        assert_eq!(weak_provider(&c).as_deref(), Some("Kursushuset"));
        let p = Policy::with_defaults("demo");
        let e = generate_evaluations(&o, &c, 2027, 3000);
        let est = TransferEstimates::new(&o, &c, &e, &p);
        let mean = |id: &str| est.for_id(id).unwrap().mean;
        // The posteriors recover the hidden rates.
        for (i, a) in c.activities.iter().enumerate().filter(|(_, a)| a.form != LearningForm::ELearning) {
            let truth = true_transfer_rate(a, Some("Kursushuset"));
            let got = est.for_activity(i).unwrap().mean;
            assert!((got - truth).abs() < 0.07, "{}: {got} vs {truth}", a.id);
        }
        assert!(mean("buddy") > mean("amu") && mean("amu") > mean("ext-c") && mean("ext-c") > mean("ext-a"));
        assert!(mean("ext-follow") > mean("ext-a"), "follow-up lifts a course");

        let rep = EvaluationReport::new(&o, &c, &e, &p);
        assert_eq!(rep.satisfaction_only, ["elearn"]);
        assert!(!rep.overdue_follow_ups.is_empty());
        let verdict = |p: &str| rep.provider_feedback.iter().find(|f| f.provider == p).unwrap().verdict;
        assert_eq!(verdict("Kursushuset"), Verdict::HighSatisfactionLowTransfer);
        let md = rep.to_markdown(Lang::En);
        assert!(md.contains("Kursushuset: applied in practice by"));
        assert!(md.contains("high satisfaction, low transfer"));
    }

    #[test]
    fn the_demo_engine_accepts_a_generated_year() {
        let (o, c, p) = (crate::demo::organisation(), crate::demo::catalog(), crate::demo::policy());
        let e = generate_evaluations(&o, &c, 1, 200);
        let engine = kompetence_core::Engine::with_evaluations(o, c, p, Some(e)).expect("valid documents");
        let rep = engine.evaluation_report();
        assert_eq!(rep.records, 200);
        assert_eq!(rep.unmatched_records, 0);
        assert_eq!(rep.by_form.iter().map(|g| g.stats.participants).sum::<u32>(), 200);
    }
}
