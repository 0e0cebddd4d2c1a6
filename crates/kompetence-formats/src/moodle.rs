//! Import of Moodle competency frameworks exported as CSV by `tool_lpimportcsv`.
//!
//! Both export generations are read: the current 14-column header (with "(optional)" suffixes,
//! cross references and exported ids) and the older 12-column one (`ID number`, no suffixes).
//! Headers are matched ignoring case and the "(optional)" suffix.
//!
//! Mapping:
//! - The row with `Is framework` = 1 gives the framework id (`Id number`), name (`Shortname`),
//!   scale (`Scale values`), scale configuration and taxonomy. Exactly one is required.
//! - Every other row is a competence; an empty parent id (or the framework's id) makes a root.
//!   Rows may come before their parents.
//! - **Scale:** Moodle scale items are numbered from 1 and have no "none". Unless the first value
//!   already is "none"/"not assessed", a level 0 "none" is prepended, so Moodle item *k* is level
//!   *k* and the library's "level 0 = none" convention holds. The default and proficient items
//!   of the scale configuration are reported as levels ([`ScaleReport`]).
//! - **Taxonomy** (comma list or JSON object keyed by depth) gives each competence's `category`:
//!   the term for its depth (root = 1).
//! - HTML descriptions (format 0 or 1) become plain text ([`html_to_text`]).
//! - Cross references go to [`ImportReport::cross_references`]; rules and per-competence scales,
//!   which the framework cannot hold, are named in warnings. Ids and names are kept as written,
//!   typos included.

use std::collections::BTreeMap;
use std::io::Read;

use kompetence_core::error::json_string;
use kompetence_core::model::{Competence, Framework, Level, Scale};
use kompetence_core::{Error, ErrorKind, Problem};

use crate::import::{
    Columns, Entry, Import, ImportFormat, ImportReport, Link, ScaleReport, ScaleSource, WarningKind,
    build_tree, default_scale, field_path, html_to_text, read_table, tidy_lines,
};

const PARENT: &str = "parent id number";
const ID: &str = "id number";
const SHORTNAME: &str = "shortname";
const DESCRIPTION: &str = "description";
const DESCRIPTION_FORMAT: &str = "description format";
const SCALE_VALUES: &str = "scale values";
const SCALE_CONFIG: &str = "scale configuration";
const RULE_TYPE: &str = "rule type";
const RULE_OUTCOME: &str = "rule outcome";
const RULE_CONFIG: &str = "rule config";
const CROSS_REFS: &str = "cross referenced competency id numbers";
const EXPORTED_ID: &str = "exported id";
const IS_FRAMEWORK: &str = "is framework";
const TAXONOMY: &str = "taxonomy";

const KNOWN: &[&str] = &[
    PARENT,
    ID,
    SHORTNAME,
    DESCRIPTION,
    DESCRIPTION_FORMAT,
    SCALE_VALUES,
    SCALE_CONFIG,
    RULE_TYPE,
    RULE_OUTCOME,
    RULE_CONFIG,
    CROSS_REFS,
    EXPORTED_ID,
    IS_FRAMEWORK,
    TAXONOMY,
];

/// Moodle cuts shortnames at this many characters; a name of exactly this length is reported.
const SHORTNAME_LIMIT: usize = 100;

