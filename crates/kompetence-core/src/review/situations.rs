//! The person's situations and the agenda drawn from a question bank by them (D4).

use std::collections::BTreeMap;

use super::question_bank::{Placeholder, QuestionBank, Situation, placeholders_in};
use super::{
    AgendaItem, DraftPlan, DraftStatus, MAX_PER_QUESTION, PastActivity, TransferOutcome, URGENT_DAYS,
    WORKLOAD_SHARE,
};
use crate::engine::Engine;
use crate::evaluation::Lang;
use crate::explain::{decimal, form_name};
use crate::model::{Employee, FormFamily, LearningForm};
use crate::needs::{Need, Origin};
use crate::recommend::{Recommendation, Text};

/// What the situations are computed from.
pub(crate) struct Facts<'a> {
    pub engine: &'a Engine,
    pub emp: &'a Employee,
    pub needs: &'a [Need],
    pub last_year: &'a [PastActivity],
    pub plan: &'a DraftPlan,
    pub rec: &'a Recommendation,
    /// Needs the agreed activities do not close on their own.
    pub open_needs: &'a [String],
}

/// One occurrence of a situation: the values of its placeholders, per language (a default
/// deadline is marked in words), and why it holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Occurrence {
    pub values: BTreeMap<Placeholder, Text>,
    pub because: Text,
    /// The competence of the need the occurrence comes from, for the situations of a need.
    pub need: Option<String>,
}

/// An occurrence whose placeholder values read the same in both languages, except the
/// deadline, which is the need's [`Need::deadline_text`] when given.
fn occ(values: &[(Placeholder, &str)], da: String, en: String) -> Occurrence {
    let values = values.iter().map(|&(p, v)| (p, Text { da: v.to_owned(), en: v.to_owned() })).collect();
    Occurrence { values, because: Text { da, en }, need: None }
}

impl Occurrence {
    /// The same occurrence with one placeholder's value set per language.
    fn with(mut self, placeholder: Placeholder, value: &Text) -> Occurrence {
        self.values.insert(placeholder, value.clone());
        self
    }
}

