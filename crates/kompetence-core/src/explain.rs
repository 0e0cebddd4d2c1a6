//! Explanations in Danish and English (D1, D6–D8, D11, D12): short plain text a consultant can
//! read aloud to the employee.
//!
//! Every chosen step says which needs it serves and why they exist (goal title, role, IDP, own
//! wish, target role, citizen feedback), why this form (effect, cost, preference, zone, timing),
//! the funding used and the buddy's display name. Only the person's *own* levels are ever
//! mentioned: a buddy is named, never described by level (D11).
//!
//! The texts are rendered on demand from a `Context` (see [`crate::recommend::Explanation`]).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::model::{Employee, FormFamily, LearningForm, Organisation, Policy, Preference};
use crate::needs::{Need, Origin};
use crate::recommend::{ChoiceRule, LearningPath, RejectReason, Step, Text};

/// The names and settings every explanation of one engine needs, built once with the engine and
/// shared by reference, so an explanation can be rendered long after the search.
#[derive(Debug, PartialEq)]
pub(crate) struct Lexicon {
    competences: HashMap<String, String>,
    roles: HashMap<String, String>,
    value_per_effect: i64,
    /// Descriptions of the policy's rules by id, for rejections by a rule.
    rules: HashMap<String, String>,
}

impl Lexicon {
    pub(crate) fn new(org: &Organisation, policy: &Policy) -> Lexicon {
        Lexicon {
            competences: org.framework.competences.iter().map(|c| (c.id.clone(), c.name.clone())).collect(),
            roles: org.roles.iter().map(|r| (r.id.clone(), r.name.clone())).collect(),
            value_per_effect: policy.choice.value_per_effect,
            rules: policy.rules.iter().map(|r| (r.id.clone(), r.description.clone())).collect(),
        }
    }
}

/// The path a person's rejections are compared with.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct ChosenTotals {
    pub effect: f64,
    pub net_cost: i64,
    pub empty: bool,
}

/// Everything one person's explanations are rendered from besides the item explained: the
/// engine's names, the person's needs (with their origins), preferences and the chosen path's
/// totals. One per recommendation, shared by all its explanations.
#[derive(Debug, PartialEq)]
pub(crate) struct Context {
    pub lexicon: Arc<Lexicon>,
    pub needs: Arc<[Need]>,
    /// Preference per form family, in [`family_index`] order.
    pub preferences: [Preference; 3],
    pub chosen: ChosenTotals,
}

impl Context {
    pub(crate) fn new(
        lexicon: &Arc<Lexicon>,
        emp: &Employee,
        needs: &Arc<[Need]>,
        chosen: ChosenTotals,
    ) -> Context {
        let mut preferences = [Preference::default(); 3];
        for f in [FormFamily::Course, FormFamily::SelfStudy, FormFamily::OnTheJob] {
            preferences[family_index(f)] = emp.preferences.get(&f).copied().unwrap_or_default();
        }
        Context { lexicon: Arc::clone(lexicon), needs: Arc::clone(needs), preferences, chosen }
    }
}

fn family_index(f: FormFamily) -> usize {
    match f {
        FormFamily::Course => 0,
        FormFamily::SelfStudy => 1,
        FormFamily::OnTheJob => 2,
    }
}

/// The form's name in Danish and English.
pub fn form_name(form: LearningForm) -> (&'static str, &'static str) {
    use LearningForm::*;
    match form {
        AmuCourse => ("AMU-kursus", "AMU course"),
        ExternalCourse => ("eksternt kursus", "external course"),
        InternalCourse => ("internt kursus", "internal course"),
        FurtherEducation => ("efteruddannelse", "further education"),
        ELearning => ("e-læring", "e-learning"),
        BuddyTraining => ("sidemandsoplæring", "buddy training"),
        LearningProject => ("læringsprojekt", "learning project"),
        LearningMeeting => ("læringsmøde", "learning meeting"),
        StretchAssignment => ("udfordrende opgave", "stretch assignment"),
        Supervision => ("supervision", "supervision"),
        SelfStudy => ("selvstudie", "self-study"),
        CitizenFeedback => ("læring fra borgerfeedback", "learning from citizen feedback"),
        JobRotation => ("jobrotation", "job rotation"),
    }
}

