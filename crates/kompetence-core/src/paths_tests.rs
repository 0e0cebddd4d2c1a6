//! Unit tests of the path search on small hand-built fixtures.

use crate::Engine;
use crate::model::*;
use crate::recommend::{ChoiceRule, LearningPath, Recommendation, RejectReason};

fn day(offset: i64) -> Date {
    as_of().plus_days(offset)
}

fn as_of() -> Date {
    Date::new(2027, 1, 4).expect("valid date")
}

/// A compact fixture: one learner "p" in team-a, goals that apply to the learner's role only,
/// weights and factors set to 1 so effects are plain level counts unless a test changes them.
struct Fx {
    org: Organisation,
    catalog: Catalog,
    policy: Policy,
}

fn person(id: &str, unit: &str, role: &str, levels: &[(&str, u8)]) -> Employee {
    Employee {
        id: id.into(),
        name: Some(format!("Name of {id}")),
        unit: unit.into(),
        role: role.into(),
        levels: levels.iter().map(|(c, l)| (c.to_string(), *l)).collect(),
        assessment: None,
        preferences: Default::default(),
        languages: vec![],
        max_hours_away: 100.0,
        wage_cost_per_hour: 300,
        education: Education::Vocational,
        wishes: vec![],
        target_role: None,
        buddy_history: vec![],
        max_mentees: None,
    }
}

impl Fx {
    fn new() -> Fx {
        let unit = |id: &str, kind, parent: Option<&str>| Unit {
            id: id.into(),
            name: id.into(),
            kind,
            parent: parent.map(String::from),
        };
        let comp = |id: &str| Competence {
            id: id.into(),
            name: format!("{id} name"),
            category: None,
            parent: None,
            esco_uri: None,
            description: None,
        };
        let mut policy = Policy::with_defaults("test");
        policy.urgency.max_boost = 0.0;
        policy.preferences.neutral = 1.0;
        Fx {
            org: Organisation {
                schema_version: SCHEMA_VERSION,
                name: "Fixture".into(),
                as_of: as_of(),
                framework: Framework {
                    id: "f".into(),
                    name: "F".into(),
                    scale: Scale { levels: (0..=5).map(|l| format!("l{l}")).collect() },
                    competences: vec![comp("c1"), comp("c2"), comp("c3")],
                },
                units: vec![
                    unit("kommune", UnitKind::Municipality, None),
                    unit("dept", UnitKind::Department, Some("kommune")),
                    unit("team-a", UnitKind::Team, Some("dept")),
                    unit("team-b", UnitKind::Team, Some("dept")),
                ],
                roles: vec![
                    Role { id: "learner".into(), name: "Learner".into(), requirements: vec![] },
                    Role { id: "colleague".into(), name: "Colleague".into(), requirements: vec![] },
                ],
                employees: vec![person("p", "team-a", "learner", &[])],
                goals: vec![],
                feedback: vec![],
                plans: vec![],
            },
            catalog: Catalog { schema_version: SCHEMA_VERSION, activities: vec![] },
            policy,
        }
    }

    /// A goal requirement for the learner role: competence to `level` by `deadline` days.
    fn need(mut self, competence: &str, level: u8, deadline: i64, mandatory: bool) -> Fx {
        let n = self.org.goals.len();
        self.org.goals.push(StrategicGoal {
            id: format!("g{n}"),
            title: format!("Goal {n}"),
            priority: 1.0,
            deadline: day(deadline),
            scope: Scope { units: vec![], roles: vec!["learner".into()] },
            requirements: vec![GoalRequirement {
                competence: competence.into(),
                level,
                weight: 1.0,
                mandatory,
                certification: false,
            }],
        });
        self
    }

    fn act(mut self, id: &str, devs: &[(&str, u8, u8, u8)], fee: i64, hours: f64) -> Fx {
        self.catalog.activities.push(LearningActivity {
            id: id.into(),
            title: format!("Title {id}"),
            form: LearningForm::ExternalCourse,
            provider: "x".into(),
            language: "da".into(),
            develops: devs
                .iter()
                .map(|&(c, gain, entry_level, ceiling)| Development {
                    competence: c.into(),
                    gain,
                    entry_level,
                    ceiling,
                })
                .collect(),
            fee,
            hours_away: hours,
            mentor: None,
            mentor_hours: 0.0,
            sessions: vec![],
            duration_weeks: 1,
            // Beta(1, 1e-16): transfer = 1.0 in f64 (validation rejects beta = 0) keeps the expected figures simple.
            transfer: TransferPrior { alpha: 1.0, beta: 1e-16 },
            group: None,
            certifies: false,
        });
        self
    }

    fn last(&mut self) -> &mut LearningActivity {
        self.catalog.activities.last_mut().expect("an activity")
    }

    fn learner(&mut self) -> &mut Employee {
        &mut self.org.employees[0]
    }

    fn colleague(mut self, id: &str, unit: &str, levels: &[(&str, u8)]) -> Fx {
        self.org.employees.push(person(id, unit, "colleague", levels));
        self
    }

