//! Headless tests: the real game plugin on `MinimalPlugins` + `StatesPlugin`, driven by
//! the same `Activate` events a click or Enter sends, and by keyboard messages. One file
//! per flow; the helpers every flow uses are here.

mod board;
mod clipping;
mod focus;
mod quiet;
#[cfg(feature = "room")]
mod room;
mod scrolling;
mod select;
mod stakeholder;
mod tender;
mod title;

use bevy::input::ButtonState;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::ui::InteractionDisabled;
use bevy::ui_widgets::Activate;
use std::path::PathBuf;

use crate::game::screens::select::SelectState;
use crate::game::session::{Catalog, Session};
use crate::game::theme::Caption;
use crate::game::theme::interaction::Selected;
use crate::game::{GamePaths, Screen, Settings, settings};
use crate::i18n::Lang;
use bevy::app::{HierarchyPropagatePlugin, PropagateSet};
use bevy::camera::{ComputedCameraValues, RenderTargetInfo};
use bevy::ui::ui_surface::UiSurface;
use bevy::ui::update::propagate_ui_target_cameras;
use bevy::ui::{ComputedUiRenderTargetInfo, ComputedUiTargetCamera, UiSystems, ui_layout_system};
use bevy::ui_widgets::{ScrollAreaPlugin, ScrollbarPlugin};

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
    watch_quiet(&mut app);
    wait_quiet(&mut app);
    app
}

/// How many frames in a row changed nothing the player sees (see `retained`).
#[derive(Resource, Default)]
struct Still(u32);

fn count_still(mut changes: crate::game::retained::ScreenChanges, mut still: ResMut<Still>) {
    still.0 = if changes.any() { 0 } else { still.0 + 1 };
}

fn watch_quiet(app: &mut App) {
    app.init_resource::<Still>();
    app.add_systems(Last, count_still);
}

/// Run frames until the screen is quiet: a screen change, a rebuilt section and the focus
/// coming back all done (two frames in a row that change nothing), at most a second's worth.
fn wait_quiet(app: &mut App) {
    if !app.world().contains_resource::<Still>() {
        watch_quiet(app);
    }
    app.world_mut().resource_mut::<Still>().0 = 0;
    for _ in 0..60 {
        app.update();
        if app.world().resource::<Still>().0 >= 2 {
            return;
        }
    }
    panic!("the screen {:?} does not settle", screen(app));
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
    wait_quiet(app);
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
    wait_quiet(app);
}

fn saved(dir: &TempDir) -> Option<Settings> {
    settings::load(&dir.paths().settings_file.unwrap()).unwrap()
}

// ---- the play screens' controls, found by their focus keys ----------------------------

/// The control with this focus key, if the screen shows it.
fn keyed(app: &mut App, key: &str) -> Option<Entity> {
    let world = app.world_mut();
    let mut q = world.query::<(Entity, &crate::game::screens::FocusKey)>();
    q.iter(world).find(|(_, k)| k.0 == key).map(|(e, _)| e)
}

/// Press the button with this key, as a click or Enter would (never a disabled one).
fn press(app: &mut App, key: &str) {
    let entity =
        keyed(app, key).unwrap_or_else(|| panic!("no control '{key}' on {:?}", screen(app)));
    assert!(
        !app.world().entity(entity).contains::<InteractionDisabled>(),
        "'{key}' is disabled"
    );
    app.world_mut().trigger(Activate { entity });
    wait_quiet(app);
}

/// The caption of the control with this key.
fn label(app: &mut App, key: &str) -> String {
    let entity = keyed(app, key).unwrap_or_else(|| panic!("no control '{key}'"));
    let world = app.world();
    std::iter::once(entity)
        .chain(world.get::<Children>(entity).into_iter().flatten().copied())
        .filter_map(|e| world.get::<Text>(e))
        .map(|t| t.0.clone())
        .collect()
}

fn session(app: &App) -> &Session {
    app.world().resource::<Session>()
}

