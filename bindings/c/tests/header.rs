//! `include/kompetence.h` is generated from this crate by the pinned cbindgen library and
//! committed. This test regenerates it and fails on any difference, so the header can never
//! drift from the code or from Cargo's version. Bless a change with
//! `KOMPETENCE_BLESS=1 cargo test -p kompetence-ffi --test header`.

use std::path::PathBuf;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn header_path() -> PathBuf {
    crate_dir().join("..").join("..").join("include").join("kompetence.h")
}

/// The version macros, from Cargo's version (cbindgen.toml cannot read it).
fn version_macros() -> String {
    format!(
        "\n/** The version of this header; compare with kompetence_version() at run time. */\n\
         #define KOMPETENCE_VERSION \"{}\"\n\
         #define KOMPETENCE_VERSION_MAJOR {}\n\
         #define KOMPETENCE_VERSION_MINOR {}\n\
         #define KOMPETENCE_VERSION_PATCH {}\n",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
    )
}

fn generate() -> String {
    let mut config = cbindgen::Config::from_file(crate_dir().join("cbindgen.toml"))
        .expect("bindings/c/cbindgen.toml reads");
    config.after_includes = Some(version_macros());
    let mut out = Vec::new();
    cbindgen::Builder::new()
        .with_config(config)
        .with_crate(crate_dir())
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn header_is_up_to_date() {
    let fresh = generate();
    let path = header_path();
    if std::env::var_os("KOMPETENCE_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &fresh).expect("writes include/kompetence.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let first = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "include/kompetence.h is stale (first difference at line {}); regenerate with \
             KOMPETENCE_BLESS=1 cargo test -p kompetence-ffi --test header",
            first + 1
        );
    }
}

/// The value of `#define NAME value` in the committed header.
fn define(header: &str, name: &str) -> Option<String> {
    header.lines().find_map(|l| {
        let rest = l.strip_prefix("#define ")?.strip_prefix(name)?;
        rest.starts_with(' ').then(|| rest.trim().to_string())
    })
}

#[test]
fn version_macros_match_cargo() {
    let header = std::fs::read_to_string(header_path()).expect("include/kompetence.h exists");
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(define(&header, "KOMPETENCE_VERSION"), Some(format!("\"{version}\"")));
    let parts = [
        define(&header, "KOMPETENCE_VERSION_MAJOR").expect("MAJOR"),
        define(&header, "KOMPETENCE_VERSION_MINOR").expect("MINOR"),
        define(&header, "KOMPETENCE_VERSION_PATCH").expect("PATCH"),
    ];
    assert_eq!(parts.join("."), version);
    // `kompetence_version()` is checked against the same Cargo version by the unit test
    // `tests::version_function_matches_cargo`, so this file needs only the sources, not the rlib.
}

#[test]
fn every_exported_function_is_in_the_header() {
    let header = std::fs::read_to_string(header_path()).expect("include/kompetence.h exists");
    let src_dir = crate_dir().join("src");
    let mut exported = Vec::new();
    for entry in std::fs::read_dir(src_dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("pub unsafe extern \"C\" fn ") {
                exported.push(rest.split('(').next().unwrap().to_string());
            } else if let Some(rest) = line.trim_start().strip_prefix("pub extern \"C\" fn ") {
                exported.push(rest.split('(').next().unwrap().to_string());
            }
        }
    }
    assert!(exported.len() >= 17, "found only {exported:?}");
    for name in &exported {
        assert!(header.contains(&format!("{name}(")), "{name} missing from the header");
        assert!(name.starts_with("kompetence_"), "{name} lacks the prefix");
    }
}