fn group_digits(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 4);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// Whole kroner in Danish style: `12.345 kr.`
pub fn kr_da(n: i64) -> String {
    format!("{} kr.", group_digits(n, '.'))
}

/// Whole kroner in English style: `DKK 12,345`.
pub fn kr_en(n: i64) -> String {
    format!("DKK {}", group_digits(n, ','))
}

/// A number with `places` decimals and the given decimal separator (Danish `,`, English `.`),
/// formatted through integers: cheaper than float formatting and never "NaN" in a sentence.
pub fn decimal(v: f64, places: u32, separator: char) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let scale = 10u64.pow(places.min(6));
    let x = (v.abs() * scale as f64).round().min(1e15) as u64;
    let sign = if v < 0.0 && x > 0 { "-" } else { "" };
    if places == 0 {
        format!("{sign}{x}")
    } else {
        format!("{sign}{}{separator}{:0width$}", x / scale, x % scale, width = places as usize)
    }
}

fn da2(v: f64) -> String {
    decimal(v, 2, ',')
}

fn en2(v: f64) -> String {
    decimal(v, 2, '.')
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A catalog language code as a reader says it: "engelsk" / "English" for `en`. Codes outside
/// the languages Danish municipalities commonly teach in are shown as "the language xx".
fn language_name(code: &str) -> (String, String) {
    let known = match code.to_ascii_lowercase().as_str() {
        "da" => Some(("dansk", "Danish")),
        "en" => Some(("engelsk", "English")),
        "de" => Some(("tysk", "German")),
        "sv" => Some(("svensk", "Swedish")),
        "no" | "nb" | "nn" => Some(("norsk", "Norwegian")),
        "fr" => Some(("fransk", "French")),
        "es" => Some(("spansk", "Spanish")),
        "pl" => Some(("polsk", "Polish")),
        "ro" => Some(("rumænsk", "Romanian")),
        "uk" => Some(("ukrainsk", "Ukrainian")),
        "ar" => Some(("arabisk", "Arabic")),
        "tr" => Some(("tyrkisk", "Turkish")),
        "so" => Some(("somali", "Somali")),
        "fa" => Some(("persisk", "Persian")),
        "ur" => Some(("urdu", "Urdu")),
        _ => None,
    };
    match known {
        Some((da, en)) => (da.to_owned(), en.to_owned()),
        None => (format!("sproget {code}"), format!("the language {code}")),
    }
}

fn competence_name<'a>(lex: &'a Lexicon, id: &'a str) -> &'a str {
    lex.competences.get(id).map_or(id, String::as_str)
}

fn role_name<'a>(lex: &'a Lexicon, id: &'a str) -> &'a str {
    lex.roles.get(id).map_or(id, String::as_str)
}

/// Why a need exists, one phrase per origin, appended in both languages.
fn write_origin(env: &Lexicon, o: &Origin, da: &mut String, en: &mut String) {
    let _ = match o {
        Origin::Role { role, level } => {
            let r = role_name(env, role);
            write!(da, "rollen {r} (kræver niveau {level})")
                .and(write!(en, "the role {r} (requires level {level})"))
        }
        Origin::Goal { title, deadline, .. } => {
            write!(da, "det strategiske mål »{title}« (frist {deadline})")
                .and(write!(en, "the strategic goal “{title}” (due {deadline})"))
        }
        Origin::Plan { due, proposed_by: crate::model::PlanGoalOrigin::Acute, .. } => {
            write!(da, "et akut behov (frist {due})").and(write!(en, "an acute need (due {due})"))
        }
        Origin::Plan { due, .. } => write!(da, "din udviklingsplan (IUP, frist {due})")
            .and(write!(en, "your development plan (IDP, due {due})")),
        Origin::Wish { .. } => write!(da, "dit eget ønske").and(write!(en, "your own wish")),
        Origin::Career { role, .. } => {
            let r = role_name(env, role);
            write!(da, "din målrolle {r}").and(write!(en, "your target role {r}"))
        }
        Origin::Feedback { summary, .. } => {
            write!(da, "borgerfeedback: »{summary}«").and(write!(en, "citizen feedback: “{summary}”"))
        }
    };
}

fn write_timing(days: i64, default_deadline: Option<&Text>, da: &mut String, en: &mut String) {
    let (t_da, t_en) = timing_text(days, default_deadline);
    let _ = write!(da, ", og {t_da}");
    let _ = write!(en, ", and {t_en}");
}

/// When a step ends relative to the need's deadline. A deadline no origin set (the policy's
/// default horizon, `default_deadline`, the need's [`Need::deadline_text`]) is not a date to
/// time the step for: the need is current, so the text says so and names the horizon, and
/// "3 weeks before the deadline" is never read as a date someone set.
fn timing_text(days: i64, default_deadline: Option<&Text>) -> (String, String) {
    let (deadline_da, deadline_en) = match default_deadline {
        Some(d) => (format!("fristen {}", d.da), format!("the deadline {}", d.en)),
        None => ("fristen".to_owned(), "the deadline".to_owned()),
    };
    if days < 0 {
        return (
            format!("slutter efter {deadline_da} og tæller ikke for dette behov"),
            format!("ends after {deadline_en} and does not count for this need"),
        );
    }
    if default_deadline.is_some() {
        return (
            format!(
                "behovet er aktuelt nu (ingen har sat en dato), så det tæller fuldt at lære det før {deadline_da}"
            ),
            format!(
                "the need is current (no one set a date), so learning it any time before {deadline_en} counts in full"
            ),
        );
    }
    if days < 14 {
        return (
            format!("slutter {days} dage før {deadline_da}"),
            format!("ends {days} days before {deadline_en}"),
        );
    }
    let w = days / 7;
    (format!("slutter {w} uger før {deadline_da}"), format!("ends {w} weeks before {deadline_en}"))
}

/// The explanation of one chosen step.
pub(crate) fn step(ctx: &Context, step: &Step) -> Text {
    // Written straight into two buffers.
    let env: &Lexicon = &ctx.lexicon;
    let needs: &[Need] = &ctx.needs;
    let (form_da, form_en) = form_name(step.form);
    let mut da = String::with_capacity(600);
    let mut en = String::with_capacity(600);
    let _ = write!(da, "{} ({form_da}): ", step.title);
    let _ = write!(en, "{} ({form_en}): ", step.title);
    for (k, g) in step.gains.iter().enumerate() {
        let name = competence_name(env, &g.competence);
        let sep = if k == 0 { "" } else { "; " };
        let _ = write!(da, "{sep}løfter {name} fra niveau {} til {}", g.from, g.to);
        let _ = write!(en, "{sep}raises {name} from level {} to {}", g.from, g.to);
        let need = needs.iter().find(|n| n.competence == g.competence);
        if let Some(n) = need {
            // Said of the need, before its reasons, so it is not read as a property of the
            // last reason (a wish is never mandatory; the role or goal makes the need so).
            if n.mandatory {
                da.push_str(" (et obligatorisk behov)");
                en.push_str(" (a mandatory need)");
            }
            da.push_str(", på grund af ");
            en.push_str(", because of ");
            for (i, o) in n.origins.iter().enumerate() {
                if i > 0 {
                    da.push_str(", ");
                    en.push_str(", ");
                }
                write_origin(env, o, &mut da, &mut en);
            }
        }
        let default_deadline = need.filter(|n| n.deadline_is_default).map(Need::deadline_text);
        write_timing(g.days_before_deadline, default_deadline.as_ref(), &mut da, &mut en);
    }
    let pct = decimal(step.transfer_probability * 100.0, 0, ',');
    let (evidence_da, evidence_en) = match step.transfer_evidence {
        Some(e) => (
            format!("; evalueret: brugt i praksis af {} af {} deltagere", e.applied, e.followed_up()),
            format!("; evaluated: applied in practice by {} of {} participants", e.applied, e.followed_up()),
        ),
        None => (String::new(), String::new()),
    };
    let _ = write!(
        da,
        ". Forventet effekt {} for {} netto (sandsynlighed for at bruge det i praksis {pct} %{evidence_da}).",
        da2(step.effect),
        kr_da(step.net_cost),
    );
    let _ = write!(
        en,
        ". Expected effect {} for a net cost of {} (chance of applying it in practice {pct} %{evidence_en}).",
        en2(step.effect),
        kr_en(step.net_cost),
    );
    let (pref_da, avoid_da, fam_en) = family_name(step.form.family());
    match ctx.preferences[family_index(step.form.family())] {
        Preference::Prefers => {
            let _ = write!(da, " Det passer til, at du helst lærer {pref_da}.");
            let _ = write!(en, " It suits your preference for {fam_en}.");
        }
        Preference::Avoids => {
            let _ = write!(da, " Du foretrækker at undgå {avoid_da}, så effekten regnes lavere.");
            let _ = write!(en, " You prefer to avoid {fam_en}, so the effect counts lower.");
        }
        Preference::Neutral => {}
    }
    let jump = step.gains.iter().map(|g| g.to - g.from).max().unwrap_or(0);
    let (lv_da, lv_en) = if jump == 1 { ("niveau", "level") } else { ("niveauer", "levels") };
    if step.supervised {
        let _ = write!(
            da,
            " +{jump} {lv_da} er over strækzonen, så forløbet kombineres med supervision ({}).",
            kr_da(step.supervision_cost)
        );
        let _ = write!(
            en,
            " +{jump} {lv_en} is beyond the stretch zone, so it comes with supervision ({}).",
            kr_en(step.supervision_cost)
        );
    } else {
        let _ = write!(da, " +{jump} {lv_da} ligger i strækzonen.");
        let _ = write!(en, " +{jump} {lv_en} is in the stretch zone.");
    }
    if let Some(b) = &step.buddy {
        // A name shortened to an initial ("Line M.") already ends the sentence.
        let stop = if b.name.ends_with('.') { "" } else { "." };
        let _ = write!(da, " Din sidemand: {}{stop}", b.name);
        let _ = write!(en, " Your buddy: {}{stop}", b.name);
    }
    if let Some(s) = &step.session {
        let _ = write!(da, " Hold {s}, {} til {}.", step.start, step.end);
        let _ = write!(en, " Session {s}, {} to {}.", step.start, step.end);
    } else {
        let _ = write!(da, " Kan tages når som helst: {} til {}.", step.start, step.end);
        let _ = write!(en, " On demand: {} to {}.", step.start, step.end);
    }
    if !step.funding.is_empty() {
        da.push_str(" Tilskud: ");
        en.push_str(" Funding: ");
        for (i, f) in step.funding.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(da, "{sep}{} ({})", f.name, kr_da(f.amount));
            let _ = write!(en, "{sep}{} ({})", f.name, kr_en(f.amount));
        }
        da.push('.');
        en.push('.');
    }
    if step.group_estimate {
        da.push_str(" Prisen er et skøn over din andel af et holdforløb.");
        en.push_str(" The price estimates your share of a group activity.");
    }
    Text { da, en }
}

