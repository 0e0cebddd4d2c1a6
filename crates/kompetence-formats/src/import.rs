//! What every importer returns ([`Import`], [`ImportReport`]) and the machinery they share:
//! reading a CSV table with row-numbered errors, matching headers, building and checking the
//! competence tree, and turning HTML descriptions into plain text.
//!
//! The report exists so that no data is dropped silently: whatever an importer cannot put into
//! the [`Framework`] (a parent outside the file, a cross reference, a truncated name, a Moodle
//! rule) is either kept in a report field or named in a [`ImportWarning`].

use std::collections::BTreeMap;
use std::io::Read;

use kompetence_core::error::json_string;
use kompetence_core::model::{Competence, Framework, Level, Scale};
use kompetence_core::{Error, ErrorKind, Problem};
use serde::Serialize;

/// The result of an import: the framework and what happened on the way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Import {
    /// The competence tree and its proficiency scale.
    pub framework: Framework,
    /// Figures, kept side data and warnings about the import.
    pub report: ImportReport,
}

/// Which file layout was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// Moodle competency framework CSV (`tool_lpimportcsv`), either header variant.
    Moodle,
    /// ESCO `skillsHierarchy_<lang>.csv`: one row per concept, ancestors repeated in columns.
    EscoHierarchy,
    /// ESCO skill collection (`*SkillsCollection_<lang>.csv`): a flat concept list.
    EscoCollection,
}

/// Figures and side data of one import, serialisable so the CLI can print it as JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// The layout that was detected.
    pub format: ImportFormat,
    /// CSV records read after the header (a record may span several physical lines).
    pub rows_read: usize,
    /// Competences in the resulting framework (for Moodle: every row but the framework row).
    pub competences_created: usize,
    /// Competences without a parent.
    pub roots: usize,
    /// Depth of the deepest competence; a root has depth 1.
    pub max_depth: usize,
    /// Number of competences at depth 1, 2, … (index 0 = roots).
    pub competences_per_depth: Vec<usize>,
    /// Where the scale came from and which levels the source marks as default/proficient.
    pub scale: ScaleReport,
    /// Taxonomy term per depth (index 0 = depth 1), as declared by a Moodle framework row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub taxonomy: Vec<Option<String>>,
    /// The framework's own description (Moodle framework row), as plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework_description: Option<String>,
    /// Moodle "Cross referenced competency id numbers", one entry per reference, in file order.
    pub cross_references: Vec<Link>,
    /// ESCO collections: in-file broader concepts beyond the first, which became the parent.
    pub additional_parents: Vec<Link>,
    /// ESCO collections: alternative labels per competence id.
    pub alt_labels: BTreeMap<String, Vec<String>>,
    /// Total number of alternative labels.
    pub alt_labels_count: usize,
    /// Everything that was adjusted, dropped or looked suspicious, in file order.
    pub warnings: Vec<ImportWarning>,
}

impl ImportReport {
    pub(crate) fn new(format: ImportFormat, scale: ScaleReport) -> ImportReport {
        ImportReport {
            format,
            rows_read: 0,
            competences_created: 0,
            roots: 0,
            max_depth: 0,
            competences_per_depth: Vec::new(),
            scale,
            taxonomy: Vec::new(),
            framework_description: None,
            cross_references: Vec::new(),
            additional_parents: Vec::new(),
            alt_labels: BTreeMap::new(),
            alt_labels_count: 0,
            warnings: Vec::new(),
        }
    }

    /// The warnings of one kind (handy for callers that only care about, say, lost parents).
    pub fn warnings_of(&self, kind: WarningKind) -> impl Iterator<Item = &ImportWarning> {
        self.warnings.iter().filter(move |w| w.kind == kind)
    }

    pub(crate) fn warn(
        &mut self,
        kind: WarningKind,
        row: Option<usize>,
        column: Option<&str>,
        value: &str,
        message: impl Into<String>,
    ) {
        self.warnings.push(ImportWarning {
            kind,
            row,
            column: column.map(str::to_owned),
            value: value.to_owned(),
            message: message.into(),
        });
    }
}

/// Where the framework's scale came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleSource {
    /// The source file's own scale (Moodle "Scale values").
    File,
    /// The library's default 0–5 scale ([`default_scale`]), because the source has none.
    Default,
}

/// The scale as imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScaleReport {
    /// File or library default.
    pub source: ScaleSource,
    /// True when a level 0 "none" was put in front of the source's values, so that level 0
    /// keeps meaning "none" as everywhere else in the library; source value *k* (1-based) is
    /// then level *k*.
    pub zero_level_prepended: bool,
    /// Moodle's scale id from "Scale configuration".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moodle_scale_id: Option<String>,
    /// The level Moodle gives by default ("scaledefault": 1), on the imported scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_level: Option<Level>,
    /// The levels Moodle counts as proficient ("proficient": 1), on the imported scale.
    pub proficient_levels: Vec<Level>,
}

