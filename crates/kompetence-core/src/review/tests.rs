//! Unit tests of the review pack and re-planning on a small hand-built fixture.

use super::*;
use crate::evaluation::Lang;
use crate::model::*;

fn as_of() -> Date {
    Date::new(2027, 1, 4).expect("valid date")
}

fn day(offset: i64) -> Date {
    as_of().plus_days(offset)
}

fn person(id: &str, role: &str, levels: &[(&str, u8)]) -> Employee {
    Employee {
        id: id.into(),
        name: Some(format!("Name of {id}")),
        unit: "team-a".into(),
        role: role.into(),
        levels: levels.iter().map(|(c, l)| (c.to_string(), *l)).collect(),
        assessment: None,
        preferences: Default::default(),
        languages: vec![],
        max_hours_away: 200.0,
        wage_cost_per_hour: 300,
        education: Education::Vocational,
        wishes: vec![],
        target_role: None,
        buddy_history: vec![],
        max_mentees: None,
    }
}

fn activity(id: &str, form: LearningForm, competence: &str, gain: u8, hours: f64) -> LearningActivity {
    LearningActivity {
        id: id.into(),
        title: format!("Title {id}"),
        form,
        provider: "internal".into(),
        language: "da".into(),
        develops: vec![Development { competence: competence.into(), gain, entry_level: 0, ceiling: 5 }],
        fee: 1000,
        hours_away: hours,
        mentor: None,
        mentor_hours: 0.0,
        sessions: vec![],
        duration_weeks: 2,
        transfer: TransferPrior { alpha: 6.0, beta: 4.0 },
        group: None,
        certifies: false,
    }
}

/// Learner "p" (role `learner`, no needs by default) and an expert colleague "x" who can be a
/// buddy in every competence.
struct Fx {
    org: Organisation,
    catalog: Catalog,
    policy: Policy,
    evaluations: Evaluations,
}

impl Fx {
    fn new() -> Fx {
        let unit = |id: &str, kind, parent: Option<&str>| Unit {
            id: id.into(),
            name: format!("Unit {id}"),
            kind,
            parent: parent.map(String::from),
        };
        let comp = |id: &str| Competence {
            id: id.into(),
            name: format!("Comp {id}"),
            category: None,
            parent: None,
            esco_uri: None,
            description: None,
        };
        let mut buddy = activity("buddy-c2", LearningForm::BuddyTraining, "c2", 1, 10.0);
        buddy.mentor = Some(MentorKind::Buddy);
        buddy.mentor_hours = 10.0;
        buddy.fee = 0;
        Fx {
            org: Organisation {
                schema_version: SCHEMA_VERSION,
                name: "Fixture".into(),
                as_of: as_of(),
                framework: Framework {
                    id: "f".into(),
                    name: "F".into(),
                    scale: Scale { levels: (0..=5).map(|l| format!("l{l}")).collect() },
                    competences: vec![comp("c1"), comp("c2"), comp("c3"), comp("c4")],
                },
                units: vec![
                    unit("kommune", UnitKind::Municipality, None),
                    unit("dept", UnitKind::Department, Some("kommune")),
                    unit("team-a", UnitKind::Team, Some("dept")),
                ],
                roles: vec![
                    Role { id: "learner".into(), name: "Learner role".into(), requirements: vec![] },
                    Role {
                        id: "senior".into(),
                        name: "Senior role".into(),
                        requirements: vec![LevelRequirement { competence: "c3".into(), level: 3 }],
                    },
                ],
                employees: vec![
                    person("p", "learner", &[]),
                    person("x", "learner", &[("c1", 5), ("c2", 5), ("c3", 5), ("c4", 5)]),
                ],
                goals: vec![],
                feedback: vec![],
                plans: vec![],
            },
            catalog: Catalog {
                schema_version: SCHEMA_VERSION,
                activities: vec![
                    activity("course-c1", LearningForm::AmuCourse, "c1", 2, 20.0),
                    buddy,
                    activity("stretch-c4", LearningForm::StretchAssignment, "c4", 2, 5.0),
                    activity("course-c3", LearningForm::ExternalCourse, "c3", 2, 20.0),
                ],
            },
            policy: Policy::with_defaults("test"),
            evaluations: Evaluations { schema_version: SCHEMA_VERSION, records: vec![] },
        }
    }