    /// A development plan for `employee` agreeing `activity` (no session) with `status`.
    fn agreed(mut self, employee: &str, activity: &str, status: ActivityStatus, buddy: Option<&str>) -> Fx {
        self.org.plans.push(DevelopmentPlan {
            employee: employee.into(),
            agreed_on: as_of(),
            goals: vec![],
            activities: vec![AgreedActivity {
                activity: activity.into(),
                status,
                session: None,
                buddy: buddy.map(String::from),
                completed_on: None,
            }],
        });
        self
    }

    fn run(self) -> Recommendation {
        let engine = Engine::new(self.org, self.catalog, self.policy).expect("valid fixture");
        engine.recommend("p").expect("recommendation")
    }
}

fn ids(path: &LearningPath) -> Vec<&str> {
    path.activity_ids()
}

fn frontier_ids(r: &Recommendation) -> Vec<Vec<&str>> {
    r.frontier.iter().map(|p| p.activity_ids()).collect()
}

fn reason<'a>(r: &'a Recommendation, activity: &str) -> &'a RejectReason {
    &r.rejected
        .iter()
        .find(|x| x.activity == activity)
        .unwrap_or_else(|| panic!("{activity} rejected"))
        .reason
}

#[test]
fn entry_levels_count_in_order() {
    let r = Fx::new()
        .need("c1", 4, 60, false)
        .act("a", &[("c1", 2, 0, 2)], 0, 1.0)
        .act("b", &[("c1", 2, 2, 4)], 0, 1.0)
        .run();
    // b needs level 2 first: only a → b works, never b alone or b → a.
    assert_eq!(ids(&r.chosen), ["a", "b"]);
    assert_eq!(r.chosen.steps[1].gains[0].from, 2);
    assert_eq!(r.chosen.steps[1].gains[0].to, 4);
    for f in frontier_ids(&r) {
        assert_ne!(f.first(), Some(&"b"), "b cannot come first: {f:?}");
    }
    // Steps run one after the other.
    assert!(r.chosen.steps[1].start > r.chosen.steps[0].end);
}

#[test]
fn zones_stretch_supervised_alarm() {
    let mut fx = Fx::new()
        .need("c1", 3, 60, false)
        .need("c2", 4, 60, false)
        .need("c3", 2, 60, false)
        .act("jump3", &[("c1", 3, 0, 5)], 0, 1.0)
        .act("jump4", &[("c2", 4, 0, 5)], 0, 1.0)
        .act("jump2", &[("c3", 3, 0, 5)], 0, 1.0);
    fx.policy.choice.value_per_effect = 100_000;
    let r = fx.run();
    let steps: Vec<_> =
        r.chosen.steps.iter().map(|s| (s.activity.as_str(), s.supervised, s.supervision_cost)).collect();
    // Gain 3 towards target 2 is a jump of 2: stretch zone, no supervision.
    assert!(steps.contains(&("jump2", false, 0)), "{steps:?}");
    // A jump of 3 is allowed with 8 h × 450 kr. of supervision.
    assert!(steps.contains(&("jump3", true, 3600)), "{steps:?}");
    let s3 = r.chosen.steps.iter().find(|s| s.activity == "jump3").expect("jump3");
    assert_eq!(s3.net_cost, 300 + 3600);
    assert!(s3.explanation_text().expect("explained").en.contains("supervision"));
    // A jump of 4 is the alarm zone: never in any path, and rejected with that reason.
    assert!(r.frontier.iter().all(|p| !p.activity_ids().contains(&"jump4")));
    assert_eq!(reason(&r, "jump4"), &RejectReason::AlarmZone { competence: "c2".into(), jump: 4 });
    let text = r.rejected.iter().find(|x| x.activity == "jump4").expect("jump4").reason_text();
    assert!(text.en.contains("alarm zone") && text.da.contains("alarmzonen"), "{text:?}");
}

#[test]
fn sessions_seats_and_deadlines() {
    let session = |id: &str, start: i64, end: i64, seats: u32, booked: u32| Session {
        id: id.into(),
        start: day(start),
        end: day(end),
        seats,
        booked,
    };
    let mut fx = Fx::new().need("c1", 1, 60, false).need("c2", 1, 60, false).need("c3", 1, 60, false);
    fx = fx.act("full", &[("c1", 1, 0, 5)], 0, 1.0);
    fx.last().sessions = vec![session("s1", 10, 12, 10, 10)];
    fx = fx.act("late", &[("c2", 1, 0, 5)], 0, 1.0);
    fx.last().sessions = vec![session("s1", 50, 70, 10, 0), session("past", -10, 5, 10, 0)];
    fx = fx.act("ok", &[("c3", 1, 0, 5)], 0, 1.0);
    fx.last().sessions =
        vec![session("later", 30, 31, 10, 0), session("sooner", 20, 21, 10, 9), session("none", 5, 6, 1, 1)];
    let r = fx.run();
    assert_eq!(reason(&r, "full"), &RejectReason::NoFreeSeat);
    assert_eq!(reason(&r, "late"), &RejectReason::TooLate);
    assert_eq!(ids(&r.chosen), ["ok"]);
    let s = &r.chosen.steps[0];
    assert_eq!(s.session.as_deref(), Some("sooner"), "earliest ending session with a free seat");
    assert_eq!((s.start, s.end), (day(20), day(21)));
    assert_eq!(s.gains[0].days_before_deadline, 39);
}

