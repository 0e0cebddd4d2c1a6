//! The engine handle: built from the four documents or from the embedded demo, queried by any
//! number of threads, freed once.

use std::ffi::c_char;

use kompetence_core::Engine;
use kompetence_formats::demo;

use rayon::prelude::*;

use crate::error::{Failure, kompetence_error};
use crate::ffi::{boundary, engine_json, out_arg, person_json, person_markdown, str_arg, write_out};
use crate::result::kompetence_result;

/// A planning engine: validated, indexed documents.
///
/// Thread safety: an engine is immutable after `kompetence_engine_new`. Any number of threads
/// may call the `kompetence_engine_*` query functions on the same engine at the same time
/// without locking. Only `kompetence_engine_free` needs exclusive access: call it once, after
/// every query on the engine has returned.
pub struct kompetence_engine {
    pub(crate) engine: Engine,
}

/// Hands a new engine to C.
///
/// # Safety
/// `out` is non-NULL and writable.
unsafe fn give(out: *mut *mut kompetence_engine, engine: Engine) {
    let handle = Box::into_raw(Box::new(kompetence_engine { engine }));
    // SAFETY: guaranteed by the caller.
    unsafe { write_out(out, handle) };
}

/// Builds an engine from JSON documents given as UTF-8 bytes plus length (no NUL terminator
/// needed). The documents are parsed, validated together and indexed; every validation problem
/// is reported at once (`KOMPETENCE_RESULT_VALIDATION`, see `kompetence_error_problems_json`).
///
/// `evaluations` may be NULL (with `evaluations_len` 0) when there are no evaluation records.
/// On success `*out` receives an engine to free with `kompetence_engine_free`.
///
/// # Safety
/// Each non-NULL document pointer is readable for its length; `out` and `err` are NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_new(
    organisation: *const u8,
    organisation_len: usize,
    catalog: *const u8,
    catalog_len: usize,
    policy: *const u8,
    policy_len: usize,
    evaluations: *const u8,
    evaluations_len: usize,
    out: *mut *mut kompetence_engine,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    boundary(err, || {
        // SAFETY (all four reads): each non-NULL pointer is readable for its length (caller).
        let org = unsafe { str_arg(organisation, organisation_len, "organisation") }?;
        let catalog = unsafe { str_arg(catalog, catalog_len, "catalog") }?;
        let policy = unsafe { str_arg(policy, policy_len, "policy") }?;
        let evaluations = if evaluations.is_null() {
            None
        } else {
            Some(unsafe { str_arg(evaluations, evaluations_len, "evaluations") }?)
        };
        out_arg(out, "out")?;
        let engine = Engine::from_json(org, catalog, policy, evaluations)?;
        // SAFETY: `out` was checked non-NULL and is writable (caller).
        unsafe { give(out, engine) };
        Ok(())
    })
}

/// Builds an engine over the embedded demo municipality "Eksempel Kommune", for trying the
/// library and for tests. On success `*out` receives an engine to free with
/// `kompetence_engine_free`.
///
/// # Safety
/// `out` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_new_demo(
    out: *mut *mut kompetence_engine,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    boundary(err, || {
        out_arg(out, "out")?;
        let engine = Engine::new(demo::organisation(), demo::catalog(), demo::policy())?;
        // SAFETY: `out` was checked non-NULL and is writable (caller).
        unsafe { give(out, engine) };
        Ok(())
    })
}

/// Frees an engine. NULL is a no-op. No other thread may be using the engine.
///
/// # Safety
/// `engine` is NULL or an engine from this library that has not been freed yet and is not in
/// use.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_free(engine: *mut kompetence_engine) {
    crate::ffi::boundary_or((), || {
        if !engine.is_null() {
            // SAFETY: a non-NULL engine came from `Box::into_raw` in `give`, and the caller
            // gives up ownership with no query still running.
            drop(unsafe { Box::from_raw(engine) });
        }
    })
}

/// One employee's needs, highest weighted gap first, as a JSON array of needs (competence,
/// current and target level, weight, weighted gap, deadline, urgency, origins …).
/// `employee_id` is UTF-8 bytes plus length. An unknown id is `KOMPETENCE_RESULT_NOT_FOUND`.
/// On success `*out_json` receives a string to free with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; a non-NULL `employee_id` is readable for
/// `employee_id_len` bytes; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_needs(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe { person_json(engine, employee_id, employee_id_len, out_json, err, Engine::needs) }
}

