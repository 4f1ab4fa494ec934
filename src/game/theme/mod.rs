//! The look of the game: colours, sizes, the font, and the one widget kit every screen
//! builds from (`widgets`, with keyboard focus in `focus` and scroll lists in `scroll`).
//! Colours, sizes and fonts live here and nowhere else.

pub mod focus;
pub mod interaction;
pub mod palette;
pub mod scroll;
pub mod widgets;

use bevy::input_focus::{InputFocus, InputFocusVisible};
use bevy::prelude::*;

use crate::game::settings::Settings;
use crate::i18n::tr;
use palette::{Palette, Role};

/// What screens import: `use crate::game::theme::prelude::*;`.
pub mod prelude {
    pub use super::focus::{CoachText, CoachTopic, FocusKey, PendingFocus};
    pub use super::interaction::{ButtonKind, Selected, ThemeButton, disabled};
    pub use super::palette::Role;
    pub use super::widgets::lit;
    pub use super::{Caption, Fill, Ink, Stroke, focus, size, widgets};
    pub use bevy::ui_widgets::Activate;
}

pub(super) fn plugin(app: &mut App) {
    let kind = app.world().resource::<Settings>().palette;
    app.insert_resource(CurrentPalette(Palette::of(kind)));
    app.init_resource::<InputFocus>();
    app.init_resource::<InputFocusVisible>();
    app.add_systems(Startup, load_font);
    app.add_systems(
        Update,
        (
            sync_palette.run_if(resource_changed::<Settings>),
            refresh_captions,
            interaction::style_buttons,
            paint,
        )
            .chain()
            .in_set(ThemeSystems),
    );
    app.add_plugins((interaction::plugin, focus::plugin, scroll::plugin));
}

/// The theme's `Update` systems; screens that change captions or roles run before it.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ThemeSystems;

/// The UI font: WenQuanYi Micro Hei covers Simplified Chinese, Latin and full-width
/// punctuation. Text names it by family, so widgets need no handle; the [`UiFont`]
/// resource keeps the loaded asset alive.
pub const FONT_FAMILY: &str = "WenQuanYi Micro Hei";
/// The font file under `assets/`.
pub const FONT_PATH: &str = "fonts/wqy-microhei.ttc";

/// The loaded UI font (absent in headless tests, which have no asset server).
#[derive(Resource)]
pub struct UiFont(pub Handle<Font>);

fn load_font(mut commands: Commands, server: Option<Res<AssetServer>>) {
    if let Some(server) = server {
        commands.insert_resource(UiFont(server.load(FONT_PATH)));
    }
}

/// Sizes in logical pixels (multiplied by the player's UI scale).
pub mod size {
    pub const TEXT: f32 = 18.0;
    pub const SMALL: f32 = 15.0;
    /// A section heading inside a panel: a step above body text, so headings stand out by
    /// size and not by colour alone.
    pub const HEADING: f32 = 20.0;
    pub const BUTTON_TEXT: f32 = 19.0;
    pub const HEADER: f32 = 30.0;
    pub const TITLE: f32 = 56.0;
    pub const SUBTITLE: f32 = 22.0;
    pub const BUTTON_WIDTH: f32 = 300.0;
    pub const BUTTON_HEIGHT: f32 = 50.0;
    pub const CHOICE_WIDTH: f32 = 232.0;
    /// The share of a row's width a growing column (`grow_column`, `grow_box`) keeps when
    /// the row is short of room: the fixed-width columns beside it shrink with it.
    pub const GROW_BASIS: f32 = 320.0;
    pub const ICON_BUTTON: f32 = 44.0;
    /// The gap between the rows of a panel.
    pub const GAP_SMALL: f32 = 6.0;
    pub const GAP: f32 = 12.0;
    pub const GAP_LARGE: f32 = 32.0;
    pub const PAD: f32 = 24.0;
    pub const PAD_LARGE: f32 = 40.0;
    pub const RADIUS: f32 = 8.0;
    pub const BORDER: f32 = 1.0;
    pub const FOCUS_RING: f32 = 3.0;
    /// One level of indentation of a tree's rows (the org chart).
    pub const INDENT: f32 = 16.0;
    /// The column of a counter beside a button ("×12").
    pub const COUNTER: f32 = 34.0;
    /// The width of a tree's connector lines.
    pub const TREE_LINE: f32 = 2.0;
    /// The space between the rows of a tree (their connectors run through it).
    pub const TREE_ROW_GAP: f32 = 4.0;
    /// The width of a scroll list's scrollbar.
    pub const SCROLLBAR: f32 = 6.0;
    /// The right padding of a scroll list that holds its scrollbar (always kept, so text
    /// does not reflow when the bar appears).
    pub const SCROLL_GUTTER: f32 = 10.0;
    /// The shortest a scrollbar thumb gets, however long the list.
    pub const SCROLL_THUMB_MIN: f32 = 24.0;
}

