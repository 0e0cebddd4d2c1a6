//! The seeded generator: a plausible Danish municipality of any size, from one employee to
//! hundreds of thousands, with a catalog of any size.
//!
//! The default configuration *is* the demo municipality "Eksempel Kommune" ([`crate::demo`]);
//! larger configurations keep the same structure and scale it: more departments, units and
//! teams (about [`GeneratorConfig::team_size`] people per team), the same roles, and catalog
//! variants (new runs with their own sessions and prices) of the hand-written activities.
//!
//! # Determinism
//!
//! Every random draw comes from [`crate::rng::SplitMix64`], written in this crate, and every
//! collection in the output is ordered by construction, so the same configuration gives
//! byte-identical JSON on every platform and with every dependency version.
//!
//! # Cost
//!
//! One pass over teams and employees: O(employees + activities × sessions + departments × goals).
//! Generating 500,000 employees with a 2,000-activity catalog takes a few seconds in release
//! builds (see the crate's tests and the report for figures).
//!
//! ```
//! use kompetence_formats::generate::{GeneratorConfig, generate};
//!
//! let docs = generate(&GeneratorConfig { employees: 1_000, ..GeneratorConfig::default() });
//! assert_eq!(docs.organisation.employees.len(), 1_000);
//! ```

use std::collections::BTreeMap;

use kompetence_core::model::*;

use crate::rng::SplitMix64;
use crate::tables::{self, ActivitySpec, DeptTemplate, Kind};

/// What to generate. `Default` is the demo municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratorConfig {
    /// Seed of the pseudo-random generator; the same seed gives the same documents.
    pub seed: u64,
    /// Number of employees (0 is allowed and gives an organisation with teams but no people).
    pub employees: usize,
    /// Number of catalog activities. Up to the hand-written base catalog's size the first
    /// `activities` base entries are used; beyond it, variants of them are added.
    pub activities: usize,
    /// People per team (at least 1); the tree grows with the number of teams.
    pub team_size: usize,
}

/// Seed of the demo municipality.
pub const DEMO_SEED: u64 = 2027;
/// Employees in the demo municipality.
pub const DEMO_EMPLOYEES: usize = 240;

impl Default for GeneratorConfig {
    fn default() -> Self {
        GeneratorConfig {
            seed: DEMO_SEED,
            employees: DEMO_EMPLOYEES,
            activities: tables::BASE_CATALOG.len(),
            team_size: 15,
        }
    }
}

/// The three documents the generator makes.
#[derive(Debug, Clone, PartialEq)]
pub struct Documents {
    /// The organisation.
    pub organisation: Organisation,
    /// The catalog.
    pub catalog: Catalog,
    /// The policy.
    pub policy: Policy,
}

/// The planning date of every generated organisation: the first Monday of 2027.
pub fn as_of() -> Date {
    date(2027, 1, 4)
}

fn date(y: i16, m: i8, d: i8) -> Date {
    // Only called with literal dates from the tables, which the tests build once each.
    Date::new(y, m, d).expect("literal dates in the tables exist")
}

/// Generates the organisation, catalog and policy for `config`.
pub fn generate(config: &GeneratorConfig) -> Documents {
    let mut root = SplitMix64::new(config.seed);
    let mut catalog_rng = root.fork(1);
    let mut org_rng = root.fork(2);
    let catalog = catalog(config.activities, &mut catalog_rng);
    let (organisation, departments) = organisation(config, &catalog, &mut org_rng);
    let policy = policy(config.employees, &departments);
    Documents { organisation, catalog, policy }
}

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------

fn is_scheduled(form: LearningForm) -> bool {
    matches!(
        form,
        LearningForm::AmuCourse
            | LearningForm::ExternalCourse
            | LearningForm::InternalCourse
            | LearningForm::FurtherEducation
    )
}

/// Course days (7.4 hours each), at least one.
fn course_days(hours: f64) -> i64 {
    ((hours / 7.4).ceil() as i64).max(1)
}

fn catalog(activities: usize, rng: &mut SplitMix64) -> Catalog {
    let base = tables::BASE_CATALOG;
    let mut out = Vec::with_capacity(activities);
    for k in 0..activities {
        let spec = &base[k % base.len()];
        let round = k / base.len();
        out.push(activity(spec, round, rng));
    }
    Catalog { schema_version: SCHEMA_VERSION, activities: out }
}

