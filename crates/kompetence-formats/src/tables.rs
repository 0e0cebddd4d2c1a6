//! The hand-written parts of "Eksempel Kommune": the competence framework, the roles and what
//! they require, the strategic goals, citizen-feedback themes, the base catalog and the names.
//!
//! Everything here is plain data the generator ([`crate::generate`]) scales up; keeping it in
//! tables lets an HR consultant read (and correct) the picture without reading the algorithm.
//! Ids are English kebab-case, names Danish with the English term in parentheses where the
//! Danish term is not self-explanatory to a non-Danish reader.

use kompetence_core::model::{Education, LearningForm, MentorKind};

/// Names of the six proficiency levels, 0 to 5.
pub const SCALE: [&str; 6] = [
    "none (ingen)",
    "basic (begynder)",
    "independent (selvstændig)",
    "competent (kompetent)",
    "proficient (erfaren)",
    "expert (ekspert)",
];

/// Categories of the framework: (id, name). Each is a grouping node at the root of the tree.
pub const CATEGORIES: [(&str, &str); 10] = [
    ("care", "Omsorg og pleje (care)"),
    ("health", "Sundhedsfaglighed (health)"),
    ("digital", "Digitale kompetencer (digital)"),
    ("citizen-contact", "Borgerkontakt (citizen contact)"),
    ("collaboration", "Samarbejde (collaboration)"),
    ("operations", "Teknik og drift (technical/operations)"),
    ("administration", "Administration"),
    ("leadership", "Ledelse (leadership)"),
    ("safety", "Sikkerhed og arbejdsmiljø (safety)"),
    ("language", "Sprog (language)"),
];

/// Competences: (id, name, category).
pub const COMPETENCES: [(&str, &str, &str); 42] = [
    ("dementia-care", "Demensomsorg (dementia care)", "care"),
    ("rehabilitation", "Rehabilitering og hverdagsrehabilitering (rehabilitation)", "care"),
    ("personal-care", "Personlig pleje (personal care)", "care"),
    ("palliative-care", "Palliativ omsorg (palliative care)", "care"),
    ("mental-health-support", "Psykiatri og mental sundhed (mental health support)", "care"),
    ("medicine-handling", "Medicinhåndtering (medicine handling)", "health"),
    ("wound-care", "Sårpleje (wound care)", "health"),
    ("infection-prevention", "Hygiejne og infektionsforebyggelse (infection prevention)", "health"),
    ("early-detection", "Tidlig opsporing (early detection)", "health"),
    ("nutrition", "Ernæring (nutrition)", "health"),
    ("care-record-documentation", "Dokumentation i omsorgsjournalen (care record documentation)", "digital"),
    (
        "digital-self-service-guidance",
        "Vejledning i digital selvbetjening (digital self-service guidance)",
        "digital",
    ),
    ("welfare-technology", "Velfærdsteknologi (welfare technology)", "digital"),
    ("office-it", "IT-værktøjer i hverdagen (office IT)", "digital"),
    ("cyber-security-awareness", "Informationssikkerhed (security awareness)", "digital"),
    ("citizen-dialogue", "Borgerdialog (citizen dialogue)", "citizen-contact"),
    ("conflict-de-escalation", "Konfliktnedtrapning (conflict de-escalation)", "citizen-contact"),
    ("guidance-counselling", "Vejledning og rådgivning (guidance)", "citizen-contact"),
    (
        "cross-cultural-communication",
        "Tværkulturel kommunikation (cross-cultural communication)",
        "citizen-contact",
    ),
    ("self-managing-teams", "Selvstyring i teams (self-management in teams)", "collaboration"),
    (
        "cross-disciplinary-collaboration",
        "Tværfagligt samarbejde (cross-disciplinary collaboration)",
        "collaboration",
    ),
    ("knowledge-sharing", "Videndeling (knowledge sharing)", "collaboration"),
    ("trainee-supervision", "Praktikvejledning (trainee supervision)", "collaboration"),
    ("machine-operation", "Maskinbetjening (machine operation)", "operations"),
    ("green-area-maintenance", "Pleje af grønne områder (green area maintenance)", "operations"),
    ("winter-service", "Vintertjeneste (winter service)", "operations"),
    ("road-maintenance", "Vejvedligeholdelse (road maintenance)", "operations"),
    ("paving", "Belægningsarbejde (paving)", "operations"),
    ("tree-care", "Træpleje (tree care)", "operations"),
    ("case-handling", "Sagsbehandling (case handling)", "administration"),
    ("administrative-law", "Forvaltningsret (administrative law)", "administration"),
    ("data-protection", "Databeskyttelse og GDPR (data protection)", "administration"),
    ("planning", "Planlægning (planning)", "administration"),
    ("quality-assurance", "Kvalitetssikring (quality assurance)", "administration"),
    ("people-leadership", "Personaleledelse (people leadership)", "leadership"),
    ("change-management", "Forandringsledelse (change management)", "leadership"),
    ("coaching-leadership", "Coachende ledelse (coaching leadership)", "leadership"),
    ("occupational-safety", "Arbejdsmiljø og sikkerhed (occupational safety)", "safety"),
    ("first-aid", "Førstehjælp (first aid)", "safety"),
    ("safe-lifting", "Forflytning (safe lifting and transfer)", "safety"),
    ("roadwork-traffic-safety", "Skiltning og sikkerhed ved vejarbejde (roadwork traffic safety)", "safety"),
    ("danish-second-language", "Dansk som andetsprog (Danish as a second language)", "language"),
];

/// The three kinds of department the municipality is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Ældre og Sundhed (elder care and health).
    ElderCare,
    /// Vej og Park (roads and parks).
    RoadsParks,
    /// Borgerservice (citizen service).
    CitizenService,
}

/// A department template: how departments of one kind look.
pub struct DeptTemplate {
    /// Kind.
    pub kind: Kind,
    /// Id of the first department of this kind; later ones get a number.
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// Units (id suffix, name); cycled (with a number) in large organisations.
    pub units: &'static [(&'static str, &'static str)],
    /// The role of each team's leader (the team's first member).
    pub leader: &'static str,
    /// The other roles with integer weights.
    pub staff: &'static [(&'static str, u32)],
    /// Citizen-feedback themes for teams of this kind.
    pub feedback: &'static [FeedbackTheme],
}

