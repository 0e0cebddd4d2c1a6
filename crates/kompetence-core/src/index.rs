//! Lookup tables built once when an engine is made, so queries never scan documents by id.
//!
//! Built only from validated documents; lookups still return `Option` so that a missed rule in
//! validation shows up as an error, never as a panic.

use std::collections::HashMap;

use crate::model::{Catalog, Organisation, UnitKind};

/// Positions of every id in the documents, and the unit tree in usable form.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    pub employees: HashMap<String, usize>,
    pub units: HashMap<String, usize>,
    pub roles: HashMap<String, usize>,
    pub competences: HashMap<String, usize>,
    pub activities: HashMap<String, usize>,
    /// For each unit: itself, then its parent, up to the root.
    pub unit_chain: Vec<Vec<usize>>,
    /// For each unit: the department it belongs to (itself if a department; the root if above).
    pub department: Vec<usize>,
    /// For each employee: their unit's position.
    pub employee_unit: Vec<usize>,
    /// For each unit: the employees directly in it, in document order.
    pub members: Vec<Vec<usize>>,
    /// For each employee: positions of their development plans.
    pub plans: Vec<Vec<usize>>,
    /// For each competence id: the feedback signals naming it as (unit position, signal
    /// position), sorted, so a person's need looks up only the signals about the person's unit
    /// and the units above it (a handful of binary searches) instead of scanning every signal
    /// on the competence, which grows with the organisation. Signals about an unknown unit
    /// apply to nobody and are left out.
    pub feedback: HashMap<String, Vec<(usize, usize)>>,
    /// For each strategic goal: the positions of its scope's units (unknown ids left out).
    pub goal_units: Vec<Vec<usize>>,
}

impl Index {
    pub fn build(org: &Organisation, catalog: &Catalog) -> Index {
        let positions = |ids: &mut dyn Iterator<Item = &String>| -> HashMap<String, usize> {
            let mut map = HashMap::new();
            for (i, id) in ids.enumerate() {
                map.entry(id.clone()).or_insert(i);
            }
            map
        };
        let employees = positions(&mut org.employees.iter().map(|e| &e.id));
        let units = positions(&mut org.units.iter().map(|u| &u.id));
        let roles = positions(&mut org.roles.iter().map(|r| &r.id));
        let competences = positions(&mut org.framework.competences.iter().map(|c| &c.id));
        let activities = positions(&mut catalog.activities.iter().map(|a| &a.id));

        let parent: Vec<Option<usize>> =
            org.units.iter().map(|u| u.parent.as_ref().and_then(|p| units.get(p).copied())).collect();
        let unit_chain: Vec<Vec<usize>> = (0..org.units.len())
            .map(|start| {
                let mut chain = vec![start];
                let mut at = start;
                // Bounded by the number of units, so a cycle that slipped past validation ends.
                while let Some(p) = parent[at] {
                    if chain.len() > org.units.len() || chain.contains(&p) {
                        break;
                    }
                    chain.push(p);
                    at = p;
                }
                chain
            })
            .collect();
        let department = unit_chain
            .iter()
            .map(|chain| {
                chain
                    .iter()
                    .copied()
                    .find(|&u| org.units[u].kind == UnitKind::Department)
                    .unwrap_or(*chain.last().unwrap_or(&0))
            })
            .collect();
        let mut members = vec![Vec::new(); org.units.len()];
        let employee_unit: Vec<usize> = org
            .employees
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let u = units.get(&e.unit).copied().unwrap_or(0);
                if let Some(m) = members.get_mut(u) {
                    m.push(i);
                }
                u
            })
            .collect();
        let mut plans = vec![Vec::new(); org.employees.len()];
        for (i, plan) in org.plans.iter().enumerate() {
            if let Some(&e) = employees.get(&plan.employee) {
                plans[e].push(i);
            }
        }
        let mut feedback: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (i, signal) in org.feedback.iter().enumerate() {
            let Some(&unit) = units.get(&signal.unit) else { continue };
            for c in &signal.competences {
                let list = feedback.entry(c.clone()).or_default();
                if list.last() != Some(&(unit, i)) && !list.contains(&(unit, i)) {
                    list.push((unit, i));
                }
            }
        }
        for list in feedback.values_mut() {
            list.sort_unstable();
        }
        let goal_units = org
            .goals
            .iter()
            .map(|g| g.scope.units.iter().filter_map(|u| units.get(u).copied()).collect())
            .collect();
        Index {
            feedback,
            goal_units,
            employees,
            units,
            roles,
            competences,
            activities,
            unit_chain,
            department,
            employee_unit,
            members,
            plans,
        }
    }

    /// Is `unit` equal to or below `ancestor`?
    pub fn unit_within(&self, unit: usize, ancestor: usize) -> bool {
        self.unit_chain.get(unit).is_some_and(|c| c.contains(&ancestor))
    }

    /// Positions of the feedback signals naming `competence` about `unit` or a unit above it,
    /// in document order.
    pub fn feedback_about(&self, competence: &str, unit: usize) -> Vec<usize> {
        let mut found = Vec::new();
        let Some(signals) = self.feedback.get(competence) else { return found };
        for &at in self.unit_chain.get(unit).map(Vec::as_slice).unwrap_or(&[]) {
            let from = signals.partition_point(|&(u, _)| u < at);
            found.extend(signals[from..].iter().take_while(|&&(u, _)| u == at).map(|&(_, i)| i));
        }
        found.sort_unstable();
        found
    }
}
