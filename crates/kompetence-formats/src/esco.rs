//! Import of the ESCO classification's English CSV exports (skills pillar).
//!
//! Two layouts are recognised from the header:
//! - **Hierarchy** (`skillsHierarchy_<lang>.csv`): columns `Level 0 URI` … `Level 3 preferred
//!   term`, `Description`, `Scope note`. Each row describes the concept in its deepest non-empty
//!   URI column, repeating its ancestors to the left; each concept becomes one competence, its
//!   parent the concept one column to the left. A concept that only ever appears as an ancestor
//!   is created from the ancestor columns (with an [`WarningKind::AncestorOnly`] warning). The
//!   scope note is appended to the description. `category` is the level-0 root's term
//!   ("skills", "knowledge", …).
//! - **Collection** (`transversalSkillsCollection_<lang>.csv`, `ictSkillsCollection_<lang>.csv`,
//!   …): columns `conceptUri`, `preferredLabel`, `broaderConceptUri`, … — a flat list. The
//!   ` | `-separated broader concepts are resolved within the file: the first one in the file
//!   becomes the parent and any further in-file ones go to
//!   [`ImportReport::additional_parents`]. **Broader concepts outside the file are dropped**,
//!   each with an [`WarningKind::ExternalParent`] warning naming its URI and label, rather than
//!   invented as synthetic roots: a synthetic node would look like a real competence to people
//!   planning with the framework. `category` is the `skillType`; alt labels are split on `|`
//!   and newlines and kept in [`ImportReport::alt_labels`].
//!
//! Ids are the URI's last path segment (`S1.0.0`, `00`, a UUID); `esco_uri` keeps the full URI.
//! ESCO has no proficiency scale, so the framework gets the library's default 0–5 scale
//! ([`default_scale`]: none, basic, independent, competent, proficient, expert), and the report
//! says so ([`ScaleSource::Default`](crate::import::ScaleSource::Default)).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use kompetence_core::error::json_string;
use kompetence_core::model::{Competence, Framework};
use kompetence_core::{Error, ErrorKind, Problem};

use crate::import::{
    Columns, Entry, Import, ImportFormat, ImportReport, Link, ScaleReport, Table, WarningKind, build_tree,
    default_scale, field_path, read_table, tidy_lines, uri_id,
};

const LEVEL_URI: [&str; 4] = ["level 0 uri", "level 1 uri", "level 2 uri", "level 3 uri"];
const LEVEL_TERM: [&str; 4] =
    ["level 0 preferred term", "level 1 preferred term", "level 2 preferred term", "level 3 preferred term"];
const DESCRIPTION: &str = "description";
const SCOPE_NOTE: &str = "scope note";

const CONCEPT_TYPE: &str = "concepttype";
const CONCEPT_URI: &str = "concepturi";
const SKILL_TYPE: &str = "skilltype";
const REUSE_LEVEL: &str = "reuselevel";
const PREFERRED_LABEL: &str = "preferredlabel";
const ALT_LABELS: &str = "altlabels";
const BROADER_URI: &str = "broaderconcepturi";
const BROADER_PT: &str = "broaderconceptpt";

/// Reads an ESCO skills CSV (hierarchy or collection layout, detected from the header) into a
/// framework with the given id. Its name says which layout it was ("ESCO skills hierarchy",
/// "ESCO skill collection").
///
/// Errors: [`ErrorKind::InvalidArgument`] for an empty `framework_id`; [`ErrorKind::Parse`] for
/// unreadable CSV, an unrecognised header or a row with the wrong number of fields;
/// [`ErrorKind::Validation`] for empty URIs, gaps in the hierarchy columns, duplicate ids or a
/// parent cycle.
pub fn import(reader: impl Read, framework_id: &str) -> Result<Import, Error> {
    if framework_id.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            Problem::new("framework_id", "\"\"", "the framework id must not be empty"),
        ));
    }
    let table = read_table(reader)?;
    let (format, name) = if Columns::has_all(&table.header, &[LEVEL_URI[0]]) {
        (ImportFormat::EscoHierarchy, "ESCO skills hierarchy")
    } else if Columns::has_all(&table.header, &[CONCEPT_URI]) {
        (ImportFormat::EscoCollection, "ESCO skill collection")
    } else {
        return Err(Error::new(
            ErrorKind::Parse,
            Problem::new(
                "header",
                json_string(&table.header.join(",")),
                "not an ESCO skills file: expected a \"Level 0 URI\" column (hierarchy) or a \
                 \"conceptUri\" column (collection)",
            ),
        ));
    };
    let mut report = ImportReport::new(format, ScaleReport::library_default());
    report.rows_read = table.rows.len();
    let competences = match format {
        ImportFormat::EscoHierarchy => hierarchy(&table, &mut report)?,
        _ => collection(&table, &mut report)?,
    };
    Ok(Import {
        framework: Framework {
            id: framework_id.trim().to_owned(),
            name: name.to_owned(),
            scale: default_scale(),
            competences,
        },
        report,
    })
}