/// A citizen-feedback theme: (kind, channel, competences, summary).
pub struct FeedbackTheme {
    /// 0 complaint, 1 praise, 2 suggestion, 3 apprentice question.
    pub kind: u8,
    /// 0 panel, 1 survey, 2 focus group, 3 informal, 4 complaint case.
    pub channel: u8,
    /// Competence ids.
    pub competences: &'static [&'static str],
    /// Summary.
    pub summary: &'static str,
}

const fn fb(
    kind: u8,
    channel: u8,
    competences: &'static [&'static str],
    summary: &'static str,
) -> FeedbackTheme {
    FeedbackTheme { kind, channel, competences, summary }
}

/// The department templates, in the order they appear in the organisation.
pub const DEPARTMENTS: [DeptTemplate; 3] = [
    DeptTemplate {
        kind: Kind::ElderCare,
        id: "elder-care",
        name: "Ældre og Sundhed",
        units: &[
            ("home-care-north", "Hjemmeplejen Nord"),
            ("home-care-south", "Hjemmeplejen Syd"),
            ("nursing-home-solhoej", "Plejecenter Solhøj"),
            ("rehabilitation-centre", "Sundheds- og Rehabiliteringscenter"),
        ],
        leader: "care-team-leader",
        staff: &[
            ("social-and-health-helper", 42),
            ("social-and-health-assistant", 33),
            ("nurse", 12),
            ("care-helper", 8),
            ("occupational-therapist", 5),
        ],
        feedback: &[
            fb(
                0,
                4,
                &["dementia-care", "citizen-dialogue"],
                "Pårørende klager over uro og manglende forståelse ved besøg hos en borger med demens",
            ),
            fb(1, 1, &["rehabilitation"], "Borgere roser træningen i hverdagsrehabiliteringen"),
            fb(
                2,
                0,
                &["citizen-dialogue"],
                "Ældrerådet foreslår faste kontaktpersoner og mere tid til samtale",
            ),
            fb(
                3,
                3,
                &["medicine-handling"],
                "En elev spørger til dosisdispensering; teamet er usikkert på reglerne",
            ),
            fb(
                0,
                4,
                &["care-record-documentation"],
                "Manglende dokumentation ved vagtskifte førte til en fejl",
            ),
            fb(
                2,
                2,
                &["welfare-technology"],
                "Fokusgruppe ønsker hjælp til at bruge skærmbesøg og spiserobot",
            ),
            fb(0, 1, &["nutrition", "early-detection"], "Pårørende oplever at vægttab opdages for sent"),
        ],
    },
    DeptTemplate {
        kind: Kind::RoadsParks,
        id: "roads-and-parks",
        name: "Vej og Park",
        units: &[
            ("green-areas", "Grønne Områder"),
            ("roads-and-winter", "Vej og Vinter"),
            ("workshop-and-machines", "Materielgården"),
        ],
        leader: "operations-team-leader",
        staff: &[("landscape-gardener", 40), ("road-worker", 35), ("machine-operator", 25)],
        feedback: &[
            fb(0, 3, &["winter-service"], "Borgere klager over sent saltede cykelstier på skoleveje"),
            fb(
                2,
                0,
                &["green-area-maintenance"],
                "Grundejerforeningen foreslår mere biodiversitet og færre slåede græsflader",
            ),
            fb(1, 1, &["road-maintenance"], "Borgerne roser hurtig udbedring af huller efter anmeldelse"),
            fb(0, 4, &["roadwork-traffic-safety"], "Mangelfuld skiltning ved vejarbejde på Skolevej"),
            fb(3, 3, &["machine-operation"], "Lærling spørger til sikker betjening af rendegraveren"),
        ],
    },
    DeptTemplate {
        kind: Kind::CitizenService,
        id: "citizen-service",
        name: "Borgerservice",
        units: &[("front-desk", "Borgerservice Skranken"), ("benefits", "Ydelsescenter")],
        leader: "service-team-leader",
        staff: &[("citizen-service-officer", 60), ("caseworker", 40)],
        feedback: &[
            fb(
                0,
                1,
                &["digital-self-service-guidance"],
                "Ældre borgere har svært ved MitID og Digital Post og føler sig afvist",
            ),
            fb(
                2,
                2,
                &["guidance-counselling"],
                "Fokusgruppe foreslår tidsbestilling med forberedt vejledning",
            ),
            fb(0, 4, &["conflict-de-escalation"], "Truende episode i skranken; medarbejderen stod alene"),
            fb(1, 1, &["citizen-dialogue"], "Høj tilfredshed med venlig og klar betjening i telefonen"),
            fb(3, 3, &["data-protection"], "En elev spørger, om sagsakter må sendes med almindelig e-mail"),
            fb(
                0,
                4,
                &["case-handling", "administrative-law"],
                "Klage over manglende partshøring i en ydelsessag",
            ),
        ],
    },
];

/// A role: (id, name, education, wage cost base, hours-away caps, requirements).
pub struct RoleTemplate {
    /// Id.
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// Typical education backgrounds with weights.
    pub education: &'static [(Education, u32)],
    /// Typical wage cost per hour in kroner (± a little per person).
    pub wage: i64,
    /// Typical hours-away caps for the planning period.
    pub hours: &'static [f64],
    /// Required levels.
    pub requirements: &'static [(&'static str, u8)],
    /// A role people in this role may aim for.
    pub career: Option<&'static str>,
}

use Education::*;

