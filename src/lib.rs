//! Sandtable (大客户销售沙盘): a training simulator for key-account and project-type B2B sales.
//!
//! The engine (`sim`), the scenario format (`scenario`) and the CLI know nothing of Bevy;
//! the game window (`game`) is a second face on the same engine, behind the `gui` feature.

pub mod adversaries;
pub mod advice;
pub mod bots;
pub mod catalog;
pub mod cli;
pub mod debrief;
pub mod escape;
pub mod fsread;
#[cfg(feature = "gui")]
pub mod game;
pub mod i18n;
pub mod lrs;
pub mod paths;
pub mod replay;
pub mod report;
#[cfg(feature = "room")]
pub mod room;
pub mod save;
pub mod scenario;
pub mod sim;
pub mod stamp;
/// One source of truth for the judgements several screens make (see [`sim::judge`]).
pub use sim::judge;
pub mod xapi;