#[test]
fn late_gain_counts_zero_but_on_time_gain_counts() {
    // One step raising two needs: one due before it ends (late, factor 0), one later.
    let mut fx = Fx::new().need("c1", 1, 3, false).need("c2", 1, 60, false);
    fx = fx.act("both", &[("c1", 1, 0, 5), ("c2", 1, 0, 5)], 0, 1.0);
    let r = fx.run();
    let s = &r.chosen.steps[0];
    let c1 = s.gains.iter().find(|g| g.competence == "c1").expect("c1");
    assert_eq!(c1.timing_factor, 0.0);
    assert_eq!(c1.effect, 0.0);
    assert!((s.effect - 1.0).abs() < 1e-12, "only c2 counts: {}", s.effect);
}

#[test]
fn timing_factor_decays_before_the_window() {
    // The only session ends on day 6, 90 + 180 days before the deadline: half the effect.
    let session = |end: i64| Session { id: "s1".into(), start: day(0), end: day(end), seats: 10, booked: 0 };
    let mut fx = Fx::new().need("c1", 1, 6 + 90 + 180, false).act("a", &[("c1", 1, 0, 5)], 0, 1.0);
    fx.last().sessions = vec![session(6)];
    let r = fx.run();
    let g = &r.chosen.steps[0].gains[0];
    assert_eq!(g.days_before_deadline, 270);
    assert!((g.timing_factor - 0.5).abs() < 1e-12, "{}", g.timing_factor);
    assert!((r.chosen.effect - 0.5).abs() < 1e-12);
    let mut fx = Fx::new().need("c1", 1, 6 + 90, false).act("a", &[("c1", 1, 0, 5)], 0, 1.0);
    fx.last().sessions = vec![session(6)];
    assert_eq!(fx.run().chosen.steps[0].gains[0].timing_factor, 1.0);
}

#[test]
fn an_on_demand_step_is_timed_to_end_shortly_before_its_deadline() {
    // D12: a one-week on-demand step for a need due on day 400 runs days 304–310, ending 90 days
    // (the window) before the deadline, instead of starting on day 0 and decaying.
    let r = Fx::new().need("c1", 1, 400, false).act("a", &[("c1", 1, 0, 5)], 0, 1.0).run();
    let s = &r.chosen.steps[0];
    assert_eq!((s.start, s.end), (day(304), day(310)));
    assert_eq!(s.gains[0].days_before_deadline, 90);
    assert_eq!(s.gains[0].timing_factor, 1.0);
    assert!(!s.gains[0].deadline_is_default);
    // A deadline inside the window: as soon as possible.
    let r = Fx::new().need("c1", 1, 40, false).act("a", &[("c1", 1, 0, 5)], 0, 1.0).run();
    assert_eq!(r.chosen.steps[0].start, day(0));
}

#[test]
fn the_more_urgent_need_goes_first_and_the_later_one_is_learned_just_in_time() {
    // Two on-demand steps, needs due on days 50 and 400: the urgent one at once, the other timed
    // for its own deadline, both at full effect.
    let fx = Fx::new()
        .need("c1", 1, 400, false)
        .need("c2", 1, 50, false)
        .act("later", &[("c1", 1, 0, 5)], 0, 1.0)
        .act("urgent", &[("c2", 1, 0, 5)], 0, 1.0);
    let r = fx.run();
    assert_eq!(ids(&r.chosen), ["urgent", "later"]);
    assert_eq!(r.chosen.steps[0].start, day(0));
    assert_eq!(r.chosen.steps[1].end, day(310));
    assert!((r.chosen.effect - 2.0).abs() < 1e-12, "{}", r.chosen.effect);
}

#[test]
fn a_need_without_a_date_is_needed_now_and_does_not_decay() {
    // A role requirement has no date of its own (the policy's default horizon, a year): the
    // step starts at once and counts in full, although it ends long before the horizon.
    let mut fx = Fx::new().act("a", &[("c1", 1, 0, 5)], 0, 1.0);
    fx.org.roles[0].requirements.push(LevelRequirement { competence: "c1".into(), level: 1 });
    let r = fx.run();
    assert!(r.needs[0].deadline_is_default);
    let s = &r.chosen.steps[0];
    assert_eq!(s.start, day(0));
    assert!(s.gains[0].days_before_deadline > 300);
    assert_eq!(s.gains[0].timing_factor, 1.0);
    assert!(s.gains[0].deadline_is_default, "the gain says its deadline is the default horizon");
}

#[test]
fn an_agreed_on_demand_activity_keeps_its_dates() {
    // Agreed in the plan for a need due on day 400: it runs from the planning date as agreed,
    // not timed for the deadline (re-planning never moves what is agreed), and a new step for
    // another dated need is timed around it.
    let fx = Fx::new()
        .need("c1", 1, 400, false)
        .need("c2", 1, 400, false)
        .act("agreed", &[("c1", 1, 0, 5)], 0, 1.0)
        .act("new", &[("c2", 1, 0, 5)], 0, 1.0)
        .agreed("p", "agreed", ActivityStatus::Planned, None);
    let r = fx.run();
    let kept = &r.agreed.as_ref().expect("agreed").kept[0];
    assert_eq!((kept.start, kept.end), (day(0), day(6)));
    assert_eq!(ids(&r.chosen), ["new"]);
    assert_eq!((r.chosen.steps[0].start, r.chosen.steps[0].end), (day(304), day(310)));
}