    fn engine(&self) -> Engine {
        Engine::with_evaluations(
            self.org.clone(),
            self.catalog.clone(),
            self.policy.clone(),
            Some(self.evaluations.clone()),
        )
        .expect("valid fixture")
    }

    fn p(&mut self) -> &mut Employee {
        &mut self.org.employees[0]
    }

    fn goal(&mut self, competence: &str, level: u8, mandatory: bool, days: i64) {
        self.org.goals.push(StrategicGoal {
            id: format!("g-{competence}"),
            title: format!("Goal on {competence}"),
            priority: 1.0,
            deadline: day(days),
            scope: Scope::default(),
            requirements: vec![GoalRequirement {
                competence: competence.into(),
                level,
                weight: 1.0,
                mandatory,
                certification: false,
            }],
        });
    }

    fn completed(&mut self, activity: &str, applied: Option<Applied>, days_ago: i64) {
        self.evaluations.records.push(EvaluationRecord {
            employee: "p".into(),
            activity: activity.into(),
            completed_on: day(-days_ago),
            reaction: Some(4),
            competence: None,
            level_before: None,
            level_after: None,
            behaviour: applied.map(|applied| Behaviour { applied, weeks_after: 12 }),
            kpi_change: None,
            actual_cost: None,
        });
    }

    fn agreed(&mut self, activity: &str, status: ActivityStatus, buddy: Option<&str>) {
        let a = AgreedActivity {
            activity: activity.into(),
            status,
            session: None,
            buddy: buddy.map(String::from),
            completed_on: None,
        };
        match self.org.plans.iter_mut().find(|p| p.employee == "p") {
            Some(plan) => plan.activities.push(a),
            None => self.org.plans.push(DevelopmentPlan {
                employee: "p".into(),
                agreed_on: day(-30),
                goals: vec![],
                activities: vec![a],
            }),
        }
    }
}

fn ids(pack: &ReviewPack) -> Vec<&str> {
    pack.agenda.iter().map(|a| a.question_id.as_str()).collect()
}

