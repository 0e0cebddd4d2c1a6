//! The annual review pack and re-planning (D4, D5, D11, D12): every demo person's pack renders in
//! both languages with no empty section and reveals no one else; re-planning keeps what is agreed.

use kompetence::Engine;
use kompetence::evaluation::Lang;
use kompetence::model::{ActivityStatus, Date, Organisation};
use kompetence::review::{AcuteChange, AcuteNeed, ChangeKind, DraftStatus, ReviewPack};
use kompetence::testing::{Shape, documents};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// Does `id` occur in `text` as a whole word (not inside a longer id)?
fn mentions(text: &str, id: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    text.match_indices(id).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + id.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// Every `## ` and `### ` section of a Markdown text has some content before the next heading.
fn sections_have_content(md: &str) -> Result<(), String> {
    let lines: Vec<&str> = md.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("## ") || line.starts_with("### ") {
            let body = lines[i + 1..].iter().take_while(|l| !l.starts_with("## ") && !l.starts_with("### "));
            let content = body.filter(|l| !l.trim().is_empty()).count();
            // A section followed directly by its sub-sections is fine.
            let next_is_sub =
                lines[i + 1..].iter().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with("### "));
            if content == 0 && !(line.starts_with("## ") && next_is_sub) {
                return Err(format!("empty section {line:?}"));
            }
        }
    }
    Ok(())
}

fn check_privacy(org: &Organisation, pack: &ReviewPack) {
    let json = serde_json::to_string(pack).expect("serialises");
    assert!(!json.contains("\"levels\""), "{}: a pack holds no level tables", pack.employee);
    let me = org.employees.iter().find(|e| e.id == pack.employee).expect("the person");
    for n in &pack.needs {
        assert_eq!(n.current, me.level(&n.competence), "{}: only the person's own levels", pack.employee);
    }
    let buddies: Vec<&str> = pack.draft_idp.activities.iter().filter_map(|a| a.buddy.as_deref()).collect();
    for other in org.employees.iter().filter(|e| e.id != pack.employee) {
        let named_buddy = buddies.contains(&other.display_name());
        if !named_buddy {
            assert!(!mentions(&json, &other.id), "{} mentions {}", pack.employee, other.id);
            // Display names are not unique: a name shared with the person or a buddy proves nothing.
            if let Some(name) =
                other.name.as_ref().filter(|n| *n != &pack.name && !buddies.contains(&n.as_str()))
            {
                assert!(!mentions(&json, name), "{} mentions {name}", pack.employee);
            }
        }
    }
}

#[test]
fn every_demo_person_gets_a_complete_private_pack_in_both_languages() {
    let engine = kompetence::formats::demo::engine();
    let org = engine.organisation();
    let mut with_agreed = 0;
    let mut with_buddy = 0;
    let mut forms = std::collections::BTreeSet::new();
    for e in &org.employees {
        let pack = engine.review(&e.id, None).unwrap_or_else(|err| panic!("{}: {err}", e.id));
        assert_eq!(pack.employee, e.id);
        assert!(pack.agenda.len() >= 5, "{}: {} questions", e.id, pack.agenda.len());
        assert_eq!(pack.draft_idp.goals.len(), pack.needs.len());
        for lang in [Lang::Da, Lang::En] {
            let md = pack.to_markdown(lang);
            sections_have_content(&md).unwrap_or_else(|m| panic!("{} {lang:?}: {m}\n{md}", e.id));
            assert!(!md.contains('{'), "{}: unfilled placeholder\n{md}", e.id);
        }
        for a in &pack.draft_idp.activities {
            assert!(!a.why.da.is_empty() && !a.why.en.is_empty(), "{}: {} has no why", e.id, a.activity);
            forms.insert(a.form);
        }
        // An agreed activity is never proposed a second time.
        let kept: Vec<&str> =
            pack.draft_idp.activities.iter().filter(|a| a.agreed).map(|a| a.activity.as_str()).collect();
        assert!(
            pack.draft_idp
                .activities
                .iter()
                .filter(|a| !a.agreed)
                .all(|a| !kept.contains(&a.activity.as_str()))
        );
        with_agreed += usize::from(!kept.is_empty());
        with_buddy += usize::from(pack.draft_idp.activities.iter().any(|a| a.buddy.is_some()));
        check_privacy(org, &pack);
    }
    // The demo exercises agreed activities, buddies and on-the-job forms, not only courses (D5).
    assert!(with_agreed > 10, "{with_agreed} people with agreed activities kept");
    assert!(with_buddy > 0, "no buddy anywhere");
    assert!(forms.iter().any(|f| f.family() == kompetence::model::FormFamily::OnTheJob), "{forms:?}");
}

