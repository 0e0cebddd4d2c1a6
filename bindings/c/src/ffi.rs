//! The machinery every entry point shares: the panic boundary, reading arguments, writing
//! outputs, and the generic "engine query → JSON string" helpers.

use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use kompetence_core::Engine;
use kompetence_core::document::MAX_DOCUMENT_BYTES;
use serde::Serialize;

use crate::engine::kompetence_engine;
use crate::error::{Failure, kompetence_error};
use crate::result::{KOMPETENCE_RESULT_OK, kompetence_result};

/// Runs `body` behind a panic boundary and turns its outcome into a result code, writing a new
/// error to `err` on failure when `err` is not NULL.
///
/// `AssertUnwindSafe` is sound here: after a panic the library touches nothing the closure may
/// have left half-updated (the engine is immutable, outputs are written only on success).
pub(crate) fn boundary(
    err: *mut *mut kompetence_error,
    body: impl FnOnce() -> Result<(), Failure>,
) -> kompetence_result {
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return KOMPETENCE_RESULT_OK,
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::panic(&*payload),
    };
    let code = failure.code();
    // Rendering the error allocates; a panic there must not escape either.
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if !err.is_null() {
            let boxed = Box::into_raw(Box::new(failure.into_error()));
            // SAFETY: `err` is not NULL and the caller promises it points to writable storage
            // for one `kompetence_error *`.
            unsafe { err.write(boxed) };
        }
    }));
    code
}

/// A panic boundary for functions that return a value rather than a result code.
pub(crate) fn boundary_or<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(on_panic)
}

/// Checks that an out-parameter is not NULL, before any work is done, so that a call either
/// fails without effect or writes all its outputs.
pub(crate) fn out_arg<T>(ptr: *mut T, name: &str) -> Result<(), Failure> {
    if ptr.is_null() { Err(Failure::null(name)) } else { Ok(()) }
}

/// Writes an output that [`out_arg`] checked.
///
/// # Safety
/// `ptr` is non-NULL, aligned and writable for one `T`.
pub(crate) unsafe fn write_out<T>(ptr: *mut T, value: T) {
    // SAFETY: guaranteed by the caller.
    unsafe { ptr.write(value) }
}

/// `len` bytes at `ptr`, refused above the document size limit before they are touched.
///
/// # Safety
/// A non-NULL `ptr` is valid for reads of `len` bytes for the duration of the call.
pub(crate) unsafe fn bytes_arg<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return Err(Failure::null(name));
    }
    if len > MAX_DOCUMENT_BYTES {
        return Err(Failure::too_long(name, len, MAX_DOCUMENT_BYTES));
    }
    // SAFETY: `ptr` is non-NULL and readable for `len` bytes (caller), and `len` is at most
    // 256 MiB, far below `isize::MAX`.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// `len` bytes at `ptr` as UTF-8 text.
///
/// # Safety
/// As for [`bytes_arg`].
pub(crate) unsafe fn str_arg<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a str, Failure> {
    // SAFETY: forwarded from the caller.
    let bytes = unsafe { bytes_arg(ptr, len, name) }?;
    std::str::from_utf8(bytes).map_err(|e| Failure::utf8(name, e))
}

/// A NUL-terminated UTF-8 string (short arguments such as a document kind).
///
/// # Safety
/// A non-NULL `ptr` points to a NUL-terminated string valid for the duration of the call.
pub(crate) unsafe fn cstr_arg<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(Failure::null(name));
    }
    // SAFETY: non-NULL and NUL-terminated (caller).
    let c = unsafe { CStr::from_ptr(ptr) };
    c.to_str().map_err(|e| Failure::utf8(name, e))
}

/// The engine behind a handle.
///
/// # Safety
/// A non-NULL `ptr` is an engine from this library that has not been freed.
pub(crate) unsafe fn engine_arg<'a>(ptr: *const kompetence_engine) -> Result<&'a Engine, Failure> {
    // SAFETY: NULL or a live engine made by `Box::into_raw` (caller); only shared access.
    match unsafe { ptr.as_ref() } {
        Some(handle) => Ok(&handle.engine),
        None => Err(Failure::null("engine")),
    }
}

