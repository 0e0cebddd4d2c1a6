//! Rust-side tests of the ABI: the panic boundary and NULL handling, calling the `extern "C"`
//! functions directly as a C host would.

use std::ffi::{CStr, c_char};
use std::ptr::{null, null_mut};

use crate::error::Failure;
use crate::ffi::{boundary, engine_json};
use crate::*;

fn text(p: *const c_char) -> String {
    assert!(!p.is_null());
    // SAFETY: every string under test is a NUL-terminated string from this library.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string()
}

/// Code, message, path and problems JSON of an error, freeing it.
fn take(err: *mut kompetence_error) -> (kompetence_result, String, String, serde_json::Value) {
    assert!(!err.is_null(), "an error was expected");
    // SAFETY: `err` is a live error from this library, freed once below.
    unsafe {
        let out = (
            kompetence_error_code(err),
            text(kompetence_error_message(err)),
            text(kompetence_error_path(err)),
            serde_json::from_str(&text(kompetence_error_problems_json(err))).unwrap(),
        );
        kompetence_error_free(err);
        out
    }
}

fn demo() -> *mut kompetence_engine {
    let mut engine = null_mut();
    let mut err = null_mut();
    // SAFETY: valid out-pointers.
    let r = unsafe { kompetence_engine_new_demo(&mut engine, &mut err) };
    assert_eq!(r, KOMPETENCE_RESULT_OK);
    assert!(err.is_null());
    engine
}

#[test]
fn a_panic_becomes_a_result_and_an_error() {
    let mut err = null_mut();
    let r = boundary(&mut err, || panic!("deliberate test panic"));
    assert_eq!(r, KOMPETENCE_RESULT_PANIC);
    let (code, message, path, problems) = take(err);
    assert_eq!(code, KOMPETENCE_RESULT_PANIC);
    assert!(message.contains("deliberate test panic"), "{message}");
    assert_eq!(path, "");
    assert_eq!(problems, serde_json::json!([]));

    // A panic with a formatted (String) payload, and with err NULL.
    let id = 7;
    assert_eq!(boundary(null_mut(), || panic!("panic number {id}")), KOMPETENCE_RESULT_PANIC);
}

#[test]
fn a_panicking_engine_query_writes_no_output() {
    let engine = demo();
    let mut out: *mut c_char = null_mut();
    let mut err = null_mut();
    // The generic query helper every engine entry point uses, with a query that panics.
    // SAFETY: live engine and valid out-pointers.
    let r = unsafe {
        engine_json(engine, &mut out, &mut err, |_| -> Result<(), Failure> { panic!("query panicked") })
    };
    assert_eq!(r, KOMPETENCE_RESULT_PANIC);
    assert!(out.is_null(), "no output on failure");
    assert_eq!(take(err).0, KOMPETENCE_RESULT_PANIC);
    // The engine is still usable afterwards.
    let mut ids = null_mut();
    // SAFETY: live engine and valid out-pointers.
    assert_eq!(unsafe { kompetence_engine_employee_ids(engine, &mut ids, null_mut()) }, KOMPETENCE_RESULT_OK);
    assert!(text(ids).starts_with("[\""));
    // SAFETY: each freed once.
    unsafe {
        kompetence_string_free(ids);
        kompetence_engine_free(engine);
    }
}