/// (Danish "learns best …", Danish "avoids …", English) names of a form family.
fn family_name(f: FormFamily) -> (&'static str, &'static str, &'static str) {
    match f {
        FormFamily::Course => ("på kurser", "kurser", "courses"),
        FormFamily::SelfStudy => ("ved selvstudie", "selvstudie", "self-study"),
        FormFamily::OnTheJob => {
            ("i det daglige arbejde", "læring i det daglige arbejde", "learning on the job")
        }
    }
}

fn path_titles(path: &LearningPath) -> String {
    path.steps.iter().map(|s| s.title.as_str()).collect::<Vec<_>>().join(" → ")
}

/// The choice in words.
///
/// [`ChoiceRule::NoFeasiblePath`] and [`ChoiceRule::NothingWorthItsCost`] both choose nothing,
/// for different reasons: no learning activity can be taken toward the needs at all (none
/// develops them, or every one is rejected: zone, language, dates, hours, rules), or paths
/// exist but none is worth its cost. Saying the latter for the former would send a consultant
/// looking for a price problem.
/// The mandatory needs `chosen` (on top of the agreed steps) leaves short of their targets, as
/// "name level→target" (the person's own levels only).
fn open_mandatory(
    ctx: &Context,
    chosen: &LearningPath,
    needs: &[Need],
    agreed: Option<&crate::recommend::Agreed>,
) -> Vec<String> {
    let steps = agreed.into_iter().flat_map(|a| &a.kept).chain(&chosen.steps);
    let gains: Vec<&crate::recommend::Gain> = steps.flat_map(|s| &s.gains).collect();
    needs
        .iter()
        .filter(|n| n.mandatory)
        .filter_map(|n| {
            let reached = gains.iter().filter(|g| g.competence == n.competence).map(|g| g.to).max();
            let level = reached.unwrap_or(n.current).max(n.current);
            (level < n.target)
                .then(|| format!("{} {level}→{}", competence_name(&ctx.lexicon, &n.competence), n.target))
        })
        .collect()
}