/// Every role. Requirements follow the Danish job descriptions in broad strokes.
pub const ROLES: [RoleTemplate; 13] = [
    RoleTemplate {
        id: "social-and-health-helper",
        name: "Social- og sundhedshjælper",
        education: &[(Vocational, 9), (Unskilled, 1)],
        wage: 300,
        hours: &[37.0, 44.4, 59.2, 74.0],
        requirements: &[
            ("personal-care", 3),
            ("dementia-care", 2),
            ("rehabilitation", 2),
            ("care-record-documentation", 2),
            ("infection-prevention", 3),
            ("safe-lifting", 3),
            ("citizen-dialogue", 2),
            ("early-detection", 2),
        ],
        career: Some("social-and-health-assistant"),
    },
    RoleTemplate {
        id: "social-and-health-assistant",
        name: "Social- og sundhedsassistent",
        education: &[(Vocational, 1)],
        wage: 330,
        hours: &[44.4, 59.2, 74.0, 111.0],
        requirements: &[
            ("personal-care", 3),
            ("dementia-care", 3),
            ("rehabilitation", 3),
            ("medicine-handling", 3),
            ("wound-care", 2),
            ("care-record-documentation", 3),
            ("early-detection", 3),
            ("infection-prevention", 3),
            ("safe-lifting", 3),
            ("cross-disciplinary-collaboration", 2),
        ],
        career: Some("nurse"),
    },
    RoleTemplate {
        id: "nurse",
        name: "Sygeplejerske",
        education: &[(MediumHigher, 1)],
        wage: 400,
        hours: &[74.0, 111.0, 150.0],
        requirements: &[
            ("medicine-handling", 4),
            ("wound-care", 4),
            ("early-detection", 4),
            ("care-record-documentation", 4),
            ("palliative-care", 3),
            ("dementia-care", 3),
            ("cross-disciplinary-collaboration", 3),
            ("trainee-supervision", 3),
        ],
        career: Some("care-team-leader"),
    },
    RoleTemplate {
        id: "care-helper",
        name: "Plejemedhjælper (ufaglært)",
        education: &[(Unskilled, 1)],
        wage: 275,
        hours: &[37.0, 44.4, 74.0],
        requirements: &[
            ("personal-care", 2),
            ("infection-prevention", 2),
            ("safe-lifting", 2),
            ("care-record-documentation", 1),
            ("citizen-dialogue", 1),
        ],
        career: Some("social-and-health-helper"),
    },
    RoleTemplate {
        id: "occupational-therapist",
        name: "Ergoterapeut",
        education: &[(MediumHigher, 1)],
        wage: 390,
        hours: &[74.0, 111.0, 150.0],
        requirements: &[
            ("rehabilitation", 4),
            ("welfare-technology", 3),
            ("care-record-documentation", 3),
            ("cross-disciplinary-collaboration", 3),
            ("citizen-dialogue", 3),
        ],
        career: None,
    },
    RoleTemplate {
        id: "care-team-leader",
        name: "Teamleder, Ældre og Sundhed",
        education: &[(MediumHigher, 3), (LongHigher, 1)],
        wage: 470,
        hours: &[74.0, 111.0, 150.0],
        requirements: &[
            ("people-leadership", 3),
            ("planning", 3),
            ("quality-assurance", 3),
            ("occupational-safety", 2),
            ("care-record-documentation", 3),
            ("change-management", 2),
        ],
        career: None,
    },
    RoleTemplate {
        id: "landscape-gardener",
        name: "Anlægsgartner",
        education: &[(Vocational, 1)],
        wage: 310,
        hours: &[37.0, 44.4, 59.2, 74.0],
        requirements: &[
            ("green-area-maintenance", 3),
            ("tree-care", 2),
            ("machine-operation", 2),
            ("occupational-safety", 2),
            ("winter-service", 2),
        ],
        career: Some("operations-team-leader"),
    },
    RoleTemplate {
        id: "road-worker",
        name: "Vejarbejder",
        education: &[(Unskilled, 2), (Vocational, 1)],
        wage: 295,
        hours: &[37.0, 44.4, 59.2],
        requirements: &[
            ("road-maintenance", 3),
            ("paving", 2),
            ("roadwork-traffic-safety", 3),
            ("winter-service", 2),
            ("occupational-safety", 2),
        ],
        career: Some("machine-operator"),
    },
    RoleTemplate {
        id: "machine-operator",
        name: "Maskinfører",
        education: &[(Vocational, 3), (Unskilled, 1)],
        wage: 320,
        hours: &[37.0, 44.4, 59.2, 74.0],
        requirements: &[
            ("machine-operation", 4),
            ("winter-service", 3),
            ("roadwork-traffic-safety", 3),
            ("occupational-safety", 3),
            ("road-maintenance", 2),
        ],
        career: None,
    },
    RoleTemplate {
        id: "operations-team-leader",
        name: "Driftsleder, Vej og Park",
        education: &[(ShortHigher, 2), (Vocational, 1)],
        wage: 455,
        hours: &[59.2, 74.0, 111.0],
        requirements: &[
            ("people-leadership", 3),
            ("planning", 3),
            ("occupational-safety", 3),
            ("self-managing-teams", 3),
            ("machine-operation", 2),
        ],
        career: None,
    },
    RoleTemplate {
        id: "citizen-service-officer",
        name: "Borgerservicemedarbejder",
        education: &[(Vocational, 3), (ShortHigher, 1)],
        wage: 315,
        hours: &[37.0, 44.4, 59.2, 74.0],
        requirements: &[
            ("digital-self-service-guidance", 3),
            ("citizen-dialogue", 3),
            ("office-it", 3),
            ("data-protection", 2),
            ("guidance-counselling", 2),
            ("conflict-de-escalation", 2),
        ],
        career: Some("caseworker"),
    },
    RoleTemplate {
        id: "caseworker",
        name: "Sagsbehandler",
        education: &[(MediumHigher, 3), (ShortHigher, 1)],
        wage: 380,
        hours: &[59.2, 74.0, 111.0, 150.0],
        requirements: &[
            ("case-handling", 4),
            ("administrative-law", 3),
            ("data-protection", 3),
            ("citizen-dialogue", 3),
            ("office-it", 3),
            ("guidance-counselling", 3),
        ],
        career: Some("service-team-leader"),
    },
    RoleTemplate {
        id: "service-team-leader",
        name: "Teamleder, Borgerservice",
        education: &[(MediumHigher, 2), (LongHigher, 1)],
        wage: 465,
        hours: &[74.0, 111.0, 150.0],
        requirements: &[
            ("people-leadership", 3),
            ("planning", 3),
            ("quality-assurance", 3),
            ("data-protection", 3),
            ("case-handling", 3),
        ],
        career: None,
    },
];

/// A strategic goal from the guide, scoped to departments of some kinds (and some roles).
pub struct GoalTemplate {
    /// Id.
    pub id: &'static str,
    /// Title (Danish / English).
    pub title: &'static str,
    /// Priority.
    pub priority: f64,
    /// Deadline (year, month, day).
    pub deadline: (i16, i8, i8),
    /// Department kinds in scope.
    pub kinds: &'static [Kind],
    /// Roles in scope; empty for all.
    pub roles: &'static [&'static str],
    /// Requirements: (competence, level, weight, mandatory).
    pub requirements: &'static [(&'static str, u8, f64, bool)],
    /// Requirements that must be certified (by competence id): only a certifying activity
    /// counts towards them.
    pub certified: &'static [&'static str],
}

