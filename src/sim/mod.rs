//! The simulation engine: state, actions, hidden truth, rivals, tender, scoring.

pub mod tuning;