#[test]
fn questions_follow_the_situation() {
    type Setup = fn(&mut Fx);
    // (situation, how to put "p" in it, a question it must bring, a question it must not).
    let table: &[(&str, Setup, &str, Option<&str>)] = &[
        ("nothing known", |_| {}, "no-needs-next", Some("mandatory-need")),
        (
            "mandatory goal requirement",
            |f| f.goal("c1", 2, true, 300),
            "mandatory-need",
            Some("no-needs-next"),
        ),
        ("strategic goal", |f| f.goal("c1", 2, false, 300), "goal-meaning", Some("mandatory-need")),
        (
            "role requirement",
            |f| {
                f.p().role = "senior".into();
            },
            "role-requirement",
            Some("career-target"),
        ),
        (
            // A role requirement is mandatory: asked once, through the role question.
            "role requirement asked once",
            |f| {
                f.p().role = "senior".into();
            },
            "role-requirement",
            Some("mandatory-need"),
        ),
        (
            "own wish",
            |f| f.p().wishes.push(Wish { competence: "c3".into(), level: 2 }),
            "own-wish",
            Some("career-target"),
        ),
        (
            "career target",
            |f| f.p().target_role = Some("senior".into()),
            "career-target",
            Some("role-requirement"),
        ),
        ("urgent deadline", |f| f.goal("c1", 2, false, 60), "urgent-need", None),
        ("far deadline", |f| f.goal("c1", 2, false, 400), "goal-meaning", Some("urgent-need")),
        (
            // Feedback raises a need but never sets one: here the need is an own wish, asked
            // about once, through the citizen-feedback question (before the wish in the bank).
            "citizen feedback",
            |f| {
                f.p().wishes.push(Wish { competence: "c1".into(), level: 2 });
                f.org.feedback.push(FeedbackSignal {
                    id: "fb1".into(),
                    kind: FeedbackKind::Complaint,
                    channel: FeedbackChannel::Survey,
                    unit: "team-a".into(),
                    competences: vec!["c1".into()],
                    strength: 0.5,
                    date: day(-10),
                    summary: "Slow answers".into(),
                });
            },
            "citizen-feedback",
            Some("own-wish"),
        ),
        (
            "plan goal",
            |f| {
                f.org.plans.push(DevelopmentPlan {
                    employee: "p".into(),
                    agreed_on: day(-100),
                    goals: vec![PlanGoal {
                        competence: "c1".into(),
                        level: 2,
                        due: day(200),
                        origin: PlanGoalOrigin::Joint,
                    }],
                    activities: vec![],
                })
            },
            "plan-goal-status",
            None,
        ),
        (
            "applied last year",
            |f| f.completed("course-c1", Some(Applied::Yes), 100),
            "transferred",
            Some("not-transferred"),
        ),
        (
            "partly applied",
            |f| f.completed("course-c1", Some(Applied::Partly), 100),
            "partly-transferred",
            None,
        ),
        (
            "not applied",
            |f| f.completed("course-c1", Some(Applied::No), 100),
            "not-transferred",
            Some("transferred"),
        ),
        ("overdue follow-up", |f| f.completed("course-c1", None, 200), "follow-up-overdue", None),
        (
            "follow-up not yet due",
            |f| f.completed("course-c1", None, 20),
            "not-followed-up",
            Some("follow-up-overdue"),
        ),
        (
            "completed long ago",
            |f| f.completed("course-c1", Some(Applied::No), 400),
            "no-needs-next",
            Some("not-transferred"),
        ),
        ("course proposed", |f| f.goal("c1", 2, true, 300), "course-apply", Some("buddy")),
        ("buddy proposed", |f| f.goal("c2", 1, true, 300), "buddy", Some("course-apply")),
        ("stretch proposed", |f| f.goal("c4", 2, true, 300), "stretch", None),
        (
            "agreed activity kept",
            |f| {
                f.goal("c1", 2, false, 300);
                f.agreed("course-c1", ActivityStatus::Planned, None);
            },
            "agreed-open",
            Some("agreed-dropped"),
        ),
        (
            "agreed activity no longer useful",
            |f| {
                f.goal("c3", 2, false, 300);
                f.agreed("course-c1", ActivityStatus::InProgress, None);
            },
            "agreed-dropped",
            None,
        ),
        (
            "workload near the cap",
            |f| {
                f.goal("c1", 2, true, 300);
                f.p().max_hours_away = 21.0;
            },
            "workload",
            None,
        ),
        (
            "nothing worth its cost",
            |f| {
                f.goal("c1", 2, false, 300);
                f.policy.choice.value_per_effect = 1;
            },
            "nothing-recommended",
            Some("course-apply"),
        ),
    ];
    for (name, setup, wanted, unwanted) in table {
        let mut fx = Fx::new();
        setup(&mut fx);
        let pack = fx.engine().review("p", None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = ids(&pack);
        assert!(got.contains(wanted), "{name}: expected {wanted} in {got:?}");
        if let Some(u) = unwanted {
            assert!(!got.contains(u), "{name}: did not expect {u} in {got:?}");
        }
        // Standing questions are always there, and every filled text is free of braces.
        assert!(got.contains(&"job-last-year"), "{name}");
        for item in &pack.agenda {
            for text in [&item.text.da, &item.text.en, &item.because.da, &item.because.en] {
                assert!(!text.is_empty() && !text.contains('{'), "{name}: {text}");
            }
        }
    }
}

#[test]
fn placeholders_are_filled_with_the_situation() {
    let mut fx = Fx::new();
    fx.goal("c2", 1, true, 300);
    fx.goal("c1", 2, false, 300);
    let pack = fx.engine().review("p", None).unwrap();
    let buddy = pack.agenda.iter().find(|a| a.question_id == "buddy").expect("buddy question");
    assert!(buddy.text.en.contains("Name of x") && buddy.text.en.contains("Comp c2"), "{}", buddy.text.en);
    assert!(buddy.text.da.contains("Name of x"), "{}", buddy.text.da);
    let goal = pack.agenda.iter().find(|a| a.question_id == "goal-meaning").unwrap();
    assert!(goal.text.da.contains("Goal on c1"));
    // c2's mandatory goal is asked about once, by the mandatory question, which names the goal.
    let c2 = pack.agenda.iter().find(|a| a.competence.as_deref() == Some("c2")).unwrap();
    assert_eq!(c2.question_id, "mandatory-need");
    assert!(c2.because.en.contains("Goal on c2"), "{}", c2.because.en);
    // The buddy appears by name only: never by id, and the buddy's levels are nowhere.
    let json = serde_json::to_string(&pack).unwrap();
    assert!(!json.contains("\"x\""), "{json}");
}

#[test]
fn a_replaced_bank_changes_the_agenda_and_an_invalid_one_is_refused() {
    let mut fx = Fx::new();
    fx.goal("c1", 2, true, 300);
    let engine = fx.engine();
    let bank = QuestionBank::from_json(
        r#"{"schema_version": 1, "name": "Vej og Park", "questions": [
            {"id": "safety", "when": "always", "text": {"da": "Er arbejdet sikkert?", "en": "Is the work safe?"}},
            {"id": "must", "when": "has_mandatory_need", "text": {"da": "Krav: {competence}", "en": "Required: {competence}"}}
        ]}"#,
    )
    .unwrap();
    let pack = engine.review("p", Some(&bank)).unwrap();
    assert_eq!(ids(&pack), ["safety", "must"]);
    assert_eq!(pack.agenda[1].text.en, "Required: Comp c1");
    assert_eq!(pack.question_bank, "Vej og Park");
    let default = engine.review("p", None).unwrap();
    assert_ne!(ids(&default), ids(&pack));

    let mut bad = bank.clone();
    bad.questions[1].text.en = "Required: {activity}".into();
    bad.questions.push(bad.questions[0].clone());
    let err = engine.review("p", Some(&bad)).unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::Validation);
    let paths: Vec<&str> = err.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["questions[1].text.en", "questions[2].id"]);
}