pub(crate) fn summary(
    ctx: &Context,
    rule: ChoiceRule,
    chosen: &LearningPath,
    needs: &[Need],
    agreed: Option<&crate::recommend::Agreed>,
) -> Text {
    let value = ctx.lexicon.value_per_effect;
    match rule {
        ChoiceRule::NoNeeds => Text {
            da: "Du opfylder alle mål nu; der er ikke behov for kompetenceudvikling.".to_owned(),
            en: "You meet every target now; no learning is needed.".to_owned(),
        },
        ChoiceRule::MandatoryClosed => Text {
            da: format!(
                "Anbefalet: {}. Den billigste vej, der lukker alle obligatoriske behov: effekt {} for {} netto.",
                path_titles(chosen),
                da2(chosen.effect),
                kr_da(chosen.net_cost)
            ),
            en: format!(
                "Recommended: {}. The cheapest path that closes every mandatory need: effect {} for a net cost of {}.",
                path_titles(chosen),
                en2(chosen.effect),
                kr_en(chosen.net_cost)
            ),
        },
        ChoiceRule::BestValue => {
            let (mut da, mut en) = (
                format!(
                    "Anbefalet: {}. Effekt {} for {} netto giver mest værdi, når en effektenhed er {} værd (politikkens målestok).",
                    path_titles(chosen),
                    da2(chosen.effect),
                    kr_da(chosen.net_cost),
                    kr_da(value)
                ),
                format!(
                    "Recommended: {}. Effect {} for a net cost of {} gives the most value when a unit of effect is worth {} (the policy's yardstick).",
                    path_titles(chosen),
                    en2(chosen.effect),
                    kr_en(chosen.net_cost),
                    kr_en(value)
                ),
            );
            let open = open_mandatory(ctx, chosen, needs, agreed);
            if !open.is_empty() {
                da.push_str(&format!(
                    " Ingen mulig vej lukker alle obligatoriske behov nu; åbne efter denne vej: {}.",
                    open.join(", ")
                ));
                en.push_str(&format!(
                    " No feasible path closes every mandatory need now; open after this path: {}.",
                    open.join(", ")
                ));
            }
            Text { da, en }
        }
        ChoiceRule::NoFeasiblePath => Text {
            da: "Intet anbefales nu: ingen læringsaktivitet i kataloget kan tages mod disse behov \
                 (se de fravalgte alternativer)."
                .to_owned(),
            en: "Nothing is recommended now: no learning activity in the catalog can be taken toward \
                 these needs (see the rejected alternatives)."
                .to_owned(),
        },
        ChoiceRule::AgreedCovers => Text {
            da: "De aftalte aktiviteter dækker alle behov; intet nyt foreslås.".to_owned(),
            en: "The agreed activities cover every need; nothing new is proposed.".to_owned(),
        },
        ChoiceRule::NothingWorthItsCost => Text {
            da: format!(
                "Intet anbefales nu: ingen mulig vej er sin pris værd ({} pr. effektenhed).",
                kr_da(value)
            ),
            en: format!(
                "Nothing is recommended now: no feasible path is worth its cost ({} per unit of effect).",
                kr_en(value)
            ),
        },
        ChoiceRule::Refused => refused(""),
    }
}

