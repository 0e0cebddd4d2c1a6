//! `Problem`: one problem in a document, as carried by exceptions and validation reports.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};

/// One problem in a document: where, what value, and what is wrong. Immutable, hashable,
/// picklable.
#[pyclass(frozen, eq, hash, module = "kompetence")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    /// `organisation`, `catalog`, `policy`, `evaluations`, or `None`.
    #[pyo3(get)]
    document: Option<String>,
    /// Field path from the document root.
    #[pyo3(get)]
    path: String,
    /// The offending value as JSON text.
    #[pyo3(get)]
    value: String,
    /// What is wrong.
    #[pyo3(get)]
    message: String,
}

impl From<&kompetence_core::Problem> for Problem {
    fn from(p: &kompetence_core::Problem) -> Problem {
        Problem {
            document: p.document.map(str::to_owned),
            path: p.path.clone(),
            value: p.value.clone(),
            message: p.message.clone(),
        }
    }
}

#[pymethods]
impl Problem {
    #[new]
    #[pyo3(signature = (path, value, message, document = None))]
    fn new(path: String, value: String, message: String, document: Option<String>) -> Problem {
        Problem { document, path, value, message }
    }

    /// The problem as a plain dict (`document`, `path`, `value`, `message`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("document", &self.document)?;
        d.set_item("path", &self.path)?;
        d.set_item("value", &self.value)?;
        d.set_item("message", &self.message)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let r = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        let document = match &self.document {
            Some(d) => r(d)?,
            None => "None".to_owned(),
        };
        Ok(format!(
            "Problem(document={document}, path={}, value={}, message={})",
            r(&self.path)?,
            r(&self.value)?,
            r(&self.message)?
        ))
    }

    fn __str__(&self) -> String {
        let place = if self.path.is_empty() { "(document)" } else { self.path.as_str() };
        match &self.document {
            Some(d) => format!("{d}: {place}: {}", self.message),
            None => format!("{place}: {}", self.message),
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let p = slf.get();
        let args = PyTuple::new(
            py,
            [
                p.path.clone().into_pyobject(py)?.into_any(),
                p.value.clone().into_pyobject(py)?.into_any(),
                p.message.clone().into_pyobject(py)?.into_any(),
                p.document.clone().into_pyobject(py)?.into_any(),
            ],
        )?;
        Ok((slf.get_type(), args))
    }
}