/// One activity: the spec itself in round 0, a variant (another run, other prices) later.
fn activity(spec: &ActivitySpec, round: usize, rng: &mut SplitMix64) -> LearningActivity {
    let (id, title) = if round == 0 {
        (spec.id.to_owned(), spec.title.to_owned())
    } else {
        (format!("{}-{}", spec.id, round + 1), format!("{} (hold {})", spec.title, round + 1))
    };
    // Variants cost 90–110 % of the original, rounded to 50 kr.
    let scale = |amount: i64, rng: &mut SplitMix64| {
        if round == 0 || amount == 0 { amount } else { (amount * rng.range(90, 110) / 100 + 25) / 50 * 50 }
    };
    let fee = scale(spec.fee, rng);
    let group = spec.extra.group.map(|(fixed, min, max)| GroupTerms {
        fixed_cost: scale(fixed, rng),
        min_participants: min,
        max_participants: max,
    });
    let weeks = if spec.extra.weeks > 0 {
        spec.extra.weeks
    } else if is_scheduled(spec.form) {
        ((course_days(spec.hours) + 4) / 5) as u32
    } else {
        match spec.form {
            LearningForm::ELearning => 2,
            LearningForm::LearningMeeting => 1,
            _ => 4,
        }
    };
    let sessions =
        if is_scheduled(spec.form) { sessions(spec, weeks, group.as_ref(), rng) } else { Vec::new() };
    let p = spec.extra.transfer.unwrap_or_else(|| tables::default_transfer(spec.form));
    // A Beta prior with pseudo-count 10, rounded to hundredths so the JSON stays readable.
    let alpha = (p * 1000.0).round() / 100.0;
    let transfer = TransferPrior { alpha, beta: ((10.0 - alpha) * 100.0).round() / 100.0 };
    LearningActivity {
        id,
        title,
        form: spec.form,
        provider: spec.provider.to_owned(),
        language: spec.extra.language.to_owned(),
        develops: spec
            .develops
            .iter()
            .map(|&(c, gain, entry_level, ceiling)| Development {
                competence: c.to_owned(),
                gain,
                entry_level,
                ceiling,
            })
            .collect(),
        fee,
        hours_away: spec.hours,
        mentor: spec.extra.mentor.map(|(kind, _)| kind),
        mentor_hours: spec.extra.mentor.map_or(0.0, |(_, h)| h),
        sessions,
        duration_weeks: weeks,
        transfer,
        group,
        certifies: spec.extra.certifies,
    }
}