/// The summary of a refused search.
pub(crate) fn refused(message: &str) -> Text {
    Text {
        da: format!("Der kan ikke beregnes en anbefaling inden for bibliotekets grænser. {message}")
            .trim_end()
            .to_owned(),
        en: format!("No recommendation can be computed within the library's limits. {message}")
            .trim_end()
            .to_owned(),
    }
}

/// The note on a recommendation that comes on top of agreed development-plan activities.
pub(crate) fn agreed(a: &crate::recommend::Agreed) -> Text {
    let titles = |items: &mut dyn Iterator<Item = &str>| items.collect::<Vec<_>>().join(", ");
    let mut text = Text { da: String::new(), en: String::new() };
    if !a.kept.is_empty() {
        let kept = titles(&mut a.kept.iter().map(|s| s.title.as_str()));
        text.da = format!(
            "Allerede aftalt i udviklingsplanen: {kept}. Forslaget kommer oven i og regner kun de nye aktiviteter."
        );
        text.en = format!(
            "Already agreed in the development plan: {kept}. The proposal comes on top and counts only the new activities."
        );
    }
    for r in &a.dropped {
        let why = r.reason_text();
        let sep = if text.da.is_empty() { "" } else { " " };
        text.da = format!("{}{sep}Aftalt, men ikke længere muligt: {} — {}", text.da, r.title, why.da);
        text.en = format!("{}{sep}Agreed but no longer possible: {} — {}", text.en, r.title, why.en);
    }
    text
}

