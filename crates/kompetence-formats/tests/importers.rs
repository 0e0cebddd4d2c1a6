//! Importers on the real shared fixture files (figures from `shared/data/SOURCES.md`) and on
//! small malformed inline CSVs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use kompetence_core::ErrorKind;
use kompetence_core::model::Framework;
use kompetence_formats::import::{ImportFormat, ScaleSource, WarningKind, default_scale};
use kompetence_formats::{esco, moodle};
use proptest::prelude::*;

/// The shared data directory, or `None` (after saying so) when it is absent and not required.
fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("KOMPETENCE_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")));
    if dir.join("SOURCES.md").is_file() {
        return Some(dir);
    }
    if std::env::var("KOMPETENCE_REQUIRE_SHARED_DATA").as_deref() == Ok("1") {
        panic!("shared data not found at {} and KOMPETENCE_REQUIRE_SHARED_DATA=1", dir.display());
    }
    eprintln!("skipped: shared data not found at {}", dir.display());
    None
}

fn open(rel: &str) -> Option<std::fs::File> {
    let dir = data_dir()?;
    Some(std::fs::File::open(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

/// The organisation rules for a framework: unique non-empty ids, parents exist, no cycles.
/// Returns each competence's depth (root = 1), computed independently of the importer.
fn check_tree(fw: &Framework) -> BTreeMap<String, usize> {
    let mut parent = BTreeMap::new();
    for c in &fw.competences {
        assert!(!c.id.is_empty(), "empty id");
        assert!(parent.insert(c.id.clone(), c.parent.clone()).is_none(), "duplicate id {}", c.id);
    }
    let mut depth = BTreeMap::new();
    for c in &fw.competences {
        let mut d = 1;
        let mut cur = c.parent.clone();
        while let Some(p) = cur {
            let up = parent.get(&p).unwrap_or_else(|| panic!("{}: parent {p} missing", c.id));
            d += 1;
            assert!(d <= fw.competences.len(), "cycle through {}", c.id);
            cur = up.clone();
        }
        depth.insert(c.id.clone(), d);
    }
    depth
}

fn per_depth(depths: &BTreeMap<String, usize>) -> Vec<usize> {
    let max = depths.values().copied().max().unwrap_or(0);
    (1..=max).map(|d| depths.values().filter(|&&x| x == d).count()).collect()
}

#[test]
fn moodle_oecd_core_framework() {
    let Some(file) = open("moodle/oecd-core-framework.csv") else { return };
    let imp = moodle::import(file).expect("imports");
    let (fw, r) = (&imp.framework, &imp.report);
    assert_eq!(r.format, ImportFormat::Moodle);
    assert_eq!((r.rows_read, r.competences_created, fw.competences.len()), (65, 64, 64));
    assert_eq!((fw.id.as_str(), fw.name.as_str()), ("OECD-CORE", "OECD"));

    // Scale: Moodle's two items after a prepended "none"; item 2 is default and proficient.
    assert_eq!(fw.scale.levels, ["none", "Not yet competent", "Competent"]);
    assert_eq!(r.scale.source, ScaleSource::File);
    assert!(r.scale.zero_level_prepended);
    assert_eq!(r.scale.moodle_scale_id.as_deref(), Some("2"));
    assert_eq!(r.scale.default_level, Some(2));
    assert_eq!(r.scale.proficient_levels, [2]);

    // Hierarchy: two roots ("levels", "competencies"), four levels deep, every parent resolved.
    let depths = check_tree(fw);
    assert_eq!(r.roots, 2);
    let roots: BTreeSet<&str> =
        fw.competences.iter().filter(|c| c.parent.is_none()).map(|c| c.id.as_str()).collect();
    assert_eq!(roots, BTreeSet::from(["levels", "competencies"]));
    assert_eq!(r.max_depth, 4);
    assert_eq!(r.competences_per_depth, [2, 8, 15, 39]);
    assert_eq!(per_depth(&depths), r.competences_per_depth);
    assert_eq!(r.warnings_of(WarningKind::ParentNotFound).count(), 0);

    // Taxonomy: "competency" at every depth.
    assert_eq!(r.taxonomy, vec![Some("competency".to_owned()); 4]);
    assert!(fw.competences.iter().all(|c| c.category.as_deref() == Some("competency")));

    // Multi-line quoted HTML with CRLF inside: intact, as plain text.
    let fd = r.framework_description.as_deref().expect("framework description kept");
    assert!(fd.starts_with("The Core Competencies summarise"), "{fd}");
    assert!(fd.contains("collectively contribute to the OECD’s overall success"));
    assert!(fd.contains("• The interpersonal competencies\n• The strategic competencies"), "{fd}");
    let described: Vec<&str> = fw.competences.iter().filter_map(|c| c.description.as_deref()).collect();
    assert!(described.len() >= 50, "{}", described.len());
    for d in described.iter().chain([&fd]) {
        assert!(!d.contains('\r') && !d.contains('<') && !d.contains('>'), "{d:?}");
    }
    let level5 = fw.competences.iter().find(|c| c.id == "level-5").unwrap();
    assert_eq!(
        level5.description.as_deref(),
        Some(
            "Level 5 is typically associated with jobs such as Heads of Division, Counsellors, Deputy \
             Directors and\nDirectors."
        )
    );

    // Cross references: level-1 lists 39 ids, and each of them points back.
    let from_level1: Vec<&str> =
        r.cross_references.iter().filter(|l| l.from == "level-1").map(|l| l.to.as_str()).collect();
    assert_eq!(from_level1.len(), 39);
    assert_eq!(r.cross_references.len(), 78);
    for to in &from_level1 {
        assert!(r.cross_references.iter().any(|l| l.from == *to && l.to == "level-1"), "{to} → level-1");
    }
    assert_eq!(r.warnings_of(WarningKind::CrossReferenceNotFound).count(), 0);

    // Source quirks kept as they are.
    assert!(fw.competences.iter().any(|c| c.id == "DR-AT1"));
    assert!(fw.competences.iter().any(|c| c.parent.as_deref() == Some("acheivement-focus")));
    let truncated: Vec<_> = r.warnings_of(WarningKind::TruncatedName).collect();
    assert_eq!(truncated.len(), 7);
    assert!(truncated.iter().all(|w| (99..=100).contains(&w.value.chars().count())));
    assert_eq!(r.warnings.len(), 7, "{:#?}", r.warnings);

    // The report serialises for the CLI.
    let json = serde_json::to_value(r).unwrap();
    assert_eq!(json["format"], "moodle");
    assert_eq!(json["cross_references"].as_array().unwrap().len(), 78);
}

#[test]
fn moodle_pharmacy_framework_older_header_forward_references() {
    let Some(file) = open("moodle/pharmacy-competency-framework.csv") else { return };
    let imp = moodle::import(file).expect("imports");
    let (fw, r) = (&imp.framework, &imp.report);
    assert_eq!((r.rows_read, r.competences_created), (210, 209));
    assert_eq!((fw.id.as_str(), fw.name.as_str()), ("Pharmacy", "Pharmacy"));
    let depths = check_tree(fw);
    assert_eq!(r.roots, 6);
    assert_eq!(r.competences_per_depth, [6, 25, 178]);
    assert_eq!(per_depth(&depths), [6, 25, 178]);
    assert_eq!(r.max_depth, 3);

    // Forward reference: 1.2 comes before its parent 1 and is still resolved.
    let pos = |id: &str| fw.competences.iter().position(|c| c.id == id).unwrap();
    assert!(pos("1.2") < pos("1"));
    assert_eq!(fw.competences[pos("1.2")].parent.as_deref(), Some("1"));
    assert_eq!(r.warnings_of(WarningKind::ParentNotFound).count(), 0);

    // JSON taxonomy by depth.
    let tax: Vec<Option<&str>> = r.taxonomy.iter().map(|t| t.as_deref()).collect();
    assert_eq!(
        tax,
        [
            Some("domain"),
            Some("competency"),
            Some("behaviour"),
            Some("competency"),
            Some("competency"),
            Some("competency")
        ]
    );
    let mut cats: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &fw.competences {
        *cats.entry(c.category.as_deref().unwrap()).or_default() += 1;
    }
    assert_eq!(cats, BTreeMap::from([("domain", 6), ("competency", 25), ("behaviour", 178)]));

    assert_eq!(
        fw.scale.levels,
        ["none", "Mostly separate knowing", "Separate and connected", "Mostly connected knowing"]
    );
    assert_eq!(r.scale.moodle_scale_id.as_deref(), Some("1"));
    assert_eq!((r.scale.default_level, r.scale.proficient_levels.as_slice()), (Some(2), &[2][..]));
    assert!(fw.competences.iter().any(|c| c.name == "Oranisation and management skills"));
    assert!(r.cross_references.is_empty());
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
}

#[test]
fn esco_skills_hierarchy() {
    let Some(file) = open("esco/skillsHierarchy_en.csv") else { return };
    let imp = esco::import(file, "esco-skills").expect("imports");
    let (fw, r) = (&imp.framework, &imp.report);
    assert_eq!(r.format, ImportFormat::EscoHierarchy);
    assert_eq!((r.rows_read, r.competences_created), (656, 656));
    let depths = check_tree(fw);
    assert_eq!(r.competences_per_depth, [4, 24, 153, 475]);
    assert_eq!(per_depth(&depths), [4, 24, 153, 475]);
    assert_eq!((r.roots, r.max_depth), (4, 4));
    let roots: BTreeSet<&str> =
        fw.competences.iter().filter(|c| c.parent.is_none()).map(|c| c.name.as_str()).collect();
    assert_eq!(
        roots,
        BTreeSet::from(["skills", "knowledge", "language skills and knowledge", "attitudes and values"])
    );
    assert!(r.warnings.is_empty(), "{:#?}", r.warnings);
    // Ids from the URI's last segment; every concept keeps its URI.
    for c in &fw.competences {
        let uri = c.esco_uri.as_deref().expect("esco_uri");
        assert!(uri.starts_with("http://data.europa.eu/esco/") && uri.ends_with(&format!("/{}", c.id)));
    }
    let s1 = fw.competences.iter().find(|c| c.id == "S1").unwrap();
    assert_eq!(
        (s1.name.as_str(), s1.parent.as_deref()),
        ("communication, collaboration and creativity", Some("S"))
    );
    assert_eq!(s1.category.as_deref(), Some("skills"));
    // Multi-line description and scope note, CRLF normalised.
    let d = s1.description.as_deref().unwrap();
    assert!(d.starts_with("Communicating, collaborating, liaising"));
    assert!(d.ends_with("Scope note: Excludes:\n- Communication or interaction with animals"), "{d}");
    assert!(fw.competences.iter().all(|c| !c.description.as_deref().unwrap_or("").contains('\r')));
    assert_eq!(fw.scale, default_scale());
    assert_eq!(r.scale.source, ScaleSource::Default);
}

#[test]
fn esco_transversal_collection() {
    let Some(file) = open("esco/transversalSkillsCollection_en.csv") else { return };
    let imp = esco::import(file, "esco-transversal").expect("imports");
    let (fw, r) = (&imp.framework, &imp.report);
    assert_eq!(r.format, ImportFormat::EscoCollection);
    assert_eq!((r.rows_read, r.competences_created), (107, 107));
    check_tree(fw);
    // 22 concepts have their (single) in-file broader concept as parent; the rest are roots.
    assert_eq!(fw.competences.iter().filter(|c| c.parent.is_some()).count(), 22);
    assert_eq!(r.roots, 85);
    assert!(r.additional_parents.is_empty());
    // The 193 references to the 75 broader concepts outside the file are each reported.
    let ext: Vec<_> = r.warnings_of(WarningKind::ExternalParent).collect();
    assert_eq!(ext.len(), 193);
    assert_eq!(ext.iter().map(|w| w.value.as_str()).collect::<BTreeSet<_>>().len(), 75);
    assert_eq!(r.warnings.len(), 193);
    assert_eq!(r.alt_labels_count, 768);
    assert_eq!(r.alt_labels.values().map(Vec::len).sum::<usize>(), 768);
    let knowledge = fw.competences.iter().filter(|c| c.category.as_deref() == Some("knowledge")).count();
    assert_eq!(knowledge, 2);
    assert!(fw.competences.iter().all(|c| c.esco_uri.is_some()));
}

#[test]
fn esco_ict_collection() {
    let Some(file) = open("esco/ictSkillsCollection_en.csv") else { return };
    let imp = esco::import(file, "esco-ict").expect("imports");
    let (fw, r) = (&imp.framework, &imp.report);
    assert_eq!((r.rows_read, r.competences_created), (21, 21));
    check_tree(fw);
    assert_eq!((r.roots, r.max_depth), (21, 1));
    let ext: Vec<_> = r.warnings_of(WarningKind::ExternalParent).collect();
    assert_eq!(ext.len(), 42);
    assert_eq!(ext.iter().map(|w| w.value.as_str()).collect::<BTreeSet<_>>().len(), 20);
    assert_eq!(r.alt_labels_count, 53);
    let solve = fw.competences.iter().find(|c| c.id == "14832d87-2f2f-4895-b290-e4760ebae42a").unwrap();
    assert_eq!(solve.name, "solve technical problems");
    assert_eq!(solve.category.as_deref(), Some("skill/competence"));
    assert!(
        ext.iter().any(|w| w.row == Some(1) && w.value == "http://data.europa.eu/esco/skill/S5.2.3"),
        "dropped parent named with its row"
    );
}

// ---- malformed input -------------------------------------------------------------------------

const MOODLE_HEADER: &str = "\"Parent id number\",\"Id number\",Shortname,Description,\"Description format\",\
\"Scale values\",\"Scale configuration\",\"Rule type (optional)\",\"Rule outcome (optional)\",\
\"Rule config (optional)\",\"Cross referenced competency id numbers\",\"Exported id (optional)\",\"Is framework\",Taxonomy\n";
const FW_ROW: &str = ",FW,Framework,,1,\"A,B\",,,,,,,1,\"x,y,z\"\n";

fn moodle_csv(rows: &str) -> String {
    format!("{MOODLE_HEADER}{FW_ROW}{rows}")
}

#[test]
fn moodle_missing_required_column_is_named() {
    let csv = "\"Parent id number\",Shortname,\"Is framework\"\n,FW,1\n";
    let e = moodle::import(csv.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert_eq!(e.path(), "header, column \"Id number\"");
}

/// A CSV saved by Excel in a Danish (or any comma-decimal) locale: semicolons between fields,
/// a byte-order mark, CRLF. It is the same framework as the comma file; quoted fields keep
/// their commas and semicolons.
#[test]
fn moodle_semicolon_csv_from_excel_reads_like_the_comma_file() {
    let comma = moodle_csv(",a,\"A; with, both\",,1,,,,,,,,,\na,b,B,,1,,,,,,,,,\n");
    let mut semicolon = b"\xef\xbb\xbf".to_vec();
    {
        let mut out = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut semicolon);
        for rec in csv::ReaderBuilder::new().has_headers(false).from_reader(comma.as_bytes()).records() {
            out.write_record(&rec.unwrap()).unwrap();
        }
    }
    let from_comma = moodle::import(comma.as_bytes()).unwrap();
    let from_semicolon = moodle::import(&semicolon[..]).unwrap();
    assert_eq!(from_semicolon.framework, from_comma.framework);
    assert_eq!(from_semicolon.report, from_comma.report);
    assert_eq!(from_semicolon.framework.competences[0].name, "A; with, both");
    // A tab-separated export too.
    let tabs =
        String::from_utf8(semicolon[3..].to_vec()).unwrap().replace(';', "\t").replace("A\t with", "A; with");
    assert_eq!(moodle::import(tabs.as_bytes()).unwrap().framework, from_comma.framework);
}

#[test]
fn moodle_parent_cycle_is_an_error() {
    let csv = moodle_csv("c,a,A,,1,,,,,,,,,\na,b,B,,1,,,,,,,,,\nb,c,C,,1,,,,,,,,,\n,d,D,,1,,,,,,,,,\n");
    let e = moodle::import(csv.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.problems().len(), 3, "{e}");
    assert_eq!(e.path(), "row 2, column \"Parent id number\"");
    assert!(e.problems()[0].message.contains("parent cycle"), "{e}");
    let self_parent = moodle_csv("a,a,A,,1,,,,,,,,,\n");
    assert_eq!(moodle::import(self_parent.as_bytes()).unwrap_err().kind(), ErrorKind::Validation);
}

#[test]
fn moodle_duplicate_id_is_an_error() {
    let csv = moodle_csv(",a,A,,1,,,,,,,,,\n,b,B,,1,,,,,,,,,\n,a,A again,,1,,,,,,,,,\n");
    let e = moodle::import(csv.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.path(), "row 4, column \"Id number\"");
    assert!(e.problems()[0].message.contains("row 2"), "{e}");
}

#[test]
fn moodle_short_row_is_an_error() {
    let csv = moodle_csv(",a,A,,1,,,,,,,,,\n,b,B\n");
    let e = moodle::import(csv.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Parse);
    assert_eq!(e.path(), "row 3");
}

#[test]
fn moodle_unterminated_quote_and_empty_input_are_errors() {
    let csv = moodle_csv(",a,\"never closed,,1,,,,,,,,,\n");
    assert_eq!(moodle::import(csv.as_bytes()).unwrap_err().kind(), ErrorKind::Parse);
    assert_eq!(moodle::import(&b""[..]).unwrap_err().kind(), ErrorKind::Parse);
    assert_eq!(moodle::import(&b"\xff\xfe,\n"[..]).unwrap_err().kind(), ErrorKind::Parse);
}

#[test]
fn moodle_dangling_cross_reference_and_rule_are_warned() {
    let csv = moodle_csv(",a,A,,1,,,completion,1,null,\"b,zz\",,,\n,b,B,,1,,,,,,a,,,\n");
    let imp = moodle::import(csv.as_bytes()).unwrap();
    let r = &imp.report;
    assert_eq!(r.cross_references.len(), 3);
    let missing: Vec<_> = r.warnings_of(WarningKind::CrossReferenceNotFound).collect();
    assert_eq!((missing.len(), missing[0].value.as_str(), missing[0].row), (1, "zz", Some(2)));
    assert_eq!(r.warnings_of(WarningKind::IgnoredField).count(), 1);
}

#[test]
fn esco_unknown_layout_and_missing_column() {
    let e = esco::import(&b"a,b\n1,2\n"[..], "x").unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Parse, "header"));
    let e = esco::import(&b"conceptUri,broaderConceptUri\nhttp://e/a,\n"[..], "x").unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Parse, "header, column \"preferredLabel\""));
}