/// Needs summed per unit (each unit including its sub-units), in document order, as a JSON
/// array. On success `*out_json` receives a string to free with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_needs_by_unit(
    engine: *const kompetence_engine,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe { engine_json(engine, out_json, err, |e| Ok::<_, kompetence_core::Error>(e.needs_by_unit())) }
}

/// Gaps per strategic goal, in document order, as a JSON array. On success `*out_json`
/// receives a string to free with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_needs_by_goal(
    engine: *const kompetence_engine,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe { engine_json(engine, out_json, err, |e| Ok::<_, kompetence_core::Error>(e.needs_by_goal())) }
}

/// The ids of all employees, in document order, as a JSON array of strings — so a host can
/// enumerate the people to query. On success `*out_json` receives a string to free with
/// `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_employee_ids(
    engine: *const kompetence_engine,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe {
        engine_json(engine, out_json, err, |e| {
            Ok::<_, kompetence_core::Error>(
                e.organisation().employees.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            )
        })
    }
}

/// One employee's recommendation as a JSON object: the needs it serves, every non-dominated
/// path (`frontier`), the `chosen` path with explanations in Danish and English per step, the
/// `rule` that chose it, a `summary`, `runners_up` and `rejected` alternatives with reasons.
/// The JSON is exactly what `kompetence recommend --employee ID --format json` prints.
/// `employee_id` is UTF-8 bytes plus length. An unknown id is `KOMPETENCE_RESULT_NOT_FOUND`;
/// a person whose search is past the documented limits is `KOMPETENCE_RESULT_LIMIT_EXCEEDED`.
/// On success `*out_json` receives a string to free with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; a non-NULL `employee_id` is readable for
/// `employee_id_len` bytes; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_recommend(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe { person_json(engine, employee_id, employee_id_len, out_json, err, Engine::recommend) }
}

/// The recommendations of several employees as a JSON array, in the order of `employee_ids`
/// (computed in parallel). `employee_ids[i]` is UTF-8 bytes of length `employee_id_lens[i]`;
/// both arrays have `count` entries and may be NULL when `count` is 0.
///
/// The call succeeds or fails as a whole: the first unknown id (in input order) fails it with
/// `KOMPETENCE_RESULT_NOT_FOUND`, the error's path `employee_ids[i]` and value the id; a NULL
/// entry is `KOMPETENCE_RESULT_NULL_ARGUMENT`. On success `*out_json` receives a string to free
/// with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; non-NULL `employee_ids` and `employee_id_lens` are
/// readable for `count` entries and every non-NULL id for its length; `out_json` and `err` are
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_recommend_batch(
    engine: *const kompetence_engine,
    employee_ids: *const *const c_char,
    employee_id_lens: *const usize,
    count: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe {
        engine_json(engine, out_json, err, |e| {
            // SAFETY: readable for `count` entries each when non-NULL (caller).
            let ids = batch_ids(employee_ids, employee_id_lens, count)?;
            for (i, id) in ids.iter().enumerate() {
                e.employee(id).map_err(|_| {
                    kompetence_core::Error::not_found(format!("employee_ids[{i}]"), id, "employee")
                })?;
            }
            let results: Vec<_> = ids.par_iter().map(|id| e.recommend(id)).collect();
            results.into_iter().collect::<Result<Vec<_>, _>>().map_err(Failure::from)
        })
    }
}

/// The ids of a batch call as strings.
///
/// # Safety
/// Non-NULL `ids` and `lens` are readable for `count` entries; each non-NULL id is readable
/// for its length.
unsafe fn batch_ids<'a>(
    ids: *const *const c_char,
    lens: *const usize,
    count: usize,
) -> Result<Vec<&'a str>, Failure> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if ids.is_null() {
        return Err(Failure::null("employee_ids"));
    }
    if lens.is_null() {
        return Err(Failure::null("employee_id_lens"));
    }
    if count > MAX_BATCH {
        return Err(Failure::argument(
            crate::result::KOMPETENCE_RESULT_LIMIT_EXCEEDED,
            "count",
            format!("{count} ids is more than the {MAX_BATCH} accepted in one call"),
        ));
    }
    // SAFETY: both arrays are non-NULL and readable for `count` entries (caller); `count` is
    // small enough that the slices cannot overflow `isize`.
    let (ids, lens) =
        unsafe { (std::slice::from_raw_parts(ids, count), std::slice::from_raw_parts(lens, count)) };
    ids.iter()
        .zip(lens)
        .enumerate()
        // SAFETY: each non-NULL id is readable for its length (caller).
        .map(|(i, (&p, &len))| unsafe { str_arg(p.cast(), len, &format!("employee_ids[{i}]")) })
        .collect()
}