/// The strategic goals.
pub const GOALS: [GoalTemplate; 5] = [
    GoalTemplate {
        id: "citizen-at-the-centre",
        title: "Sæt borgeren i centrum / Put the citizen at the centre",
        priority: 1.5,
        deadline: (2027, 12, 31),
        kinds: &[Kind::ElderCare],
        roles: &[],
        requirements: &[
            ("citizen-dialogue", 3, 1.0, false),
            ("rehabilitation", 3, 1.0, false),
            ("dementia-care", 3, 0.8, false),
        ],
        certified: &[],
    },
    GoalTemplate {
        id: "safe-medicine-handling",
        title: "Sikker medicinhåndtering / Safe medicine handling (certificering)",
        priority: 2.0,
        deadline: (2027, 6, 30),
        kinds: &[Kind::ElderCare],
        roles: &["social-and-health-helper", "social-and-health-assistant"],
        requirements: &[("medicine-handling", 3, 1.0, true)],
        certified: &[],
    },
    GoalTemplate {
        id: "self-managing-teams",
        title: "Selvstyrende teams / Self-managing teams",
        priority: 1.2,
        deadline: (2028, 6, 30),
        kinds: &[Kind::RoadsParks],
        roles: &[],
        requirements: &[
            ("self-managing-teams", 3, 1.0, false),
            ("planning", 2, 0.8, false),
            ("knowledge-sharing", 2, 0.6, false),
        ],
        certified: &[],
    },
    GoalTemplate {
        id: "digital-citizen-service",
        title: "Digital borgerservice / Digital citizen service",
        priority: 1.3,
        deadline: (2027, 9, 30),
        kinds: &[Kind::CitizenService],
        roles: &[],
        requirements: &[
            ("digital-self-service-guidance", 4, 1.0, false),
            ("data-protection", 3, 1.0, true),
            ("conflict-de-escalation", 3, 0.7, false),
        ],
        certified: &[],
    },
    GoalTemplate {
        id: "quality-assurance",
        title: "Kvalitetssikring / Quality assurance",
        priority: 1.0,
        deadline: (2028, 3, 31),
        kinds: &[Kind::ElderCare, Kind::CitizenService],
        roles: &[],
        requirements: &[("quality-assurance", 2, 1.0, false), ("knowledge-sharing", 2, 0.5, false)],
        certified: &[],
    },
];

/// Danish first names for display names ("Mette H.").
pub const FIRST_NAMES: [&str; 48] = [
    "Mette",
    "Anne",
    "Hanne",
    "Susanne",
    "Lone",
    "Kirsten",
    "Pia",
    "Camilla",
    "Louise",
    "Sofie",
    "Maria",
    "Fatima",
    "Aisha",
    "Emma",
    "Ida",
    "Julie",
    "Karen",
    "Bente",
    "Tina",
    "Nadia",
    "Amira",
    "Ewa",
    "Zeynep",
    "Line",
    "Jens",
    "Lars",
    "Søren",
    "Peter",
    "Michael",
    "Henrik",
    "Thomas",
    "Anders",
    "Niels",
    "Rasmus",
    "Mads",
    "Jesper",
    "Morten",
    "Kasper",
    "Martin",
    "Ole",
    "Bo",
    "Ali",
    "Omar",
    "Ahmed",
    "Piotr",
    "Mehmet",
    "Christian",
    "Frederik",
];

/// Initials for display names.
pub const INITIALS: [char; 22] = [
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'R', 'S', 'T', 'V', 'Ø',
    'Å',
];

/// Languages besides Danish that people with Danish as a second language speak.
pub const OTHER_LANGUAGES: [&str; 6] = ["ar", "pl", "tr", "so", "uk", "fa"];

/// A base catalog entry, compact: see [`base_catalog`].
pub struct ActivitySpec {
    /// Id.
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// Form.
    pub form: LearningForm,
    /// Provider.
    pub provider: &'static str,
    /// Fee per participant, kroner.
    pub fee: i64,
    /// Hours away per participant.
    pub hours: f64,
    /// (competence, gain, entry level, ceiling).
    pub develops: &'static [(&'static str, u8, u8, u8)],
    /// Overrides of the form's defaults.
    pub extra: Extra,
}

/// Optional departures from a form's defaults.
#[derive(Clone, Copy)]
pub struct Extra {
    /// Transfer probability (mean of the prior); `None` for the form's default.
    pub transfer: Option<f64>,
    /// Language of instruction, "da" by default.
    pub language: &'static str,
    /// Mentor and mentor hours.
    pub mentor: Option<(MentorKind, f64)>,
    /// Group terms: fixed cost, min and max participants.
    pub group: Option<(i64, u32, u32)>,
    /// Duration in weeks; 0 for the form's default.
    pub weeks: u32,
    /// Completing it certifies the levels it develops.
    pub certifies: bool,
}

const X: Extra =
    Extra { transfer: None, language: "da", mentor: None, group: None, weeks: 0, certifies: false };

const fn tr(p: f64) -> Extra {
    Extra { transfer: Some(p), ..X }
}
const fn en() -> Extra {
    Extra { language: "en", ..X }
}
const fn buddy(hours: f64, weeks: u32) -> Extra {
    Extra { mentor: Some((MentorKind::Buddy, hours)), weeks, ..X }
}
const fn sup(hours: f64, weeks: u32) -> Extra {
    Extra { mentor: Some((MentorKind::Supervisor, hours)), weeks, ..X }
}
const fn grp(fixed: i64, min: u32, max: u32) -> Extra {
    Extra { group: Some((fixed, min, max)), ..X }
}
const fn wk(weeks: u32) -> Extra {
    Extra { weeks, ..X }
}

use LearningForm::*;

// Positional arguments keep each catalog row on one line, readable as a table.
#[allow(clippy::too_many_arguments)]
const fn spec(
    id: &'static str,
    title: &'static str,
    form: LearningForm,
    provider: &'static str,
    fee: i64,
    hours: f64,
    develops: &'static [(&'static str, u8, u8, u8)],
    extra: Extra,
) -> ActivitySpec {
    ActivitySpec { id, title, form, provider, fee, hours, develops, extra }
}