/// Reads a Moodle competency framework CSV.
///
/// Errors: [`ErrorKind::Parse`] for unreadable CSV, a row with the wrong number of fields or a
/// missing required column (`Parent id number`, `Id number`, `Shortname`, `Is framework`);
/// [`ErrorKind::Validation`] for a missing or second framework row, an empty id, duplicate ids
/// or a parent cycle; [`ErrorKind::LimitExceeded`] for a scale of more than 256 levels. Paths
/// read like `row 17, column "Parent id number"` (rows are 1-based records after the header).
pub fn import(reader: impl Read) -> Result<Import, Error> {
    let table = read_table(reader)?;
    let mut report = ImportReport::new(ImportFormat::Moodle, ScaleReport::library_default());
    let cols = Columns::new(&table.header, KNOWN, &mut report);
    cols.require(&[
        (PARENT, "Parent id number"),
        (ID, "Id number"),
        (SHORTNAME, "Shortname"),
        (IS_FRAMEWORK, "Is framework"),
    ])?;
    report.rows_read = table.rows.len();
    let h = |name: &str| cols.header_of(name);

    let mut framework: Option<(usize, String, String)> = None;
    let mut scale = None;
    let mut entries = Vec::new();
    let mut cross: Vec<Link> = Vec::new();
    for (i, rec) in table.rows.iter().enumerate() {
        let row = i + 1;
        let id = cols.get(rec, ID).trim();
        let raw_shortname = cols.get(rec, SHORTNAME);
        let shortname = raw_shortname.trim();
        let description = description(cols.get(rec, DESCRIPTION), cols.get(rec, DESCRIPTION_FORMAT));
        if id.is_empty() {
            return Err(Error::new(
                ErrorKind::Validation,
                Problem::new(field_path(row, &h(ID)), "\"\"", "the id number is empty"),
            ));
        }
        let name = if shortname.is_empty() {
            report.warn(
                WarningKind::MissingName,
                Some(row),
                Some(&h(SHORTNAME)),
                "",
                "empty shortname; the id is used",
            );
            id.to_owned()
        } else {
            shortname.to_owned()
        };
        if cols.get(rec, IS_FRAMEWORK).trim() == "1" {
            if let Some((first, _, _)) = &framework {
                return Err(Error::new(
                    ErrorKind::Validation,
                    Problem::new(
                        field_path(row, &h(IS_FRAMEWORK)),
                        "\"1\"",
                        format!(
                            "a second framework row (the first is row {first}); a file holds one framework"
                        ),
                    ),
                ));
            }
            framework = Some((row, id.to_owned(), name));
            report.framework_description = description;
            scale = Some(read_scale(
                row,
                cols.get(rec, SCALE_VALUES),
                cols.get(rec, SCALE_CONFIG),
                &h(SCALE_VALUES),
                &h(SCALE_CONFIG),
                &mut report,
            )?);
            report.taxonomy = read_taxonomy(row, cols.get(rec, TAXONOMY), &h(TAXONOMY), &mut report);
            continue;
        }
        // Measured before trimming: a cut can end in a space, which trimming would hide.
        if raw_shortname.chars().count() == SHORTNAME_LIMIT {
            report.warn(
                WarningKind::TruncatedName,
                Some(row),
                Some(&h(SHORTNAME)),
                &name,
                format!(
                    "shortname is exactly {SHORTNAME_LIMIT} characters, Moodle's limit; probably cut off"
                ),
            );
        }
        let rule_type = cols.get(rec, RULE_TYPE).trim();
        if !rule_type.is_empty() {
            report.warn(
                WarningKind::IgnoredField,
                Some(row),
                Some(&h(RULE_TYPE)),
                rule_type,
                "Moodle competency rules are not imported",
            );
        }
        let own_scale = cols.get(rec, SCALE_VALUES).trim();
        if !own_scale.is_empty() {
            report.warn(
                WarningKind::IgnoredField,
                Some(row),
                Some(&h(SCALE_VALUES)),
                own_scale,
                "a per-competence scale is not imported; the framework scale applies",
            );
        }
        for to in cols.get(rec, CROSS_REFS).split(',').map(str::trim).filter(|s| !s.is_empty()) {
            cross.push(Link { from: id.to_owned(), to: to.to_owned(), row });
        }
        let parent = cols.get(rec, PARENT).trim();
        entries.push(Entry {
            competence: Competence {
                id: id.to_owned(),
                name,
                category: None,
                parent: (!parent.is_empty()).then(|| parent.to_owned()),
                esco_uri: None,
                description,
            },
            row,
            columns: None,
        });
    }
    let Some((_, fw_id, fw_name)) = framework else {
        return Err(Error::new(
            ErrorKind::Validation,
            Problem::new(
                format!("column {}", json_string(&h(IS_FRAMEWORK))),
                "null",
                "no framework row (a row with Is framework = 1)",
            ),
        ));
    };
    // Some exports give top-level competences the framework's id as parent.
    for e in &mut entries {
        if e.competence.parent.as_deref() == Some(fw_id.as_str()) {
            e.competence.parent = None;
        }
    }
    let depths = build_tree(&mut entries, &h(ID), &h(PARENT), &mut report)?;
    for (e, d) in entries.iter_mut().zip(&depths) {
        e.competence.category = d.checked_sub(1).and_then(|i| report.taxonomy.get(i)).cloned().flatten();
    }
    let known: std::collections::BTreeSet<&str> = entries.iter().map(|e| e.competence.id.as_str()).collect();
    for link in &cross {
        if !known.contains(link.to.as_str()) {
            report.warn(
                WarningKind::CrossReferenceNotFound,
                Some(link.row),
                Some(&h(CROSS_REFS)),
                &link.to,
                format!("{:?} cross-references {:?}, which is not in the file", link.from, link.to),
            );
        }
    }
    report.cross_references = cross;
    let scale = scale.unwrap_or_else(default_scale);
    Ok(Import {
        framework: Framework {
            id: fw_id,
            name: fw_name,
            scale,
            competences: entries.into_iter().map(|e| e.competence).collect(),
        },
        report,
    })
}