#[test]
fn the_draft_keeps_agreed_activities_and_proposes_the_rest() {
    let mut fx = Fx::new();
    fx.goal("c1", 2, true, 300);
    fx.goal("c2", 1, true, 300);
    fx.agreed("course-c1", ActivityStatus::InProgress, None);
    let pack = fx.engine().review("p", None).unwrap();
    let acts = &pack.draft_idp.activities;
    assert_eq!(acts[0].activity, "course-c1");
    assert!(acts[0].agreed && acts[0].status == DraftStatus::InProgress);
    // The agreed course closes c1, so it is not proposed again; c2 gets the buddy.
    assert_eq!(acts.iter().filter(|a| a.activity == "course-c1").count(), 1);
    let buddy = acts.iter().find(|a| a.activity == "buddy-c2").expect("buddy training proposed");
    assert!(!buddy.agreed && buddy.status == DraftStatus::Proposed);
    assert_eq!(buddy.buddy.as_deref(), Some("Name of x"));
    assert!(!buddy.why.da.is_empty() && !buddy.why.en.is_empty());
    assert_eq!(pack.draft_idp.goals.len(), 2);
    assert!(pack.draft_idp.goals.iter().all(|g| !g.origins.is_empty()));
}

/// An open need beyond the agreed activities, with nothing new that develops it: the draft says
/// nothing new can be taken, not that nothing new is worth its cost.
#[test]
fn the_draft_does_not_call_an_impossible_path_too_expensive() {
    let mut fx = Fx::new();
    fx.goal("c1", 4, true, 300);
    fx.agreed("course-c1", ActivityStatus::Planned, None);
    let pack = fx.engine().review("p", None).unwrap();
    assert!(pack.draft_idp.activities.iter().all(|a| a.agreed), "{:?}", pack.draft_idp.activities);
    let summary = &pack.draft_idp.summary;
    assert!(summary.en.contains("no new activity can be taken"), "{}", summary.en);
    assert!(summary.da.contains("kan ingen ny aktivitet tages"), "{}", summary.da);
    assert!(!summary.en.contains("worth its cost"), "{}", summary.en);
}

