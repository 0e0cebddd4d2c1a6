//! The exception hierarchy and the one mapping from core errors to it.
//!
//! The classes are defined by `exceptions.py` (run once at module initialisation) and kept in
//! a process-wide table, so raising never depends on how the module was imported.

use std::ffi::CString;

use kompetence_core::{Error, ErrorKind};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

use crate::problem::Problem;

/// Names of the exception classes, root first; each is exported by the module.
pub(crate) const EXCEPTION_NAMES: [&str; 7] = [
    "KompetenceError",
    "ParseError",
    "ValidationError",
    "UnsupportedVersionError",
    "NotFoundError",
    "LimitExceededError",
    "InvalidArgumentError",
];

/// Name → class, filled once by [`register`].
static CLASSES: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// Defines the exception classes and adds them to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes = CLASSES.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
        let globals = PyDict::new(py);
        globals.set_item("__name__", "kompetence")?;
        globals.set_item("__builtins__", py.import("builtins")?)?;
        let code = CString::new(include_str!("exceptions.py"))
            .map_err(|e| PyRuntimeError::new_err(format!("exceptions.py contains a NUL byte: {e}")))?;
        py.run(&code, Some(&globals), None)?;
        let classes = PyDict::new(py);
        for name in EXCEPTION_NAMES {
            let class = globals
                .get_item(name)?
                .ok_or_else(|| PyRuntimeError::new_err(format!("exceptions.py does not define {name}")))?;
            classes.set_item(name, class)?;
        }
        Ok(classes.unbind())
    })?;
    for name in EXCEPTION_NAMES {
        if let Some(class) = classes.bind(py).get_item(name)? {
            m.add(name, class)?;
        }
    }
    Ok(())
}

/// The exception class for a core error kind. The kinds are `#[non_exhaustive]`: a kind added
/// to the core later is raised as the root `KompetenceError` until it gets its own class.
pub(crate) fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Parse => "ParseError",
        ErrorKind::Validation => "ValidationError",
        ErrorKind::UnsupportedVersion => "UnsupportedVersionError",
        ErrorKind::NotFound => "NotFoundError",
        ErrorKind::LimitExceeded => "LimitExceededError",
        ErrorKind::InvalidArgument => "InvalidArgumentError",
        _ => "KompetenceError",
    }
}

/// Turns a core error into the Python exception of its kind, carrying every problem.
pub(crate) fn to_pyerr(py: Python<'_>, err: &Error) -> PyErr {
    exception(py, class_name(err.kind()), &err.to_string(), err.problems())
}

/// A root `KompetenceError` for failures that have no core kind (a bug, reported instead of a
/// panic).
pub(crate) fn internal(py: Python<'_>, message: &str) -> PyErr {
    exception(py, "KompetenceError", &format!("kompetence internal error: {message}"), &[])
}

/// An instance of the class named `class` with this message and these problems.
pub(crate) fn exception(
    py: Python<'_>,
    class: &str,
    message: &str,
    problems: &[kompetence_core::Problem],
) -> PyErr {
    build(py, class, message, problems).unwrap_or_else(|e| e)
}

fn build(
    py: Python<'_>,
    class: &str,
    message: &str,
    problems: &[kompetence_core::Problem],
) -> PyResult<PyErr> {
    let classes = CLASSES
        .get(py)
        // Only reachable if module initialisation failed, and then no class exists to raise.
        .ok_or_else(|| PyRuntimeError::new_err("kompetence._native is not initialised"))?
        .bind(py);
    let cls = classes
        .get_item(class)?
        .ok_or_else(|| PyRuntimeError::new_err(format!("no exception class {class}")))?;
    let problems = problems.iter().map(|p| Bound::new(py, Problem::from(p))).collect::<PyResult<Vec<_>>>()?;
    let exc = cls.call1((message, PyList::new(py, problems)?))?;
    Ok(PyErr::from_value(exc))
}