/// AMU courses: 7.4 hours per day at roughly 130–200 kr per day.
const fn amu(
    id: &'static str,
    title: &'static str,
    provider: &'static str,
    days: i64,
    per_day: i64,
    develops: &'static [(&'static str, u8, u8, u8)],
    extra: Extra,
) -> ActivitySpec {
    spec(id, title, AmuCourse, provider, days * per_day, 7.4 * days as f64, develops, extra)
}

/// The base catalog: every learning form, Danish prices and hours.
#[rustfmt::skip]
pub const BASE_CATALOG: &[ActivitySpec] = &[
    // AMU courses (arbejdsmarkedsuddannelser).
    amu("amu-dementia-care", "Demens — forståelse og kommunikation (AMU)", "SOSU-skolen", 3, 145, &[("dementia-care", 1, 1, 3)], X),
    amu("amu-dementia-behaviour", "Demens og adfærd der udfordrer (AMU)", "SOSU-skolen", 5, 150, &[("dementia-care", 2, 2, 4), ("conflict-de-escalation", 1, 1, 3)], tr(0.6)),
    amu("amu-rehabilitation", "Hverdagsrehabilitering i praksis (AMU)", "SOSU-skolen", 4, 140, &[("rehabilitation", 1, 1, 3)], tr(0.55)),
    amu("amu-medicine-handling", "Medicinhåndtering for social- og sundhedspersonale (AMU)", "SOSU-skolen", 5, 160, &[("medicine-handling", 2, 1, 3)], tr(0.6)),
    amu("amu-wound-care", "Sårpleje — grundlæggende (AMU)", "SOSU-skolen", 2, 150, &[("wound-care", 1, 1, 3)], X),
    amu("amu-infection-prevention", "Hygiejne og smitteforebyggelse (AMU)", "SOSU-skolen", 2, 135, &[("infection-prevention", 1, 1, 4)], X),
    amu("amu-safe-lifting", "Forflytning og arbejdsstillinger (AMU)", "SOSU-skolen", 3, 140, &[("safe-lifting", 2, 0, 3)], tr(0.55)),
    amu("amu-personal-care", "Personlig pleje og omsorg (AMU)", "SOSU-skolen", 5, 135, &[("personal-care", 2, 0, 3)], X),
    amu("amu-early-detection", "Tidlig opsporing af sygdomstegn (AMU)", "SOSU-skolen", 3, 145, &[("early-detection", 1, 1, 3)], X),
    amu("amu-documentation", "Dokumentation i omsorgsjournalen (AMU)", "SOSU-skolen", 2, 150, &[("care-record-documentation", 1, 0, 3)], X),
    amu("amu-palliative", "Palliativ pleje og omsorg (AMU)", "SOSU-skolen", 4, 155, &[("palliative-care", 1, 1, 3)], X),
    amu("amu-nutrition", "Kost og ernæring til ældre (AMU)", "SOSU-skolen", 2, 140, &[("nutrition", 1, 0, 3)], X),
    amu("amu-mental-health", "Psykiatri i ældreplejen (AMU)", "SOSU-skolen", 5, 150, &[("mental-health-support", 1, 0, 3)], X),
    amu("amu-dsl-care", "Dansk som andetsprog i sosu-arbejdet (AMU, med sprogstøtte)", "SOSU-skolen", 5, 130, &[("danish-second-language", 1, 1, 4), ("care-record-documentation", 1, 0, 2)], tr(0.6)),
    amu("amu-machine-operation", "Kompaktlæsser og rendegraver (AMU)", "AMU Vest", 5, 175, &[("machine-operation", 2, 1, 4)], tr(0.6)),
    amu("amu-machine-safety", "Sikkerhed ved maskinbetjening (AMU)", "AMU Vest", 2, 165, &[("machine-operation", 1, 0, 2), ("occupational-safety", 1, 1, 3)], X),
    amu("amu-green-areas", "Pleje af grønne områder og biodiversitet (AMU)", "AMU Vest", 4, 160, &[("green-area-maintenance", 1, 1, 4)], X),
    amu("amu-tree-care", "Beskæring af træer og buske (AMU)", "AMU Vest", 3, 170, &[("tree-care", 1, 0, 3)], X),
    amu("amu-winter-service", "Vintertjeneste — glatførebekæmpelse (AMU)", "AMU Vest", 2, 185, &[("winter-service", 1, 1, 4)], X),
    amu("amu-road-maintenance", "Vejvedligeholdelse og lapning (AMU)", "AMU Vest", 3, 175, &[("road-maintenance", 1, 1, 3)], X),
    amu("amu-paving", "Belægningsarbejde med fliser og sten (AMU)", "AMU Vest", 5, 180, &[("paving", 2, 0, 3)], X),
    amu("amu-roadwork-signage", "Skiltning ved vejarbejde, certifikat (AMU)", "AMU Vest", 2, 195, &[("roadwork-traffic-safety", 2, 1, 3)], tr(0.65)),
    amu("amu-first-aid", "Førstehjælp på arbejdspladsen (AMU)", "AMU Vest", 1, 200, &[("first-aid", 1, 0, 3)], X),
    amu("amu-self-managing", "Selvstyrende grupper i driften (AMU)", "AMU Vest", 3, 160, &[("self-managing-teams", 1, 1, 3), ("planning", 1, 0, 2)], X),
    amu("amu-citizen-service-digital", "Vejledning i digital selvbetjening (AMU)", "AMU Øst", 3, 150, &[("digital-self-service-guidance", 1, 1, 3)], X),
    amu("amu-conflict", "Konflikthåndtering i borgerbetjeningen (AMU)", "AMU Øst", 2, 145, &[("conflict-de-escalation", 1, 0, 3)], X),
    amu("amu-office-it", "IT i administrativt arbejde (AMU)", "AMU Øst", 4, 140, &[("office-it", 1, 1, 3)], X),
    amu("amu-occupational-safety", "Arbejdsmiljøuddannelse (AMU)", "AMU Øst", 3, 190, &[("occupational-safety", 1, 1, 3)], X),
    // External courses.
    spec("ext-dementia-coordinator", "Demenskoordinator — intensivt kursus", ExternalCourse, "Nationalt Videnscenter for Demens", 9500, 44.4, &[("dementia-care", 2, 3, 5)], X),
    spec("ext-wound-care-advanced", "Sårpleje for sygeplejersker — avanceret", ExternalCourse, "Dansk Sygeplejeråd", 6800, 22.2, &[("wound-care", 1, 3, 5)], X),
    spec("ext-palliative-nurse", "Palliation i kommunal sygepleje", ExternalCourse, "PAVI", 5400, 22.2, &[("palliative-care", 1, 2, 4)], X),
    spec("ext-medicine-certification", "Medicincertificering med praktisk prøve", ExternalCourse, "Region Syddanmark", 3200, 14.8, &[("medicine-handling", 1, 2, 4)], tr(0.65)),
    spec("ext-gdpr", "GDPR i praksis for sagsbehandlere", ExternalCourse, "KL-Uddannelser", 4200, 14.8, &[("data-protection", 1, 1, 4)], X),
    spec("ext-administrative-law", "Forvaltningsret for sagsbehandlere", ExternalCourse, "KL-Uddannelser", 7900, 29.6, &[("administrative-law", 2, 1, 4)], X),
    spec("ext-case-handling", "God sagsbehandling og partshøring", ExternalCourse, "KL-Uddannelser", 5900, 22.2, &[("case-handling", 1, 2, 5), ("administrative-law", 1, 2, 4)], X),
    spec("ext-conflict", "Konfliktnedtrapning og personlig sikkerhed", ExternalCourse, "Center for Konfliktløsning", 3800, 14.8, &[("conflict-de-escalation", 1, 1, 4)], tr(0.45)),
    spec("ext-quality", "Kvalitetsudvikling og audit i kommunen", ExternalCourse, "Danske Regioner & KL", 6500, 22.2, &[("quality-assurance", 1, 1, 4)], X),
    spec("ext-leadership", "Ledelse af selvledende medarbejdere", ExternalCourse, "Mannaz", 11800, 29.6, &[("people-leadership", 1, 2, 5), ("self-managing-teams", 1, 2, 4)], X),
    spec("ext-planning", "Planlægning og ressourcestyring i drift", ExternalCourse, "Teknologisk Institut", 5200, 14.8, &[("planning", 1, 1, 4)], X),
    spec("ext-welfare-tech", "Velfærdsteknologi i ældreplejen", ExternalCourse, "Teknologisk Institut", 4500, 14.8, &[("welfare-technology", 1, 0, 3)], X),
    spec("ext-tree-care-cert", "Europæisk træplejercertifikat (ETW), forberedelse", ExternalCourse, "Skovskolen", 10500, 44.4, &[("tree-care", 2, 2, 5)], X),
    spec("ext-dementia-english", "Person-centred dementia care masterclass (in English)", ExternalCourse, "Bradford Dementia Group", 8900, 14.8, &[("dementia-care", 1, 3, 5)], en()),
    spec("ext-cross-cultural", "Tværkulturel kommunikation med borgere", ExternalCourse, "Institut for Menneskerettigheder", 2400, 7.4, &[("cross-cultural-communication", 1, 0, 3)], X),
    // Internal tailored team courses (group terms).
    spec("int-citizen-dialogue-team", "Borgerdialog i teamet — skræddersyet forløb", InternalCourse, "Eksempel Kommune HR", 0, 14.8, &[("citizen-dialogue", 1, 1, 4)], grp(24000, 6, 20)),
    spec("int-rehabilitation-team", "Rehabiliterende tilgang — teamforløb med opfølgning", InternalCourse, "Eksempel Kommune HR", 0, 22.2, &[("rehabilitation", 1, 1, 4)], Extra { transfer: Some(0.7), group: Some((32000, 6, 20)), ..X }),
    spec("int-self-managing-team", "Selvstyrende team — opstartsforløb", InternalCourse, "Eksempel Kommune HR", 0, 22.2, &[("self-managing-teams", 1, 1, 4), ("knowledge-sharing", 1, 0, 3)], grp(38000, 5, 20)),
    spec("int-digital-service-team", "Digital borgerservice — fælles teamforløb", InternalCourse, "Digitaliseringsenheden", 0, 14.8, &[("digital-self-service-guidance", 1, 2, 5)], grp(18000, 5, 16)),
    spec("int-documentation-team", "Fælles dokumentationspraksis i omsorgsjournalen", InternalCourse, "Eksempel Kommune HR", 0, 7.4, &[("care-record-documentation", 1, 1, 4)], grp(15000, 6, 20)),
    spec("int-quality-team", "Kvalitetssikring i hverdagen — teamworkshop", InternalCourse, "Kvalitetsenheden", 0, 7.4, &[("quality-assurance", 1, 0, 3)], grp(16000, 6, 20)),
    spec("int-safety-team", "Arbejdsmiljø og sikkerhedsrunde — teamkursus", InternalCourse, "Arbejdsmiljøorganisationen", 0, 7.4, &[("occupational-safety", 1, 0, 3)], grp(15000, 5, 20)),
    // Further education (diploma modules, academy).
    spec("dip-dementia", "Diplommodul: Demens og neurokognitive lidelser", FurtherEducation, "UCL Erhvervsakademi og Professionshøjskole", 19500, 120.0, &[("dementia-care", 1, 3, 5), ("cross-disciplinary-collaboration", 1, 2, 4)], wk(14)),
    spec("dip-leadership", "Diplom i ledelse: Ledelse af medarbejdere", FurtherEducation, "Københavns Professionshøjskole", 22500, 135.0, &[("people-leadership", 1, 2, 5), ("coaching-leadership", 1, 1, 4)], wk(16)),
    spec("dip-rehabilitation", "Diplommodul: Rehabilitering i kommunal praksis", FurtherEducation, "VIA University College", 18500, 110.0, &[("rehabilitation", 1, 3, 5)], wk(12)),
    spec("ak-public-administration", "Akademimodul: Forvaltningsret og sagsbehandling", FurtherEducation, "Erhvervsakademi Aarhus", 16000, 90.0, &[("administrative-law", 1, 2, 5), ("case-handling", 1, 2, 5)], wk(12)),
    spec("dip-change-management", "Diplommodul: Forandringsledelse", FurtherEducation, "UC SYD", 21000, 135.0, &[("change-management", 2, 1, 5)], wk(16)),
    spec("dip-quality", "Diplommodul: Kvalitetsudvikling i sundhedsvæsenet", FurtherEducation, "UC SYD", 17500, 100.0, &[("quality-assurance", 1, 2, 5)], wk(12)),
    spec("ak-trainee-supervision", "Praktikvejlederuddannelse (akademimodul)", FurtherEducation, "SOSU-skolen", 15500, 80.0, &[("trainee-supervision", 2, 1, 4)], wk(10)),
    // E-learning.
    spec("el-gdpr", "GDPR og informationssikkerhed — e-læring", ELearning, "KL-Uddannelser", 350, 3.0, &[("data-protection", 1, 0, 2), ("cyber-security-awareness", 1, 0, 2)], X),
    spec("el-gdpr-english", "GDPR essentials for public employees (e-learning, English)", ELearning, "KL-Uddannelser", 350, 3.0, &[("data-protection", 1, 0, 2)], en()),
    spec("el-hygiene", "Hygiejne — e-læring med quiz", ELearning, "Statens Serum Institut", 0, 4.0, &[("infection-prevention", 1, 0, 3)], X),
    spec("el-medicine-followup", "Medicinhåndtering — opfølgning efter kursus (e-læring)", ELearning, "SOSU-skolen", 600, 6.0, &[("medicine-handling", 1, 3, 4)], tr(0.5)),
    spec("el-mitid-guidance", "Vejledning i MitID og Digital Post — e-læring", ELearning, "Digitaliseringsstyrelsen", 0, 5.0, &[("digital-self-service-guidance", 1, 0, 3)], X),
    spec("el-office365", "Microsoft 365 i hverdagen — e-læring", ELearning, "IT-afdelingen", 450, 8.0, &[("office-it", 1, 0, 3)], X),
    spec("el-welfare-tech", "Skærmbesøg og velfærdsteknologi — e-læring", ELearning, "Digitaliseringsenheden", 0, 4.0, &[("welfare-technology", 1, 0, 2)], X),
    spec("el-safe-lifting-dsl", "Forflytning — e-læring med dansk som andetsprog-støtte", ELearning, "SOSU-skolen", 0, 5.0, &[("safe-lifting", 1, 0, 2), ("danish-second-language", 1, 1, 3)], X),
    spec("el-first-aid", "Førstehjælp genopfriskning — e-læring", ELearning, "Dansk Førstehjælpsråd", 250, 3.0, &[("first-aid", 1, 0, 2)], X),
    spec("el-administrative-law", "Forvaltningsretlige grundprincipper — e-læring", ELearning, "KL-Uddannelser", 1200, 12.0, &[("administrative-law", 1, 0, 2)], X),
    spec("el-winter-routes", "Vinterruter og saltning — e-læring", ELearning, "Vejdirektoratet", 0, 3.0, &[("winter-service", 1, 0, 2)], X),
    spec("el-quality-basics", "Kvalitet og utilsigtede hændelser — e-læring", ELearning, "Styrelsen for Patientsikkerhed", 0, 4.0, &[("quality-assurance", 1, 0, 2)], X),
    spec("el-leadership-english", "Leading hybrid teams (e-learning, English)", ELearning, "LinkedIn Learning", 1500, 15.0, &[("people-leadership", 1, 1, 3)], en()),
    // Buddy training (sidemandsoplæring).
    spec("buddy-medicine", "Sidemandsoplæring i medicinhåndtering", BuddyTraining, "internal", 0, 16.0, &[("medicine-handling", 1, 1, 4)], buddy(12.0, 6)),
    spec("buddy-dementia", "Sidemandsoplæring i demensomsorg", BuddyTraining, "internal", 0, 12.0, &[("dementia-care", 1, 1, 4)], buddy(10.0, 6)),
    spec("buddy-documentation", "Sidemandsoplæring i dokumentation", BuddyTraining, "internal", 0, 8.0, &[("care-record-documentation", 1, 0, 4)], buddy(6.0, 4)),
    spec("buddy-machine", "Sidemandsoplæring på maskinerne", BuddyTraining, "internal", 0, 24.0, &[("machine-operation", 1, 1, 4)], buddy(20.0, 8)),
    spec("buddy-winter", "Sidemandsoplæring på vinterruten", BuddyTraining, "internal", 0, 16.0, &[("winter-service", 1, 1, 4)], buddy(14.0, 6)),
    spec("buddy-case-handling", "Sidemandsoplæring i sagsbehandling", BuddyTraining, "internal", 0, 20.0, &[("case-handling", 1, 1, 4)], buddy(16.0, 8)),
    spec("buddy-self-service", "Sidemandsoplæring i digital vejledning", BuddyTraining, "internal", 0, 8.0, &[("digital-self-service-guidance", 1, 1, 4)], buddy(6.0, 4)),
    spec("buddy-rehabilitation", "Sidemandsoplæring med terapeut i rehabilitering", BuddyTraining, "internal", 0, 12.0, &[("rehabilitation", 1, 1, 4)], buddy(10.0, 6)),
    spec("buddy-wound-care", "Sidemandsoplæring i sårpleje med sygeplejerske", BuddyTraining, "internal", 0, 10.0, &[("wound-care", 1, 1, 4)], buddy(8.0, 6)),
    // Learning projects.
    spec("proj-dementia-friendly", "Læringsprojekt: Demensvenligt plejecenter", LearningProject, "internal", 0, 30.0, &[("dementia-care", 1, 2, 4), ("knowledge-sharing", 1, 1, 3)], wk(20)),
    spec("proj-biodiversity", "Læringsprojekt: Vild med vilje — biodiversitet i parkerne", LearningProject, "internal", 2000, 24.0, &[("green-area-maintenance", 1, 2, 4), ("self-managing-teams", 1, 1, 3)], wk(24)),
    spec("proj-digital-first", "Læringsprojekt: Digital først i borgerservice", LearningProject, "internal", 0, 20.0, &[("digital-self-service-guidance", 1, 2, 5), ("quality-assurance", 1, 1, 3)], wk(16)),
    spec("proj-rehabilitation-flow", "Læringsprojekt: Rehabiliteringsforløb på tværs", LearningProject, "internal", 0, 26.0, &[("rehabilitation", 1, 2, 4), ("cross-disciplinary-collaboration", 1, 1, 4)], wk(20)),
    // Learning meetings (cheap, group).
    spec("meet-medicine", "Læringsmøde: Erfaringer fra medicinkurset", LearningMeeting, "internal", 0, 2.0, &[("medicine-handling", 1, 3, 4)], Extra { group: Some((1500, 4, 20)), weeks: 1, ..X }),
    spec("meet-dementia-cases", "Læringsmøder: Demenscases i teamet (serie)", LearningMeeting, "internal", 0, 6.0, &[("dementia-care", 1, 1, 3), ("knowledge-sharing", 1, 0, 3)], Extra { group: Some((3000, 4, 20)), weeks: 4, ..X }),
    spec("meet-safety", "Læringsmøde: Sikkerhed på pladsen", LearningMeeting, "internal", 0, 2.0, &[("occupational-safety", 1, 1, 3)], Extra { group: Some((1000, 4, 20)), weeks: 1, ..X }),
    spec("meet-counter", "Læringsmøde: Svære samtaler med borgere og pårørende", LearningMeeting, "internal", 0, 3.0, &[("conflict-de-escalation", 1, 1, 3), ("citizen-dialogue", 1, 1, 3)], Extra { group: Some((1500, 4, 16)), weeks: 2, ..X }),
    // Stretch assignments (nye udfordringer).
    spec("stretch-key-person-dementia", "Ny udfordring: Demensnøgleperson i teamet", StretchAssignment, "internal", 0, 20.0, &[("dementia-care", 2, 2, 5)], wk(12)),
    spec("stretch-planner", "Ny udfordring: Koordinere ugeplanen for teamet", StretchAssignment, "internal", 0, 16.0, &[("planning", 1, 1, 4), ("self-managing-teams", 1, 1, 4)], wk(12)),
    spec("stretch-winter-lead", "Ny udfordring: Vagtleder i vintertjenesten", StretchAssignment, "internal", 0, 24.0, &[("winter-service", 2, 2, 5), ("planning", 1, 1, 3)], wk(16)),
    spec("stretch-acting-leader", "Ny udfordring: Konstitueret teamleder", StretchAssignment, "internal", 0, 40.0, &[("people-leadership", 3, 1, 5)], wk(16)),
    spec("stretch-trainee-mentor", "Ny udfordring: Praktikvejleder for en elev", StretchAssignment, "internal", 0, 20.0, &[("trainee-supervision", 2, 1, 4)], wk(12)),
    spec("stretch-digital-ambassador", "Ny udfordring: Digital ambassadør", StretchAssignment, "internal", 0, 12.0, &[("digital-self-service-guidance", 1, 2, 5), ("welfare-technology", 3, 0, 4)], wk(12)),
    // Supervision.
    spec("sup-palliative", "Faglig supervision i palliation", Supervision, "Hospice Sydfyn", 2400, 8.0, &[("palliative-care", 1, 2, 5)], sup(6.0, 12)),
    spec("sup-caseworker", "Sagssupervision med juridisk konsulent", Supervision, "internal", 0, 10.0, &[("case-handling", 1, 2, 5), ("administrative-law", 1, 2, 5)], sup(8.0, 12)),
    spec("sup-leadership-coaching", "Ledersparring og coaching", Supervision, "Mannaz", 6000, 12.0, &[("coaching-leadership", 1, 1, 4), ("change-management", 1, 1, 4)], sup(10.0, 16)),
    spec("sup-mental-health", "Supervision i psykiatrisk omsorg", Supervision, "Psykiatrien", 1800, 8.0, &[("mental-health-support", 1, 1, 4)], sup(6.0, 12)),
    // Self-study.
    spec("self-dementia-guide", "Selvstudie: Demenshåndbogen med refleksionsopgaver", SelfStudy, "Nationalt Videnscenter for Demens", 300, 10.0, &[("dementia-care", 1, 0, 2)], wk(4)),
    spec("self-gdpr-guide", "Selvstudie: Datatilsynets vejledninger", SelfStudy, "Datatilsynet", 0, 8.0, &[("data-protection", 1, 1, 3)], wk(4)),
    spec("self-machine-manuals", "Selvstudie: Maskinmanualer og sikkerhedsdatablade", SelfStudy, "internal", 0, 6.0, &[("machine-operation", 1, 0, 2)], wk(2)),
    spec("self-danish-app", "Selvstudie: Dansk på jobbet (app og ordbog)", SelfStudy, "Sprogcenter", 500, 15.0, &[("danish-second-language", 1, 0, 3)], wk(8)),
    // Citizen-feedback learning.
    spec("cf-home-care-panel", "Læring fra borgerpanelet i hjemmeplejen", CitizenFeedback, "internal", 0, 6.0, &[("citizen-dialogue", 1, 1, 4)], wk(8)),
    spec("cf-complaints-review", "Klagegennemgang: Hvad lærer vi af klagerne?", CitizenFeedback, "internal", 0, 4.0, &[("quality-assurance", 1, 1, 3), ("case-handling", 1, 2, 4)], wk(6)),
    spec("cf-park-walk", "Borgervandring i parken — lær af brugerne", CitizenFeedback, "internal", 0, 4.0, &[("green-area-maintenance", 1, 1, 4), ("citizen-dialogue", 1, 0, 3)], wk(4)),
    spec("cf-counter-survey", "Brugertilfredshed i borgerservice — opfølgning i teamet", CitizenFeedback, "internal", 0, 5.0, &[("citizen-dialogue", 1, 2, 4), ("digital-self-service-guidance", 1, 1, 4)], wk(6)),
    // Job rotation.
    spec("rot-rehabilitation-centre", "Jobrotation: Tre uger på rehabiliteringscentret", JobRotation, "internal", 0, 111.0, &[("rehabilitation", 1, 2, 4), ("cross-disciplinary-collaboration", 1, 1, 3)], wk(3)),
    spec("rot-roads-to-parks", "Jobrotation mellem vej og grønne områder", JobRotation, "internal", 0, 74.0, &[("green-area-maintenance", 1, 1, 3), ("road-maintenance", 1, 1, 3)], wk(8)),
    spec("rot-benefits-desk", "Jobrotation: Skranke og ydelsescenter", JobRotation, "internal", 0, 74.0, &[("case-handling", 1, 1, 3), ("guidance-counselling", 1, 1, 4)], wk(6)),
];

/// Default mean transfer probability per form, before the spec's override. On-the-job forms
/// and courses with follow-up transfer better than one-off courses (the guide's research).
pub fn default_transfer(form: LearningForm) -> f64 {
    match form {
        AmuCourse => 0.5,
        ExternalCourse => 0.4,
        InternalCourse => 0.6,
        FurtherEducation => 0.55,
        ELearning => 0.35,
        BuddyTraining => 0.75,
        LearningProject => 0.7,
        LearningMeeting => 0.5,
        StretchAssignment => 0.7,
        Supervision => 0.8,
        SelfStudy => 0.35,
        CitizenFeedback => 0.6,
        JobRotation => 0.65,
    }
}