#[test]
fn markdown_has_every_section_in_both_languages() {
    let mut fx = Fx::new();
    fx.goal("c1", 2, true, 300);
    fx.completed("course-c3", Some(Applied::Yes), 50);
    let pack = fx.engine().review("p", None).unwrap();
    let da = pack.to_markdown(Lang::Da);
    let en = pack.to_markdown(Lang::En);
    for h in ["## Dagsorden", "## Behov", "## Sidste års læring", "## Udkast til udviklingsplan", "### Mål"]
    {
        assert!(da.contains(h), "{h}\n{da}");
    }
    for h in
        ["## Agenda", "## Needs", "## Last year's learning", "## Draft development plan", "### Activities"]
    {
        assert!(en.contains(h), "{h}\n{en}");
    }
    assert!(en.contains("Title course-c3") && en.contains("| yes |"), "{en}");
}

#[test]
fn replan_adds_the_acute_need_and_keeps_what_is_agreed() {
    let mut fx = Fx::new();
    fx.goal("c1", 2, false, 300);
    fx.agreed("course-c1", ActivityStatus::Planned, None);
    let engine = fx.engine();
    let change = AcuteChange {
        need: Some(AcuteNeed {
            competence: "c2".into(),
            level: 1,
            deadline: day(60),
            reason: Some("New dementia unit".into()),
        }),
        evaluations: vec![],
    };
    let r = engine.replan("p", change).unwrap();
    let need = r.needs.iter().find(|n| n.competence == "c2").expect("acute need");
    assert_eq!(need.deadline, day(60));
    assert_eq!(need.target, 1);
    assert!(r.after.activities.iter().any(|a| a.agreed && a.activity == "course-c1"));
    let kinds: Vec<ChangeKind> = r.changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds[0], ChangeKind::NeedAdded);
    assert!(kinds.contains(&ChangeKind::Kept));
    assert!(
        r.changes.iter().any(|c| c.kind == ChangeKind::Added && c.activity.as_deref() == Some("buddy-c2"))
    );
    assert!(r.changes[0].text.en.contains("New dementia unit"));
    let md = r.to_markdown(Lang::Da);
    assert!(md.contains("## Ændringer") && md.contains("Akut behov"), "{md}");

    // Bad arguments are typed errors with paths.
    let bad = |need: AcuteNeed| engine.replan("p", AcuteChange { need: Some(need), evaluations: vec![] });
    let err =
        bad(AcuteNeed { competence: "nope".into(), level: 1, deadline: day(9), reason: None }).unwrap_err();
    assert_eq!((err.kind(), err.path()), (crate::ErrorKind::InvalidArgument, "need.competence"));
    let err =
        bad(AcuteNeed { competence: "c2".into(), level: 9, deadline: day(9), reason: None }).unwrap_err();
    assert_eq!(err.path(), "need.level");
    let err =
        bad(AcuteNeed { competence: "c2".into(), level: 1, deadline: day(-9), reason: None }).unwrap_err();
    assert_eq!(err.path(), "need.deadline");
    assert_eq!(
        engine.replan("nobody", AcuteChange::default()).unwrap_err().kind(),
        crate::ErrorKind::NotFound
    );
}

