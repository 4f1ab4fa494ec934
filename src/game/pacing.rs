//! Frame pacing of the interactive game: a turn-based screen needs no new frame while
//! nothing moves, so the window draws when the player does something (a key, the mouse,
//! a resize) and for as long as the screen is still settling after it (a rebuilt screen,
//! layout, scrolling into view, the font arriving). Idle, it draws once a second. The
//! screenshot and bench modes keep Bevy's continuous default.

use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};
use std::time::Duration;

use crate::game::retained::ScreenChanges;
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
fn keep_drawing_while_settling(
    next: Res<NextState<Screen>>,
    font: Option<Res<UiFont>>,
    server: Option<Res<AssetServer>>,
    mut changes: ScreenChanges,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let font_pending = font
        .zip(server)
        .is_some_and(|(f, server)| !server.is_loaded_with_dependencies(&f.0));
    let state_pending = !matches!(*next, NextState::Unchanged);
    if changes.any() || state_pending || font_pending {
        redraw.write(RequestRedraw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::state::app::StatesPlugin;

    /// Requests for a frame written in the last update.
    #[derive(Resource, Default)]
    struct Asked(usize);

    fn count(mut asks: MessageReader<RequestRedraw>, mut asked: ResMut<Asked>) {
        asked.0 = asks.read().count();
    }

    fn redraws(app: &App) -> usize {
        app.world().resource::<Asked>().0
    }

    /// The window asks for frames while the screen changes (a new screen, a rebuilt card, a
    /// scroll) and goes quiet once a frame changed nothing.
    #[test]
    fn draws_while_the_screen_settles_then_goes_quiet() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, StatesPlugin));
        app.init_state::<Screen>();
        app.add_message::<RequestRedraw>();
        app.init_resource::<Asked>();
        app.add_systems(Last, (keep_drawing_while_settling, count).chain());

        app.update();
        assert_eq!(
            redraws(&app),
            0,
            "nothing on screen, nothing pending: quiet"
        );

        let card = app
            .world_mut()
            .spawn((Node::default(), Text::new("Li Wei")))
            .id();
        app.update();
        assert_eq!(redraws(&app), 1, "a new node asks for the next frame");
        app.update();
        assert_eq!(
            redraws(&app),
            0,
            "a frame that changed nothing lets the window rest"
        );

        app.world_mut().get_mut::<Text>(card).unwrap().0 = "Li Wei · contacted".into();
        app.update();
        assert_eq!(redraws(&app), 1, "a changed text asks for a frame");
        app.update();
        assert_eq!(redraws(&app), 0);

        app.world_mut()
            .entity_mut(card)
            .insert(ScrollPosition(Vec2::new(0.0, 40.0)));
        app.update();
        assert_eq!(redraws(&app), 1, "a scroll asks for a frame");

        app.world_mut()
            .resource_mut::<NextState<Screen>>()
            .set(Screen::Board);
        // Only `Last` runs, so the change is still pending there: the frame that will show
        // it is asked for.
        app.world_mut().run_schedule(Last);
        assert_eq!(redraws(&app), 1, "a pending screen change asks for a frame");
    }
}
