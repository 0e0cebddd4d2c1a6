//! The embedded demo municipality "Eksempel Kommune".
//!
//! It is the generator ([`crate::generate`]) at its default configuration — seed 2027, 240
//! employees, the full hand-written catalog — over the hand-written tables of competences,
//! roles, goals, feedback themes and activities. A Danish municipal HR consultant should
//! recognise it: three departments (Ældre og Sundhed, Vej og Park, Borgerservice), sixteen teams,
//! social- og sundhedshjælpere, anlægsgartnere and sagsbehandlere with realistic requirements,
//! AMU courses at AMU prices, Den Kommunale Kompetencefond and VEU-godtgørelse, and budgets
//! too tight for everyone to get everything.
//!
//! The documents are generated once per process and cloned on each call, so every call returns
//! the same (valid) documents.
//!
//! ```
//! let engine = kompetence_formats::demo::engine();
//! assert_eq!(engine.organisation().name, "Eksempel Kommune");
//! ```

use std::sync::OnceLock;

use kompetence_core::Engine;
use kompetence_core::model::{Catalog, Organisation, Policy};

use crate::generate::{Documents, GeneratorConfig, generate};

static DEMO: OnceLock<Documents> = OnceLock::new();

/// The demo's three documents (generated on first use, then shared).
pub fn documents() -> &'static Documents {
    DEMO.get_or_init(|| generate(&GeneratorConfig::default()))
}

/// The demo organisation.
pub fn organisation() -> Organisation {
    documents().organisation.clone()
}

/// The demo catalog.
pub fn catalog() -> Catalog {
    documents().catalog.clone()
}

/// The demo policy.
pub fn policy() -> Policy {
    documents().policy.clone()
}