/// Every situation that holds for the person, with its occurrences in rank order.
pub(crate) fn situations(f: &Facts<'_>) -> BTreeMap<Situation, Vec<Occurrence>> {
    use Placeholder as P;
    let mut out: BTreeMap<Situation, Vec<Occurrence>> = BTreeMap::new();
    let mut add = |s: Situation, o: Occurrence| out.entry(s).or_default().push(o);
    let engine = f.engine;
    let as_of = engine.organisation().as_of;

    add(
        Situation::Always,
        occ(&[], "Fast punkt på dagsordenen".into(), "A standing item on the agenda".into()),
    );
    if f.needs.is_empty() {
        add(
            Situation::NoNeeds,
            occ(
                &[],
                "Du har ingen behov i forhold til de krav og mål, vi kender".into(),
                "You have no needs against the requirements and goals we know of".into(),
            ),
        );
    }
    for n in f.needs {
        let name = engine.competence_name(&n.competence);
        // A default deadline reads as one ("2027-11-28 (the policy's default horizon)") in the
        // questions and their reasons alike.
        let deadline = n.deadline_text();
        let date = n.deadline.to_string();
        let base = [(P::Competence, name), (P::Deadline, date.as_str())];
        // Every situation the need puts the person in, each with its reason; all of them share
        // one `because` that gives every reason, since the agenda asks about the competence once
        // (see `agenda_from`).
        let mut found: Vec<(Situation, Vec<(Placeholder, String)>)> = Vec::new();
        let mut reasons: Vec<Text> = Vec::new();
        let mut reason = |s: Situation, values: &[(Placeholder, &str)], da: String, en: String| {
            found.push((s, values.iter().map(|&(p, v)| (p, v.to_owned())).collect()));
            let r = Text { da, en };
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        };
        if n.mandatory {
            reason(Situation::HasMandatoryNeed, &base, "Obligatorisk".into(), "Mandatory".into());
        }
        let days = as_of.days_until(n.deadline);
        if days <= URGENT_DAYS {
            reason(
                Situation::UrgentNeed,
                &base,
                format!("fristen er om {days} dage"),
                format!("the deadline is in {days} days"),
            );
        }
        for o in &n.origins {
            let t = engine.origin_text(o);
            let labelled = |label_da: &str, label_en: &str| {
                (format!("{label_da}: {}", t.da), format!("{label_en}: {}", t.en))
            };
            match o {
                Origin::Role { role, .. } => {
                    let role = role_name(engine, role);
                    let (da, en) = labelled("Rollekrav", "Role requirement");
                    reason(Situation::NeedFromRole, &[base[0], base[1], (P::Role, role)], da, en);
                }
                Origin::Goal { title, .. } => {
                    let (da, en) = labelled("Strategisk mål", "Strategic goal");
                    reason(Situation::NeedFromGoal, &[base[0], base[1], (P::Goal, title)], da, en);
                }
                Origin::Plan { .. } => {
                    let (da, en) = labelled("Udviklingsplan", "Development plan");
                    reason(Situation::NeedFromPlan, &base, da, en);
                }
                Origin::Feedback { summary, .. } => {
                    let (da, en) = labelled("Borgerfeedback", "Citizen feedback");
                    reason(Situation::NeedFromFeedback, &[base[0], base[1], (P::Feedback, summary)], da, en);
                }
                Origin::Wish { .. } => {
                    let (da, en) = labelled("Eget ønske", "Own wish");
                    reason(Situation::OwnWish, &base, da, en);
                }
                Origin::Career { role, .. } => {
                    let role = role_name(engine, role);
                    let (da, en) = labelled("Karrieremål", "Career target");
                    reason(Situation::CareerTarget, &[base[0], (P::Role, role)], da, en);
                }
            }
        }
        let join = |lang: fn(&Text) -> &str| reasons.iter().map(lang).collect::<Vec<_>>().join("; ");
        let because = Text {
            da: format!(
                "{name} fra niveau {} til {} inden {} — {}",
                n.current,
                n.target,
                deadline.da,
                join(|t| &t.da)
            ),
            en: format!(
                "{name} from level {} to {} by {} — {}",
                n.current,
                n.target,
                deadline.en,
                join(|t| &t.en)
            ),
        };
        for (situation, values) in found {
            let values: Vec<(Placeholder, &str)> = values.iter().map(|(p, v)| (*p, v.as_str())).collect();
            let mut o = occ(&values, String::new(), String::new()).with(P::Deadline, &deadline);
            o.because = because.clone();
            o.need = Some(n.competence.clone());
            add(situation, o);
        }
    }
    for a in f.last_year {
        let title = a.title.as_str();
        let (situation, da, en) = match a.transfer {
            TransferOutcome::Applied => {
                (Situation::CompletedActivityTransferred, "er brugt i praksis", "was applied in practice")
            }
            TransferOutcome::Partly => (
                Situation::CompletedActivityPartlyTransferred,
                "er delvist brugt i praksis",
                "was partly applied in practice",
            ),
            TransferOutcome::NotApplied => (
                Situation::CompletedActivityNotTransferred,
                "er ikke brugt i praksis",
                "was not applied in practice",
            ),
            TransferOutcome::NotFollowedUp => (
                Situation::CompletedActivityNotFollowedUp,
                "er ikke fulgt op endnu",
                "has not been followed up yet",
            ),
        };
        let date = a.completed_on;
        add(
            situation,
            occ(
                &[(P::Activity, title)],
                format!("\"{title}\" afsluttet {date} {da}"),
                format!("\"{title}\" completed {date} {en}"),
            ),
        );
        if a.follow_up_overdue {
            let due = a.follow_up_due;
            add(
                Situation::FollowUpOverdue,
                occ(
                    &[(P::Activity, title)],
                    format!("Opfølgningen på \"{title}\" var forfalden {due}"),
                    format!("The follow-up on \"{title}\" was due {due}"),
                ),
            );
        }
    }
    for a in &f.plan.activities {
        let title = a.title.as_str();
        let (form_da, form_en) = form_name(a.form);
        let period = format!("{} – {}", a.start, a.end);
        let competence = a.competences.first().map_or("", |c| engine.competence_name(c));
        if a.status != DraftStatus::Proposed {
            let (da, en) = if a.status == DraftStatus::InProgress {
                ("i gang", "in progress")
            } else {
                ("planlagt", "planned")
            };
            add(
                Situation::AgreedActivityOpen,
                occ(
                    &[(P::Activity, title)],
                    format!("Aftalt i udviklingsplanen, {da}: \"{title}\" ({period})"),
                    format!("Agreed in the development plan, {en}: \"{title}\" ({period})"),
                ),
            );
            continue;
        }
        let values = [(P::Activity, title), (P::Competence, competence)];
        let (da, en) = (
            format!("Foreslået: \"{title}\" ({form_da}, {period})"),
            format!("Proposed: \"{title}\" ({form_en}, {period})"),
        );
        match a.form.family() {
            FormFamily::Course => add(Situation::CourseRecommended, occ(&values, da.clone(), en.clone())),
            FormFamily::OnTheJob => add(Situation::OnTheJobRecommended, occ(&values, da.clone(), en.clone())),
            FormFamily::SelfStudy => {}
        }
        if let Some(buddy) = &a.buddy {
            add(
                Situation::BuddyRecommended,
                occ(
                    &[values[0], values[1], (P::Buddy, buddy)],
                    format!("{da}, med {buddy} som sidemand"),
                    format!("{en}, with {buddy} as buddy"),
                ),
            );
        }
        if a.form == LearningForm::StretchAssignment {
            add(Situation::StretchAssignmentRecommended, occ(&values, da.clone(), en.clone()));
        }
        let supervised = f.rec.chosen.steps.iter().any(|s| s.activity == a.activity && s.supervised);
        if supervised {
            add(
                Situation::SupervisedStepRecommended,
                occ(&values, format!("{da}, med supervision"), format!("{en}, with supervision")),
            );
        }
    }
    for d in &f.plan.dropped {
        let title = d.title.as_str();
        add(
            Situation::AgreedActivityDropped,
            occ(
                &[(P::Activity, title)],
                format!("Aftalt, men kan ikke gennemføres: {}", d.why.da),
                format!("Agreed, but cannot go ahead: {}", d.why.en),
            ),
        );
    }
    let cap = f.emp.max_hours_away;
    let hours = f.plan.hours_away;
    if hours > 0.0 && cap.is_finite() && hours >= WORKLOAD_SHARE * cap {
        add(
            Situation::WorkloadHigh,
            occ(
                &[],
                format!(
                    "{} af højst {} timer væk fra arbejdet",
                    decimal(hours, 1, ','),
                    decimal(cap, 1, ',')
                ),
                format!(
                    "{} of at most {} hours away from work",
                    decimal(hours, 1, '.'),
                    decimal(cap, 1, '.')
                ),
            ),
        );
    }
    if !f.open_needs.is_empty() && f.rec.chosen.steps.is_empty() {
        let summary = f.rec.summary_text();
        add(Situation::NothingRecommended, occ(&[], summary.da, summary.en));
    }
    out
}