/// Moodle description formats: 0 = Moodle auto-format and 1 = HTML may hold tags; 2 = plain
/// and 4 = Markdown are kept as text.
fn description(raw: &str, format: &str) -> Option<String> {
    let text = match format.trim() {
        "2" | "4" => tidy_lines(raw),
        _ => html_to_text(raw),
    };
    (!text.is_empty()).then_some(text)
}

fn read_scale(
    row: usize,
    values: &str,
    config: &str,
    values_col: &str,
    config_col: &str,
    report: &mut ImportReport,
) -> Result<Scale, Error> {
    let mut items: Vec<String> = Vec::new();
    for v in values.split(',') {
        let v = v.trim();
        if v.is_empty() {
            if !values.trim().is_empty() {
                report.warn(
                    WarningKind::Scale,
                    Some(row),
                    Some(values_col),
                    values,
                    "empty scale value skipped",
                );
            }
        } else {
            items.push(v.to_owned());
        }
    }
    if items.is_empty() {
        report.warn(
            WarningKind::Scale,
            Some(row),
            Some(values_col),
            values,
            "the framework row has no scale values; the default 0–5 scale is used",
        );
        return Ok(default_scale());
    }
    let has_zero = matches!(items[0].to_lowercase().as_str(), "none" | "not assessed" | "not yet assessed");
    let mut levels = Vec::with_capacity(items.len() + 1);
    if !has_zero {
        levels.push("none".to_owned());
    }
    levels.extend(items);
    if levels.len() > usize::from(Level::MAX) + 1 {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            Problem::new(
                field_path(row, values_col),
                levels.len().to_string(),
                format!("a scale has at most {} levels", usize::from(Level::MAX) + 1),
            ),
        ));
    }
    report.scale = ScaleReport {
        source: ScaleSource::File,
        zero_level_prepended: !has_zero,
        moodle_scale_id: None,
        default_level: None,
        proficient_levels: Vec::new(),
    };
    if !config.trim().is_empty() {
        read_scale_config(row, config, config_col, levels.len(), report);
    }
    Ok(Scale { levels })
}