fn hierarchy(table: &Table, report: &mut ImportReport) -> Result<Vec<Competence>, Error> {
    let mut known: Vec<&str> = LEVEL_URI.iter().chain(&LEVEL_TERM).copied().collect();
    known.extend([DESCRIPTION, SCOPE_NOTE]);
    let cols = Columns::new(&table.header, &known, report);
    let required: Vec<(&str, &str)> = vec![
        (LEVEL_URI[0], "Level 0 URI"),
        (LEVEL_TERM[0], "Level 0 preferred term"),
        (LEVEL_URI[1], "Level 1 URI"),
        (LEVEL_TERM[1], "Level 1 preferred term"),
        (LEVEL_URI[2], "Level 2 URI"),
        (LEVEL_TERM[2], "Level 2 preferred term"),
        (LEVEL_URI[3], "Level 3 URI"),
        (LEVEL_TERM[3], "Level 3 preferred term"),
    ];
    cols.require(&required)?;
    let mut entries: Vec<Entry> = Vec::new();
    // Ancestors seen in other rows: uri → (row, level, term, parent uri, root term).
    let mut ancestors: BTreeMap<String, (usize, usize, String, Option<String>, String)> = BTreeMap::new();
    for (i, rec) in table.rows.iter().enumerate() {
        let row = i + 1;
        let uris: Vec<&str> = LEVEL_URI.iter().map(|c| cols.get(rec, c).trim()).collect();
        let Some(level) = uris.iter().rposition(|u| !u.is_empty()) else {
            return Err(Error::new(
                ErrorKind::Validation,
                Problem::new(
                    field_path(row, &cols.header_of(LEVEL_URI[0])),
                    "\"\"",
                    "the row has no concept URI",
                ),
            ));
        };
        if let Some(gap) = uris[..level].iter().position(|u| u.is_empty()) {
            return Err(Error::new(
                ErrorKind::Validation,
                Problem::new(
                    field_path(row, &cols.header_of(LEVEL_URI[gap])),
                    "\"\"",
                    format!("level {gap} URI is empty but level {level} is set; the hierarchy has a gap"),
                ),
            ));
        }
        let root_term = cols.get(rec, LEVEL_TERM[0]).trim().to_owned();
        for l in 0..level {
            ancestors.entry(uris[l].to_owned()).or_insert_with(|| {
                let term = cols.get(rec, LEVEL_TERM[l]).trim().to_owned();
                (row, l, term, l.checked_sub(1).map(|p| uris[p].to_owned()), root_term.clone())
            });
        }
        let id_col = cols.header_of(LEVEL_URI[level]);
        let parent_col = cols.header_of(LEVEL_URI[level.saturating_sub(1)]);
        let mut description = tidy_lines(cols.get(rec, DESCRIPTION));
        let scope = tidy_lines(cols.get(rec, SCOPE_NOTE));
        if !scope.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str("Scope note: ");
            description.push_str(&scope);
        }
        let competence = concept(
            row,
            uris[level],
            cols.get(rec, LEVEL_TERM[level]).trim(),
            level.checked_sub(1).map(|p| uris[p]),
            &root_term,
            (!description.is_empty()).then_some(description),
            (&id_col, &cols.header_of(LEVEL_TERM[level])),
            report,
        )?;
        entries.push(Entry { competence, row, columns: Some((id_col, parent_col)) });
    }
    let defined: BTreeSet<String> = entries.iter().filter_map(|e| e.competence.esco_uri.clone()).collect();
    for (uri, (row, level, term, parent, root_term)) in ancestors {
        if defined.contains(&uri) {
            continue;
        }
        let col = cols.header_of(LEVEL_URI[level]);
        report.warn(
            WarningKind::AncestorOnly,
            Some(row),
            Some(&col),
            &uri,
            "concept has no row of its own; created from the ancestor columns",
        );
        let competence = concept(
            row,
            &uri,
            &term,
            parent.as_deref(),
            &root_term,
            None,
            (&col, &cols.header_of(LEVEL_TERM[level])),
            report,
        )?;
        let parent_col = cols.header_of(LEVEL_URI[level.saturating_sub(1)]);
        entries.push(Entry { competence, row, columns: Some((col, parent_col)) });
    }
    build_tree(&mut entries, &cols.header_of(LEVEL_URI[0]), &cols.header_of(LEVEL_URI[0]), report)?;
    Ok(entries.into_iter().map(|e| e.competence).collect())
}

