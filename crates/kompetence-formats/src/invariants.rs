//! Invariants every generated document set must hold, checked independently of the core's
//! validation (which is being completed in parallel): ids unique, references resolve, levels on
//! the scale, numbers finite and in range, sessions well-formed, dates before `as_of` where the
//! past is meant.

use std::collections::{BTreeMap, BTreeSet};

use crate::generate::Documents;

/// Every broken invariant, as a readable message (empty when all hold).
pub(crate) fn invariants(d: &Documents) -> Vec<String> {
    let org = &d.organisation;
    let cat = &d.catalog;
    let mut out = Vec::new();
    let mut bad = |ok: bool, msg: String| {
        if !ok {
            out.push(msg);
        }
    };
    let max = org.framework.scale.max_level();
    bad(max == 5, format!("scale max {max}"));

    let unique = |ids: Vec<&str>, what: &str, bad: &mut dyn FnMut(bool, String)| -> BTreeSet<String> {
        let set: BTreeSet<String> = ids.iter().map(|s| (*s).to_owned()).collect();
        bad(set.len() == ids.len(), format!("duplicate {what} ids"));
        set
    };
    let comps =
        unique(org.framework.competences.iter().map(|c| c.id.as_str()).collect(), "competence", &mut bad);
    let units = unique(org.units.iter().map(|u| u.id.as_str()).collect(), "unit", &mut bad);
    let roles = unique(org.roles.iter().map(|r| r.id.as_str()).collect(), "role", &mut bad);
    let emps = unique(org.employees.iter().map(|e| e.id.as_str()).collect(), "employee", &mut bad);
    let acts = unique(cat.activities.iter().map(|a| a.id.as_str()).collect(), "activity", &mut bad);
    let feedback_ids = org.feedback.iter().map(|f| f.id.as_str()).collect();
    unique(feedback_ids, "feedback", &mut bad);

    for c in &org.framework.competences {
        if let Some(p) = &c.parent {
            bad(comps.contains(p), format!("competence {} parent {p}", c.id));
        }
    }
    let unit_kind: BTreeMap<&str, _> = org.units.iter().map(|u| (u.id.as_str(), u.kind)).collect();
    for u in &org.units {
        match &u.parent {
            Some(p) => bad(
                unit_kind.get(p.as_str()).is_some_and(|k| *k < u.kind),
                format!("unit {} parent {p} missing or not above it", u.id),
            ),
            None => bad(u.kind == kompetence_core::model::UnitKind::Municipality, format!("root {}", u.id)),
        }
    }
    for r in &org.roles {
        for q in &r.requirements {
            bad(comps.contains(&q.competence) && q.level <= max, format!("role {} requirement", r.id));
        }
    }
    for e in &org.employees {
        bad(units.contains(&e.unit), format!("{} unit {}", e.id, e.unit));
        bad(roles.contains(&e.role), format!("{} role {}", e.id, e.role));
        for (c, l) in &e.levels {
            bad(comps.contains(c) && *l <= max, format!("{} level {c}={l}", e.id));
        }
        for w in &e.wishes {
            bad(
                comps.contains(&w.competence) && w.level <= max && w.level > e.level(&w.competence),
                format!("{} wish", e.id),
            );
        }
        if let Some(t) = &e.target_role {
            bad(roles.contains(t) && *t != e.role, format!("{} target role {t}", e.id));
        }
        for b in &e.buddy_history {
            bad(
                emps.contains(&b.buddy) && b.buddy != e.id && b.periods >= 1,
                format!("{} buddy {}", e.id, b.buddy),
            );
        }
        bad(
            e.max_hours_away.is_finite() && (37.0..=150.0).contains(&e.max_hours_away),
            format!("{} hours {}", e.id, e.max_hours_away),
        );
        bad((250..=500).contains(&e.wage_cost_per_hour), format!("{} wage", e.id));
        if let Some(a) = &e.assessment {
            bad(a.date < org.as_of, format!("{} assessed in the future", e.id));
        }
        bad(e.languages.is_empty() || e.languages.iter().any(|l| l == "da"), format!("{} languages", e.id));
    }
    for g in &org.goals {
        bad(g.priority.is_finite() && g.priority > 0.0, format!("goal {} priority", g.id));
        bad((2027..=2028).contains(&g.deadline.year()), format!("goal {} deadline", g.id));
        bad(g.scope.units.iter().all(|u| units.contains(u)), format!("goal {} scope units", g.id));
        bad(g.scope.roles.iter().all(|r| roles.contains(r)), format!("goal {} scope roles", g.id));
        for q in &g.requirements {
            bad(
                comps.contains(&q.competence) && q.level <= max && q.weight > 0.0,
                format!("goal {} req", g.id),
            );
        }
    }
    for f in &org.feedback {
        bad(units.contains(&f.unit), format!("feedback {} unit", f.id));
        bad(
            !f.competences.is_empty() && f.competences.iter().all(|c| comps.contains(c)),
            format!("feedback {}", f.id),
        );
        bad(
            (0.0..=1.0).contains(&f.strength) && f.date < org.as_of,
            format!("feedback {} strength/date", f.id),
        );
    }
    let by_id: BTreeMap<&str, _> = cat.activities.iter().map(|a| (a.id.as_str(), a)).collect();
    let emp_by_id: BTreeMap<&str, _> = org.employees.iter().map(|e| (e.id.as_str(), e)).collect();
    for p in &org.plans {
        bad(emps.contains(&p.employee) && p.agreed_on < org.as_of, format!("plan {}", p.employee));
        bad(!p.goals.is_empty(), format!("plan {} without goals", p.employee));
        for g in &p.goals {
            bad(
                comps.contains(&g.competence) && g.level <= max && g.due > p.agreed_on,
                format!("plan {} goal", p.employee),
            );
        }
        for a in &p.activities {
            let Some(act) = by_id.get(a.activity.as_str()) else {
                bad(false, format!("plan {} activity {}", p.employee, a.activity));
                continue;
            };
            if let Some(s) = &a.session {
                bad(act.sessions.iter().any(|x| &x.id == s), format!("plan {} session {s}", p.employee));
            }
            if let Some(b) = &a.buddy {
                bad(
                    emp_by_id.get(b.as_str()).is_some_and(|x| x.id != p.employee),
                    format!("plan {} buddy", p.employee),
                );
            }
            if let Some(done) = a.completed_on {
                bad(done < org.as_of && done >= p.agreed_on, format!("plan {} completed_on", p.employee));
            }
        }
    }
    for a in &cat.activities {
        bad(!a.develops.is_empty(), format!("{} develops nothing", a.id));
        for dv in &a.develops {
            bad(
                comps.contains(&dv.competence)
                    && dv.gain >= 1
                    && dv.entry_level < dv.ceiling
                    && dv.ceiling <= max
                    && dv.gain <= dv.ceiling - dv.entry_level,
                format!("{} develops {}", a.id, dv.competence),
            );
        }
        bad(a.fee >= 0, format!("{} fee", a.id));
        bad(a.hours_away.is_finite() && a.hours_away >= 0.0, format!("{} hours", a.id));
        bad(
            a.mentor_hours.is_finite() && (a.mentor_hours > 0.0) == a.mentor.is_some(),
            format!("{} mentor", a.id),
        );
        bad(a.duration_weeks >= 1, format!("{} duration", a.id));
        bad(a.transfer.alpha > 0.0 && a.transfer.beta > 0.0, format!("{} transfer", a.id));
        if let Some(g) = &a.group {
            bad(
                g.fixed_cost > 0 && 1 <= g.min_participants && g.min_participants <= g.max_participants,
                format!("{} group", a.id),
            );
        }
        let session_ids: BTreeSet<&str> = a.sessions.iter().map(|s| s.id.as_str()).collect();
        bad(session_ids.len() == a.sessions.len(), format!("{} duplicate sessions", a.id));
        for s in &a.sessions {
            bad(s.start <= s.end && s.booked <= s.seats && s.seats > 0, format!("{} session {}", a.id, s.id));
            bad(s.start > org.as_of, format!("{} session {} before as_of", a.id, s.id));
        }
    }
    let p = &d.policy;
    for f in &p.funding {
        bad((0.0..=1.0).contains(&f.share) && f.rate_per_hour >= 0, format!("funding {}", f.id));
    }
    for u in p.budget.per_unit.keys() {
        bad(units.contains(u), format!("budget unit {u}"));
    }
    bad(p.budget.total.is_some_and(|t| t >= 0), "total budget".to_owned());
    let _ = acts;
    out
}
