//! Dev modes, kept apart from the game's features: screenshot, frame-time bench and the
//! empty app. Each builds its own app (bench and screenshot on
//! [`AppPlugin`](super::AppPlugin)), so none adds a plugin to the game.

pub mod bench;
pub mod empty;
pub mod screenshot;
pub mod startup;