#[test]
fn null_arguments_are_reported_by_name() {
    let engine = demo();
    let mut out: *mut c_char = null_mut();
    let mut err = null_mut();
    let id = b"e1";
    // SAFETY (all calls): every non-NULL pointer is valid; NULLs are what is under test.
    unsafe {
        assert_eq!(
            kompetence_engine_needs(null(), id.as_ptr().cast(), 2, &mut out, &mut err),
            KOMPETENCE_RESULT_NULL_ARGUMENT
        );
        assert_eq!(take(err).2, "engine");
        assert_eq!(
            kompetence_engine_needs(engine, null(), 2, &mut out, &mut err),
            KOMPETENCE_RESULT_NULL_ARGUMENT
        );
        assert_eq!(take(err).2, "employee_id");
        assert_eq!(
            kompetence_engine_needs(engine, id.as_ptr().cast(), 2, null_mut(), &mut err),
            KOMPETENCE_RESULT_NULL_ARGUMENT
        );
        let (_, message, path, problems) = take(err);
        assert_eq!(path, "out_json");
        assert_eq!(message, "out_json: must not be NULL");
        assert_eq!(
            problems,
            serde_json::json!([{"document": null, "path": "out_json", "value": "", "message": "must not be NULL"}])
        );
        // err may be NULL: the code still comes back.
        assert_eq!(
            kompetence_engine_needs_by_unit(null(), &mut out, null_mut()),
            KOMPETENCE_RESULT_NULL_ARGUMENT
        );
        assert_eq!(
            kompetence_engine_needs_by_goal(engine, null_mut(), null_mut()),
            KOMPETENCE_RESULT_NULL_ARGUMENT
        );
        assert_eq!(kompetence_schema(null(), &mut out, &mut err), KOMPETENCE_RESULT_NULL_ARGUMENT);
        assert_eq!(take(err).2, "document_kind");
        assert_eq!(
            kompetence_validate(null(), 0, null(), &mut out, &mut err),
            KOMPETENCE_RESULT_NULL_ARGUMENT
        );
        assert_eq!(take(err).2, "document");
        let doc = b"{}";
        assert_eq!(
            kompetence_engine_new(
                doc.as_ptr(),
                2,
                null(),
                0,
                doc.as_ptr(),
                2,
                null(),
                0,
                null_mut(),
                &mut err
            ),
            KOMPETENCE_RESULT_NULL_ARGUMENT
        );
        assert_eq!(take(err).2, "catalog");
        assert_eq!(kompetence_engine_new_demo(null_mut(), &mut err), KOMPETENCE_RESULT_NULL_ARGUMENT);
        assert_eq!(take(err).2, "out");
        assert!(out.is_null(), "no output was written by a failed call");

        // Freeing NULL does nothing; accessors on NULL are defined.
        kompetence_engine_free(null_mut());
        kompetence_error_free(null_mut());
        kompetence_string_free(null_mut());
        assert_eq!(kompetence_error_code(null()), KOMPETENCE_RESULT_OK);
        assert!(kompetence_error_message(null()).is_null());
        assert!(kompetence_error_path(null()).is_null());
        assert!(kompetence_error_problems_json(null()).is_null());
        kompetence_engine_free(engine);
    }
}

#[test]
fn core_errors_keep_their_kind_path_and_problems() {
    let engine = demo();
    let mut out: *mut c_char = null_mut();
    let mut err = null_mut();
    let id = b"nobody";
    // SAFETY: valid pointers.
    let r = unsafe { kompetence_engine_needs(engine, id.as_ptr().cast(), id.len(), &mut out, &mut err) };
    assert_eq!(r, KOMPETENCE_RESULT_NOT_FOUND);
    let (code, message, path, problems) = take(err);
    assert_eq!(code, KOMPETENCE_RESULT_NOT_FOUND);
    assert_eq!(path, "employee");
    assert!(message.starts_with("not_found error"), "{message}");
    assert_eq!(problems[0]["value"], "\"nobody\"");

    // Invalid UTF-8 reports where it starts.
    let bad = [b'{', 0xff];
    // SAFETY: valid pointers.
    let r = unsafe { kompetence_validate(bad.as_ptr(), bad.len(), null(), &mut out, &mut err) };
    assert_eq!(r, KOMPETENCE_RESULT_INVALID_UTF8);
    assert!(take(err).1.contains("offset 1"));
    assert!(out.is_null());
    // SAFETY: freed once.
    unsafe { kompetence_engine_free(engine) };
}

#[test]
fn interior_nul_in_a_message_does_not_cut_it_off() {
    let s = crate::error::c_string("a\0b");
    assert_eq!(s.to_str().unwrap(), "a\u{FFFD}b");
}

#[test]
fn version_function_matches_cargo() {
    assert_eq!(text(kompetence_version()), env!("CARGO_PKG_VERSION"));
    // Static: the same pointer every time, so callers never free it.
    assert_eq!(kompetence_version(), kompetence_version());
}

#[test]
fn oversized_documents_are_refused_before_they_are_read() {
    let doc = b"{}";
    let mut out: *mut c_char = null_mut();
    let mut err = null_mut();
    let huge = kompetence_core::document::MAX_DOCUMENT_BYTES + 1;
    // SAFETY: the length is a lie on purpose: the library must refuse it before reading, which
    // is exactly what is under test (it would read past `doc` otherwise).
    let r = unsafe { kompetence_validate(doc.as_ptr(), huge, null(), &mut out, &mut err) };
    assert_eq!(r, KOMPETENCE_RESULT_LIMIT_EXCEEDED);
    assert_eq!(take(err).2, "document");
    assert!(out.is_null());
}