/// Dated runs in 2027 (starting on Mondays), with seats and some seats already booked.
fn sessions(
    spec: &ActivitySpec,
    weeks: u32,
    group: Option<&GroupTerms>,
    rng: &mut SplitMix64,
) -> Vec<Session> {
    let further = spec.form == LearningForm::FurtherEducation;
    let count = if further { rng.range(1, 2) } else { rng.range(2, 4) };
    // Week numbers after as_of: courses all year, further education from February or August.
    let mut starts: Vec<i64> = (0..count)
        .map(|i| if further { [4, 31][i as usize % 2] + rng.range(0, 2) } else { rng.range(2, 47) })
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let days = course_days(spec.hours);
    starts
        .into_iter()
        .enumerate()
        .map(|(i, week)| {
            let start = as_of().plus_days(week * 7);
            let length = if further {
                i64::from(weeks) * 7 - 3
            } else {
                // Mon–Fri weeks: a course of more than five days continues after the weekend.
                days - 1 + 2 * ((days - 1) / 5)
            };
            let seats = group.map_or_else(|| rng.range(8, 24) as u32, |g| g.max_participants);
            let booked = rng.range(0, i64::from(seats / 3)) as u32;
            Session { id: format!("s{}", i + 1), start, end: start.plus_days(length), seats, booked }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Organisation
// ---------------------------------------------------------------------------------------------

/// Teams per unit and units per department when the organisation grows.
const TEAMS_PER_UNIT: usize = 2;
const UNITS_PER_DEPARTMENT: usize = 12;

fn competence_index(id: &str) -> usize {
    tables::COMPETENCES.iter().position(|c| c.0 == id).unwrap_or(0)
}

fn role_index(id: &str) -> usize {
    tables::ROLES.iter().position(|r| r.id == id).unwrap_or(0)
}

fn kind_index(kind: Kind) -> usize {
    tables::DEPARTMENTS.iter().position(|d| d.kind == kind).unwrap_or(0)
}

/// A team to fill with people.
struct TeamSlot {
    dept: usize,
    kind: usize,
    unit: usize,
}

/// Per (department kind, role): every competence with a target, and that target (the highest
/// of the role's requirement and the goals in scope).
fn targets() -> Vec<Vec<Vec<(usize, Level)>>> {
    tables::DEPARTMENTS
        .iter()
        .map(|dept| {
            tables::ROLES
                .iter()
                .map(|role| {
                    let mut t: Vec<(usize, Level)> =
                        role.requirements.iter().map(|&(c, l)| (competence_index(c), l)).collect();
                    for goal in &tables::GOALS {
                        if !goal.kinds.contains(&dept.kind)
                            || !(goal.roles.is_empty() || goal.roles.contains(&role.id))
                        {
                            continue;
                        }
                        for &(c, l, _, _) in goal.requirements {
                            let c = competence_index(c);
                            match t.iter_mut().find(|(k, _)| *k == c) {
                                Some(e) => e.1 = e.1.max(l),
                                None => t.push((c, l)),
                            }
                        }
                    }
                    t
                })
                .collect()
        })
        .collect()
}

fn framework() -> Framework {
    let mut competences: Vec<Competence> = tables::CATEGORIES
        .iter()
        .map(|&(id, name)| Competence {
            id: id.to_owned(),
            name: name.to_owned(),
            category: Some(id.to_owned()),
            parent: None,
            esco_uri: None,
            description: Some("Kategori (grouping node)".to_owned()),
        })
        .collect();
    competences.extend(tables::COMPETENCES.iter().map(|&(id, name, category)| Competence {
        id: id.to_owned(),
        name: name.to_owned(),
        category: Some(category.to_owned()),
        parent: Some(category.to_owned()),
        esco_uri: None,
        description: None,
    }));
    Framework {
        id: "eksempel-2027".to_owned(),
        name: "Eksempel Kommunes kompetenceramme 2027".to_owned(),
        scale: Scale { levels: tables::SCALE.iter().map(|s| (*s).to_owned()).collect() },
        competences,
    }
}

fn numbered(base: &str, n: usize, sep: &str) -> String {
    if n == 0 { base.to_owned() } else { format!("{base}{sep}{}", n + 1) }
}

/// Builds the unit tree: returns the units, the team slots in document order, their unit ids,
/// and every department's (id, kind).
fn unit_tree(teams_total: usize) -> (Vec<Unit>, Vec<TeamSlot>, Vec<(String, usize)>) {
    // Half the teams in elder care, a quarter each in roads and parks and citizen service.
    let roads = (teams_total / 4).max(1);
    let service = (teams_total / 4).max(1);
    let per_kind = [teams_total - roads - service, roads, service];
    let mut units = vec![Unit {
        id: "kommune".to_owned(),
        name: "Eksempel Kommune".to_owned(),
        kind: UnitKind::Municipality,
        parent: None,
    }];
    let mut slots = Vec::with_capacity(teams_total);
    let mut departments = Vec::new();
    for (kind, tpl) in tables::DEPARTMENTS.iter().enumerate() {
        let teams = per_kind[kind];
        let per_dept = TEAMS_PER_UNIT * UNITS_PER_DEPARTMENT;
        for d in 0..teams.div_ceil(per_dept) {
            let dept_teams = (teams - d * per_dept).min(per_dept);
            let dept_id = numbered(tpl.id, d, "-");
            let dept_pos = departments.len();
            departments.push((dept_id.clone(), kind));
            units.push(Unit {
                id: dept_id.clone(),
                name: numbered(tpl.name, d, ", område "),
                kind: UnitKind::Department,
                parent: Some("kommune".to_owned()),
            });
            for u in 0..dept_teams.div_ceil(TEAMS_PER_UNIT) {
                let (suffix, name) = tpl.units[u % tpl.units.len()];
                let round = u / tpl.units.len();
                let unit_id = format!("{dept_id}.{}", numbered(suffix, round, "-"));
                let unit_pos = units.len();
                units.push(Unit {
                    id: unit_id.clone(),
                    name: numbered(name, round, " "),
                    kind: UnitKind::Unit,
                    parent: Some(dept_id.clone()),
                });
                let unit_teams = (dept_teams - u * TEAMS_PER_UNIT).min(TEAMS_PER_UNIT);
                for t in 0..unit_teams {
                    units.push(Unit {
                        id: format!("{unit_id}.team-{}", t + 1),
                        name: format!("{} — team {}", units[unit_pos].name, t + 1),
                        kind: UnitKind::Team,
                        parent: Some(unit_id.clone()),
                    });
                    slots.push(TeamSlot { dept: dept_pos, kind, unit: units.len() - 1 });
                }
            }
        }
    }
    (units, slots, departments)
}

/// A weighted choice from a non-empty constant table, without allocating (same draws as
/// [`SplitMix64::weighted`]).
fn pick<T: Copy>(rng: &mut SplitMix64, weighted: &[(T, u32)]) -> T {
    let total: u64 = weighted.iter().map(|&(_, w)| u64::from(w)).sum();
    let mut draw = rng.below(total);
    for &(value, w) in weighted {
        if draw < u64::from(w) {
            return value;
        }
        draw -= u64::from(w);
    }
    weighted[weighted.len() - 1].0
}

const PREFS: [Preference; 3] = [Preference::Prefers, Preference::Neutral, Preference::Avoids];

fn preferences(
    rng: &mut SplitMix64,
    education: Education,
    second_language: bool,
) -> BTreeMap<FormFamily, Preference> {
    let mut out = BTreeMap::new();
    if !second_language && rng.percent(15) {
        return out; // no stated preferences
    }
    let academic = matches!(education, Education::MediumHigher | Education::LongHigher);
    let table: [(FormFamily, [u32; 3]); 3] = if second_language {
        [
            (FormFamily::Course, [3, 5, 2]),
            (FormFamily::SelfStudy, [0, 3, 7]),
            (FormFamily::OnTheJob, [8, 2, 0]),
        ]
    } else if academic {
        [
            (FormFamily::Course, [4, 5, 1]),
            (FormFamily::SelfStudy, [3, 5, 2]),
            (FormFamily::OnTheJob, [4, 5, 1]),
        ]
    } else {
        [
            (FormFamily::Course, [3, 5, 2]),
            (FormFamily::SelfStudy, [1, 4, 5]),
            (FormFamily::OnTheJob, [6, 3, 1]),
        ]
    };
    for (family, w) in table {
        out.insert(family, PREFS[rng.weighted(&w)]);
    }
    out
}

/// Activities per competence (positions in the catalog), for development plans.
fn activities_by_competence(catalog: &Catalog) -> Vec<Vec<usize>> {
    let mut by = vec![Vec::new(); tables::COMPETENCES.len()];
    for (i, a) in catalog.activities.iter().enumerate() {
        if let Some(d) = a.develops.first()
            && let Some(c) = tables::COMPETENCES.iter().position(|c| c.0 == d.competence)
        {
            by[c].push(i);
        }
    }
    by
}

/// Builds the organisation; also returns every department's id and number of employees.
fn organisation(
    config: &GeneratorConfig,
    catalog: &Catalog,
    rng: &mut SplitMix64,
) -> (Organisation, Vec<(String, usize)>) {
    let n = config.employees;
    let teams_total = n.div_ceil(config.team_size.max(1)).max(4);
    let (units, slots, departments) = unit_tree(teams_total);
    let targets = targets();
    let by_competence = activities_by_competence(catalog);
    let width = n.to_string().len().max(5);
    let today = as_of();

    let mut employees: Vec<Employee> = Vec::with_capacity(n);
    let mut plans = Vec::with_capacity(n / 3 + 1);
    let mut feedback = Vec::new();
    let mut department_sizes = vec![0usize; departments.len()];
    let danish_second = competence_index("danish-second-language");

    for (t, slot) in slots.iter().enumerate() {
        let tpl: &DeptTemplate = &tables::DEPARTMENTS[slot.kind];
        let team_id = &units[slot.unit].id;
        // Balanced split: team t holds employees [t·n/T, (t+1)·n/T).
        let first = t * n / slots.len();
        let last = (t + 1) * n / slots.len();
        department_sizes[slot.dept] += last - first;

        // Citizen feedback (D3): one signal for each department, about the department as a
        // whole, and one for about 60 % of the teams.
        let dept_first = t == 0 || slots[t - 1].dept != slot.dept;
        for unit in [dept_first.then_some(&departments[slot.dept].0), rng.percent(60).then_some(team_id)] {
            let Some(unit) = unit else { continue };
            if tpl.feedback.is_empty() {
                continue;
            }
            let theme = &tpl.feedback[rng.index(tpl.feedback.len())];
            feedback.push(FeedbackSignal {
                id: format!("fb-{:05}", feedback.len() + 1),
                kind: [
                    FeedbackKind::Complaint,
                    FeedbackKind::Praise,
                    FeedbackKind::Suggestion,
                    FeedbackKind::ApprenticeQuestion,
                ][usize::from(theme.kind) % 4],
                channel: [
                    FeedbackChannel::Panel,
                    FeedbackChannel::Survey,
                    FeedbackChannel::FocusGroup,
                    FeedbackChannel::Informal,
                    FeedbackChannel::ComplaintCase,
                ][usize::from(theme.channel) % 5],
                unit: unit.clone(),
                competences: theme.competences.iter().map(|c| (*c).to_owned()).collect(),
                strength: rng.range(2, 9) as f64 / 10.0,
                date: today.plus_days(-rng.range(14, 420)),
                summary: theme.summary.to_owned(),
            });
        }

        for i in first..last {
            let leader = i == first;
            let role = if leader { role_index(tpl.leader) } else { role_index(pick(rng, tpl.staff)) };
            let rt = &tables::ROLES[role];
            let education = pick(rng, rt.education);
            let experienced = rng.percent(if leader { 30 } else { 14 });
            let second_language = !leader
                && match tpl.kind {
                    Kind::ElderCare => {
                        matches!(education, Education::Unskilled | Education::Vocational) && rng.percent(16)
                    }
                    Kind::RoadsParks => rng.percent(8),
                    Kind::CitizenService => rng.percent(3),
                };

            let mut levels: BTreeMap<String, Level> = BTreeMap::new();
            for &(c, target) in &targets[slot.kind][role] {
                let level = if experienced {
                    i64::from(target) + rng.range(0, 1)
                } else {
                    // Most people meet most requirements; about 30 % of levels lie below.
                    i64::from(target) + [-2, -1, 0, 1][rng.weighted(&[6, 24, 45, 25])]
                };
                if level > 0 {
                    levels.insert(tables::COMPETENCES[c].0.to_owned(), level.clamp(0, 5) as Level);
                }
            }
            for (extra, share, lo, hi) in
                [("first-aid", 50, 1, 2), ("office-it", 60, 1, 3), ("cyber-security-awareness", 30, 1, 2)]
            {
                if !levels.contains_key(extra) && rng.percent(share) {
                    levels.insert(extra.to_owned(), rng.range(lo, hi) as Level);
                }
            }
            if second_language {
                levels.insert(tables::COMPETENCES[danish_second].0.to_owned(), rng.range(2, 3) as Level);
            }

            let languages = if second_language {
                vec![
                    "da".to_owned(),
                    tables::OTHER_LANGUAGES[rng.index(tables::OTHER_LANGUAGES.len())].to_owned(),
                ]
            } else if matches!(education, Education::MediumHigher | Education::LongHigher) && rng.percent(60)
            {
                vec!["da".to_owned(), "en".to_owned()]
            } else {
                Vec::new()
            };

            // Own wishes (D13) and career targets (D11), for people who still grow.
            let mut wishes = Vec::new();
            let mut target_role = None;
            if !experienced {
                if second_language && rng.percent(60) {
                    wishes.push(Wish { competence: "danish-second-language".to_owned(), level: 4 });
                }
                if rng.percent(25) {
                    let own = &targets[slot.kind][role];
                    let (c, t) = own[rng.index(own.len())];
                    let id = tables::COMPETENCES[c].0;
                    let current = levels.get(id).copied().unwrap_or(0);
                    let wished = t.max(current + 1).min(5);
                    if wished > current && !wishes.iter().any(|w: &Wish| w.competence == id) {
                        wishes.push(Wish { competence: id.to_owned(), level: wished });
                    }
                }
                if rng.percent(8) {
                    target_role = rt.career.map(str::to_owned);
                }
            }

            // Buddy history with an earlier colleague in the team (rotation, D7).
            let mut buddy_history = Vec::new();
            if i > first && rng.percent(15) {
                let buddy = first + rng.index(i - first);
                buddy_history.push(BuddyPeriod {
                    buddy: employees[buddy].id.clone(),
                    periods: rng.range(1, 3) as u32,
                });
            }
            let max_mentees = match rng.below(20) {
                0 | 1 => Some(1),
                2 => Some(3),
                _ => None,
            };
            let name = format!(
                "{} {}.",
                tables::FIRST_NAMES[rng.index(tables::FIRST_NAMES.len())],
                tables::INITIALS[rng.index(tables::INITIALS.len())]
            );
            let id = format!("e{:0width$}", i + 1);

            // A development plan (IDP) for about 30 % (D5): people with gaps, after their review.
            if !experienced && rng.percent(42) {
                let plan = development_plan(
                    rng,
                    &id,
                    &levels,
                    &targets[slot.kind][role],
                    catalog,
                    &by_competence,
                    &employees[first..i],
                );
                if let Some(plan) = plan {
                    plans.push(plan);
                }
            }

            employees.push(Employee {
                id,
                name: Some(name),
                unit: team_id.clone(),
                role: rt.id.to_owned(),
                levels,
                assessment: Some(Assessment {
                    source: pick(
                        rng,
                        &[
                            (AssessmentSource::Review, 6),
                            (AssessmentSource::Leader, 2),
                            (AssessmentSource::SelfAssessment, 1),
                            (AssessmentSource::Certificate, 1),
                        ],
                    ),
                    date: today.plus_days(-rng.range(30, 400)),
                }),
                preferences: preferences(rng, education, second_language),
                languages,
                max_hours_away: rt.hours[rng.index(rt.hours.len())],
                wage_cost_per_hour: (rt.wage + rng.range(-20, 25)).clamp(250, 500),
                education,
                wishes,
                target_role,
                buddy_history,
                max_mentees,
            });
        }
    }

    let goals = tables::GOALS
        .iter()
        .map(|g| StrategicGoal {
            id: g.id.to_owned(),
            title: g.title.to_owned(),
            priority: g.priority,
            deadline: date(g.deadline.0, g.deadline.1, g.deadline.2),
            scope: Scope {
                units: departments
                    .iter()
                    .filter(|(_, k)| g.kinds.iter().any(|&gk| kind_index(gk) == *k))
                    .map(|(id, _)| id.clone())
                    .collect(),
                roles: g.roles.iter().map(|r| (*r).to_owned()).collect(),
            },
            requirements: g
                .requirements
                .iter()
                .map(|&(c, level, weight, mandatory)| GoalRequirement {
                    competence: c.to_owned(),
                    level,
                    weight,
                    mandatory,
                    certification: g.certified.contains(&c),
                })
                .collect(),
        })
        .collect();

    let org = Organisation {
        schema_version: SCHEMA_VERSION,
        name: "Eksempel Kommune".to_owned(),
        as_of: today,
        framework: framework(),
        units,
        roles: tables::ROLES
            .iter()
            .map(|r| Role {
                id: r.id.to_owned(),
                name: r.name.to_owned(),
                requirements: r
                    .requirements
                    .iter()
                    .map(|&(c, level)| LevelRequirement { competence: c.to_owned(), level })
                    .collect(),
            })
            .collect(),
        employees,
        goals,
        feedback,
        plans,
    };
    let sizes = departments.into_iter().zip(department_sizes).map(|((id, _), size)| (id, size)).collect();
    (org, sizes)
}

/// An IDP agreed in the autumn review round: one or two goals toward the person's gaps, and
/// an agreed activity for the first (a course, or learning on the job with a colleague).
fn development_plan(
    rng: &mut SplitMix64,
    employee: &str,
    levels: &BTreeMap<String, Level>,
    targets: &[(usize, Level)],
    catalog: &Catalog,
    by_competence: &[Vec<usize>],
    colleagues: &[Employee],
) -> Option<DevelopmentPlan> {
    let gaps: Vec<(usize, Level, Level)> = targets
        .iter()
        .filter_map(|&(c, t)| {
            let current = levels.get(tables::COMPETENCES[c].0).copied().unwrap_or(0);
            (current < t).then_some((c, current, t))
        })
        .collect();
    if gaps.is_empty() {
        return None;
    }
    let agreed_on = date(2026, 9, 1).plus_days(rng.range(0, 110));
    let mut goals: Vec<PlanGoal> = Vec::new();
    for _ in 0..rng.range(1, 2) {
        let (c, current, t) = gaps[rng.index(gaps.len())];
        let competence = tables::COMPETENCES[c].0;
        if goals.iter().any(|g| g.competence == competence) {
            continue;
        }
        goals.push(PlanGoal {
            competence: competence.to_owned(),
            level: t.min(current + 2),
            due: agreed_on.plus_days(rng.range(180, 540)),
            origin: pick(
                rng,
                &[(PlanGoalOrigin::Joint, 5), (PlanGoalOrigin::Leader, 3), (PlanGoalOrigin::Employee, 2)],
            ),
        });
    }
    let mut activities = Vec::new();
    if let Some(goal) = goals.first() {
        let current = levels.get(&goal.competence).copied().unwrap_or(0);
        let c = competence_index(&goal.competence);
        let candidates: Vec<usize> = by_competence[c]
            .iter()
            .copied()
            .filter(|&a| {
                catalog.activities[a]
                    .develops
                    .first()
                    .is_some_and(|d| d.entry_level <= current && current < d.ceiling)
            })
            .collect();
        if !candidates.is_empty() && rng.percent(70) {
            let activity = &catalog.activities[candidates[rng.index(candidates.len())]];
            let status = pick(
                rng,
                &[
                    (ActivityStatus::Planned, 6),
                    (ActivityStatus::InProgress, 3),
                    (ActivityStatus::Completed, 1),
                ],
            );
            let session = (status == ActivityStatus::Planned && !activity.sessions.is_empty())
                .then(|| activity.sessions[rng.index(activity.sessions.len())].id.clone());
            let buddy = (activity.mentor == Some(MentorKind::Buddy))
                .then(|| colleagues.iter().find(|e| e.level(&goal.competence) > goal.level))
                .flatten()
                .map(|e| e.id.clone());
            let completed_on = (status == ActivityStatus::Completed)
                .then(|| agreed_on.plus_days(rng.range(7, 21)).min(as_of().plus_days(-1)));
            activities.push(AgreedActivity {
                activity: activity.id.clone(),
                status,
                session,
                buddy,
                completed_on,
            });
        }
    }
    Some(DevelopmentPlan { employee: employee.to_owned(), agreed_on, goals, activities })
}

// ---------------------------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------------------------

fn round_thousand(x: usize, per_person: usize) -> i64 {
    ((x * per_person).div_ceil(1000) * 1000) as i64
}

/// Default weights; the competence fund and wage compensation; budgets that force choices:
/// about 4,000 kr of net cost per employee in total and 5,000 kr per employee per department,
/// where a typical path costs 4,000–15,000 kr.
fn policy(employees: usize, departments: &[(String, usize)]) -> Policy {
    let mut policy = Policy::with_defaults("Eksempel Kommune — kompetencepolitik 2027");
    policy.funding = vec![
        FundingSource {
            id: "kompetencefonden".to_owned(),
            name: "Den Kommunale Kompetencefond".to_owned(),
            covers: FundingCovers::Fees,
            share: 0.8,
            rate_per_hour: 0,
            cap_per_person: Some(25_000),
            forms: vec![
                LearningForm::AmuCourse,
                LearningForm::ExternalCourse,
                LearningForm::FurtherEducation,
                LearningForm::ELearning,
            ],
            education: Vec::new(),
        },
        FundingSource {
            id: "veu-godtgoerelse".to_owned(),
            name: "VEU-godtgørelse".to_owned(),
            covers: FundingCovers::Wages,
            share: 0.0,
            rate_per_hour: 130,
            cap_per_person: None,
            forms: vec![LearningForm::AmuCourse],
            education: vec![Education::Unskilled, Education::Vocational],
        },
    ];
    policy.budget = BudgetPolicy {
        total: Some(round_thousand(employees, 4_000)),
        per_unit: departments.iter().map(|(id, size)| (id.clone(), round_thousand(*size, 5_000))).collect(),
        per_person: Some(30_000),
        mandatory_first: true,
    };
    policy.rules = vec![
        Rule {
            id: "ufaglaert-lang-kursus-sidemand".to_owned(),
            description: "Ufaglærte tager ikke et kursus over 37 timer væk fra arbejdet uden \
                          sidemandsoplæring bagefter (no course over 37 hours away for unskilled staff \
                          without a buddy follow-up)"
                .to_owned(),
            condition: "employee.education == \"unskilled\" && activity.family == \"course\" \
                        && activity.hours_away > 37"
                .to_owned(),
            effect: RuleEffect::RequireFollowUp { form: LearningForm::BuddyTraining },
        },
        Rule {
            id: "sidemand-i-afdelingen".to_owned(),
            description: "Medarbejdere i teams må finde sidemænd i hele afdelingen, så \
                          sidemandsoplæring ikke strander i et lille team (people in teams may find \
                          buddies in the whole department)"
                .to_owned(),
            condition: "unit.kind == \"team\"".to_owned(),
            effect: RuleEffect::BuddySearch { search: BuddySearch::Department },
        },
    ];
    // Learning from citizens (D3) happens where those citizens are met: the home-care citizen
    // panel in elder care, the park walk in roads and parks, the counter's satisfaction survey
    // in citizen service (numbered departments of larger organisations included).
    for (activity, department, da, en) in [
        ("cf-home-care-panel", "elder-care", "Borgerpanelet i hjemmeplejen", "the home-care citizen panel"),
        ("cf-park-walk", "roads-and-parks", "Borgervandringen i parken", "the park walk with citizens"),
        (
            "cf-counter-survey",
            "citizen-service",
            "Brugertilfredsheden i borgerservice",
            "the counter's satisfaction survey",
        ),
    ] {
        policy.rules.push(Rule {
            id: format!("borgerlaering-{department}"),
            description: format!(
                "{da} er for medarbejdere i afdelingen {department}, der møder de borgere ({en} is for \
                 staff of the department {department}, who meet those citizens, D3)"
            ),
            condition: format!(
                "activity.id.startsWith(\"{activity}\") && !unit.department.startsWith(\"{department}\")"
            ),
            effect: RuleEffect::Exclude,
        });
    }
    policy.assertions = vec![
        Assertion {
            id: "sporbar".to_owned(),
            description: "Hver aktivitet kan spores til et strategisk mål, rollen, udviklingsplanen \
                          eller medarbejderens ønske (every item traces to a goal, the role, the plan or \
                          a wish, D1)"
                .to_owned(),
            scope: AssertionScope::Step,
            condition: "size(step.goals) > 0 || step.origins.exists(o, o in [\"role\", \"plan\", \
                        \"wish\", \"career\", \"feedback\"])"
                .to_owned(),
        },
        Assertion {
            id: "hoejst-30000-netto".to_owned(),
            description: "Ingen medarbejder får over 30.000 kr netto (no person over 30,000 kr net)"
                .to_owned(),
            scope: AssertionScope::Path,
            condition: "path.net_cost <= 30000".to_owned(),
        },
        Assertion {
            id: "plan-hoejst-30000-netto".to_owned(),
            description: "Heller ikke i organisationens plan får nogen over 30.000 kr netto, \
                          holdaktiviteter med deres andel af de faste udgifter medregnet (in the plan \
                          too, no item over 30,000 kr net, team activities' fixed-cost shares included)"
                .to_owned(),
            scope: AssertionScope::PlanItem,
            condition: "item.cost <= 30000".to_owned(),
        },
        Assertion {
            id: "plan-inden-for-budget".to_owned(),
            description: "Planen holder sig inden for det samlede budget (the plan keeps the total budget)"
                .to_owned(),
            scope: AssertionScope::Plan,
            condition: "!plan.has_budget || plan.total_cost <= plan.budget".to_owned(),
        },
    ];
    policy
}

#[cfg(test)]
mod tests {
    use kompetence_core::model::UnitKind;
    use kompetence_core::validate::validate_all;

    use super::*;
    use crate::invariants::invariants;

    fn json(d: &Documents) -> String {
        serde_json::to_string(&(&d.organisation, &d.catalog, &d.policy)).unwrap()
    }

    fn config(seed: u64, employees: usize, activities: usize) -> GeneratorConfig {
        GeneratorConfig { seed, employees, activities, ..GeneratorConfig::default() }
    }

    #[test]
    fn same_seed_gives_byte_identical_json() {
        let c = config(11, 700, 300);
        assert_eq!(json(&generate(&c)), json(&generate(&c)));
    }

    #[test]
    fn different_seeds_differ() {
        let a = generate(&config(1, 240, 108));
        let b = generate(&config(2, 240, 108));
        assert_ne!(a.organisation.employees, b.organisation.employees);
        assert_ne!(a.catalog, b.catalog);
        // The shape is the seed-independent part.
        assert_eq!(a.organisation.units, b.organisation.units);
    }

    #[test]
    fn ten_thousand_employees_validate_and_scale_the_tree() {
        let d = generate(&config(5, 10_000, 2_000));
        assert!(validate_all(&d.organisation, &d.catalog, &d.policy, None).is_empty());
        let broken = invariants(&d);
        assert!(broken.is_empty(), "{:#?}", &broken[..broken.len().min(20)]);
        let org = &d.organisation;
        assert_eq!(org.employees.len(), 10_000);
        assert_eq!(d.catalog.activities.len(), 2_000);
        let teams = org.units.iter().filter(|u| u.kind == UnitKind::Team).count();
        assert_eq!(teams, 10_000usize.div_ceil(15));
        // About 15 people per team, every team populated.
        let mut per_team: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &org.employees {
            *per_team.entry(e.unit.as_str()).or_default() += 1;
        }
        assert_eq!(per_team.len(), teams);
        assert!(per_team.values().all(|&n| (14..=15).contains(&n)));
        let depts = org.units.iter().filter(|u| u.kind == UnitKind::Department).count();
        assert!(depts > 3 && depts == d.policy.budget.per_unit.len(), "{depts}");
        assert!(kompetence_core::Engine::new(d.organisation, d.catalog, d.policy).is_ok());
    }

    #[test]
    fn tiny_and_empty_organisations_are_valid() {
        for (n, a) in [(0, 0), (1, 1), (2, 5), (5, 13)] {
            let d = generate(&config(3, n, a));
            assert_eq!(d.organisation.employees.len(), n);
            assert_eq!(d.catalog.activities.len(), a);
            assert!(validate_all(&d.organisation, &d.catalog, &d.policy, None).is_empty());
            assert_eq!(invariants(&d), Vec::<String>::new(), "n={n}");
            let depts = d.organisation.units.iter().filter(|u| u.kind == UnitKind::Department).count();
            assert_eq!(depts, 3);
        }
        // A team size of 0 is treated as 1 rather than dividing by zero.
        let d = generate(&GeneratorConfig { team_size: 0, employees: 7, ..GeneratorConfig::default() });
        assert_eq!(d.organisation.units.iter().filter(|u| u.kind == UnitKind::Team).count(), 7);
    }

    #[test]
    fn catalog_variants_are_new_runs_of_the_base() {
        let d = generate(&config(9, 10, 250));
        let base = tables::BASE_CATALOG.len();
        let first = &d.catalog.activities[0];
        let variant = &d.catalog.activities[base];
        assert_eq!(variant.id, format!("{}-2", first.id));
        assert_eq!(variant.form, first.form);
        assert_eq!(variant.develops, first.develops);
        assert!(variant.fee >= first.fee * 85 / 100 && variant.fee <= first.fee * 115 / 100);
    }

    #[test]
    fn every_literal_date_in_the_tables_exists() {
        for g in &tables::GOALS {
            assert!(Date::new(g.deadline.0, g.deadline.1, g.deadline.2).is_some(), "{}", g.id);
        }
        assert_eq!(as_of().to_string(), "2027-01-04");
    }

    #[test]
    fn table_references_resolve() {
        let ids: Vec<&str> = tables::COMPETENCES.iter().map(|c| c.0).collect();
        let cats: Vec<&str> = tables::CATEGORIES.iter().map(|c| c.0).collect();
        assert!(tables::COMPETENCES.iter().all(|c| cats.contains(&c.2)));
        for r in &tables::ROLES {
            assert!(r.requirements.iter().all(|q| ids.contains(&q.0)), "{}", r.id);
            assert!(r.career.is_none_or(|c| tables::ROLES.iter().any(|x| x.id == c)));
        }
        for d in &tables::DEPARTMENTS {
            assert!(tables::ROLES.iter().any(|r| r.id == d.leader));
            assert!(d.staff.iter().all(|s| tables::ROLES.iter().any(|r| r.id == s.0)));
            assert!(d.feedback.iter().all(|f| f.competences.iter().all(|c| ids.contains(c))));
        }
        for g in &tables::GOALS {
            assert!(g.requirements.iter().all(|q| ids.contains(&q.0)), "{}", g.id);
            assert!(g.roles.iter().all(|r| tables::ROLES.iter().any(|x| x.id == *r)));
        }
    }

    /// Timing of the large configurations; run with
    /// `cargo test --release -p kompetence-formats -- --ignored --nocapture scale`.
    #[test]
    #[ignore = "benchmark-sized; run in release"]
    fn scale_timings() {
        for n in [10_000, 100_000, 500_000] {
            let start = std::time::Instant::now();
            let d = generate(&config(42, n, 2_000));
            let took = start.elapsed();
            let start = std::time::Instant::now();
            let bytes = serde_json::to_vec(&d.organisation).unwrap().len();
            println!(
                "{n} employees, 2000 activities: generate {took:?}, organisation JSON {} MB in {:?}",
                bytes / 1_000_000,
                start.elapsed()
            );
            assert_eq!(d.organisation.employees.len(), n);
        }
    }
}