/// The most ids one batch call accepts (far above any municipality's head count).
const MAX_BATCH: usize = 10_000_000;

/// Every employee's recommendation as a JSON array, in document order (computed in parallel;
/// the result does not depend on the number of threads). A person past the search limits gets
/// a recommendation with `"rule": "refused"` and a `refused` message instead of failing the
/// call. On success `*out_json` receives a string to free with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_recommend_all(
    engine: *const kompetence_engine,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe { engine_json(engine, out_json, err, |e| Ok::<_, kompetence_core::Error>(e.recommend_all())) }
}

/// The organisation plan (D10, D14) as a JSON object: one learning path (or team activity) per
/// person under the policy's total and unit budgets, course seats and buddy capacity, with spend
/// per unit and strategic goal, funding used, needs left open and why, and the plan's value,
/// upper bound and relative gap. On success `*out_json` receives a string to free with
/// `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_plan(
    engine: *const kompetence_engine,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe { engine_json(engine, out_json, err, |e| e.plan()) }
}

/// The evaluation report (D9) as a JSON object: transfer to practice per learning form,
/// provider, competence and activity with credible intervals, satisfaction-only activities,
/// overdue follow-ups and feedback per provider. Built from the evaluations given to
/// `kompetence_engine_new` (an engine without evaluations gives a report of catalog priors).
/// On success `*out_json` receives a string to free with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_evaluation_report(
    engine: *const kompetence_engine,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe { engine_json(engine, out_json, err, |e| Ok::<_, kompetence_core::Error>(e.evaluation_report())) }
}

/// Behaviour follow-ups still to be made (D9: ask some weeks later whether the learning was
/// applied), by due date, as a JSON array of `{employee, activity, completed_on, due, overdue,
/// days_overdue, source}`. On success `*out_json` receives a string to free with
/// `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_follow_ups(
    engine: *const kompetence_engine,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe { engine_json(engine, out_json, err, |e| Ok::<_, kompetence_core::Error>(e.follow_ups())) }
}

/// The annual review (MUS) pack of one employee (D4, D5) as a JSON object: `employee`, `name`,
/// `role`, `unit`, `as_of`, `question_bank`, the `agenda` (questions drawn from the default
/// question bank by the person's situation, each with `text` and `because` in `da`/`en`), the
/// `needs` with the person's own levels and origins, `last_year`'s activities with their
/// transfer outcome, and the `draft_idp` (goals with dates; agreed activities kept or dropped
/// with the reason; new activities across all learning forms). The JSON is exactly what
/// `kompetence review --employee ID --format json` prints. No other employee's level appears;
/// a buddy is named by display name only. `employee_id` is UTF-8 bytes plus length. An unknown
/// id is `KOMPETENCE_RESULT_NOT_FOUND`; a person whose search is past the documented limits is
/// `KOMPETENCE_RESULT_LIMIT_EXCEEDED`. On success `*out_json` receives a string to free with
/// `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; a non-NULL `employee_id` is readable for
/// `employee_id_len` bytes; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_review(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller; no bank is the default bank.
    unsafe {
        kompetence_engine_review_with_questions(
            engine,
            employee_id,
            employee_id_len,
            std::ptr::null(),
            0,
            out_json,
            err,
        )
    }
}

/// The same review pack rendered as Markdown in one language, ready to print and take into the
/// review: `lang` is the NUL-terminated string `"da"` or `"en"` (anything else is
/// `KOMPETENCE_RESULT_INVALID_ARGUMENT` with path `lang`). The text is exactly what
/// `kompetence review --employee ID --lang LANG` prints. On success `*out_markdown` receives a
/// string (Markdown, not JSON) to free with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; a non-NULL `employee_id` is readable for
/// `employee_id_len` bytes; `lang` is NULL or NUL-terminated; `out_markdown` and `err` are NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_review_markdown(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    lang: *const c_char,
    out_markdown: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller; no bank is the default bank.
    unsafe {
        kompetence_engine_review_markdown_with_questions(
            engine,
            employee_id,
            employee_id_len,
            std::ptr::null(),
            0,
            lang,
            out_markdown,
            err,
        )
    }
}