/// One concept as a competence: id from the URI, name from the term (or the id, warned).
#[allow(clippy::too_many_arguments)]
fn concept(
    row: usize,
    uri: &str,
    term: &str,
    parent_uri: Option<&str>,
    category: &str,
    description: Option<String>,
    (uri_col, term_col): (&str, &str),
    report: &mut ImportReport,
) -> Result<Competence, Error> {
    let id = uri_id(uri);
    if id.is_empty() {
        return Err(Error::new(
            ErrorKind::Validation,
            Problem::new(field_path(row, uri_col), json_string(uri), "no id can be derived from this URI"),
        ));
    }
    let name = if term.is_empty() {
        report.warn(WarningKind::MissingName, Some(row), Some(term_col), "", "empty term; the id is used");
        id.to_owned()
    } else {
        term.to_owned()
    };
    Ok(Competence {
        id: id.to_owned(),
        name,
        category: (!category.is_empty()).then(|| category.to_owned()),
        parent: parent_uri.map(|p| uri_id(p).to_owned()),
        esco_uri: Some(uri.trim().to_owned()),
        description,
    })
}

fn collection(table: &Table, report: &mut ImportReport) -> Result<Vec<Competence>, Error> {
    let known = [
        CONCEPT_TYPE,
        CONCEPT_URI,
        SKILL_TYPE,
        REUSE_LEVEL,
        PREFERRED_LABEL,
        ALT_LABELS,
        DESCRIPTION,
        BROADER_URI,
        BROADER_PT,
    ];
    let cols = Columns::new(&table.header, &known, report);
    cols.require(&[
        (CONCEPT_URI, "conceptUri"),
        (PREFERRED_LABEL, "preferredLabel"),
        (BROADER_URI, "broaderConceptUri"),
    ])?;
    let uri_col = cols.header_of(CONCEPT_URI);
    let broader_col = cols.header_of(BROADER_URI);
    let in_file: BTreeSet<&str> = table.rows.iter().map(|r| cols.get(r, CONCEPT_URI).trim()).collect();
    let mut entries = Vec::new();
    for (i, rec) in table.rows.iter().enumerate() {
        let row = i + 1;
        let uri = cols.get(rec, CONCEPT_URI).trim();
        if uri.is_empty() {
            return Err(Error::new(
                ErrorKind::Validation,
                Problem::new(field_path(row, &uri_col), "\"\"", "the concept URI is empty"),
            ));
        }
        let description = tidy_lines(cols.get(rec, DESCRIPTION));
        let mut competence = concept(
            row,
            uri,
            cols.get(rec, PREFERRED_LABEL).trim(),
            None,
            cols.get(rec, SKILL_TYPE).trim(),
            (!description.is_empty()).then_some(description),
            (&uri_col, &cols.header_of(PREFERRED_LABEL)),
            report,
        )?;
        let labels = split_multi(cols.get(rec, BROADER_PT));
        for (k, broader) in split_multi(cols.get(rec, BROADER_URI)).into_iter().enumerate() {
            let label = labels.get(k).map(String::as_str).unwrap_or("");
            if in_file.contains(broader.as_str()) {
                let to = uri_id(&broader).to_owned();
                if competence.parent.is_none() {
                    competence.parent = Some(to);
                } else {
                    report.additional_parents.push(Link { from: competence.id.clone(), to, row });
                }
            } else {
                report.warn(
                    WarningKind::ExternalParent,
                    Some(row),
                    Some(&broader_col),
                    &broader,
                    format!("broader concept {label:?} is not in this file; the link is dropped"),
                );
            }
        }
        let alt = split_multi(cols.get(rec, ALT_LABELS));
        if !alt.is_empty() {
            report.alt_labels_count += alt.len();
            report.alt_labels.entry(competence.id.clone()).or_default().extend(alt);
        }
        entries.push(Entry { competence, row, columns: None });
    }
    build_tree(&mut entries, &uri_col, &broader_col, report)?;
    Ok(entries.into_iter().map(|e| e.competence).collect())
}

