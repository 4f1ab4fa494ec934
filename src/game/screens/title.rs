//! The title screen: New game, Continue, Settings, Quit.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::{Screen, SettingsReturn, open_settings};
use crate::game::paths::GamePaths;
use crate::game::theme::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn_title_screen);
}

fn spawn_title_screen(mut commands: Commands, paths: Res<GamePaths>) {
    let has_save = paths.has_save();
    commands
        .spawn((
            widgets::ui_root("Title Screen"),
            DespawnOnExit(Screen::Title),
        ))
        .with_children(|root| {
            root.spawn((
                Name::new("Masthead"),
                Node {
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    row_gap: px(size::GAP),
                    margin: UiRect::bottom(px(size::GAP_LARGE)),
                    ..default()
                },
                children![
                    widgets::tagged("app.tagline", Role::Accent),
                    widgets::title("app.name"),
                    widgets::rule(96.0),
                    (
                        widgets::text("title.subtitle", size::SUBTITLE, Role::Muted),
                        Node {
                            margin: UiRect::top(px(4)),
                            ..default()
                        }
                    ),
                ],
            ));
            root.spawn((
                Name::new("Menu"),
                Node {
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    row_gap: px(size::GAP),
                    ..default()
                },
            ))
            .with_children(|menu| {
                menu.spawn((
                    widgets::primary_menu_button("title.new_game", new_game),
                    AutoFocus,
                ));
                let mut cont = menu.spawn(widgets::menu_button("title.continue", continue_game));
                if !has_save {
                    cont.insert(disabled());
                }
                menu.spawn(widgets::menu_button("title.settings", settings));
                menu.spawn(widgets::menu_button("title.quit", quit));
                if !has_save {
                    menu.spawn(widgets::hint("title.no_save"));
                }
            });
            root.spawn((
                Name::new("Footer"),
                Node {
                    position_type: PositionType::Absolute,
                    bottom: px(size::PAD),
                    left: px(size::PAD_LARGE),
                    right: px(size::PAD_LARGE),
                    justify_content: JustifyContent::SpaceBetween,
                    ..default()
                },
                children![
                    widgets::hint("ui.keys_hint"),
                    widgets::hint(Caption::Fmt(
                        "ui.version",
                        vec![("version", env!("CARGO_PKG_VERSION").to_string())]
                    )),
                ],
            ));
        });
}

fn new_game(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    next.set(Screen::Select);
}

fn continue_game(_: On<Activate>, mut next: ResMut<NextState<Screen>>) {
    // Loading a save arrives with the engine (phase 2); the board is where a save resumes.
    next.set(Screen::Board);
}

fn settings(_: On<Activate>, mut next: ResMut<NextState<Screen>>, mut ret: ResMut<SettingsReturn>) {
    open_settings(Screen::Title, &mut next, &mut ret);
}

fn quit(_: On<Activate>, mut exit: MessageWriter<AppExit>) {
    exit.write(AppExit::Success);
}