/// `[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1}, …]`: the first object names the
/// Moodle scale, the others flag scale items (1-based) as default and/or proficient.
fn read_scale_config(row: usize, config: &str, col: &str, level_count: usize, report: &mut ImportReport) {
    let offset = usize::from(report.scale.zero_level_prepended);
    let items = match serde_json::from_str::<serde_json::Value>(config) {
        Ok(serde_json::Value::Array(items)) => items,
        _ => {
            report.warn(
                WarningKind::Scale,
                Some(row),
                Some(col),
                config,
                "scale configuration is not a JSON array; ignored",
            );
            return;
        }
    };
    let as_int = |v: Option<&serde_json::Value>| -> Option<i64> {
        match v? {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            serde_json::Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    };
    for item in &items {
        if let Some(id) = item.get("scaleid") {
            report.scale.moodle_scale_id = Some(match id {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            continue;
        }
        let Some(id) = as_int(item.get("id")) else { continue };
        let level = usize::try_from(id)
            .ok()
            .filter(|&i| i >= 1)
            .map(|i| i - 1 + offset)
            .filter(|&l| l < level_count)
            .and_then(|l| Level::try_from(l).ok());
        let Some(level) = level else {
            report.warn(
                WarningKind::Scale,
                Some(row),
                Some(col),
                &id.to_string(),
                "scale configuration names an item outside the scale; ignored",
            );
            continue;
        };
        if as_int(item.get("scaledefault")) == Some(1) {
            report.scale.default_level = Some(level);
        }
        if as_int(item.get("proficient")) == Some(1) {
            report.scale.proficient_levels.push(level);
        }
    }
    report.scale.proficient_levels.sort_unstable();
    report.scale.proficient_levels.dedup();
}

/// A comma list (`competency,behaviour,…`, term *i* for depth *i*) or a JSON object keyed by
/// depth (`{"1":"domain","2":"competency"}`).
fn read_taxonomy(row: usize, raw: &str, col: &str, report: &mut ImportReport) -> Vec<Option<String>> {
    let raw = raw.trim();
    if raw.starts_with('{') {
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(raw) else {
            report.warn(
                WarningKind::IgnoredField,
                Some(row),
                Some(col),
                raw,
                "taxonomy is not valid JSON; ignored",
            );
            return Vec::new();
        };
        let mut by_depth: BTreeMap<usize, String> = BTreeMap::new();
        for (k, v) in &map {
            match (k.trim().parse::<usize>(), v.as_str()) {
                (Ok(d), Some(term)) if (1..=1000).contains(&d) => {
                    by_depth.insert(d, term.trim().to_owned());
                }
                _ => report.warn(
                    WarningKind::IgnoredField,
                    Some(row),
                    Some(col),
                    &format!("{k}: {v}"),
                    "taxonomy entry is not depth: term; ignored",
                ),
            }
        }
        let max = by_depth.keys().next_back().copied().unwrap_or(0);
        (1..=max).map(|d| by_depth.get(&d).cloned()).collect()
    } else if raw.is_empty() {
        Vec::new()
    } else {
        raw.split(',').map(|t| Some(t.trim().to_owned()).filter(|t| !t.is_empty())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "\"Parent ID number\",\"ID number\",Shortname,Description,\"Description format\",\
\"Scale values\",\"Scale configuration\",\"Rule type\",\"Rule outcome\",\"Rule config\",\"Is framework\",Taxonomy\n";

    fn csv(rows: &str) -> String {
        format!("{HEADER},FW,Framework,,1,\"Low,High\",,,,,1,\"a,b\"\n{rows}")
    }

    #[test]
    fn minimal_framework() {
        let imp = import(csv("x,y,Child,,1,,,,,,,\n,x,Root,<b>bold</b>,1,,,,,,,\n").as_bytes()).unwrap();
        assert_eq!(imp.framework.scale.levels, ["none", "Low", "High"]);
        assert_eq!(imp.report.roots, 1);
        assert_eq!(imp.report.max_depth, 2);
        let root = &imp.framework.competences[1];
        assert_eq!((root.category.as_deref(), root.description.as_deref()), (Some("a"), Some("bold")));
        assert_eq!(imp.framework.competences[0].category.as_deref(), Some("b"));
    }

    #[test]
    fn missing_parent_is_a_warning_not_a_loss() {
        let imp = import(csv(",x,Root,,1,,,,,,,\nnope,y,Y,,1,,,,,,,\n").as_bytes()).unwrap();
        let w: Vec<_> = imp.report.warnings_of(WarningKind::ParentNotFound).collect();
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].row, w[0].value.as_str()), (Some(3), "nope"));
        assert_eq!(imp.report.roots, 2);
    }

    #[test]
    fn no_framework_row_is_an_error() {
        let e = import(format!("{HEADER},x,X,,1,,,,,,,\n").as_bytes()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Validation);
        assert!(e.path().contains("Is framework"), "{e}");
    }

    #[test]
    fn scale_config_maps_items_to_levels() {
        let mut r = ImportReport::new(ImportFormat::Moodle, ScaleReport::library_default());
        let s = read_scale(
            1,
            "A,B,C",
            r#"[{"scaleid":"7"},{"id":2,"scaledefault":1,"proficient":1},{"id":3,"scaledefault":0,"proficient":1},{"id":9}]"#,
            "v",
            "c",
            &mut r,
        )
        .unwrap();
        assert_eq!(s.levels, ["none", "A", "B", "C"]);
        assert_eq!(r.scale.moodle_scale_id.as_deref(), Some("7"));
        assert_eq!(r.scale.default_level, Some(2));
        assert_eq!(r.scale.proficient_levels, [2, 3]);
        assert_eq!(r.warnings_of(WarningKind::Scale).count(), 1);
    }

    #[test]
    fn scale_starting_with_none_keeps_its_zero() {
        let mut r = ImportReport::new(ImportFormat::Moodle, ScaleReport::library_default());
        let s = read_scale(1, "None, Some ,Lots", "", "v", "c", &mut r).unwrap();
        assert_eq!(s.levels, ["None", "Some", "Lots"]);
        assert!(!r.scale.zero_level_prepended);
    }

    #[test]
    fn huge_scale_is_limit_exceeded() {
        let mut r = ImportReport::new(ImportFormat::Moodle, ScaleReport::library_default());
        let values = vec!["x"; 300].join(",");
        let e = read_scale(1, &values, "", "v", "c", &mut r).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    }
}