#[test]
fn esco_collection_cycle_and_duplicate() {
    let h = "conceptUri,preferredLabel,broaderConceptUri\n";
    let cycle = format!("{h}http://e/a,A,http://e/b\nhttp://e/b,B,http://e/a\n");
    assert_eq!(esco::import(cycle.as_bytes(), "x").unwrap_err().kind(), ErrorKind::Validation);
    let dup = format!("{h}http://e/a,A,\nhttp://f/a,A2,\n");
    let e = esco::import(dup.as_bytes(), "x").unwrap_err();
    assert_eq!((e.kind(), e.path()), (ErrorKind::Validation, "row 2, column \"conceptUri\""));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = moodle::import(bytes.as_slice());
        let _ = esco::import(bytes.as_slice(), "x");
    }

    #[test]
    fn random_csv_text_never_panics(body in "[a-c,\"\n\r<>&;{}|:0-9 ]{0,300}") {
        let _ = moodle::import(moodle_csv(&body).as_bytes());
        let h = "conceptUri,preferredLabel,broaderConceptUri,altLabels\n";
        let _ = esco::import(format!("{h}{body}").as_bytes(), "x");
        let h = "Level 0 URI,Level 0 preferred term,Level 1 URI,Level 1 preferred term,Level 2 URI,\
                 Level 2 preferred term,Level 3 URI,Level 3 preferred term,Description,Scope note\n";
        let _ = esco::import(format!("{h}{body}").as_bytes(), "x");
    }
}