#[test]
fn packs_are_deterministic() {
    let engine = kompetence::formats::demo::engine();
    let id = &engine.organisation().employees[7].id;
    let a = serde_json::to_string(&engine.review(id, None).unwrap()).unwrap();
    let b = serde_json::to_string(&engine.review(id, None).unwrap()).unwrap();
    assert_eq!(a, b);
}

/// The person's agreed activities (planned or in progress), by id.
fn agreed_ids(org: &Organisation, employee: &str) -> Vec<String> {
    org.plans
        .iter()
        .filter(|p| p.employee == employee)
        .flat_map(|p| &p.activities)
        .filter(|a| matches!(a.status, ActivityStatus::Planned | ActivityStatus::InProgress))
        .map(|a| a.activity.clone())
        .collect()
}

/// e00050 has no wound care and no catalog activity she can start on it: the acute need is
/// mandatory, labelled acute (not "proposed by the leader"), and a change explains why the new
/// plan cannot reach it, naming the activities and their reasons.
#[test]
fn an_unmet_acute_need_is_mandatory_and_explained() {
    let engine = kompetence::formats::demo::engine();
    let need = AcuteNeed {
        competence: "wound-care".into(),
        level: 2,
        deadline: Date::new(2027, 3, 31).unwrap(),
        reason: None,
    };
    let replan = engine.replan("e00050", AcuteChange { need: Some(need), evaluations: vec![] }).unwrap();
    let n = replan.needs.iter().find(|n| n.competence == "wound-care").unwrap();
    assert!(n.mandatory);
    assert!(n.origins.iter().any(|o| o.en.contains("acute need") && o.da.contains("akut behov")), "{n:?}");
    let c = replan.changes.iter().find(|c| c.kind == ChangeKind::NeedNotMet).expect("explained");
    assert!(c.text.en.starts_with("The new plan does not reach"), "{}", c.text.en);
    assert!(c.text.en.contains("\"Sårpleje — grundlæggende (AMU)\": "), "{}", c.text.en);
    assert!(c.text.da.starts_with("Den nye plan når ikke"), "{}", c.text.da);
}

/// Each competence is asked about once per pack: the one question (the first in bank order that
/// names it) carries every reason of its need, and no other question about a need names it.
fn check_each_competence_asked_once(pack: &ReviewPack) -> Result<(), TestCaseError> {
    let mut asked = std::collections::BTreeSet::new();
    for item in &pack.agenda {
        let Some(c) = &item.competence else { continue };
        prop_assert!(asked.insert(c.clone()), "{}: {} asked twice", pack.employee, c);
        let need = pack.needs.iter().find(|n| &n.competence == c);
        let need = need.ok_or_else(|| TestCaseError::fail(format!("{c}: asked about without a need")))?;
        for o in &need.origins {
            prop_assert!(item.because.en.contains(&o.en), "{}: {:?} lacks {:?}", c, item.because.en, o.en);
            prop_assert!(item.because.da.contains(&o.da), "{}: {:?} lacks {:?}", c, item.because.da, o.da);
        }
    }
    Ok(())
}

/// e00004 (the README's review example) was asked about medicine handling three times: as a
/// mandatory need, for the strategic goal and for the development plan. Now once, with all three
/// reasons.
#[test]
fn the_demo_pack_asks_about_each_competence_once() {
    let engine = kompetence::formats::demo::engine();
    let pack = engine.review("e00004", None).unwrap();
    let name = engine.competence_name("medicine-handling");
    let about: Vec<&kompetence::review::AgendaItem> =
        pack.agenda.iter().filter(|a| a.text.en.contains(name) && a.competence.is_some()).collect();
    assert_eq!(about.len(), 1, "{about:#?}");
    let because = &about[0].because.en;
    for reason in ["Mandatory", "Strategic goal", "Development plan"] {
        assert!(because.contains(reason), "{reason}: {because}");
    }
    for e in &engine.organisation().employees {
        let pack = engine.review(&e.id, None).unwrap();
        check_each_competence_asked_once(&pack).unwrap_or_else(|err| panic!("{}: {err}", e.id));
    }
}