/// A question bank from its C argument: NULL for the default bank (the guide's questions), or
/// UTF-8 JSON bytes plus length read and validated by
/// [`kompetence_core::review::QuestionBank::from_json`], the reader of `kompetence review
/// --questions FILE`, so a bad bank is reported with the same paths as on the command line.
///
/// # Safety
/// A non-NULL `questions` is readable for `questions_len` bytes.
unsafe fn question_bank(
    questions: *const u8,
    questions_len: usize,
) -> Result<Option<kompetence_core::review::QuestionBank>, Failure> {
    if questions.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and readable for `questions_len` bytes (caller).
    let text = unsafe { str_arg(questions, questions_len, "questions") }?;
    Ok(Some(kompetence_core::review::QuestionBank::from_json(text)?))
}

/// The review pack of `kompetence_engine_review`, with the agenda drawn from the organisation's
/// own question bank: `questions` is a question-bank document (UTF-8 JSON bytes plus length;
/// its JSON Schema is `kompetence_schema("question-bank")`), or NULL for the default bank, which
/// gives exactly `kompetence_engine_review`. The JSON is what `kompetence review --employee ID
/// --questions FILE --format json` prints. A bank that is not JSON or of the wrong shape is
/// `KOMPETENCE_RESULT_PARSE` with the field path, another schema version
/// `KOMPETENCE_RESULT_UNSUPPORTED_VERSION`, one that breaks the bank's rules
/// `KOMPETENCE_RESULT_VALIDATION` with every problem; the other errors are those of
/// `kompetence_engine_review`. On success `*out_json` receives a string to free with
/// `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; a non-NULL `employee_id` is readable for
/// `employee_id_len` bytes and a non-NULL `questions` for `questions_len` bytes; `out_json` and
/// `err` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kompetence_engine_review_with_questions(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    questions: *const u8,
    questions_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe {
        person_json(engine, employee_id, employee_id_len, out_json, err, |e, id| {
            // SAFETY: readable for its length when non-NULL (caller).
            let bank = question_bank(questions, questions_len)?;
            e.review(id, bank.as_ref()).map_err(Failure::from)
        })
    }
}

/// The review pack of `kompetence_engine_review_with_questions` rendered as Markdown in one
/// language, as `kompetence_engine_review_markdown` does for the default bank (`questions`
/// NULL). On success `*out_markdown` receives a string (Markdown, not JSON) to free with
/// `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; a non-NULL `employee_id` is readable for
/// `employee_id_len` bytes and a non-NULL `questions` for `questions_len` bytes; `lang` is NULL
/// or NUL-terminated; `out_markdown` and `err` are NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C convention: every input as pointer plus length
pub unsafe extern "C" fn kompetence_engine_review_markdown_with_questions(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    questions: *const u8,
    questions_len: usize,
    lang: *const c_char,
    out_markdown: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe {
        person_markdown(engine, employee_id, employee_id_len, lang, out_markdown, err, |e, id, lang| {
            // SAFETY: readable for its length when non-NULL (caller).
            let bank = question_bank(questions, questions_len)?;
            e.review(id, bank.as_ref()).map(|pack| pack.to_markdown(lang)).map_err(Failure::from)
        })
    }
}

/// The acute change of a re-plan from its C arguments: each part NULL ("not given") or UTF-8
/// bytes plus length, then [`kompetence_core::review::AcuteChange::from_json`], which the
/// Python surface uses too, so both report a malformed or missing change the same way.
///
/// # Safety
/// A non-NULL `need` is readable for `need_len` bytes, a non-NULL `evaluations` for
/// `evaluations_len` bytes.
unsafe fn acute_change(
    need: *const u8,
    need_len: usize,
    evaluations: *const u8,
    evaluations_len: usize,
) -> Result<kompetence_core::review::AcuteChange, Failure> {
    // SAFETY (both reads): a non-NULL pointer is readable for its length (caller).
    let need = if need.is_null() { None } else { Some(unsafe { str_arg(need, need_len, "need") }?) };
    let evaluations = if evaluations.is_null() {
        None
    } else {
        Some(unsafe { str_arg(evaluations, evaluations_len, "evaluations") }?)
    };
    Ok(kompetence_core::review::AcuteChange::from_json(need, evaluations)?)
}