fn start_tutorial(app: &mut App) {
    activate(app, Caption::Key("title.new_game"));
    assert_eq!(screen(app), Screen::Select);
    let ix = app
        .world()
        .resource::<Catalog>()
        .0
        .iter()
        .position(|e| e.scenario.as_ref().is_ok_and(|s| s.id() == "tutorial"))
        .expect("the tutorial is installed");
    press(app, &format!("scn{ix}"));
    assert_eq!(app.world().resource::<SelectState>().chosen, ix);
    // The facilitator's seed 42, typed over the suggested one.
    key(app, KeyCode::Digit4);
    key(app, KeyCode::Digit2);
    assert_eq!(app.world().resource::<SelectState>().seed, "42");
    press(app, "start");
    assert_eq!(screen(app), Screen::Briefing);
    assert_eq!(session(app).game.seed(), 42);
}

fn all_texts(app: &mut App) -> Vec<String> {
    let world = app.world_mut();
    let mut q = world.query::<&Text>();
    q.iter(world).map(|t| t.0.clone()).collect()
}

fn type_number(app: &mut App, n: u32) {
    let digits = [
        KeyCode::Digit0,
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
        KeyCode::Digit6,
        KeyCode::Digit7,
        KeyCode::Digit8,
        KeyCode::Digit9,
    ];
    for c in n.to_string().chars() {
        key(app, digits[c.to_digit(10).unwrap() as usize]);
    }
}

// ---- focus --------------------------------------------------------------------------------

fn focused(app: &App) -> Option<Entity> {
    app.world().resource::<InputFocus>().get()
}

/// Focus the control with this key, as Tab or the arrows would.
fn focus_on(app: &mut App, key: &str) -> Entity {
    let e = keyed(app, key).unwrap_or_else(|| panic!("no control '{key}' on {:?}", screen(app)));
    app.world_mut()
        .resource_mut::<InputFocus>()
        .set(e, bevy::input_focus::FocusCause::Navigated);
    app.update();
    e
}

/// Press the focused control with Enter's event and let the screen rebuild.
fn press_focused(app: &mut App) {
    let entity = focused(app).expect("a focused control");
    app.world_mut().trigger(Activate { entity });
    wait_quiet(app);
}

fn go_to(app: &mut App, to: Screen) {
    app.world_mut().resource_mut::<NextState<Screen>>().set(to);
    wait_quiet(app);
    assert_eq!(screen(app), to);
}

/// The game with Bevy's UI layout and the scrollbar widget on a `width`×`height` window
/// (no renderer and no fonts: text takes no room, everything else is laid out).
fn laid_out_app(paths: GamePaths, width: u32, height: u32) -> App {
    laid_out_app_with(paths, width, height, |_| {})
}

/// [`laid_out_app`], with `setup` run before the game's plugin is added (to choose the
/// settings, the first screen, the game).
fn laid_out_app_with(
    paths: GamePaths,
    width: u32,
    height: u32,
    setup: impl FnOnce(&mut App),
) -> App {
    ui_app(paths, UVec2::new(width, height), 1.0, false, setup)
}

/// The game with Bevy's UI layout *and* its text pipeline, text measured with the real
/// bundled font (loaded from its bytes, registered under its family name as the game names
/// it), on a window of `physical` pixels at the OS scale factor `scale_factor`. No window,
/// no GPU: glyphs are rasterised into CPU-side atlas images only.
fn text_app(
    paths: GamePaths,
    physical: UVec2,
    scale_factor: f32,
    setup: impl FnOnce(&mut App),
) -> App {
    ui_app(paths, physical, scale_factor, true, setup)
}

/// The bundled UI font's bytes, read once per test process.
fn font_bytes() -> Vec<u8> {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES
        .get_or_init(|| {
            let file = crate::paths::assets_dir().join(crate::game::theme::FONT_PATH);
            std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        })
        .clone()
}

/// Bevy's text systems for UI text (as `bevy_text::TextPlugin` and `bevy_ui` add them),
/// without an asset server: the font is put straight into `Assets<Font>`.
fn add_text_pipeline(app: &mut App) {
    use bevy::text::{
        Font, FontAtlasSet, LayoutCx, RemSize, ScaleCx, TextIterScratch, TextPipeline,
        detect_text_needs_rerender, load_font_assets_into_font_collection,
    };
    use bevy::ui::widget::{measure_text_system, text_system};
    app.insert_resource(Assets::<Image>::default());
    let mut fonts = Assets::<Font>::default();
    let handle = fonts.add(Font::from_bytes(font_bytes()));
    app.insert_resource(fonts);
    // Keeps the font alive, as the asset server's handle does in the game.
    app.insert_resource(crate::game::theme::UiFont(handle));
    app.init_resource::<FontAtlasSet>()
        .init_resource::<TextPipeline>()
        .init_resource::<LayoutCx>()
        .init_resource::<ScaleCx>()
        .init_resource::<TextIterScratch>()
        .init_resource::<RemSize>();
    app.add_systems(
        PostUpdate,
        (
            (
                load_font_assets_into_font_collection,
                detect_text_needs_rerender,
            )
                .chain()
                .before(UiSystems::Content),
            measure_text_system.in_set(UiSystems::Content),
            text_system.in_set(UiSystems::PostLayout),
        ),
    );
}

