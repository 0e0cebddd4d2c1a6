//! The library version, for hosts that load the shared library at run time and must check it
//! against the header they were compiled with (`KOMPETENCE_VERSION`).

use std::ffi::{CStr, c_char};

/// Cargo's package version as a C string, checked at compile time.
const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
    Ok(v) => v,
    Err(_) => panic!("the package version contains a NUL byte"),
};

/// The version of the library, e.g. `"0.1.0"` (equal to `KOMPETENCE_VERSION` of the header the
/// library was built with). The string is static: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn kompetence_version() -> *const c_char {
    VERSION.as_ptr()
}