/// The palette in use (follows [`Settings::palette`]).
#[derive(Resource, Clone, Copy)]
pub struct CurrentPalette(pub &'static Palette);

/// The text of a text entity: a locale key (re-read when the language changes) or
/// literal text (names and numbers that come from a scenario or the engine).
///
/// By convention a `&'static str` in UI code is a locale key: `"title.new_game".into()`.
#[derive(Component, Debug, Clone, PartialEq)]
pub enum Caption {
    Key(&'static str),
    /// A locale key with `{name}` placeholders and their values.
    Fmt(&'static str, Vec<(&'static str, String)>),
    Text(String),
}

impl Caption {
    /// The text in `lang`.
    pub fn resolve(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Caption::Key(k) => tr(lang, k).to_string(),
            Caption::Fmt(k, args) => {
                let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                crate::i18n::trf(lang, k, &args)
            }
            Caption::Text(t) => t.clone(),
        }
    }
}

impl From<&'static str> for Caption {
    fn from(key: &'static str) -> Self {
        Caption::Key(key)
    }
}

impl From<String> for Caption {
    fn from(text: String) -> Self {
        Caption::Text(text)
    }
}

/// The text colour of an entity, by role.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct Ink(pub Role);

/// The background colour of an entity, by role.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct Fill(pub Role);

/// The border colour of an entity, by role.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct Stroke(pub Role);

/// Follow the palette setting. The window's clear colour is the palette's background: screen
/// roots are transparent, so the background is not painted twice (with a software
/// rasteriser a full-window quad costs as much as a whole screenful of text).
fn sync_palette(
    settings: Res<Settings>,
    mut current: ResMut<CurrentPalette>,
    clear: Option<ResMut<ClearColor>>,
) {
    let wanted = Palette::of(settings.palette);
    if current.0 != wanted {
        current.0 = wanted;
    }
    if let Some(mut clear) = clear
        && clear.0 != wanted.background
    {
        clear.0 = wanted.background;
    }
}

/// Fill in captions that are new or changed, or all of them when the language changes.
fn refresh_captions(
    settings: Res<Settings>,
    mut texts: Query<(&Caption, &mut Text)>,
    changed: Query<Entity, Changed<Caption>>,
    mut lang: Local<Option<crate::i18n::Lang>>,
) {
    let lang_changed = *lang != Some(settings.lang);
    *lang = Some(settings.lang);
    let write = |caption: &Caption, text: &mut Text| {
        let s = caption.resolve(settings.lang);
        if text.0 != s {
            text.0 = s;
        }
    };
    if lang_changed {
        for (caption, mut text) in &mut texts {
            write(caption, &mut text);
        }
    } else {
        for e in &changed {
            if let Ok((caption, mut text)) = texts.get_mut(e) {
                write(caption, &mut text);
            }
        }
    }
}

/// Apply role colours to new or changed entities, or to all when the palette changes.
#[allow(clippy::type_complexity)]
fn paint(
    palette: Res<CurrentPalette>,
    mut inks: Query<(Ref<Ink>, &mut TextColor)>,
    mut fills: Query<(Ref<Fill>, &mut BackgroundColor)>,
    mut strokes: Query<(Ref<Stroke>, &mut BorderColor)>,
) {
    let all = palette.is_changed();
    let p = palette.0;
    for (ink, mut color) in &mut inks {
        if all || ink.is_changed() {
            color.0 = p.get(ink.0);
        }
    }
    for (fill, mut color) in &mut fills {
        if all || fill.is_changed() {
            color.0 = p.get(fill.0);
        }
    }
    for (stroke, mut color) in &mut strokes {
        if all || stroke.is_changed() {
            *color = BorderColor::all(p.get(stroke.0));
        }
    }
}
