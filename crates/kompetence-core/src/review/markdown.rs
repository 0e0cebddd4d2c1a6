//! Markdown for the review pack and the re-plan, in Danish or English: something a leader and
//! an employee can print and take into the annual review. Every section has content; an empty
//! one says so in a sentence.

use std::fmt::Write;

use super::{DraftPlan, DraftStatus, NeedSummary, Replan, ReviewPack, TransferOutcome};
use crate::evaluation::{Lang, form_name};
use crate::explain::{decimal, kr_da, kr_en};
use crate::needs::deadline_text;
use crate::recommend::Text;

fn t(lang: Lang, text: &Text) -> &str {
    match lang {
        Lang::Da => &text.da,
        Lang::En => &text.en,
    }
}

fn pick(lang: Lang, da: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// A table cell: no pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn join(lang: Lang, texts: &[Text]) -> String {
    texts.iter().map(|x| t(lang, x)).collect::<Vec<_>>().join("; ")
}

fn needs_section(out: &mut String, lang: Lang, needs: &[NeedSummary]) {
    let _ = writeln!(out, "## {}\n", pick(lang, "Behov", "Needs"));
    if needs.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            pick(
                lang,
                "Ingen behov: du opfylder de krav og mål, vi kender til.",
                "No needs: you meet the requirements and goals we know of."
            )
        );
        return;
    }
    let _ = writeln!(
        out,
        "| {} |\n|---|---|---|---|---|---|",
        pick(
            lang,
            "Kompetence | Niveau nu | Mål | Frist | Obligatorisk | Hvorfor",
            "Competence | Level now | Target | Deadline | Mandatory | Why"
        )
    );
    for n in needs {
        let mandatory = if n.mandatory { pick(lang, "ja", "yes") } else { "" };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {mandatory} | {} |",
            cell(&n.name),
            n.current,
            n.target,
            t(lang, &deadline_text(n.deadline, n.deadline_is_default)),
            cell(&join(lang, &n.origins))
        );
    }
    out.push('\n');
}

fn kroner(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Da => kr_da(n),
        Lang::En => kr_en(n),
    }
}

fn plan_section(out: &mut String, lang: Lang, plan: &DraftPlan, heading: &str) {
    let _ = writeln!(out, "## {heading}\n");
    let _ = writeln!(out, "### {}\n", pick(lang, "Mål", "Goals"));
    if plan.goals.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            pick(lang, "Ingen mål: der er ingen behov.", "No goals: there are no needs.")
        );
    }
    for g in &plan.goals {
        let _ = writeln!(
            out,
            "- **{}**: {} {} {} {} ({})",
            g.name,
            pick(lang, "niveau", "level"),
            g.target,
            pick(lang, "inden", "by"),
            t(lang, &deadline_text(g.due, g.due_is_default)),
            join(lang, &g.origins)
        );
    }
    if !plan.goals.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "### {}\n", pick(lang, "Aktiviteter", "Activities"));
    if plan.activities.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            pick(
                lang,
                "Ingen aktiviteter er aftalt eller foreslået.",
                "No activities are agreed or proposed."
            )
        );
    } else {
        let _ = writeln!(
            out,
            "| {} |\n|---|---|---|---|---|---|---|",
            pick(
                lang,
                "Aktivitet | Læringsform | Periode | Status | Sidemand | Nettopris | Hvorfor",
                "Activity | Learning form | Period | Status | Buddy | Net cost | Why"
            )
        );
        for a in &plan.activities {
            let status = match a.status {
                DraftStatus::Planned => pick(lang, "aftalt, planlagt", "agreed, planned"),
                DraftStatus::InProgress => pick(lang, "aftalt, i gang", "agreed, in progress"),
                DraftStatus::Proposed => pick(lang, "foreslået", "proposed"),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} – {} | {status} | {} | {} | {} |",
                cell(&a.title),
                form_name(a.form, lang),
                a.start,
                a.end,
                cell(a.buddy.as_deref().unwrap_or("")),
                kroner(lang, a.net_cost),
                cell(t(lang, &a.why))
            );
        }
        out.push('\n');
    }
    if !plan.dropped.is_empty() {
        let _ = writeln!(
            out,
            "### {}\n",
            pick(lang, "Kan ikke gennemføres som aftalt", "Cannot go ahead as agreed")
        );
        for d in &plan.dropped {
            let _ = writeln!(out, "- **{}**: {}", d.title, t(lang, &d.why));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} {} {}; {} {}.\n",
        t(lang, &plan.summary),
        pick(lang, "Nye aktiviteter i alt:", "New activities in total:"),
        kroner(lang, plan.proposed_net_cost),
        pick(lang, "timer væk fra arbejdet i alt:", "hours away from work in total:"),
        decimal(plan.hours_away, 1, if lang == Lang::Da { ',' } else { '.' })
    );
}