/// The acute need the C test `tests/c/test_replan.c` uses too: a demo competence, 90 days after
/// the demo's date.
const DEMO_NEED: &[u8] =
    br#"{"competence":"dementia-care","level":4,"deadline":"2027-04-04","reason":"Ny lov"}"#;

/// A demo employee with an agreed activity, as the CLI tests pick one.
fn demo_person_with_agreed_activity() -> String {
    use kompetence_core::model::ActivityStatus;
    kompetence_formats::demo::organisation()
        .plans
        .iter()
        .find(|p| {
            p.activities
                .iter()
                .any(|a| matches!(a.status, ActivityStatus::Planned | ActivityStatus::InProgress))
        })
        .map(|p| p.employee.clone())
        .expect("the demo has agreed activities")
}

#[test]
fn replan_is_the_serialised_core_replan_and_reports_a_missing_change_at_need() {
    let engine = demo();
    let id = demo_person_with_agreed_activity();
    let mut out: *mut c_char = null_mut();
    let mut md: *mut c_char = null_mut();
    let mut err = null_mut();
    let (need, need_len) = (DEMO_NEED.as_ptr(), DEMO_NEED.len());
    // SAFETY (all calls): every non-NULL pointer is valid for its length; NULLs are under test.
    unsafe {
        let r = kompetence_engine_replan(
            engine,
            id.as_ptr().cast(),
            id.len(),
            need,
            need_len,
            null(),
            0,
            &mut out,
            &mut err,
        );
        assert_eq!(r, KOMPETENCE_RESULT_OK);
        let r = kompetence_engine_replan_markdown(
            engine,
            id.as_ptr().cast(),
            id.len(),
            need,
            need_len,
            null(),
            0,
            c"en".as_ptr(),
            &mut md,
            &mut err,
        );
        assert_eq!(r, KOMPETENCE_RESULT_OK);
        assert!(err.is_null());
        // Exactly the core's re-plan, serialised and rendered (what the CLI prints).
        let change = kompetence_core::review::AcuteChange::from_json(
            Some(std::str::from_utf8(DEMO_NEED).unwrap()),
            None,
        )
        .unwrap();
        let expected = (*engine).engine.replan(&id, change).unwrap();
        assert_eq!(text(out), serde_json::to_string(&expected).unwrap());
        assert_eq!(text(md), expected.to_markdown(kompetence_core::evaluation::Lang::En));
        let v: serde_json::Value = serde_json::from_str(&text(out)).unwrap();
        let first = v["changes"][0]["kind"].as_str().unwrap();
        assert!(first == "need_added" || first == "need_already_met", "{first}");
        kompetence_string_free(out);
        kompetence_string_free(md);
        out = null_mut();

        // Neither a need nor evaluations: InvalidArgument at `need`, nothing written.
        let r = kompetence_engine_replan(
            engine,
            id.as_ptr().cast(),
            id.len(),
            null(),
            0,
            null(),
            0,
            &mut out,
            &mut err,
        );
        assert_eq!(r, KOMPETENCE_RESULT_INVALID_ARGUMENT);
        assert_eq!(take(err).2, "need");
        // NULL engine and NULL out-parameter are reported by name, before the change is read.
        let r = kompetence_engine_replan(
            null(),
            id.as_ptr().cast(),
            id.len(),
            null(),
            0,
            null(),
            0,
            &mut out,
            &mut err,
        );
        assert_eq!(r, KOMPETENCE_RESULT_NULL_ARGUMENT);
        assert_eq!(take(err).2, "engine");
        let r = kompetence_engine_replan_markdown(
            engine,
            id.as_ptr().cast(),
            id.len(),
            need,
            need_len,
            null(),
            0,
            c"en".as_ptr(),
            null_mut(),
            &mut err,
        );
        assert_eq!(r, KOMPETENCE_RESULT_NULL_ARGUMENT);
        assert_eq!(take(err).2, "out_markdown");
        assert!(out.is_null(), "no output was written by a failed call");
        kompetence_engine_free(engine);
    }
}