#[test]
fn sessions_are_chosen_for_the_deadline() {
    // Due on day 200, window 90: the first session ending in days 110–200 is taken over earlier
    // ones; with none there, the last one ending before the window (the least decay).
    let session = |id: &str, start: i64, end: i64| Session {
        id: id.into(),
        start: day(start),
        end: day(end),
        seats: 10,
        booked: 0,
    };
    let run = |sessions: Vec<Session>| {
        let mut fx = Fx::new().need("c1", 1, 200, false).act("a", &[("c1", 1, 0, 5)], 0, 1.0);
        fx.last().sessions = sessions;
        fx.run().chosen.steps.first().and_then(|s| s.session.clone())
    };
    let early = || session("early", 10, 11);
    let mid = || session("mid", 60, 61);
    assert_eq!(
        run(vec![early(), mid(), session("in", 150, 151), session("in2", 160, 161)]).as_deref(),
        Some("in")
    );
    assert_eq!(run(vec![early(), mid(), session("late", 250, 251)]).as_deref(), Some("mid"));
    assert_eq!(run(vec![session("late", 250, 251), session("later", 260, 261)]), None);
}

#[test]
fn preference_factor_scales_effect() {
    let mut fx = Fx::new().need("c1", 2, 60, false).act("course", &[("c1", 2, 0, 5)], 0, 1.0);
    fx.learner().preferences.insert(FormFamily::Course, Preference::Avoids);
    let r = fx.run();
    let s = &r.chosen.steps[0];
    assert_eq!(s.preference_factor, 0.6);
    assert!((s.effect - 2.0 * 0.6).abs() < 1e-12);
    assert!(s.explanation_text().expect("explained").en.contains("avoid"));
}

#[test]
fn buddy_qualification_and_rotation() {
    let build = |with_good: bool| {
        let mut fx = Fx::new()
            .need("c1", 3, 60, false)
            .colleague("low", "team-a", &[("c1", 3)]) // 3 < 3 + margin 1
            .colleague("rotated", "team-a", &[("c1", 5)]) // two periods already
            .colleague("elsewhere", "team-b", &[("c1", 5)]); // other unit
        if with_good {
            fx = fx.colleague("good", "team-a", &[("c1", 4)]);
            fx.org.employees.last_mut().expect("good").wage_cost_per_hour = 400;
        }
        fx.learner().buddy_history = vec![BuddyPeriod { buddy: "rotated".into(), periods: 2 }];
        fx.learner().levels.insert("c1".into(), 1);
        fx = fx.act("buddy", &[("c1", 2, 0, 5)], 0, 10.0);
        fx.last().form = LearningForm::BuddyTraining;
        fx.last().mentor = Some(MentorKind::Buddy);
        fx.last().mentor_hours = 5.0;
        fx.run()
    };
    let r = build(true);
    let s = &r.chosen.steps[0];
    let b = s.buddy.as_ref().expect("a buddy");
    assert_eq!(b.employee, "good");
    assert_eq!(s.mentor_cost, 5 * 400);
    assert_eq!(s.net_cost, 10 * 300 + 5 * 400);
    let text = &s.explanation_text().expect("explained");
    assert!(text.en.contains("Name of good") && text.da.contains("Name of good"));
    let r = build(false);
    assert!(r.chosen.steps.is_empty());
    assert_eq!(reason(&r, "buddy"), &RejectReason::NoBuddy);
}

#[test]
fn buddy_capacity_counts_agreed_mentees() {
    let mut fx = Fx::new().need("c1", 2, 60, false).colleague("busy", "team-a", &[("c1", 5)]).colleague(
        "mentee",
        "team-a",
        &[],
    );
    fx.org.employees[1].max_mentees = Some(1);
    fx = fx.act("buddy", &[("c1", 2, 0, 5)], 0, 1.0);
    fx.last().mentor = Some(MentorKind::Buddy);
    fx.last().mentor_hours = 8.0;
    // "busy" already trains "mentee" (agreed, in progress): their one mentee slot is taken.
    let r = fx.agreed("mentee", "buddy", ActivityStatus::InProgress, Some("busy")).run();
    assert_eq!(reason(&r, "buddy"), &RejectReason::NoBuddy);
}

#[test]
fn funding_is_capped_over_the_path() {
    let mut fx = Fx::new()
        .need("c1", 1, 60, false)
        .need("c2", 1, 60, false)
        .act("a", &[("c1", 1, 0, 5)], 1000, 0.0)
        .act("b", &[("c2", 1, 0, 5)], 1000, 0.0);
    fx.policy.funding.push(FundingSource {
        id: "fund".into(),
        name: "The Fund".into(),
        covers: FundingCovers::Fees,
        share: 0.8,
        rate_per_hour: 0,
        cap_per_person: Some(1000),
        forms: vec![],
        education: vec![Education::Vocational],
    });
    fx.policy.choice.value_per_effect = 100_000;
    let r = fx.run();
    assert_eq!(ids(&r.chosen), ["a", "b"]);
    let paid: Vec<i64> = r.chosen.steps.iter().map(|s| s.funding.iter().map(|f| f.amount).sum()).collect();
    assert_eq!(paid, [800, 200]);
    assert_eq!(r.chosen.funding.len(), 1);
    assert_eq!(r.chosen.funding[0].amount, 1000);
    assert_eq!(r.chosen.net_cost, 2000 - 1000);
    assert_eq!(r.chosen.gross_cost, 2000);
}

