//! The simulation engine: state, actions, hidden truth, rivals, tender, scoring.
//! Plain Rust with no Bevy: the CLI, the bots and the game all drive it through `Game`.

pub mod describe;
pub mod dice;
pub mod game;
pub mod judge;
pub mod knowledge;
pub mod method;
pub mod model;
pub mod rules;
pub mod score;
pub mod script;
pub mod tender;
pub mod tuning;
pub mod types;
pub mod week;
pub mod wire;

pub use game::{Bid, Game, InjectError, Phase, WeekRecord};
pub use model::{Criterion, P, Scenario, US, V};
pub use rules::{DevelopOutlook, PowerSource, Terms};
pub use score::{Component, Scorecard};
pub use types::*;

/// The version of the game rules. Bump it whenever a change to the engine, the bots'
/// rules or the scoring can make a recorded game re-simulate differently: replays carry it,
/// and `verify` then reports "recorded under rules vN" instead of calling them edited.
pub const RULES_VERSION: u32 = 3;