fn role_name<'a>(engine: &'a Engine, role: &'a str) -> &'a str {
    engine.organisation().roles.iter().find(|r| r.id == role).map_or(role, |r| r.name.as_str())
}

/// Fills the placeholders of a text (a value the occurrence lacks becomes "—"; validation
/// rules that out for valid banks).
pub(crate) fn fill(text: &str, values: &BTreeMap<Placeholder, Text>, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find('}')
            .filter(|&c| c > 0 && after[..c].bytes().all(|b| b.is_ascii_alphabetic() || b == b'_'));
        match name_len {
            Some(c) => {
                let value = Placeholder::from_name(&after[..c]).and_then(|p| values.get(&p));
                out.push_str(value.map_or("—", |v| match lang {
                    Lang::Da => v.da.as_str(),
                    Lang::En => v.en.as_str(),
                }));
                rest = &after[c + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The agenda: the bank's questions in order, each asked once per occurrence of its situation
/// (at most [`MAX_PER_QUESTION`]) when it has placeholders, once otherwise.
pub(crate) fn agenda(bank: &QuestionBank, f: &Facts<'_>) -> Vec<AgendaItem> {
    agenda_from(bank, &situations(f))
}

pub(crate) fn agenda_from(
    bank: &QuestionBank,
    found: &BTreeMap<Situation, Vec<Occurrence>>,
) -> Vec<AgendaItem> {
    let mut out = Vec::new();
    // One need, one question: a competence whose need holds in several situations (a mandatory
    // role requirement that a goal and the development plan also ask for) is asked about by the
    // first question in bank order that names it, and not again by the others; the occurrences
    // of a need all carry every reason of it, so that one question says why in full. A question
    // that does not name the competence (the career question about the road to a role) is not
    // a question about the competence and is asked as before.
    let mut asked_needs: std::collections::BTreeSet<&str> = Default::default();
    for q in &bank.questions {
        let Some(occurrences) = found.get(&q.when).filter(|o| !o.is_empty()) else { continue };
        let names_competence = [&q.text.da, &q.text.en]
            .iter()
            .any(|t| placeholders_in(t).contains(&Placeholder::Competence.name()));
        let templated = !placeholders_in(&q.text.da).is_empty() || !placeholders_in(&q.text.en).is_empty();
        let take = if templated { MAX_PER_QUESTION } else { 1 };
        let mut asked: Vec<Text> = Vec::new();
        for o in occurrences {
            if asked.len() >= take {
                break;
            }
            let text =
                Text { da: fill(&q.text.da, &o.values, Lang::Da), en: fill(&q.text.en, &o.values, Lang::En) };
            // The same filled question twice (e.g. two goals on one competence) is asked once.
            if asked.contains(&text) {
                continue;
            }
            let about = o.need.as_deref().filter(|_| names_competence);
            if let Some(c) = about
                && !asked_needs.insert(c)
            {
                continue;
            }
            asked.push(text.clone());
            out.push(AgendaItem {
                question_id: q.id.clone(),
                situation: q.when,
                text,
                because: o.because.clone(),
                competence: about.map(str::to_owned),
            });
        }
    }
    out
}