#[test]
fn funding_respects_education() {
    let mut fx = Fx::new().need("c1", 1, 60, false).act("a", &[("c1", 1, 0, 5)], 1000, 0.0);
    fx.policy.funding.push(FundingSource {
        id: "fund".into(),
        name: "The Fund".into(),
        covers: FundingCovers::Fees,
        share: 0.8,
        rate_per_hour: 0,
        cap_per_person: None,
        forms: vec![],
        education: vec![Education::Unskilled],
    });
    let r = fx.run();
    assert!(r.chosen.steps[0].funding.is_empty());
    assert_eq!(r.chosen.net_cost, 1000);
}

#[test]
fn hours_cap_and_budget_make_paths_infeasible() {
    let mut fx = Fx::new()
        .need("c1", 1, 60, false)
        .need("c2", 1, 60, false)
        .act("long", &[("c1", 1, 0, 5)], 0, 150.0)
        .act("dear", &[("c2", 1, 0, 5)], 9000, 0.0);
    fx.policy.budget.per_person = Some(5000);
    let r = fx.run();
    assert!(matches!(reason(&r, "long"), RejectReason::HoursCap { .. }));
    assert_eq!(
        reason(&r, "dear"),
        &RejectReason::Budget { net_cost: 9000, per_person: 5000, agreed_cost: 0 }
    );
    assert_eq!(r.frontier.len(), 1);
}

#[test]
fn language_screens_candidates() {
    let mut fx = Fx::new().need("c1", 1, 60, false).act("en", &[("c1", 1, 0, 5)], 0, 1.0);
    fx.last().language = "en".into();
    let r = fx.run();
    assert_eq!(reason(&r, "en"), &RejectReason::Language { language: "en".into() });
    let mut fx = Fx::new().need("c1", 1, 60, false).act("en", &[("c1", 1, 0, 5)], 0, 1.0);
    fx.last().language = "en".into();
    fx.learner().languages = vec!["da".into(), "en".into()];
    assert_eq!(ids(&fx.run().chosen), ["en"]);
}

#[test]
fn mandatory_needs_are_closed_first() {
    // Value per effect is tiny: on value alone the empty path would win.
    let mut fx = Fx::new().need("c1", 2, 60, true).act("half", &[("c1", 1, 0, 5)], 100, 0.0).act(
        "full",
        &[("c1", 2, 0, 5)],
        5000,
        0.0,
    );
    fx.policy.choice.value_per_effect = 10;
    let r = fx.run();
    assert_eq!(r.rule, ChoiceRule::MandatoryClosed);
    assert_eq!(ids(&r.chosen), ["full"]);
    assert!(r.chosen.closes_mandatory);
    // When nothing closes it, the value rule applies and the empty path wins.
    let mut fx = Fx::new().need("c1", 3, 60, true).act("half", &[("c1", 1, 0, 5)], 100, 0.0);
    fx.policy.choice.value_per_effect = 10;
    let r = fx.run();
    assert_eq!(r.rule, ChoiceRule::NothingWorthItsCost);
    assert!(r.chosen.steps.is_empty());
    assert!(r.summary_text().en.contains("Nothing is recommended"));
}

#[test]
fn best_value_picks_the_highest_score() {
    let mut fx = Fx::new().need("c1", 2, 60, false).act("cheap", &[("c1", 1, 0, 5)], 1000, 0.0).act(
        "good",
        &[("c1", 2, 0, 5)],
        10_000,
        0.0,
    );
    fx.policy.choice.value_per_effect = 15_000;
    // cheap: 15,000 − 1,000 = 14,000; good: 30,000 − 10,000 = 20,000; cheap→? c1 reaches 2 with
    // cheap then good? good adds only 1 more level after cheap: 30,000 − 11,000 = 19,000.
    let r = fx.run();
    assert_eq!(r.rule, ChoiceRule::BestValue);
    assert_eq!(ids(&r.chosen), ["good"]);
    assert_eq!(r.chosen.score, 20_000.0);
    assert_eq!(r.runners_up.len(), 2);
    assert!(r.runners_up.iter().all(|p| p.score <= r.chosen.score));
    assert!(r.runners_up.iter().all(|p| p.steps.iter().all(|s| s.explanation.is_some())));
    // "cheap" is rejected as less effect for less money.
    let text = r.rejected.iter().find(|x| x.activity == "cheap").expect("cheap").reason_text();
    assert!(text.en.contains("less effect"), "{text:?}");
}

#[test]
fn group_activity_cost_is_an_estimate() {
    let mut fx = Fx::new().need("c1", 1, 60, false).act("team", &[("c1", 1, 0, 5)], 100, 0.0);
    fx.last().group = Some(GroupTerms { fixed_cost: 10_000, min_participants: 2, max_participants: 8 });
    let r = fx.run();
    let s = &r.chosen.steps[0];
    assert!(s.group_estimate);
    assert_eq!(s.fee, 100 + 1250);
}