impl ReviewPack {
    /// The pack as Markdown in Danish or English: agenda, needs, last year's learning and the
    /// draft development plan.
    pub fn to_markdown(&self, lang: Lang) -> String {
        let mut out = String::with_capacity(8192);
        let _ = writeln!(out, "# {} — {} ({})\n", pick(lang, "MUS", "Annual review"), self.name, self.as_of);
        let _ = writeln!(
            out,
            "{}: {} · {}: {} · {}: {}\n",
            pick(lang, "Rolle", "Role"),
            self.role,
            pick(lang, "Enhed", "Unit"),
            self.unit,
            pick(lang, "Spørgsmål fra", "Questions from"),
            self.question_bank
        );
        let _ = writeln!(out, "## {}\n", pick(lang, "Dagsorden", "Agenda"));
        if self.agenda.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                pick(
                    lang,
                    "Spørgsmålsbanken har ingen spørgsmål til situationen.",
                    "The question bank has no question for this situation."
                )
            );
        }
        for (i, item) in self.agenda.iter().enumerate() {
            let _ = writeln!(out, "{}. {}  \n   _{}_", i + 1, t(lang, &item.text), t(lang, &item.because));
        }
        out.push('\n');
        needs_section(&mut out, lang, &self.needs);
        let _ = writeln!(out, "## {}\n", pick(lang, "Sidste års læring", "Last year's learning"));
        if self.last_year.is_empty() {
            let _ = writeln!(
                out,
                "{}\n",
                pick(
                    lang,
                    "Ingen afsluttede aktiviteter de seneste 12 måneder.",
                    "No activities completed in the last 12 months."
                )
            );
        } else {
            let _ = writeln!(
                out,
                "| {} |\n|---|---|---|---|",
                pick(
                    lang,
                    "Aktivitet | Læringsform | Afsluttet | Brugt i praksis",
                    "Activity | Learning form | Completed | Applied in practice"
                )
            );
            for a in &self.last_year {
                let transfer = match a.transfer {
                    TransferOutcome::Applied => pick(lang, "ja", "yes").to_owned(),
                    TransferOutcome::Partly => pick(lang, "delvist", "partly").to_owned(),
                    TransferOutcome::NotApplied => pick(lang, "nej", "no").to_owned(),
                    TransferOutcome::NotFollowedUp if a.follow_up_overdue => match lang {
                        Lang::Da => format!("ikke fulgt op (forfalden {})", a.follow_up_due),
                        Lang::En => format!("not followed up (due {})", a.follow_up_due),
                    },
                    TransferOutcome::NotFollowedUp => match lang {
                        Lang::Da => format!("ikke fulgt op endnu (senest {})", a.follow_up_due),
                        Lang::En => format!("not followed up yet (due {})", a.follow_up_due),
                    },
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {transfer} |",
                    cell(&a.title),
                    form_name(a.form, lang),
                    a.completed_on
                );
            }
            out.push('\n');
        }
        plan_section(
            &mut out,
            lang,
            &self.draft_idp,
            pick(lang, "Udkast til udviklingsplan", "Draft development plan"),
        );
        out
    }
}

impl Replan {
    /// The re-plan as Markdown in Danish or English: what changed, the needs and the new plan.
    pub fn to_markdown(&self, lang: Lang) -> String {
        let mut out = String::with_capacity(8192);
        let _ =
            writeln!(out, "# {} — {} ({})\n", pick(lang, "Ny plan", "Re-plan"), self.employee, self.as_of);
        if let Some(reason) = &self.reason {
            let _ = writeln!(out, "{}: {reason}\n", pick(lang, "Anledning", "Reason"));
        }
        let _ = writeln!(out, "## {}\n", pick(lang, "Ændringer", "Changes"));
        if self.changes.is_empty() {
            let _ = writeln!(out, "{}\n", pick(lang, "Ingen ændringer.", "No changes."));
        }
        for c in &self.changes {
            let _ = writeln!(out, "- {}", t(lang, &c.text));
        }
        out.push('\n');
        needs_section(&mut out, lang, &self.needs);
        plan_section(&mut out, lang, &self.after, pick(lang, "Den nye plan", "The new plan"));
        out
    }
}
