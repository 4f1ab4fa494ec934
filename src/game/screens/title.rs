//! The title screen: New game, Continue, Join a workshop, Settings, Quit.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::view::{self, Slots, View};
use super::{Screen, SettingsReturn, open_settings};
use crate::game::paths::GamePaths;
use crate::game::theme::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TitleState>();
    app.add_systems(OnEnter(Screen::Title), look_for_save);
    view::add_view(app, title_view);
}

/// What the title screen knows about the saves (looked up once, as it opens).
#[derive(Resource, Debug, Default)]
struct TitleState {
    has_save: bool,
}

fn look_for_save(paths: Res<GamePaths>, mut state: ResMut<TitleState>) {
    state.has_save = paths.has_save();
}

/// The title screen: the menu, and whether there is a game to continue.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleView {
    menu: Menu,
}

#[derive(Debug, Clone, PartialEq)]
struct Menu {
    has_save: bool,
}

impl View for TitleView {
    const SCREEN: Screen = Screen::Title;
    crate::view_sections!(menu => build_menu);

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        commands
            .spawn(widgets::ui_root("Title Screen"))
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
                slots.spawn(
                    root,
                    "menu",
                    Node {
                        flex_direction: FlexDirection::Column,
                        align_items: AlignItems::Center,
                        row_gap: px(size::GAP),
                        ..default()
                    },
                );
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
            })
            .id()
    }
}

fn title_view(state: Res<TitleState>) -> Option<TitleView> {
    Some(TitleView {
        menu: Menu {
            has_save: state.has_save,
        },
    })
}

fn build_menu(m: &Menu, menu: &mut ChildSpawnerCommands, first: bool) {
    let mut new = menu.spawn(widgets::primary_menu_button("title.new_game", new_game));
    if first {
        new.insert(AutoFocus);
    }
    let mut cont = menu.spawn(widgets::menu_button("title.continue", continue_game));
    if !m.has_save {
        cont.insert(disabled());
    }
    #[cfg(feature = "room")]
    menu.spawn((
        widgets::menu_button(
            "title.join",
            |_: On<Activate>, mut next: ResMut<NextState<Screen>>| next.set(Screen::Join),
        ),
        FocusKey("join_workshop".into()),
    ));
    menu.spawn(widgets::menu_button("title.settings", settings));
    menu.spawn(widgets::menu_button("title.quit", quit));
    if !m.has_save {
        menu.spawn(widgets::hint("title.no_save"));
    }
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