/// The note on a recommendation searched over a shortlist of a big catalog.
pub(crate) fn shortlist(s: &crate::recommend::Shortlist) -> Text {
    Text {
        da: format!(
            "Søgningen omfattede de {} mest lovende af {} mulige aktiviteter ({} efter at dyrere udgaver af samme aktivitet er sorteret fra); vejen er den bedste blandt dem.",
            s.searched, s.candidates, s.after_pruning
        ),
        en: format!(
            "Searched the {} most promising of {} candidate activities ({} once dearer versions of the same activity were set aside); the path is the best among them.",
            s.searched, s.candidates, s.after_pruning
        ),
    }
}

/// Why an alternative was not chosen.
pub(crate) fn rejection(ctx: &Context, form: LearningForm, reason: &RejectReason) -> Text {
    let env: &Lexicon = &ctx.lexicon;
    let chosen = ctx.chosen;
    let (form_da, form_en) = form_name(form);
    let (da, en) = match reason {
        RejectReason::Language { language } => {
            let (name_da, name_en) = language_name(language);
            (
                format!("undervisningen er på {name_da}, som du ikke lærer på"),
                format!("taught in {name_en}, which you do not learn in"),
            )
        }
        RejectReason::NoGain => (
            "kan ikke løfte dit niveau, som det er nu (adgangsniveau eller loft)".to_owned(),
            "cannot raise your level as it is now (entry level or ceiling)".to_owned(),
        ),
        RejectReason::NotCertifying { competence } => {
            let name = competence_name(env, competence);
            (
                format!("giver ikke det certifikat i {name}, som målet kræver"),
                format!("does not give the certificate in {name} the goal requires"),
            )
        }
        RejectReason::AlarmZone { competence, jump } => {
            let name = competence_name(env, competence);
            (
                format!("+{jump} niveauer i {name} er i alarmzonen"),
                format!("+{jump} levels in {name} is in the alarm zone"),
            )
        }
        RejectReason::NoFreeSeat => (
            "intet hold med ledig plads efter planlægningsdatoen".to_owned(),
            "no session with a free seat after the planning date".to_owned(),
        ),
        RejectReason::TooLate => {
            ("intet hold slutter før fristen".to_owned(), "no session ends before the deadline".to_owned())
        }
        RejectReason::NoBuddy => (
            "ingen kvalificeret sidemand er ledig (niveau, rotation eller kapacitet)".to_owned(),
            "no qualified buddy is available (level, rotation or capacity)".to_owned(),
        ),
        RejectReason::HoursCap { hours_away, max_hours_away, agreed_hours } if *agreed_hours > 0.0 => (
            format!(
                "{} timer væk fra arbejdet er mere end de {} timer, der er tilbage af dit loft på {} timer efter de aftalte aktiviteters {} timer",
                decimal(*hours_away, 1, ','),
                decimal((max_hours_away - agreed_hours).max(0.0), 1, ','),
                decimal(*max_hours_away, 1, ','),
                decimal(*agreed_hours, 1, ',')
            ),
            format!(
                "{} hours away is more than the {} hours left of your cap of {} hours after the agreed activities' {} hours",
                decimal(*hours_away, 1, '.'),
                decimal((max_hours_away - agreed_hours).max(0.0), 1, '.'),
                decimal(*max_hours_away, 1, '.'),
                decimal(*agreed_hours, 1, '.')
            ),
        ),
        RejectReason::HoursCap { hours_away, max_hours_away, .. } => (
            format!(
                "{} timer væk fra arbejdet er over dit loft på {} timer",
                decimal(*hours_away, 1, ','),
                decimal(*max_hours_away, 1, ',')
            ),
            format!(
                "{} hours away is over your cap of {} hours",
                decimal(*hours_away, 1, '.'),
                decimal(*max_hours_away, 1, '.')
            ),
        ),
        RejectReason::Budget { net_cost, per_person, agreed_cost } if *agreed_cost > 0 => (
            format!(
                "{} netto er mere end de {}, der er tilbage af budgettet pr. person på {} efter de aftalte aktiviteters {}",
                kr_da(*net_cost),
                kr_da(per_person.saturating_sub(*agreed_cost).max(0)),
                kr_da(*per_person),
                kr_da(*agreed_cost)
            ),
            format!(
                "a net cost of {} is more than the {} left of the per-person budget of {} after the agreed activities' {}",
                kr_en(*net_cost),
                kr_en(per_person.saturating_sub(*agreed_cost).max(0)),
                kr_en(*per_person),
                kr_en(*agreed_cost)
            ),
        ),
        RejectReason::Budget { net_cost, per_person, .. } => (
            format!("{} netto er over budgettet pr. person på {}", kr_da(*net_cost), kr_da(*per_person)),
            format!(
                "a net cost of {} is over the per-person budget of {}",
                kr_en(*net_cost),
                kr_en(*per_person)
            ),
        ),
        RejectReason::Policy { rule } => {
            let description = env.rules.get(rule).map_or("", String::as_str);
            (
                format!("udelukket af organisationens regel {rule} ({description})"),
                format!("excluded by the organisation's rule {rule} ({description})"),
            )
        }
        RejectReason::NotChosen { effect, net_cost } => not_chosen(env, *effect, *net_cost, chosen),
    };
    Text { da: format!("{}: {da}.", capitalise(form_da)), en: format!("{}: {en}.", capitalise(form_en)) }
}