#[test]
fn an_acute_deadline_can_make_an_agreed_activity_infeasible() {
    let mut fx = Fx::new();
    // The agreed course runs in a session ending in 50 days; the need it serves gets an acute
    // deadline in 20 days, so the course would end too late and is dropped with that reason.
    fx.catalog.activities[0].sessions =
        vec![Session { id: "s1".into(), start: day(40), end: day(50), seats: 10, booked: 10 }];
    fx.agreed("course-c1", ActivityStatus::Planned, None);
    fx.org.plans[0].activities[0].session = Some("s1".into());
    fx.goal("c1", 2, false, 300);
    let engine = fx.engine();
    let before = engine.review("p", None).unwrap();
    assert!(
        before.draft_idp.activities.iter().any(|a| a.agreed && a.activity == "course-c1"),
        "a full session booked by the person is kept"
    );
    let r = engine
        .replan(
            "p",
            AcuteChange {
                need: Some(AcuteNeed { competence: "c1".into(), level: 2, deadline: day(20), reason: None }),
                evaluations: vec![],
            },
        )
        .unwrap();
    let dropped = r.changes.iter().find(|c| c.kind == ChangeKind::Dropped).expect("dropped");
    assert_eq!(dropped.activity.as_deref(), Some("course-c1"));
    assert!(dropped.text.en.contains("Can no longer go ahead"), "{}", dropped.text.en);
    assert!(r.after.dropped.iter().any(|d| d.activity == "course-c1"));
}

#[test]
fn evaluation_records_in_a_replan_are_validated() {
    let fx = Fx::new();
    let engine = fx.engine();
    let mut record = EvaluationRecord {
        employee: "p".into(),
        activity: "no-such-activity".into(),
        completed_on: day(-10),
        reaction: Some(4),
        competence: None,
        level_before: None,
        level_after: None,
        behaviour: None,
        kpi_change: None,
        actual_cost: None,
    };
    let err = engine.replan("p", AcuteChange { need: None, evaluations: vec![record.clone()] }).unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::Validation);
    assert!(err.problems()[0].path.contains("activity"), "{err}");
    record.activity = "course-c1".into();
    let r = engine.replan("p", AcuteChange { need: None, evaluations: vec![record] }).unwrap();
    assert_eq!(r.changes[0].kind, ChangeKind::EvidenceAdded);
}

