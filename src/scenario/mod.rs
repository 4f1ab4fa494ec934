//! The scenario format: schema, loading with limits, validation with located diagnostics.

pub mod diag;
pub mod schema;
pub mod spans;
