//! Markdown rendering of the evaluation report, in Danish or English, for HR and the
//! cooperation committee (MED/SU) to read and for providers to receive their feedback.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::report::{EvaluationReport, GroupStats, Stats, one_decimal, pct};
use crate::model::{Date, LearningForm};

/// The language of a rendered report.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Danish.
    Da,
    /// English.
    En,
}

impl Lang {
    /// The language of a code given by a caller (`"da"` or `"en"`); anything else is an
    /// `InvalidArgument` error at the field `lang`, the same on every surface.
    pub fn from_code(code: &str) -> crate::Result<Lang> {
        match code {
            "da" => Ok(Lang::Da),
            "en" => Ok(Lang::En),
            other => Err(crate::Error::new(
                crate::ErrorKind::InvalidArgument,
                crate::Problem::new(
                    "lang",
                    crate::error::json_string(other),
                    format!("unknown language {other:?}; expected \"da\" or \"en\""),
                ),
            )),
        }
    }
}

/// The name of a learning form for people.
pub fn form_name(form: LearningForm, lang: Lang) -> &'static str {
    use LearningForm::*;
    let (da, en) = match form {
        AmuCourse => ("AMU-kursus", "AMU course"),
        ExternalCourse => ("Eksternt kursus", "External course"),
        InternalCourse => ("Internt kursus", "Internal course"),
        FurtherEducation => ("Videreuddannelse", "Further education"),
        ELearning => ("E-læring", "E-learning"),
        BuddyTraining => ("Sidemandsoplæring", "Buddy training"),
        LearningProject => ("Læringsprojekt", "Learning project"),
        LearningMeeting => ("Læringsmøde", "Learning meeting"),
        StretchAssignment => ("Udfordrende opgave", "Stretch assignment"),
        Supervision => ("Supervision", "Supervision"),
        SelfStudy => ("Selvstudium", "Self-study"),
        CitizenFeedback => ("Borgerfeedback", "Citizen feedback"),
        JobRotation => ("Jobrotation", "Job rotation"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// Table cells must not break the table: escape pipes and flatten line breaks.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Whole kroner with thousands separators: "12.500 kr." / "DKK 12,500" (the explanations' style).
fn money(amount: i64, lang: Lang) -> String {
    match lang {
        Lang::Da => crate::explain::kr_da(amount),
        Lang::En => crate::explain::kr_en(amount),
    }
}

struct Words {
    title: &'static str,
    as_of: &'static str,
    records: &'static str,
    settings: &'static str,
    unmatched: &'static str,
    by_form: &'static str,
    by_provider: &'static str,
    by_competence: &'static str,
    by_activity: &'static str,
    flags: &'static str,
    satisfaction_only: &'static str,
    none: &'static str,
    overdue: &'static str,
    feedback: &'static str,
    worked: &'static str,
    did_not_work: &'static str,
    costs: &'static str,
    header: [&'static str; 9],
    follow_up_header: [&'static str; 4],
}

const DA: Words = Words {
    title: "Evalueringsrapport",
    as_of: "Opgjort pr.",
    records: "evalueringer",
    settings: "Opfølgning efter {w} uger; \"delvist anvendt\" tæller {p}; intervaller er {c} %-troværdighedsintervaller.",
    unmatched: "evalueringer nævner en aktivitet, der ikke er i kataloget, og er udeladt.",
    by_form: "Pr. læringsform",
    by_provider: "Pr. udbyder",
    by_competence: "Pr. kompetence",
    by_activity: "Pr. aktivitet",
    flags: "Advarsler",
    satisfaction_only: "Kun evalueret på tilfredshed (ingen opfølgning på anvendelse)",
    none: "ingen",
    overdue: "Forsinkede opfølgninger",
    feedback: "Tilbagemelding til udbydere",
    worked: "Virkede",
    did_not_work: "Virkede ikke / ukendt",
    costs: "Gebyrer (evalueret): den registrerede faktiske udgift eller katalogets pris. Fuld omkostning: \
        gebyrerne + timer væk × lønomkostning + sidemandens eller supervisors timer × deres pris, som i \
        anbefalingernes nettopris, men før tilskud: evalueringerne siger ikke, hvilket tilskud der blev \
        givet, eller hvem sidemanden var (sidemandens timer regnes til deltagerens egen lønomkostning).",
    header: [
        "Deltagere",
        "Tilfredshed (n)",
        "Fulgt op",
        "Anvendt / delvist / ikke",
        "Overførsel (interval)",
        "Niveaugevinst (n)",
        "Gebyrer (evalueret)",
        "Fuld omkostning",
        "Fuld omkostning pr. overført niveau",
    ],
    follow_up_header: ["Aktivitet", "Forsinkede", "Ældste forfald", "Flest dage for sent"],
};

const EN: Words = Words {
    title: "Evaluation report",
    as_of: "As of",
    records: "evaluation records",
    settings: "Follow-up after {w} weeks; \"partly applied\" counts {p}; intervals are {c} % credible intervals.",
    unmatched: "records name an activity that is not in the catalog and are left out.",
    by_form: "By learning form",
    by_provider: "By provider",
    by_competence: "By competence",
    by_activity: "By activity",
    flags: "Flags",
    satisfaction_only: "Evaluated only by satisfaction (no follow-up on use in practice)",
    none: "none",
    overdue: "Overdue follow-ups",
    feedback: "Feedback to providers",
    worked: "Worked",
    did_not_work: "Did not work / unknown",
    costs: "Fees (evaluated): the actual cost recorded, or the catalog fee. Full cost: the fees + \
        hours away × wage cost + buddy or supervisor hours × their cost, as in the recommendations' \
        net cost but before funding: the records do not say what funding was received or who the \
        buddy was (a buddy's hours are valued at the participant's own wage cost).",
    header: [
        "Participants",
        "Reaction (n)",
        "Followed up",
        "Applied / partly / not",
        "Transfer (interval)",
        "Level gain (n)",
        "Fees (evaluated)",
        "Full cost",
        "Full cost per transferred level",
    ],
    follow_up_header: ["Activity", "Overdue", "Oldest due", "Most days overdue"],
};

fn row_cells(s: &Stats, lang: Lang) -> [String; 9] {
    let da = lang == Lang::Da;
    let dash = "–".to_owned();
    [
        s.participants.to_string(),
        s.reaction_mean.map_or(dash.clone(), |r| format!("{} ({})", one_decimal(r, da), s.reaction_count)),
        s.followed_up.to_string(),
        format!("{} / {} / {}", s.applied, s.partly, s.not_applied),
        format!("{} % ({}–{} %)", pct(s.transfer), pct(s.interval.0), pct(s.interval.1)),
        s.level_gain_mean
            .map_or(dash.clone(), |g| format!("{} ({})", one_decimal(g, da), s.level_gain_count)),
        money(s.total_cost, lang),
        money(s.full_cost, lang),
        s.full_cost_per_transferred_level.map_or(dash, |c| money(c, lang)),
    ]
}

fn table(out: &mut String, first: &str, w: &Words, rows: &[(String, &Stats)], lang: Lang) {
    let _ = writeln!(out, "| {} | {} |", cell(first), w.header.join(" | "));
    let _ = writeln!(out, "|---|{}", "---:|".repeat(w.header.len()));
    for (name, stats) in rows {
        let _ = writeln!(out, "| {} | {} |", cell(name), row_cells(stats, lang).join(" | "));
    }
    out.push('\n');
}

fn group_rows(groups: &[GroupStats], name: impl Fn(&GroupStats) -> String) -> Vec<(String, &Stats)> {
    groups.iter().map(|g| (name(g), &g.stats)).collect()
}

impl EvaluationReport {
    /// The report as Markdown with tables, in Danish or English.
    pub fn to_markdown(&self, lang: Lang) -> String {
        let w = match lang {
            Lang::Da => &DA,
            Lang::En => &EN,
        };
        let da = lang == Lang::Da;
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", w.title);
        let _ = writeln!(out, "{} {}: {} {}.", w.as_of, self.as_of, self.records, w.records);
        let settings = w
            .settings
            .replace("{w}", &self.follow_up_weeks.to_string())
            .replace("{p}", &one_decimal(self.partly_counts, da))
            .replace("{c}", &pct(self.credible_level));
        let _ = writeln!(out, "{settings}");
        let _ = writeln!(out, "{}", w.costs);
        if self.unmatched_records > 0 {
            let _ = writeln!(out, "{} {}", self.unmatched_records, w.unmatched);
        }
        out.push('\n');

        let form_col = match lang {
            Lang::Da => "Læringsform",
            Lang::En => "Learning form",
        };
        let _ = writeln!(out, "## {}\n", w.by_form);
        let rows = group_rows(&self.by_form, |g| {
            LearningForm::ALL
                .iter()
                .find(|f| f.as_str() == g.key)
                .map_or_else(|| g.name.clone(), |f| form_name(*f, lang).to_owned())
        });
        table(&mut out, form_col, w, &rows, lang);

        let _ = writeln!(out, "## {}\n", w.by_provider);
        let rows = group_rows(&self.by_provider, |g| g.name.clone());
        table(&mut out, if da { "Udbyder" } else { "Provider" }, w, &rows, lang);

        let _ = writeln!(out, "## {}\n", w.by_competence);
        let rows = group_rows(&self.by_competence, |g| {
            if g.key.is_empty() { w.none.to_owned() } else { g.name.clone() }
        });
        table(&mut out, if da { "Kompetence" } else { "Competence" }, w, &rows, lang);

        let _ = writeln!(out, "## {}\n", w.by_activity);
        let rows: Vec<(String, &Stats)> = self
            .by_activity
            .iter()
            .map(|a| {
                let flag = if a.satisfaction_only { " ⚠" } else { "" };
                (format!("{} ({}, {}){flag}", a.title, form_name(a.form, lang), a.provider), &a.stats)
            })
            .collect();
        table(&mut out, if da { "Aktivitet" } else { "Activity" }, w, &rows, lang);

        let _ = writeln!(out, "## {}\n", w.flags);
        let _ = writeln!(out, "### {}\n", w.satisfaction_only);
        if self.satisfaction_only.is_empty() {
            let _ = writeln!(out, "- {}", w.none);
        }
        for id in &self.satisfaction_only {
            let title = self.by_activity.iter().find(|a| &a.activity == id).map_or(id.as_str(), |a| &a.title);
            let _ = writeln!(out, "- {} (`{}`)", title, id);
        }
        out.push('\n');
        let _ = writeln!(out, "### {} ({})\n", w.overdue, self.overdue_follow_ups.len());
        if self.overdue_follow_ups.is_empty() {
            let _ = writeln!(out, "- {}\n", w.none);
        } else {
            // Summarised per activity: the people are in the JSON follow-up list, and a table of
            // hundreds of rows helps nobody decide what to follow up first.
            let mut per: BTreeMap<&str, (u32, i64, Date)> = BTreeMap::new();
            for f in &self.overdue_follow_ups {
                let e = per.entry(f.activity.as_str()).or_insert((0, 0, f.due));
                e.0 += 1;
                e.1 = e.1.max(f.days_overdue);
                e.2 = e.2.min(f.due);
            }
            let mut rows: Vec<_> = per.into_iter().collect();
            rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
            let _ = writeln!(out, "| {} |", w.follow_up_header.join(" | "));
            let _ = writeln!(out, "|---|---:|---|---:|");
            for (activity, (n, days, due)) in rows {
                let title =
                    self.by_activity.iter().find(|a| a.activity == activity).map_or(activity, |a| &a.title);
                let _ = writeln!(out, "| {} | {n} | {due} | {days} |", cell(title));
            }
            out.push('\n');
        }

        let _ = writeln!(out, "## {}\n", w.feedback);
        for p in &self.provider_feedback {
            let pick = |t: &super::report::Text| if da { t.da.clone() } else { t.en.clone() };
            let _ = writeln!(out, "- {}", pick(&p.summary));
            for t in &p.worked {
                let _ = writeln!(out, "  - {}: {}", w.worked, pick(t));
            }
            for t in &p.did_not_work {
                let _ = writeln!(out, "  - {}: {}", w.did_not_work, pick(t));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_per_language() {
        assert_eq!(money(12_500, Lang::Da), "12.500 kr.");
        assert_eq!(money(1_234_567, Lang::En), "DKK 1,234,567");
        assert_eq!(money(-999, Lang::En), "DKK -999");
        assert_eq!(money(i64::MIN, Lang::Da), "-9.223.372.036.854.775.808 kr.");
    }

    #[test]
    fn cells_cannot_break_tables() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