impl ScaleReport {
    pub(crate) fn library_default() -> ScaleReport {
        ScaleReport {
            source: ScaleSource::Default,
            zero_level_prepended: false,
            moodle_scale_id: None,
            default_level: None,
            proficient_levels: Vec::new(),
        }
    }
}

/// A directed reference between two competence ids found in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The competence whose row holds the reference.
    pub from: String,
    /// The referenced competence (or, for an unresolved one, the id as written).
    pub to: String,
    /// The row (1-based record number after the header) holding the reference.
    pub row: usize,
}

/// What a warning is about, so callers can count or filter them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A parent id that is not in the file; the competence became a root.
    ParentNotFound,
    /// An ESCO broader concept outside the file; the link was dropped.
    ExternalParent,
    /// An ESCO concept that appears only as another row's ancestor and was created from it.
    AncestorOnly,
    /// A name that ends exactly at Moodle's 100-character limit and is probably cut off.
    TruncatedName,
    /// An empty name; the id is used instead.
    MissingName,
    /// A cross reference to an id that is not in the file.
    CrossReferenceNotFound,
    /// A column this importer does not know, or a repeated one; it was ignored.
    IgnoredColumn,
    /// A field whose content the framework cannot hold (e.g. a Moodle competency rule or a
    /// per-competence scale); it was not imported.
    IgnoredField,
    /// The scale or its configuration was empty or malformed; see the message.
    Scale,
}

/// One thing the importer adjusted or could not carry over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportWarning {
    /// What kind of warning.
    pub kind: WarningKind,
    /// Row (1-based record number after the header), when tied to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Column header, when tied to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The value concerned.
    pub value: String,
    /// What happened.
    pub message: String,
}

/// The library's default proficiency scale, used when a source (ESCO) has none:
/// 0 none, 1 basic, 2 independent, 3 competent, 4 proficient, 5 expert.
pub fn default_scale() -> Scale {
    Scale {
        levels: ["none", "basic", "independent", "competent", "proficient", "expert"]
            .map(String::from)
            .to_vec(),
    }
}

/// A parsed CSV table: the header and the records, every record as long as the header.
pub(crate) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<csv::StringRecord>,
}

/// Path of a field, as used in every importer error: `row 17, column "Parent id number"`.
pub(crate) fn field_path(row: usize, column: &str) -> String {
    format!("row {row}, column {}", json_string(column))
}

/// Reads all records with the `csv` crate. Records of the wrong length are an error (a short
/// row would otherwise shift or lose fields), as is a file without a header.
///
/// The delimiter is taken from the header line ([`sniff_delimiter`]): Moodle and ESCO write
/// commas, but the same file saved by Excel in a Danish locale has semicolons, and some exports
/// use tabs. Reading such a file with commas would fail with a confusing field count.
pub(crate) fn read_table(mut reader: impl Read) -> Result<Table, Error> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| {
        Error::new(ErrorKind::Parse, Problem::new("header", "null", format!("cannot read the file: {e}")))
    })?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&bytes))
        .from_reader(&bytes[..]);
    let mut records = rdr.records();
    let header: Vec<String> = match records.next() {
        None => {
            return Err(Error::new(
                ErrorKind::Parse,
                Problem::new("header", "\"\"", "the file is empty: no header row"),
            ));
        }
        Some(Err(e)) => return Err(csv_error("header", &e)),
        Some(Ok(h)) => h.iter().map(str::to_owned).collect(),
    };
    let mut rows = Vec::new();
    for (i, rec) in records.enumerate() {
        let row = i + 1;
        let rec = rec.map_err(|e| csv_error(&format!("row {row}"), &e))?;
        if rec.len() != header.len() {
            return Err(Error::new(
                ErrorKind::Parse,
                Problem::new(
                    format!("row {row}"),
                    rec.len().to_string(),
                    format!("row {row} has {} fields but the header has {}", rec.len(), header.len()),
                ),
            ));
        }
        rows.push(rec);
    }
    Ok(Table { header, rows })
}

/// The field delimiter of a CSV text: whichever of `,`, `;` and tab occurs most often outside
/// quotes in its first record (the header, whose names hold none of them); a comma on a tie or
/// when there is none (a one-column file).
pub(crate) fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut tabs) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

fn csv_error(path: &str, e: &csv::Error) -> Error {
    let line = e.position().map(|p| format!(" (line {})", p.line())).unwrap_or_default();
    Error::new(ErrorKind::Parse, Problem::new(path, "null", format!("unreadable CSV{line}: {e}")))
}