/// Serialises `value` into a C string the caller frees with `kompetence_string_free`.
pub(crate) fn json_out<T: Serialize + ?Sized>(value: &T) -> Result<*mut c_char, Failure> {
    let text = serde_json::to_string(value).map_err(|e| {
        Failure::argument(
            crate::result::KOMPETENCE_RESULT_OTHER,
            "out_json",
            format!("cannot serialise: {e}"),
        )
    })?;
    // JSON text never holds a raw NUL (serde_json escapes it as \u0000).
    Ok(crate::error::c_string(&text).into_raw())
}

/// The generic whole-engine query: checks the arguments, runs `query` on the engine and writes
/// its result as JSON to `out_json`. Adding a query to the C API is one call to this. The
/// result may borrow from the engine (`'e`): it is serialised before the call returns.
///
/// # Safety
/// `engine` is NULL or a live engine; `out_json` is NULL or writable; `err` is NULL or writable.
pub(crate) unsafe fn engine_json<'e, T, E>(
    engine: *const kompetence_engine,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
    query: impl FnOnce(&'e Engine) -> Result<T, E>,
) -> kompetence_result
where
    T: Serialize,
    E: Into<Failure>,
{
    boundary(err, || {
        // SAFETY: forwarded from the caller.
        let engine = unsafe { engine_arg(engine) }?;
        out_arg(out_json, "out_json")?;
        let value = query(engine).map_err(Into::into)?;
        let json = json_out(&value)?;
        // SAFETY: checked non-NULL above; writable (caller).
        unsafe { write_out(out_json, json) };
        Ok(())
    })
}

/// The per-employee text in one language: like [`person_json`], with `lang` the NUL-terminated
/// string `"da"` or `"en"` (anything else is `InvalidArgument` at path `lang`), read after the
/// id; `render` makes the text (Markdown), written to `out_markdown`.
///
/// # Safety
/// As for [`person_json`]; `lang` is NULL or NUL-terminated; `out_markdown` is NULL or writable.
pub(crate) unsafe fn person_markdown<'e, E: Into<Failure>>(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    lang: *const c_char,
    out_markdown: *mut *mut c_char,
    err: *mut *mut kompetence_error,
    render: impl FnOnce(&'e Engine, &'e str, kompetence_core::evaluation::Lang) -> Result<String, E>,
) -> kompetence_result {
    boundary(err, || {
        // SAFETY: forwarded from the caller.
        let engine = unsafe { engine_arg(engine) }?;
        out_arg(out_markdown, "out_markdown")?;
        // SAFETY: a non-NULL `employee_id` is readable for `employee_id_len` bytes (caller).
        let id = unsafe { str_arg(employee_id.cast(), employee_id_len, "employee_id") }?;
        // SAFETY: NULL or NUL-terminated (caller).
        let lang = kompetence_core::evaluation::Lang::from_code(unsafe { cstr_arg(lang, "lang") }?)?;
        let markdown = render(engine, id, lang).map_err(Into::into)?;
        let text = crate::error::c_string(&markdown).into_raw();
        // SAFETY: checked non-NULL above; writable (caller).
        unsafe { write_out(out_markdown, text) };
        Ok(())
    })
}

/// The generic per-employee query: like [`engine_json`], with the employee id as UTF-8 bytes
/// plus length. `kompetence_engine_recommend` will be one call to this.
///
/// # Safety
/// As for [`engine_json`]; a non-NULL `employee_id` is readable for `employee_id_len` bytes.
pub(crate) unsafe fn person_json<'e, T, E>(
    engine: *const kompetence_engine,
    employee_id: *const c_char,
    employee_id_len: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut kompetence_error,
    query: impl FnOnce(&'e Engine, &'e str) -> Result<T, E>,
) -> kompetence_result
where
    T: Serialize,
    E: Into<Failure>,
{
    // SAFETY: forwarded from the caller.
    unsafe {
        engine_json(engine, out_json, err, |engine| {
            // The id is read inside the same boundary as the query, after the engine and the
            // out-parameter, so every argument error is reported the same way.
            // SAFETY: a non-NULL `employee_id` is readable for `employee_id_len` bytes (caller).
            let id = str_arg(employee_id.cast(), employee_id_len, "employee_id")?;
            query(engine, id).map_err(Into::<Failure>::into)
        })
    }
}