#[test]
fn an_acute_change_from_json_names_need_when_malformed_or_missing() {
    use super::AcuteChange;
    let need = r#"{"competence":"c","level":3,"deadline":"2027-02-01","reason":"Ny lov"}"#;
    let change = AcuteChange::from_json(Some(need), None).unwrap();
    assert_eq!(change.need.as_ref().map(|n| n.level), Some(3));
    assert!(change.evaluations.is_empty());
    // Each malformed need names the field where reading stopped.
    for (bad, path) in [
        (r#"{"competence":"c","level":3,"deadline":"2027-02-01","x":1}"#, "need.x"),
        (r#"{"competence":"c","level":3,"deadline":"2027-13-01"}"#, "need.deadline"),
        (r#"{"competence":"c","level":"three","deadline":"2027-02-01"}"#, "need.level"),
        (r#"{"competence":"c","level":3}"#, "need"),
        (r#"{"competence":"c","level":3,"deadline":"2027-02-01"} x"#, "need"),
        ("c=3@2027-02-01", "need"),
        // A JSON array is not read as the fields in order (serde would): a need is an object.
        (r#"["c",3,"2027-02-01"]"#, "need"),
        ("[1,2,3]", "need"),
    ] {
        let e = AcuteChange::from_json(Some(bad), None).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
        assert_eq!(e.problems()[0].path, path, "{bad}");
        assert!(e.problems()[0].message.starts_with("not an acute need: "), "{e}");
    }
    // No change at all: neither part, or an evaluations document without records.
    for evaluations in [None, Some(r#"{"schema_version":1,"records":[]}"#)] {
        let e = AcuteChange::from_json(None, evaluations).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidArgument);
        assert_eq!(e.problems()[0].path, "need");
    }
}

#[test]
fn a_default_deadline_is_shown_as_the_policys_horizon_not_as_a_set_date() {
    let mut fx = Fx::new();
    fx.p().role = "senior".into(); // c3 from the role: no date of its own
    fx.p().levels.insert("c3".into(), 1); // so course-c3 closes it
    fx.goal("c1", 2, true, 300); // c1 from a goal: a date someone set
    let engine = fx.engine();
    let horizon = as_of().plus_days(fx.policy.urgency.default_deadline_days);
    let (mark_en, mark_da) = (
        format!("{horizon} (the policy's default horizon)"),
        format!("{horizon} (politikkens standardhorisont)"),
    );

    let needs = engine.needs("p").unwrap();
    let need = |c: &str| needs.iter().find(|n| n.competence == c).expect("need");
    assert!(need("c3").deadline_is_default && need("c3").deadline == horizon);
    assert!(!need("c1").deadline_is_default && need("c1").deadline == day(300));
    assert_eq!(need("c3").deadline_text().en, mark_en);
    assert_eq!(need("c1").deadline_text().en, day(300).to_string());

    // The explanation of the step toward c3 says the deadline is the default; the one toward c1
    // does not.
    let rec = engine.recommend("p").unwrap();
    let step_for = |c: &str| {
        let s = rec.chosen.steps.iter().find(|s| s.gains.iter().any(|g| g.competence == c));
        let s = s.unwrap_or_else(|| panic!("{c}: {:?}", rec.summary_text()));
        s.explanation_text().expect("explained")
    };
    let (c3, c1) = (step_for("c3"), step_for("c1"));
    assert!(c3.en.contains(&mark_en), "{}", c3.en);
    assert!(c3.da.contains(&mark_da), "{}", c3.da);
    assert!(!c1.en.contains("default horizon") && !c1.da.contains("standardhorisont"), "{}", c1.en);

    // The review pack: needs, draft goals, agenda and Markdown.
    let pack = engine.review("p", None).unwrap();
    let summary = pack.needs.iter().find(|n| n.competence == "c3").unwrap();
    assert!(summary.deadline_is_default);
    assert!(!pack.needs.iter().find(|n| n.competence == "c1").unwrap().deadline_is_default);
    assert!(pack.draft_idp.goals.iter().find(|g| g.competence == "c3").unwrap().due_is_default);
    let asked: Vec<&AgendaItem> = pack
        .agenda
        .iter()
        .filter(|a| a.text.en.contains("Comp c3") || a.because.en.contains("Comp c3"))
        .collect();
    assert!(!asked.is_empty());
    for a in asked {
        for text in [&a.text.en, &a.because.en] {
            if text.contains(&horizon.to_string()) {
                assert!(text.contains(&mark_en), "{text}");
            }
        }
        for text in [&a.text.da, &a.because.da] {
            if text.contains(&horizon.to_string()) {
                assert!(text.contains(&mark_da), "{text}");
            }
        }
    }
    let (en, da) = (pack.to_markdown(Lang::En), pack.to_markdown(Lang::Da));
    assert!(en.contains(&mark_en), "{en}");
    assert!(da.contains(&mark_da), "{da}");
    assert!(!en.contains(&format!("{} (the policy", day(300))), "{en}");
    let json = serde_json::to_value(&pack).unwrap();
    assert_eq!(json["needs"].as_array().unwrap().len(), 2);
    assert!(json["needs"].as_array().unwrap().iter().any(|n| n["deadline_is_default"] == true));
}
