//! Frame pacing of the interactive game: a turn-based screen needs no new frame while
//! nothing moves, so the window draws when the player does something (a key, the mouse,
//! a resize) and for as long as the screen is still settling after it (a rebuilt screen,
//! layout, scrolling into view, the font arriving). Idle, it draws once a second. The
//! screenshot and bench modes keep Bevy's continuous default.

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};
use std::time::Duration;

use crate::game::screens::Screen;
use crate::game::theme::UiFont;

/// At most this long between frames while the window has focus and nothing happens.
const IDLE_FOCUSED: Duration = Duration::from_secs(1);
/// The same without focus (mouse movement over the window then does not wake it).
const IDLE_UNFOCUSED: Duration = Duration::from_secs(5);

pub fn plugin(app: &mut App) {
    app.insert_resource(WinitSettings {
        focused_mode: UpdateMode::reactive(IDLE_FOCUSED),
        unfocused_mode: UpdateMode::reactive_low_power(IDLE_UNFOCUSED),
    });
    app.add_systems(Last, keep_drawing_while_settling);
}

/// Ask for one more frame when this one changed what is on screen or is waiting for
/// something: the next frame then shows the result (or changes nothing and the window
/// goes quiet).
#[allow(clippy::type_complexity)]
fn keep_drawing_while_settling(
    next: Res<NextState<Screen>>,
    font: Option<Res<UiFont>>,
    server: Res<AssetServer>,
    changed: Query<
        (),
        Or<(
            Changed<Node>,
            Changed<ComputedNode>,
            Changed<Text>,
            Changed<ScrollPosition>,
            Changed<BackgroundColor>,
            Changed<Visibility>,
        )>,
    >,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let font_pending = font.is_some_and(|f| !server.is_loaded_with_dependencies(&f.0));
    let state_pending = !matches!(*next, NextState::Unchanged);
    if state_pending || font_pending || !changed.is_empty() {
        redraw.write(RequestRedraw);
    }
}