/// Header matching ignores case, surrounding space, a byte-order mark and Moodle's
/// "(optional)" suffix, so both Moodle export generations map to the same names.
pub(crate) fn normalise_header(h: &str) -> String {
    let h = h.trim_start_matches('\u{feff}').trim().to_lowercase();
    let h = h.strip_suffix("(optional)").unwrap_or(&h);
    h.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Column positions by normalised header name.
pub(crate) struct Columns {
    map: BTreeMap<String, usize>,
    header: Vec<String>,
}

impl Columns {
    /// Maps the header; `known` are the normalised names the importer reads; any other column
    /// (or a repeated one) is reported as ignored.
    pub fn new(header: &[String], known: &[&str], report: &mut ImportReport) -> Columns {
        let mut map = BTreeMap::new();
        for (i, h) in header.iter().enumerate() {
            let n = normalise_header(h);
            if !known.contains(&n.as_str()) {
                report.warn(WarningKind::IgnoredColumn, None, Some(h), h, "unknown column ignored");
            } else {
                match map.entry(n) {
                    std::collections::btree_map::Entry::Occupied(_) => {
                        report.warn(WarningKind::IgnoredColumn, None, Some(h), h, "repeated column ignored")
                    }
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(i);
                    }
                }
            }
        }
        Columns { map, header: header.to_vec() }
    }

    /// Whether the header has every one of `names` (normalised).
    pub fn has_all(header: &[String], names: &[&str]) -> bool {
        let norm: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
        names.iter().all(|n| norm.iter().any(|h| h == n))
    }

    /// Errors naming every missing required column (`display` names as documented).
    pub fn require(&self, required: &[(&str, &str)]) -> Result<(), Error> {
        let missing: Vec<&str> =
            required.iter().filter(|(n, _)| !self.map.contains_key(*n)).map(|(_, d)| *d).collect();
        match missing.first() {
            None => Ok(()),
            Some(first) => Err(Error::new(
                ErrorKind::Parse,
                Problem::new(
                    format!("header, column {}", json_string(first)),
                    json_string(&self.header.join(",")),
                    format!("required column(s) missing: {}", missing.join(", ")),
                ),
            )),
        }
    }

    /// The index of a column, if present.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.map.get(name).copied()
    }

    /// The field of a record, `""` when the column is absent.
    pub fn get<'r>(&self, rec: &'r csv::StringRecord, name: &str) -> &'r str {
        self.index(name).and_then(|i| rec.get(i)).unwrap_or("")
    }

    /// The column's header as written in the file (for paths and warnings).
    pub fn header_of(&self, name: &str) -> String {
        self.index(name).and_then(|i| self.header.get(i)).cloned().unwrap_or_else(|| name.to_owned())
    }
}

/// A competence with the row it came from (0 for one synthesised from ancestor columns).
pub(crate) struct Entry {
    pub competence: Competence,
    pub row: usize,
    /// Id and parent columns of this entry when they differ per row (the ESCO hierarchy's
    /// level columns); `None` uses the columns given to [`build_tree`].
    pub columns: Option<(String, String)>,
}

impl Entry {
    fn id_column<'a>(&'a self, default: &'a str) -> &'a str {
        self.columns.as_ref().map(|c| c.0.as_str()).unwrap_or(default)
    }

    fn parent_column<'a>(&'a self, default: &'a str) -> &'a str {
        self.columns.as_ref().map(|c| c.1.as_str()).unwrap_or(default)
    }
}