#[test]
fn the_empty_path_is_always_on_the_frontier() {
    let r = Fx::new().need("c1", 1, 60, false).act("a", &[("c1", 1, 0, 5)], 500, 1.0).run();
    assert!(r.frontier.iter().any(|p| p.steps.is_empty()));
    assert_eq!(r.frontier[0].net_cost, 0);
    let r = Fx::new().run();
    assert_eq!(r.rule, ChoiceRule::NoNeeds);
    assert_eq!(r.frontier.len(), 1);
}

#[test]
fn too_long_paths_are_refused() {
    // Validation refuses a policy whose paths would be longer than the search allows.
    let mut fx = Fx::new().need("c1", 1, 60, false);
    fx.policy.choice.max_path_length = super::MAX_PATH_LENGTH + 1;
    let err = Engine::new(fx.org, fx.catalog, fx.policy).expect_err("refused");
    assert_eq!(err.kind(), crate::ErrorKind::Validation);
    assert_eq!(err.path(), "choice.max_path_length");
}

#[test]
fn dearer_copies_are_pruned_without_changing_the_frontier() {
    // 65 runs of the same on-demand activity, the later ones dearer: more than any search
    // takes, but all except `max_path_length` are dominated, so nothing is shortlisted or refused.
    let mut fx = Fx::new().need("c1", 3, 60, false);
    for i in 0..=super::MAX_CANDIDATES {
        fx = fx.act(&format!("a{i:02}"), &[("c1", 1, 0, 5)], 100 * i as i64, 1.0);
    }
    let mut small = Fx::new().need("c1", 3, 60, false);
    for i in 0..3 {
        small = small.act(&format!("a{i:02}"), &[("c1", 1, 0, 5)], 100 * i as i64, 1.0);
    }
    let big = fx.run();
    let small = small.run();
    assert!(big.refused.is_none() && big.shortlist.is_none());
    let pts = |r: &Recommendation| r.frontier.iter().map(|p| (p.net_cost, p.effect)).collect::<Vec<_>>();
    assert_eq!(pts(&big), pts(&small));
    assert_eq!(frontier_ids(&big), frontier_ids(&small));
    // The set-aside copies are still reported as alternatives.
    assert_eq!(big.rejected.len(), super::MAX_REJECTIONS_REPORTED);
}

#[test]
fn too_many_distinct_candidates_are_shortlisted_not_refused() {
    let mut fx = Fx::new().need("c1", 3, 60, false).need("c2", 3, 60, false);
    for i in 0..=usize::from(super::DEFAULT_SHORTLIST) + 4 {
        let c = if i % 2 == 0 { "c1" } else { "c2" };
        fx = fx.act(&format!("a{i:02}"), &[(c, 1, 0, 5)], 100 * i as i64, 1.0 + i as f64 / 10.0);
    }
    let r = fx.run();
    assert!(r.refused.is_none());
    let s = r.shortlist.expect("shortlisted");
    assert_eq!(s.searched, u32::from(super::DEFAULT_SHORTLIST));
    assert_eq!(s.candidates, u32::from(super::DEFAULT_SHORTLIST) + 5);
    assert!(!r.chosen.steps.is_empty());
    let text = r.summary_text();
    assert!(text.en.contains("Searched the 40 most promising of 45"), "{}", text.en);
    assert!(text.da.contains("de 40 mest lovende af 45"), "{}", text.da);
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(json["shortlist"]["searched"], 40);
    assert_ne!(r.rule, ChoiceRule::Refused);
}

#[test]
fn the_policy_sets_how_many_candidates_are_searched() {
    // 45 distinct candidates: more than the default shortlist of 40, fewer than the widest.
    let fx = |shortlist: u8| {
        let mut fx = Fx::new().need("c1", 3, 60, false).need("c2", 3, 60, false);
        fx.policy.choice.shortlist = shortlist;
        for i in 0..45 {
            let c = if i % 2 == 0 { "c1" } else { "c2" };
            fx = fx.act(&format!("a{i:02}"), &[(c, 1, 0, 5)], 100 * i as i64, 1.0 + i as f64 / 10.0);
        }
        fx.run()
    };
    let narrow = fx(12);
    let s = narrow.shortlist.expect("shortlisted");
    assert_eq!((s.searched, s.candidates), (12, 45));
    assert!(narrow.summary_text().en.contains("Searched the 12 most promising of 45"));
    assert_eq!(fx(40).shortlist.map(|s| s.searched), Some(40));
    let wide = fx(64);
    assert!(wide.shortlist.is_none(), "45 candidates fit a shortlist of 64");
    // The wide search is exact over a superset, so every point the narrow one found is matched
    // or beaten by one of its points.
    for p in &narrow.frontier {
        assert!(
            wide.frontier.iter().any(|q| q.net_cost <= p.net_cost && q.effect >= p.effect - 1e-9),
            "{p:?} is not covered by the wide frontier"
        );
    }
    assert!(wide.frontier.len() >= 2);
}