/// An engine over the demo documents.
///
/// The demo is valid by construction (a unit test asserts it), so this never fails in a
/// released build.
pub fn engine() -> Engine {
    Engine::new(organisation(), catalog(), policy()).expect("the demo documents are valid")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use kompetence_core::model::{LearningForm, MentorKind, UnitKind};
    use kompetence_core::validate::validate_all;

    use super::*;
    use crate::invariants::invariants;

    #[test]
    fn demo_validates_and_builds_an_engine() {
        let d = documents();
        let problems = validate_all(&d.organisation, &d.catalog, &d.policy, None);
        assert!(problems.is_empty(), "{problems:?}");
        let broken = invariants(d);
        assert!(broken.is_empty(), "{broken:#?}");
        let engine = engine();
        assert_eq!(engine.organisation().employees.len(), 240);
    }

    #[test]
    fn demo_has_the_promised_shape() {
        let org = organisation();
        let count = |k: UnitKind| org.units.iter().filter(|u| u.kind == k).count();
        assert_eq!(org.name, "Eksempel Kommune");
        assert_eq!(org.as_of.to_string(), "2027-01-04");
        assert_eq!(org.framework.scale.levels.len(), 6);
        assert_eq!(count(UnitKind::Municipality), 1);
        assert!(count(UnitKind::Department) >= 3);
        assert!(count(UnitKind::Team) >= 12, "{}", count(UnitKind::Team));
        assert!(org.employees.len() >= 200);
        let leaves = org.framework.competences.iter().filter(|c| c.parent.is_some()).count();
        assert!(leaves >= 30, "{leaves}");
        for dept in ["elder-care", "roads-and-parks", "citizen-service"] {
            assert!(org.units.iter().any(|u| u.id == dept && u.kind == UnitKind::Department));
        }
        // Roles from the brief are present and used.
        let used: BTreeSet<&str> = org.employees.iter().map(|e| e.role.as_str()).collect();
        for role in
            ["social-and-health-helper", "nurse", "landscape-gardener", "caseworker", "care-team-leader"]
        {
            assert!(used.contains(role), "{role} unused");
        }
        // Goals, feedback, plans for about 30 %.
        assert_eq!(org.goals.len(), 5);
        assert!(org.goals.iter().any(|g| g.requirements.iter().any(|r| r.mandatory)));
        assert!(org.feedback.len() >= 10, "{}", org.feedback.len());
        let kinds: BTreeSet<_> = org.feedback.iter().map(|f| f.kind).collect();
        assert_eq!(kinds.len(), 4, "complaints, praise, suggestions and apprentice questions: {kinds:?}");
        assert!(org.feedback.iter().any(|f| f.unit == "elder-care"));
        let share = org.plans.len() as f64 / org.employees.len() as f64;
        assert!((0.2..=0.4).contains(&share), "{share}");
        assert!(org.plans.iter().any(|p| !p.activities.is_empty()));
        // Some Danish-as-a-second-language speakers, wishes, target roles, buddy histories.
        assert!(
            org.employees.iter().filter(|e| e.languages.len() > 1 && e.languages[1] != "en").count() >= 5
        );
        assert!(org.employees.iter().filter(|e| !e.wishes.is_empty()).count() >= 20);
        assert!(org.employees.iter().any(|e| e.target_role.is_some()));
        assert!(org.employees.iter().filter(|e| !e.buddy_history.is_empty()).count() >= 10);
        assert!(org.employees.iter().all(|e| (37.0..=150.0).contains(&e.max_hours_away)));
        assert!(org.employees.iter().all(|e| (250..=500).contains(&e.wage_cost_per_hour)));
    }

    #[test]
    fn demo_catalog_covers_every_form_with_danish_prices() {
        let cat = catalog();
        assert!(cat.activities.len() >= 80);
        for form in LearningForm::ALL {
            assert!(cat.activities.iter().any(|a| a.form == form), "{form:?} missing");
        }
        for a in &cat.activities {
            let p = a.transfer.mean();
            assert!((0.35..=0.8).contains(&p), "{} {p}", a.id);
            assert!((a.transfer.alpha + a.transfer.beta - 10.0).abs() < 1e-9);
            match a.form {
                LearningForm::AmuCourse => {
                    let days = (a.hours_away / 7.4).round();
                    assert!((1.0..=5.0).contains(&days), "{}", a.id);
                    let per_day = a.fee as f64 / days;
                    assert!((130.0..=200.0).contains(&per_day), "{} {per_day}", a.id);
                }
                LearningForm::ExternalCourse => assert!((2_000..=12_000).contains(&a.fee), "{}", a.id),
                LearningForm::FurtherEducation => {
                    assert!((15_000..=25_000).contains(&a.fee), "{}", a.id);
                    assert!((80.0..=150.0).contains(&a.hours_away), "{}", a.id);
                }
                LearningForm::ELearning => {
                    assert!((0..=1_500).contains(&a.fee) && (3.0..=15.0).contains(&a.hours_away))
                }
                LearningForm::InternalCourse => {
                    let g = a.group.as_ref().expect("internal courses are team courses");
                    assert!((15_000..=40_000).contains(&g.fixed_cost) && g.max_participants <= 20);
                }
                LearningForm::BuddyTraining => {
                    assert_eq!(a.fee, 0);
                    assert_eq!(a.mentor, Some(MentorKind::Buddy));
                    assert!((6.0..=20.0).contains(&a.mentor_hours));
                }
                _ => {}
            }
            if matches!(a.form, LearningForm::AmuCourse | LearningForm::ExternalCourse) {
                assert!(!a.sessions.is_empty(), "{}", a.id);
                for s in &a.sessions {
                    assert!((8..=24).contains(&s.seats) && s.start.year() == 2027, "{}", a.id);
                }
            }
        }
        let stretch_gains: BTreeSet<u8> = cat
            .activities
            .iter()
            .filter(|a| a.form == LearningForm::StretchAssignment)
            .flat_map(|a| a.develops.iter().map(|d| d.gain))
            .collect();
        assert!(stretch_gains.contains(&1) && stretch_gains.contains(&2) && stretch_gains.contains(&3));
        assert!(cat.activities.iter().any(|a| a.language == "en"));
        assert!(
            cat.activities
                .iter()
                .any(|a| a.develops.iter().any(|d| d.competence == "danish-second-language"))
        );
    }

    #[test]
    fn demo_policy_has_funding_and_tight_budgets() {
        let p = policy();
        assert_eq!(p.weights, kompetence_core::model::OriginWeights::default());
        let fund = p.funding.iter().find(|f| f.name == "Den Kommunale Kompetencefond").unwrap();
        assert_eq!((fund.share, fund.cap_per_person), (0.8, Some(25_000)));
        let veu = p.funding.iter().find(|f| f.name == "VEU-godtgørelse").unwrap();
        assert_eq!(veu.forms, vec![LearningForm::AmuCourse]);
        assert_eq!(veu.rate_per_hour, 130);
        let total = p.budget.total.unwrap();
        assert_eq!(p.budget.per_unit.len(), 3);
        // The departments together ask for more than the total, and the total is well below
        // what a typical path (4,000–15,000 kr net) for each of the 240 people would cost.
        assert!(p.budget.per_unit.values().sum::<i64>() > total);
        assert!(total < 240 * 10_000, "{total}");
    }

    #[test]
    fn a_good_share_but_not_everyone_has_needs() {
        let engine = engine();
        let all = engine.needs_all();
        let with = all.iter().filter(|p| !p.needs.is_empty()).count();
        let share = with as f64 / all.len() as f64;
        assert!(share > 0.5 && share < 1.0, "{with} of {}", all.len());
        // Needs trace to every kind of origin somewhere in the demo.
        let kinds: BTreeSet<&str> = all
            .iter()
            .flat_map(|p| p.needs.iter().flat_map(|n| n.origins.iter().map(|o| o.kind())))
            .collect();
        for k in ["role", "goal", "plan", "wish", "career", "feedback"] {
            assert!(kinds.contains(k), "no need traces to {k}: {kinds:?}");
        }
    }

    #[test]
    fn every_call_returns_the_same_documents() {
        assert_eq!(organisation(), organisation());
        assert_eq!(catalog(), catalog());
    }
}
