//! The scenario format: schema, loading with limits, validation with located diagnostics.

pub mod diag;
pub mod load;
pub mod schema;
pub mod spans;
pub mod validate;

pub use diag::{Diagnostic, Severity, render};
pub use load::{
    Found, LoadedScenario, MAX_FILE_BYTES, MAX_NESTING, ValidationReport, discover, load_bytes,
    load_found, load_path, load_str, validate_paths,
};