#[test]
fn a_shortlist_keeps_the_cheapest_step_towards_a_mandatory_need() {
    // A mandatory need with a cheap course that transfers poorly (the least effect per krone of
    // its form), dearer courses that transfer well, and an optional need with many courses:
    // more candidates than the smallest shortlist takes.
    let fx = |shortlist: u8| {
        let mut fx = Fx::new().need("c1", 1, 60, true).need("c2", 3, 60, false);
        fx.policy.choice.shortlist = shortlist;
        fx = fx.act("m-cheap", &[("c1", 1, 0, 5)], 100, 1.0);
        fx.last().transfer = TransferPrior { alpha: 1.0, beta: 9.0 };
        for k in 0..9 {
            // Different hours away: none dominates another, so none is pruned before the shortlist.
            fx = fx.act(&format!("m-dear-{k}"), &[("c1", 1, 0, 5)], 2000 + 10 * k, 1.5 + k as f64);
        }
        for k in 0..10 {
            fx = fx.act(&format!("o-{k}"), &[("c2", 1, 0, 5)], 500 + 10 * k, 1.5 + k as f64);
        }
        fx.run()
    };
    let wide = fx(64);
    assert!(wide.shortlist.is_none());
    assert_eq!(wide.rule, ChoiceRule::MandatoryClosed);
    assert_eq!(ids(&wide.chosen), ["m-cheap"]);
    let narrow = fx(8);
    assert_eq!(narrow.shortlist.map(|s| s.searched), Some(8));
    assert_eq!(narrow.rule, ChoiceRule::MandatoryClosed);
    assert_eq!(ids(&narrow.chosen), ["m-cheap"], "the cheapest closer is on the shortlist");
}

#[test]
fn a_level_that_must_be_certified_counts_only_certifying_activities() {
    let fx = |certification: bool| {
        let mut fx = Fx::new().need("c1", 2, 90, true).act("buddy-c1", &[("c1", 2, 0, 5)], 0, 2.0).act(
            "cert-c1",
            &[("c1", 2, 0, 5)],
            4000,
            8.0,
        );
        fx.last().certifies = true;
        fx.org.goals[0].requirements[0].certification = certification;
        fx.run()
    };
    // Without the requirement the cheap step is chosen.
    let plain = fx(false);
    assert_eq!(ids(&plain.chosen), ["buddy-c1"]);
    assert!(!plain.needs[0].certification);
    let certified = fx(true);
    assert!(certified.needs[0].certification);
    assert_eq!(certified.rule, ChoiceRule::MandatoryClosed);
    assert_eq!(ids(&certified.chosen), ["cert-c1"]);
    let r = certified.rejected.iter().find(|r| r.activity == "buddy-c1").expect("rejected");
    assert_eq!(r.reason, RejectReason::NotCertifying { competence: "c1".into() });
    let text = r.reason_text();
    assert!(text.en.contains("does not give the certificate"), "{}", text.en);
    assert!(text.da.contains("giver ikke det certifikat"), "{}", text.da);
    let json = serde_json::to_value(&certified.needs[0]).expect("json");
    assert_eq!(json["certification"], true);
    assert!(serde_json::to_value(&plain.needs[0]).expect("json").get("certification").is_none());
}

#[test]
fn a_shortlist_outside_8_to_64_is_refused_at_its_field() {
    for bad in [0u8, 7, 65, 255] {
        let mut fx = Fx::new().need("c1", 3, 60, false).act("a", &[("c1", 1, 0, 5)], 100, 1.0);
        fx.policy.choice.shortlist = bad;
        let err = Engine::new(fx.org, fx.catalog, fx.policy).expect_err("refused");
        assert_eq!(err.kind(), crate::ErrorKind::Validation);
        assert_eq!(err.path(), "choice.shortlist");
        assert!(err.to_string().contains(&bad.to_string()), "{err}");
    }
}