/// Re-plans one employee after an acute change (D12) and returns the re-plan as a JSON object:
/// `employee`, `as_of`, `reason`, the `needs` after the change, the draft plans `before` and
/// `after` (agreed activities kept unless they can no longer go ahead), and the `changes` in
/// words (`kind`, `activity`, `competence`, `text` in `da`/`en`): the need and the new evidence
/// first, then agreed activities, then new, rescheduled and withdrawn proposals. The JSON is
/// exactly what `kompetence replan --employee ID ... --format json` prints. Nothing is stored:
/// the engine is unchanged.
///
/// The change comes as UTF-8 bytes plus length, each part NULL when not given (its length is
/// then ignored): `need` an acute need object `{"competence", "level", "deadline", "reason"?}`
/// (`deadline` as `YYYY-MM-DD`), `evaluations` an evaluations document with the new records.
/// At least one must be given and hold a change: neither is `KOMPETENCE_RESULT_INVALID_ARGUMENT`
/// with path `need`; a malformed need is the same with the path of the offending field
/// (`need.deadline` for a date of the wrong shape, `need.urgent` for an unknown field `urgent`,
/// `need` for a missing field or text that is not JSON); an unknown competence is the same
/// with path `need.competence`, a level off the scale `need.level`, a deadline before the
/// engine's date `need.deadline`; a malformed evaluations document is reported as when building
/// an engine. An unknown employee id is `KOMPETENCE_RESULT_NOT_FOUND`. On success `*out_json`
/// receives a string to free with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; a non-NULL `employee_id` is readable for
/// `employee_id_len` bytes, a non-NULL `need` for `need_len` bytes and a non-NULL
/// `evaluations` for `evaluations_len` bytes; `out_json` and `err` are NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C convention: every input as pointer plus length
pub unsafe extern "C" fn kompetence_engine_replan(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    need: *const u8,
    need_len: usize,
    evaluations: *const u8,
    evaluations_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe {
        person_json(engine, employee_id, employee_id_len, out_json, err, |e, id| {
            // SAFETY: readable for their lengths when non-NULL (caller).
            let change = acute_change(need, need_len, evaluations, evaluations_len)?;
            e.replan(id, change).map_err(Failure::from)
        })
    }
}

/// The same re-plan rendered as Markdown in one language: `lang` is the NUL-terminated string
/// `"da"` or `"en"` (anything else is `KOMPETENCE_RESULT_INVALID_ARGUMENT` with path `lang`).
/// The text is exactly what `kompetence replan --employee ID ... --lang LANG` prints. The other
/// arguments and errors are those of `kompetence_engine_replan`. On success `*out_markdown`
/// receives a string (Markdown, not JSON) to free with `kompetence_string_free`.
///
/// # Safety
/// `engine` is NULL or a live engine; a non-NULL `employee_id` is readable for
/// `employee_id_len` bytes, a non-NULL `need` for `need_len` bytes and a non-NULL
/// `evaluations` for `evaluations_len` bytes; `lang` is NULL or NUL-terminated; `out_markdown`
/// and `err` are NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C convention: every input as pointer plus length
pub unsafe extern "C" fn kompetence_engine_replan_markdown(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    need: *const u8,
    need_len: usize,
    evaluations: *const u8,
    evaluations_len: usize,
    lang: *const c_char,
    out_markdown: *mut *mut c_char,
    err: *mut *mut kompetence_error,
) -> kompetence_result {
    // SAFETY: forwarded from the caller.
    unsafe {
        person_markdown(engine, employee_id, employee_id_len, lang, out_markdown, err, |e, id, lang| {
            // SAFETY: readable for their lengths when non-NULL (caller).
            let change = acute_change(need, need_len, evaluations, evaluations_len)?;
            e.replan(id, change).map(|r| r.to_markdown(lang)).map_err(Failure::from)
        })
    }
}