fn ui_app(
    paths: GamePaths,
    physical: UVec2,
    scale_factor: f32,
    with_text: bool,
    setup: impl FnOnce(&mut App),
) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
    app.add_plugins((
        HierarchyPropagatePlugin::<ComputedUiTargetCamera>::new(PostUpdate),
        HierarchyPropagatePlugin::<ComputedUiRenderTargetInfo>::new(PostUpdate),
    ));
    app.init_resource::<UiSurface>();
    app.init_resource::<bevy::text::FontCx>();
    app.configure_sets(
        PostUpdate,
        (
            UiSystems::Prepare,
            UiSystems::Propagate,
            UiSystems::Content,
            UiSystems::Layout,
            UiSystems::PostLayout,
        )
            .chain(),
    );
    app.configure_sets(
        PostUpdate,
        (
            PropagateSet::<ComputedUiTargetCamera>::default().in_set(UiSystems::Propagate),
            PropagateSet::<ComputedUiRenderTargetInfo>::default().in_set(UiSystems::Propagate),
        ),
    );
    app.add_systems(
        PostUpdate,
        (
            propagate_ui_target_cameras.in_set(UiSystems::Prepare),
            ui_layout_system.in_set(UiSystems::Layout),
        ),
    );
    app.add_plugins((ScrollAreaPlugin, ScrollbarPlugin));
    if with_text {
        add_text_pipeline(&mut app);
    }
    app.world_mut().spawn((
        Camera2d,
        Camera {
            computed: ComputedCameraValues {
                target_info: Some(RenderTargetInfo {
                    physical_size: physical,
                    scale_factor,
                }),
                ..default()
            },
            ..default()
        },
    ));
    app.insert_resource(paths);
    setup(&mut app);
    app.add_plugins(crate::game::plugin);
    watch_quiet(&mut app);
    app.update();
    app.update();
    app
}

/// The texts beside the control with this key in its row (its counter, what it uses).
fn beside(app: &mut App, key: &str) -> Vec<String> {
    let control = keyed(app, key).unwrap_or_else(|| panic!("no control '{key}'"));
    let world = app.world();
    let row = world.get::<ChildOf>(control).unwrap().parent();
    let mut out = Vec::new();
    let mut stack: Vec<Entity> = world
        .get::<Children>(row)
        .into_iter()
        .flatten()
        .copied()
        .filter(|&e| e != control)
        .collect();
    while let Some(e) = stack.pop() {
        if let Some(t) = world.get::<Text>(e)
            && !t.0.is_empty()
        {
            out.push(t.0.clone());
        }
        stack.extend(world.get::<Children>(e).into_iter().flatten().copied());
    }
    out
}

/// The nearest ancestor of `e` that has component `C`.
fn ancestor_with<C: Component>(app: &App, mut e: Entity) -> Option<Entity> {
    let world = app.world();
    while let Some(parent) = world.get::<ChildOf>(e).map(|c| c.parent()) {
        if world.get::<C>(parent).is_some() {
            return Some(parent);
        }
        e = parent;
    }
    None
}

/// End the week on the board: a week with rep days left asks first, so press again.
fn end_week(app: &mut App) {
    let week = session(app).game.week();
    press(app, "plan_end_week");
    if screen(app) == Screen::Board
        && session(app).game.week() == week
        && app
            .world()
            .resource::<crate::game::screens::confirm::Confirm>()
            .armed(&crate::sim::Act::EndWeek)
    {
        press(app, "plan_end_week");
    }
}

/// Press the control with this key and, when it is a costly move that asked first, press
/// it again.
fn press_through(app: &mut App, key: &str) {
    press(app, key);
    if app
        .world()
        .resource::<crate::game::screens::confirm::Confirm>()
        .0
        .is_some()
    {
        press(app, key);
    }
}