/// ESCO multi-value fields: ` | ` in these exports, newlines in others.
fn split_multi(raw: &str) -> Vec<String> {
    raw.split(['|', '\n', '\r']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLL: &str = "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,description,broaderConceptUri,broaderConceptPT\n";

    #[test]
    fn collection_parents_inside_and_outside() {
        let csv = format!(
            "{COLL}K,http://e/skill/a,skill/competence,transversal,A,x | y,,http://e/skill/ext | http://e/skill/b | http://e/skill/c,E | B | C\n\
             K,http://e/skill/b,knowledge,transversal,B,,,,\n\
             K,http://e/skill/c,knowledge,transversal,C,z,,,\n"
        );
        let imp = import(csv.as_bytes(), "t").unwrap();
        let a = &imp.framework.competences[0];
        assert_eq!((a.id.as_str(), a.parent.as_deref()), ("a", Some("b")));
        assert_eq!(imp.report.additional_parents, [Link { from: "a".into(), to: "c".into(), row: 1 }]);
        let ext: Vec<_> = imp.report.warnings_of(WarningKind::ExternalParent).collect();
        assert_eq!(ext.len(), 1);
        assert!(ext[0].message.contains("\"E\""));
        assert_eq!(imp.report.alt_labels_count, 3);
        assert_eq!(imp.report.alt_labels["a"], ["x", "y"]);
    }

    #[test]
    fn hierarchy_gap_is_an_error() {
        let csv = "Level 0 URI,Level 0 preferred term,Level 1 URI,Level 1 preferred term,Level 2 URI,Level 2 preferred term,Level 3 URI,Level 3 preferred term,Description,Scope note\n\
                   http://e/S,s,,,http://e/S1.1,x,,,,\n";
        let e = import(csv.as_bytes(), "h").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert_eq!(e.path(), "row 1, column \"Level 1 URI\"");
    }

    #[test]
    fn hierarchy_duplicate_names_its_level_column() {
        let csv = "Level 0 URI,Level 0 preferred term,Level 1 URI,Level 1 preferred term,Level 2 URI,Level 2 preferred term,Level 3 URI,Level 3 preferred term,Description,Scope note\n\
                   http://e/S,s,,,,,,,,\n\
                   http://e/S,s,http://e/S1,one,,,,,,\n\
                   http://e/S,s,http://e/S1,one again,,,,,,\n";
        let e = import(csv.as_bytes(), "h").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert_eq!(e.path(), "row 3, column \"Level 1 URI\"");
    }

    #[test]
    fn ancestor_only_concept_is_created() {
        let csv = "Level 0 URI,Level 0 preferred term,Level 1 URI,Level 1 preferred term,Level 2 URI,Level 2 preferred term,Level 3 URI,Level 3 preferred term,Description,Scope note\n\
                   http://e/S,s,http://e/S1,one,,,,,d,note\n";
        let imp = import(csv.as_bytes(), "h").unwrap();
        assert_eq!(imp.framework.competences.len(), 2);
        assert_eq!(imp.report.warnings_of(WarningKind::AncestorOnly).count(), 1);
        assert_eq!(imp.framework.competences[0].description.as_deref(), Some("d\n\nScope note: note"));
        assert_eq!(imp.report.competences_per_depth, [1, 1]);
    }

    #[test]
    fn empty_framework_id_is_invalid() {
        assert_eq!(import(COLL.as_bytes(), " ").unwrap_err().kind(), ErrorKind::InvalidArgument);
    }
}
