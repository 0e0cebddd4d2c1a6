//! The embedded demo municipality (placeholder: a tiny organisation until the generator lands).

use kompetence_core::Engine;
use kompetence_core::model::*;

fn d(s: &str) -> Date {
    Date::parse(s).expect("valid literal date")
}

/// The demo organisation.
pub fn organisation() -> Organisation {
    let comp = |id: &str, name: &str| Competence {
        id: id.into(),
        name: name.into(),
        category: Some("care".into()),
        parent: None,
        esco_uri: None,
        description: None,
    };
    let emp = |id: &str, levels: &[(&str, u8)]| Employee {
        id: id.into(),
        name: None,
        unit: "team-a".into(),
        role: "assistant".into(),
        levels: levels.iter().map(|(c, l)| (c.to_string(), *l)).collect(),
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
    };
    Organisation {
        schema_version: SCHEMA_VERSION,
        name: "Eksempel Kommune".into(),
        as_of: d("2027-01-04"),
        framework: Framework {
            id: "demo".into(),
            name: "Demo".into(),
            scale: Scale {
                levels: ["none", "basic", "some", "competent", "proficient", "expert"]
                    .map(String::from)
                    .to_vec(),
            },
            competences: vec![
                comp("dementia-care", "Dementia care"),
                comp("citizen-dialogue", "Citizen dialogue"),
            ],
        },
        units: vec![
            Unit {
                id: "kommune".into(),
                name: "Eksempel Kommune".into(),
                kind: UnitKind::Municipality,
                parent: None,
            },
            Unit {
                id: "elder-care".into(),
                name: "Elder care".into(),
                kind: UnitKind::Department,
                parent: Some("kommune".into()),
            },
            Unit {
                id: "team-a".into(),
                name: "Team A".into(),
                kind: UnitKind::Team,
                parent: Some("elder-care".into()),
            },
        ],
        roles: vec![Role {
            id: "assistant".into(),
            name: "Social and health assistant".into(),
            requirements: vec![LevelRequirement { competence: "dementia-care".into(), level: 3 }],
        }],
        employees: vec![
            emp("e1", &[("dementia-care", 1)]),
            emp("e2", &[("dementia-care", 4), ("citizen-dialogue", 4)]),
        ],
        goals: vec![StrategicGoal {
            id: "citizen-at-the-centre".into(),
            title: "Put the citizen at the centre".into(),
            priority: 1.5,
            deadline: d("2027-12-31"),
            scope: Scope::default(),
            requirements: vec![GoalRequirement {
                competence: "citizen-dialogue".into(),
                level: 3,
                weight: 1.0,
                mandatory: false,
            }],
        }],
        feedback: vec![],
        plans: vec![],
    }
}

/// The demo catalog.
pub fn catalog() -> Catalog {
    Catalog {
        schema_version: SCHEMA_VERSION,
        activities: vec![LearningActivity {
            id: "amu-dementia".into(),
            title: "Dementia care (AMU)".into(),
            form: LearningForm::AmuCourse,
            provider: "AMU Syd".into(),
            language: "da".into(),
            develops: vec![Development {
                competence: "dementia-care".into(),
                gain: 2,
                entry_level: 0,
                ceiling: 3,
            }],
            fee: 1200,
            hours_away: 22.2,
            mentor: None,
            mentor_hours: 0.0,
            sessions: vec![],
            duration_weeks: 1,
            transfer: TransferPrior { alpha: 6.0, beta: 4.0 },
            group: None,
        }],
    }
}

/// The demo policy.
pub fn policy() -> Policy {
    Policy::with_defaults("Eksempel Kommune")
}

/// An engine over the demo documents.
pub fn engine() -> Engine {
    Engine::new(organisation(), catalog(), policy()).expect("the demo documents are valid")
}