/// The buddy lists a candidate gets are the same whether they come from the precomputed
/// skylines or from a scan of the pool, for every search kind (the policy's default is only
/// one of them: a `buddy_search` rule picks another), and choose the same buddy as the full
/// scan for every step a path can take.
#[test]
fn precomputed_buddy_lists_equal_the_scan_for_every_search_kind() {
    use super::{BuddyCand, Dev, Person, reduce_buddies};
    use crate::needs::Need;

    let mut fx = Fx::new();
    fx.org.units.push(Unit {
        id: "dept2".into(),
        name: "dept2".into(),
        kind: UnitKind::Department,
        parent: Some("kommune".into()),
    });
    fx.org.units.push(Unit {
        id: "team-c".into(),
        name: "team-c".into(),
        kind: UnitKind::Team,
        parent: Some("dept2".into()),
    });
    fx.policy.buddy.rotation_periods = 2;
    let units = ["team-a", "team-b", "team-c", "dept", "dept2", "kommune"];
    // A small linear congruential generator keeps the fixture deterministic.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    for i in 0..70 {
        let levels: Vec<(&str, u8)> = ["c1", "c2", "c3"].iter().map(|&c| (c, next(6) as u8)).collect();
        fx = fx.colleague(&format!("e{i:02}"), units[next(units.len() as u64) as usize], &levels);
        let e = fx.org.employees.last_mut().expect("just added");
        e.wage_cost_per_hour = 250 + 10 * next(8) as i64;
        e.max_mentees = [None, Some(0), Some(1), Some(3)][next(4) as usize];
    }
    for (id, devs) in [
        ("b1", &[("c1", 1, 0, 5)][..]),
        ("b12", &[("c1", 2, 1, 5), ("c2", 1, 0, 4)][..]),
        ("b21", &[("c2", 1, 0, 5), ("c1", 1, 0, 5)][..]),
        ("b123", &[("c1", 1, 0, 5), ("c2", 1, 0, 5), ("c3", 2, 0, 5)][..]),
    ] {
        fx = fx.act(id, devs, 0, 4.0);
        fx.last().form = LearningForm::BuddyTraining;
        fx.last().mentor = Some(MentorKind::Buddy);
        fx.last().mentor_hours = 3.0;
    }
    // Agreed buddy activities use up some colleagues' capacity.
    let n = fx.org.employees.len();
    for k in 0..12 {
        let (mentee, buddy) = (next(n as u64) as usize, next(n as u64) as usize);
        if mentee == buddy {
            continue;
        }
        fx.org.plans.push(DevelopmentPlan {
            employee: fx.org.employees[mentee].id.clone(),
            agreed_on: as_of(),
            goals: vec![],
            activities: vec![AgreedActivity {
                activity: ["b1", "b12"][k % 2].into(),
                status: ActivityStatus::Planned,
                session: None,
                buddy: Some(fx.org.employees[buddy].id.clone()),
                completed_on: None,
            }],
        });
    }
    // Past buddies: none for most, up to four (past the skylines' depth) for some.
    for p in 0..n {
        let past = [0, 0, 0, 1, 2, 4][next(6) as usize];
        let own = fx.org.employees[p].id.clone();
        fx.org.employees[p].buddy_history = (0..past)
            .map(|_| BuddyPeriod { buddy: format!("e{:02}", next(70)), periods: next(3) as u32 })
            .filter(|h| h.buddy != own)
            .collect();
    }
    let engine = Engine::new(fx.org, fx.catalog, fx.policy).expect("valid fixture");
    let env = engine.paths_env();
    let margin = env.policy.buddy.level_margin;
    let (mut compared, mut fallbacks, mut chosen) = (0, 0, 0);
    for search in [BuddySearch::SameUnit, BuddySearch::Department, BuddySearch::Organisation] {
        for (person, emp) in env.org.employees.iter().enumerate() {
            let needs: Vec<Need> = ["c1", "c2", "c3"]
                .iter()
                .map(|&c| Need {
                    competence: c.into(),
                    current: emp.level(c),
                    target: 5,
                    weight: 1.0,
                    weighted_gap: 1.0,
                    deadline: day(365),
                    deadline_is_default: true,
                    mandatory: false,
                    urgency: 1.0,
                    feedback: 1.0,
                    origins: vec![],
                    certification: false,
                })
                .collect();
            for (a, act) in env.catalog.activities.iter().enumerate() {
                let devs: Vec<Dev> = act
                    .develops
                    .iter()
                    .map(|d| Dev {
                        need: needs.iter().position(|n| n.competence == d.competence).expect("a need"),
                        gain: d.gain,
                        entry: d.entry_level,
                        ceiling: d.ceiling,
                    })
                    .collect();
                let scanned = Person::buddies_scanned(env, person, emp, &needs, act, &devs, search);
                let mut reduced = scanned.clone();
                reduce_buddies(&mut reduced, &needs, &devs, margin);
                let key = |l: &[BuddyCand]| -> Vec<(usize, Vec<u8>, i64)> {
                    l.iter().map(|b| (b.employee, b.levels.clone(), b.cost)).collect()
                };
                match Person::buddies_precomputed(env, person, emp, &needs, a, act, &devs, search) {
                    Some(mut pre) => {
                        reduce_buddies(&mut pre, &needs, &devs, margin);
                        assert_eq!(key(&pre), key(&reduced), "{search:?}, {}, {}", emp.id, act.id);
                        compared += 1;
                    }
                    None => fallbacks += 1,
                }
                let listed = Person::buddies(env, person, emp, &needs, a, act, &devs, search);
                assert_eq!(key(&listed), key(&reduced), "{search:?}, {}, {}", emp.id, act.id);
                // Every step: a required level (reached + margin) or none per entry, not none on all.
                let options: Vec<Vec<Option<u8>>> = devs
                    .iter()
                    .map(|d| {
                        let from = needs[d.need].current + 1;
                        std::iter::once(None).chain((from..=5).map(|l| Some(l + margin))).collect()
                    })
                    .collect();
                let mut pick = vec![0usize; devs.len()];
                loop {
                    let need: Vec<Option<u8>> = pick.iter().zip(&options).map(|(&i, o)| o[i]).collect();
                    if need.iter().any(Option::is_some) {
                        let first = |l: &[BuddyCand]| {
                            l.iter()
                                .find(|b| need.iter().zip(&b.levels).all(|(n, &l)| n.is_none_or(|n| l >= n)))
                                .map(|b| b.employee)
                        };
                        assert_eq!(first(&reduced), first(&scanned), "{search:?}, {}, {}", emp.id, act.id);
                        chosen += usize::from(first(&scanned).is_some());
                    }
                    let Some(k) = (0..pick.len()).find(|&k| pick[k] + 1 < options[k].len()) else { break };
                    pick[k] += 1;
                    pick[..k].iter_mut().for_each(|x| *x = 0);
                }
            }
        }
    }
    // The fixture exercises both ways and finds buddies.
    assert!(compared > 700 && fallbacks > 40 && chosen > 4000, "{compared} {fallbacks} {chosen}");
}