/// Checks one re-plan against the properties of D12.
fn check_replan(engine: &Engine, employee: &str, need: AcuteNeed) -> Result<(), TestCaseError> {
    let org = engine.organisation();
    let develops_acute = |activity: &str| {
        engine.activity(activity).is_ok_and(|a| a.develops.iter().any(|d| d.competence == need.competence))
    };
    let replan = match engine.replan(employee, AcuteChange { need: Some(need.clone()), evaluations: vec![] })
    {
        Ok(r) => r,
        // A generated person may be past the documented search limits; nothing else may fail.
        Err(e) if e.kind() == kompetence::ErrorKind::LimitExceeded => return Ok(()),
        Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
    };
    // The acute need is among the needs, with its deadline (or an earlier one of another origin).
    let current = org.employees.iter().find(|e| e.id == employee).unwrap().level(&need.competence);
    if need.level > current {
        let n = replan.needs.iter().find(|n| n.competence == need.competence);
        let n = n.ok_or_else(|| TestCaseError::fail("acute need missing"))?;
        prop_assert!(n.target >= need.level);
        prop_assert!(n.deadline <= need.deadline);
        let by = format!("by {}", need.deadline);
        let from_acute = n.origins.iter().any(|o| o.en.contains(&by));
        prop_assert!(from_acute, "no origin {}", by);
        prop_assert_eq!(replan.changes[0].kind, ChangeKind::NeedAdded);
        // An acute need must be met: it is mandatory, and a plan that cannot reach it says so.
        prop_assert!(n.mandatory, "an acute need is mandatory");
        match replan.changes.iter().find(|c| c.kind == ChangeKind::NeedNotMet) {
            Some(c) => {
                prop_assert_eq!(c.competence.as_deref(), Some(need.competence.as_str()));
                let (en, da) = (
                    format!("level {} by {}", need.level, need.deadline),
                    format!("niveau {} inden {}", need.level, need.deadline),
                );
                prop_assert!(c.text.en.contains(&en) && c.text.da.contains(&da), "{:?}", c.text);
            }
            None => prop_assert!(
                replan.after.activities.iter().any(|a| develops_acute(&a.activity)),
                "the acute need is neither met nor explained"
            ),
        }
    } else {
        prop_assert_eq!(replan.changes[0].kind, ChangeKind::NeedAlreadyMet);
    }
    // Every agreed activity is accounted for: kept (and marked agreed) or dropped with a reason.
    let agreed = agreed_ids(org, employee);
    for a in &agreed {
        let kept = replan.after.activities.iter().any(|x| x.agreed && &x.activity == a);
        let dropped = replan.after.dropped.iter().find(|d| &d.activity == a);
        prop_assert!(kept || dropped.is_some_and(|d| !d.why.en.is_empty() && !d.why.da.is_empty()), "{a}");
        if kept {
            prop_assert!(
                replan.changes.iter().any(|c| c.kind == ChangeKind::Kept && c.activity.as_ref() == Some(a))
            );
        }
    }
    for x in replan.after.activities.iter().filter(|x| x.agreed) {
        prop_assert!(agreed.contains(&x.activity));
        prop_assert!(x.status != DraftStatus::Proposed);
    }
    // What was feasible stays: when no agreed activity develops the acute competence, the change
    // cannot touch them, so every one kept before is kept after with the same dates.
    if !agreed.iter().any(|a| develops_acute(a)) {
        let kept = |p: &kompetence::review::DraftPlan| -> Vec<(String, Date, Date)> {
            p.activities.iter().filter(|a| a.agreed).map(|a| (a.activity.clone(), a.start, a.end)).collect()
        };
        prop_assert_eq!(kept(&replan.before), kept(&replan.after));
    }
    // The changes say exactly what changed between the two drafts, in both languages.
    for c in &replan.changes {
        prop_assert!(!c.text.da.is_empty() && !c.text.en.is_empty(), "{:?} without text", c.kind);
    }
    let of_kind = |kind: ChangeKind| -> Vec<String> {
        let mut v: Vec<String> =
            replan.changes.iter().filter(|c| c.kind == kind).filter_map(|c| c.activity.clone()).collect();
        v.sort();
        v
    };
    let proposed = |p: &kompetence::review::DraftPlan| -> Vec<(String, Date, Date, Option<String>)> {
        p.activities
            .iter()
            .filter(|a| !a.agreed)
            .map(|a| (a.activity.clone(), a.start, a.end, a.session.clone()))
            .collect()
    };
    let (old, new) = (proposed(&replan.before), proposed(&replan.after));
    let ids = |v: &[(String, Date, Date, Option<String>)], other: &[(String, Date, Date, Option<String>)]| {
        let mut d: Vec<String> =
            v.iter().filter(|a| !other.iter().any(|o| o.0 == a.0)).map(|a| a.0.clone()).collect();
        d.sort();
        d
    };
    prop_assert_eq!(of_kind(ChangeKind::Added), ids(&new, &old));
    prop_assert_eq!(of_kind(ChangeKind::Withdrawn), ids(&old, &new));
    let mut moved: Vec<String> =
        new.iter().filter(|a| old.iter().any(|o| o.0 == a.0 && o != *a)).map(|a| a.0.clone()).collect();
    moved.sort();
    prop_assert_eq!(of_kind(ChangeKind::Rescheduled), moved);
    let mut dropped: Vec<String> = replan.after.dropped.iter().map(|d| d.activity.clone()).collect();
    dropped.sort();
    prop_assert_eq!(of_kind(ChangeKind::Dropped), dropped);
    // Kept activities are never proposed again.
    let kept: Vec<&str> =
        replan.after.activities.iter().filter(|a| a.agreed).map(|a| a.activity.as_str()).collect();
    prop_assert!(
        replan.after.activities.iter().filter(|a| !a.agreed).all(|a| !kept.contains(&a.activity.as_str()))
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_pack_asks_about_each_competence_once_on_generated_documents(
        docs in documents(Shape::default()),
    ) {
        let engine = docs.engine().expect("generated documents are valid");
        for e in &engine.organisation().employees {
            match engine.review(&e.id, None) {
                Ok(pack) => check_each_competence_asked_once(&pack)?,
                // A generated person may be past the documented search limits.
                Err(err) if err.kind() == kompetence::ErrorKind::LimitExceeded => {}
                Err(err) => return Err(TestCaseError::fail(format!("{}: {err}", e.id))),
            }
        }
    }

    #[test]
    fn replanning_generated_documents_keeps_what_is_agreed(
        docs in documents(Shape::default()),
        who in any::<prop::sample::Index>(),
        which in any::<prop::sample::Index>(),
        level in 1u8..=10,
        days in 0i64..400,
    ) {
        let engine = docs.engine().expect("generated documents are valid");
        let org = engine.organisation();
        prop_assume!(!org.employees.is_empty() && !org.framework.competences.is_empty());
        // Mostly people with agreed activities: the property is about them.
        let with_agreed: Vec<&str> =
            org.employees.iter().map(|e| e.id.as_str()).filter(|e| !agreed_ids(org, e).is_empty()).collect();
        let employee = if with_agreed.is_empty() {
            org.employees[who.index(org.employees.len())].id.clone()
        } else {
            with_agreed[who.index(with_agreed.len())].to_owned()
        };
        let competence = org.framework.competences[which.index(org.framework.competences.len())].id.clone();
        let level = level.min(org.framework.scale.max_level()).max(1);
        let need = AcuteNeed { competence, level, deadline: org.as_of.plus_days(days), reason: None };
        check_replan(&engine, &employee, need)?;
    }
}

#[test]
fn replanning_the_demo_with_random_acute_needs_keeps_what_is_agreed() {
    let engine = kompetence::formats::demo::engine();
    let org = engine.organisation();
    // People with agreed activities, and a few acute needs each (deterministic choice).
    let people: Vec<&str> = org
        .employees
        .iter()
        .filter(|e| !agreed_ids(org, &e.id).is_empty())
        .map(|e| e.id.as_str())
        .take(12)
        .collect();
    assert!(people.len() >= 5);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (0..people.len(), 0..org.framework.competences.len(), 1u8..=5, 14i64..300);
    let mut kept_somewhere = false;
    for _ in 0..24 {
        let (p, c, level, days) = strategy.new_tree(&mut runner).unwrap().current();
        let need = AcuteNeed {
            competence: org.framework.competences[c].id.clone(),
            level,
            deadline: org.as_of.plus_days(days),
            reason: Some("Acute".into()),
        };
        check_replan(&engine, people[p], need.clone())
            .unwrap_or_else(|e| panic!("{} {need:?}: {e}", people[p]));
        let r = engine.replan(people[p], AcuteChange { need: Some(need), evaluations: vec![] }).unwrap();
        kept_somewhere |= r.changes.iter().any(|c| c.kind == ChangeKind::Kept);
    }
    assert!(kept_somewhere);
}

/// `Lang` is reachable at the crate root (where `Engine` and `Error` are), as the same type as
/// under `evaluation` and `review`, whose paths keep working.
#[test]
fn lang_is_reachable_at_the_crate_root() {
    let root: kompetence::Lang = kompetence::Lang::En;
    let evaluation: kompetence::evaluation::Lang = root;
    let review: kompetence::review::Lang = evaluation;
    assert_eq!(review, kompetence::Lang::from_code("en").unwrap());
    assert_eq!(kompetence::Lang::from_code("da").unwrap(), Lang::Da);
}
