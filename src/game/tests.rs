//! Headless tests: the real game plugin on `MinimalPlugins` + `StatesPlugin`, driven by
//! the same `Activate` events a click or Enter sends, and by keyboard messages.

use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::ui::InteractionDisabled;
use bevy::ui_widgets::Activate;
use std::path::{Path, PathBuf};

use crate::game::theme::Caption;
use crate::game::theme::interaction::Selected;
use crate::game::{GamePaths, Screen, Settings, settings};
use crate::i18n::Lang;

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let d = std::env::temp_dir().join(format!("sandtable-game-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }
    fn paths(&self) -> GamePaths {
        GamePaths::in_dirs(&self.0.join("config"), &self.0.join("data"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The game on a headless app; settings are read from `paths` like a real start.
fn game_app(paths: GamePaths) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
    app.insert_resource(paths);
    app.add_plugins(crate::game::plugin);
    app.update();
    app.update();
    app
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// The button whose text child shows `caption`.
fn button(app: &mut App, caption: Caption) -> Entity {
    let world = app.world_mut();
    let mut q = world.query::<(&Caption, &ChildOf)>();
    let found: Vec<Entity> = q
        .iter(world)
        .filter(|(c, _)| **c == caption)
        .map(|(_, parent)| parent.parent())
        .collect();
    assert_eq!(found.len(), 1, "exactly one button shows {caption:?}");
    found[0]
}

fn activate(app: &mut App, caption: Caption) {
    let entity = button(app, caption);
    app.world_mut().trigger(Activate { entity });
    app.update();
    app.update();
}

fn key(app: &mut App, code: KeyCode) {
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code: code,
            logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
    app.update();
}

fn saved(dir: &TempDir) -> Option<Settings> {
    settings::load(&dir.paths().settings_file.unwrap()).unwrap()
}

#[test]
fn title_to_settings_change_language_and_back() {
    let dir = TempDir::new("flow");
    let mut app = game_app(dir.paths());
    app.world_mut().resource_mut::<Settings>().lang = Lang::Zh;
    app.update();
    assert_eq!(screen(&app), Screen::Title);

    activate(&mut app, Caption::Key("title.settings"));
    assert_eq!(screen(&app), Screen::Settings);

    activate(&mut app, Caption::Text("English".into()));
    assert_eq!(app.world().resource::<Settings>().lang, Lang::En);
    assert_eq!(
        saved(&dir).map(|s| s.lang),
        Some(Lang::En),
        "language is persisted"
    );
    // The choice shows the selection, and the heading is now English.
    let en = button(&mut app, Caption::Text("English".into()));
    assert!(app.world().entity(en).contains::<Selected>());
    let mut texts = app.world_mut().query::<(&Caption, &Text)>();
    let heading = texts
        .iter(app.world())
        .find(|(c, _)| **c == Caption::Key("settings.title"))
        .map(|(_, t)| t.0.clone());
    assert_eq!(heading.as_deref(), Some("Settings"));

    activate(&mut app, Caption::Key("settings.back"));
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn ui_scale_and_palette_apply_and_persist() {
    let dir = TempDir::new("scale");
    let mut app = game_app(dir.paths());
    activate(&mut app, Caption::Key("title.settings"));
    let plus = {
        let world = app.world_mut();
        let mut q = world.query::<(&Caption, &ChildOf)>();
        q.iter(world)
            .find(|(c, _)| **c == Caption::Text("+".into()))
            .map(|(_, p)| p.parent())
            .unwrap()
    };
    for _ in 0..10 {
        app.world_mut().trigger(Activate { entity: plus });
        app.update();
    }
    app.update();
    assert_eq!(app.world().resource::<UiScale>().0, settings::UI_SCALE_MAX);
    activate(&mut app, Caption::Key("settings.palette_cb"));
    let s = saved(&dir).unwrap();
    assert_eq!(s.ui_scale, settings::UI_SCALE_MAX);
    assert_eq!(s.palette, settings::PaletteKind::ColourBlindSafe);
}

#[test]
fn escape_leaves_settings_and_arrows_skip_disabled_continue() {
    let dir = TempDir::new("keys");
    let mut app = game_app(dir.paths());
    let new_game = button(&mut app, Caption::Key("title.new_game"));
    let cont = button(&mut app, Caption::Key("title.continue"));
    let settings_button = button(&mut app, Caption::Key("title.settings"));
    assert!(app.world().entity(cont).contains::<InteractionDisabled>());
    assert_eq!(app.world().resource::<InputFocus>().get(), Some(new_game));

    key(&mut app, KeyCode::ArrowDown);
    assert_eq!(
        app.world().resource::<InputFocus>().get(),
        Some(settings_button)
    );

    activate(&mut app, Caption::Key("title.settings"));
    assert_eq!(screen(&app), Screen::Settings);
    key(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn continue_is_enabled_when_a_save_exists() {
    let dir = TempDir::new("save");
    let saves = dir.paths().save_dir.unwrap();
    std::fs::create_dir_all(&saves).unwrap();
    std::fs::write(saves.join("autosave.ron"), "()").unwrap();
    let mut app = game_app(dir.paths());
    let cont = button(&mut app, Caption::Key("title.continue"));
    assert!(!app.world().entity(cont).contains::<InteractionDisabled>());
}

#[test]
fn a_corrupt_settings_file_does_not_stop_the_game() {
    let dir = TempDir::new("corrupt");
    let file = dir.paths().settings_file.unwrap();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "(lang: ???").unwrap();
    let app = game_app(dir.paths());
    assert_eq!(screen(&app), Screen::Title);
    assert_eq!(app.world().resource::<Settings>().ui_scale, 1.0);
    assert!(
        Path::new(&file).exists(),
        "the bad file is left for the player to inspect"
    );
}