fn not_chosen(env: &Lexicon, effect: f64, cost: i64, chosen: ChosenTotals) -> (String, String) {
    let (e, c) = (chosen.effect, chosen.net_cost);
    let (eff_da, eff_en) = (da2(effect), en2(effect));
    if chosen.empty {
        let worth = crate::paths::kroner(effect * env.value_per_effect as f64);
        return (
            format!("effekt {eff_da} er {} værd, men koster {} netto", kr_da(worth), kr_da(cost)),
            format!("effect {eff_en} is worth {} but costs {} net", kr_en(worth), kr_en(cost)),
        );
    }
    if cost > c && effect > e && e > 0.0 {
        let pct = decimal((effect / e - 1.0) * 100.0, 0, ',');
        if c > 0 {
            let ratio = cost as f64 / c as f64;
            let (r_da, r_en) = (decimal(ratio, 1, ','), decimal(ratio, 1, '.'));
            return (
                format!("{r_da} × prisen for {pct} % mere effekt"),
                format!("{r_en} × the cost for {pct} % more effect"),
            );
        }
        return (
            format!("{} mere for {pct} % mere effekt", kr_da(cost.saturating_sub(c))),
            format!("{} more for {pct} % more effect", kr_en(cost.saturating_sub(c))),
        );
    }
    if cost >= c && effect <= e {
        return (
            format!("mindre effekt ({eff_da}) for en højere eller samme pris ({})", kr_da(cost)),
            format!("less effect ({eff_en}) for a higher or equal cost ({})", kr_en(cost)),
        );
    }
    if cost < c && effect < e && e > 0.0 {
        let pct = decimal((1.0 - effect / e) * 100.0, 0, ',');
        return (
            format!(
                "billigere ({}), men {pct} % mindre effekt; den anbefalede vej giver mere værdi",
                kr_da(cost)
            ),
            format!(
                "cheaper ({}) but {pct} % less effect; the recommended path gives more value",
                kr_en(cost)
            ),
        );
    }
    (
        format!(
            "effekt {eff_da} for {}; den anbefalede vej passer bedre til reglerne for valget",
            kr_da(cost)
        ),
        format!("effect {eff_en} for {}; the recommended path fits the choice rules better", kr_en(cost)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_by_language() {
        assert_eq!(kr_da(1234567), "1.234.567 kr.");
        assert_eq!(kr_en(1234567), "DKK 1,234,567");
        assert_eq!(kr_en(-950), "DKK -950");
        assert_eq!(kr_da(0), "0 kr.");
    }

    #[test]
    fn decimals_use_the_language_separator() {
        assert_eq!(decimal(0.7262, 2, ','), "0,73");
        assert_eq!(decimal(-1.5, 1, '.'), "-1.5");
        assert_eq!(decimal(12.0, 0, ','), "12");
        assert_eq!(decimal(f64::NAN, 2, '.'), "–");
        assert_eq!(decimal(-0.001, 2, '.'), "0.00");
    }

    #[test]
    fn timing_counts_weeks_or_days() {
        assert_eq!(timing_text(21, None).1, "ends 3 weeks before the deadline");
        assert_eq!(timing_text(3, None).0, "slutter 3 dage før fristen");
        assert!(timing_text(-1, None).1.contains("after the deadline"));
    }

    #[test]
    fn a_default_deadline_is_named_as_the_policys_horizon() {
        let d = crate::model::Date::new(2027, 11, 28).expect("valid date");
        let horizon = crate::needs::deadline_text(d, true);
        assert_eq!(
            timing_text(21, Some(&horizon)).1,
            "the need is current (no one set a date), so learning it any time before the deadline \
             2027-11-28 (the policy's default horizon) counts in full"
        );
        assert_eq!(
            timing_text(21, Some(&horizon)).0,
            "behovet er aktuelt nu (ingen har sat en dato), så det tæller fuldt at lære det før fristen \
             2027-11-28 (politikkens standardhorisont)"
        );
        assert!(timing_text(-1, Some(&horizon)).1.starts_with("ends after the deadline 2027-11-28"));
        assert_eq!(crate::needs::deadline_text(d, false).da, "2027-11-28");
    }
}