/// Checks the tree and fills the report's shape figures. Duplicate ids and parent cycles are
/// validation errors (all of them are listed); a parent that is not in the file is a warning
/// and the competence becomes a root. Returns each entry's depth (root = 1).
///
/// Works iteratively, so a deep or adversarial chain cannot overflow the stack.
pub(crate) fn build_tree(
    entries: &mut [Entry],
    id_column: &str,
    parent_column: &str,
    report: &mut ImportReport,
) -> Result<Vec<usize>, Error> {
    let mut problems = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        let id = &e.competence.id;
        if let Some(&first) = index.get(id) {
            problems.push(Problem::new(
                field_path(e.row, e.id_column(id_column)),
                json_string(id),
                format!("duplicate id {id:?} (first used in row {})", entries[first].row),
            ));
        } else {
            index.insert(id.clone(), i);
        }
    }
    if !problems.is_empty() {
        return Err(Error::validation(problems));
    }
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    for e in entries.iter_mut() {
        let p = match e.competence.parent.as_deref() {
            None => None,
            Some(p) => match index.get(p) {
                Some(&pi) => Some(pi),
                None => {
                    report.warn(
                        WarningKind::ParentNotFound,
                        Some(e.row),
                        Some(e.parent_column(parent_column)),
                        p,
                        format!(
                            "parent {p:?} of {:?} is not in the file; imported as a root",
                            e.competence.id
                        ),
                    );
                    e.competence.parent = None;
                    None
                }
            },
        };
        parent.push(p);
    }
    let n = entries.len();
    let mut depth = vec![0usize; n];
    // 0 = not visited, 1 = on the current walk, 2 = depth known (or part of a reported cycle).
    let mut state = vec![0u8; n];
    for start in 0..n {
        if state[start] == 2 {
            continue;
        }
        let mut path: Vec<usize> = Vec::new();
        let mut cur = Some(start);
        let mut base = 0;
        while let Some(c) = cur {
            match state[c] {
                2 => {
                    base = depth[c];
                    break;
                }
                1 => {
                    let from = path.iter().position(|&x| x == c).unwrap_or(0);
                    let cycle: Vec<&str> =
                        path[from..].iter().map(|&x| entries[x].competence.id.as_str()).collect();
                    let shown = format!("{} -> {}", cycle.join(" -> "), entries[c].competence.id);
                    for &x in &path[from..] {
                        let e = &entries[x];
                        problems.push(Problem::new(
                            field_path(e.row, e.parent_column(parent_column)),
                            json_string(e.competence.parent.as_deref().unwrap_or("")),
                            format!("parent cycle: {shown}"),
                        ));
                    }
                    break;
                }
                _ => {
                    state[c] = 1;
                    path.push(c);
                    cur = parent[c];
                }
            }
        }
        let mut d = base;
        for &x in path.iter().rev() {
            d += 1;
            depth[x] = d;
            state[x] = 2;
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        problems.dedup();
        return Err(Error::validation(problems));
    }
    report.competences_created = n;
    report.roots = parent.iter().filter(|p| p.is_none()).count();
    report.max_depth = depth.iter().copied().max().unwrap_or(0);
    report.competences_per_depth = vec![0; report.max_depth];
    for &d in &depth {
        if let Some(slot) = d.checked_sub(1).and_then(|i| report.competences_per_depth.get_mut(i)) {
            *slot += 1;
        }
    }
    Ok(depth)
}

/// Turns an HTML fragment into plain text: tags are removed (block tags such as `<p>` and
/// `<br>` become line breaks), the common entities are decoded, CRLF becomes LF, and each line
/// is trimmed with empty lines dropped. Not a full HTML parser — Moodle descriptions are simple
/// fragments, and the goal is readable text, not a faithful rendering.
pub fn html_to_text(html: &str) -> String {
    const BLOCK: &[&str] =
        &["br", "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr"];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = rest.find(['<', '&']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(after) = tail.strip_prefix('<') {
            match after.find('>') {
                Some(end) => {
                    let name: String = after[..end]
                        .trim_start_matches('/')
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if BLOCK.contains(&name.as_str()) {
                        out.push('\n');
                    }
                    rest = &after[end + 1..];
                }
                None => {
                    out.push('<');
                    rest = after;
                }
            }
        } else {
            match decode_entity(tail) {
                Some((c, len)) => {
                    out.push(c);
                    rest = &tail[len..];
                }
                None => {
                    out.push('&');
                    rest = &tail[1..];
                }
            }
        }
    }
    out.push_str(rest);
    tidy_lines(&out)
}

/// Normalises line ends to LF, trims every line and drops empty ones.
pub(crate) fn tidy_lines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes an entity at the start of `s` (which starts with `&`): the character and the
/// entity's length in bytes.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i)?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "#39" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "bull" => '•',
        "hellip" => '…',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// The last path segment of a URI (`…/skill/S1.0.0` → `S1.0.0`), used as a readable id.
pub(crate) fn uri_id(uri: &str) -> &str {
    let u = uri.trim().trim_end_matches('/');
    u.rsplit(['/', '#']).next().unwrap_or(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_stripped_and_entities_decoded() {
        let t = html_to_text(
            "<p>A &amp; B&nbsp;&lt;x&gt;\r\nnext</p><p>&#8226; one <br>&#x2022; two</p>&bogus; &",
        );
        assert_eq!(t, "A & B <x>\nnext\n• one\n• two\n&bogus; &");
    }

    #[test]
    fn unclosed_tag_and_multibyte_text_do_not_panic() {
        assert_eq!(html_to_text("a < b ’&’"), "a < b ’&’");
        assert_eq!(html_to_text("&ééééééééééééé;"), "&ééééééééééééé;");
    }

    #[test]
    fn headers_match_across_moodle_variants() {
        assert_eq!(normalise_header("Rule type (optional)"), "rule type");
        assert_eq!(normalise_header("\u{feff}Parent ID number"), "parent id number");
    }

    #[test]
    fn uri_ids() {
        assert_eq!(uri_id("http://data.europa.eu/esco/skill/S1.0.0"), "S1.0.0");
        assert_eq!(uri_id("http://data.europa.eu/esco/isced-f/00/"), "00");
    }
}
