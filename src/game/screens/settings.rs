//! The Settings screen: language, UI scale, palette. Changes apply at once and are saved.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use bevy::ecs::system::IntoObserverSystem;

use super::view::{self, Slots, View};
use super::{Screen, SettingsReturn};
use crate::game::paths::GamePaths;
use crate::game::settings::{PaletteKind, Settings};
use crate::game::theme::prelude::*;
use crate::i18n::Lang;

pub(super) fn plugin(app: &mut App) {
    view::add_view(app, settings_view);
}

const LABEL_WIDTH: f32 = 180.0;

/// The settings as the screen shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsView {
    form: Form,
}

#[derive(Debug, Clone, PartialEq)]
struct Form {
    lang: Lang,
    palette: PaletteKind,
    /// The chosen UI scale, as a percentage.
    scale: String,
    /// Its range, or that the window limits it.
    scale_hint: Caption,
    /// Where the settings are saved.
    saved_at: Caption,
}

impl View for SettingsView {
    const SCREEN: Screen = Screen::Settings;
    crate::view_sections!(form => build_form);

    fn frame(&self, commands: &mut Commands, slots: &mut Slots) -> Entity {
        commands
            .spawn(widgets::ui_root("Settings Screen"))
            .with_children(|root| slots.spawn(root, "form", widgets::panel(780.0)))
            .id()
    }
}

fn settings_view(
    settings: Res<Settings>,
    effective: Res<UiScale>,
    paths: Res<GamePaths>,
) -> Option<SettingsView> {
    Some(SettingsView {
        form: Form {
            lang: settings.lang,
            palette: settings.palette,
            scale: format!("{:.0}%", settings.ui_scale * 100.0),
            scale_hint: if effective.0 < settings.ui_scale {
                Caption::Fmt(
                    "settings.scale_limited",
                    vec![("percent", format!("{:.0}", effective.0 * 100.0))],
                )
            } else {
                Caption::Key("settings.scale_range")
            },
            saved_at: match &paths.settings_file {
                Some(file) => Caption::Fmt(
                    "settings.saved_at",
                    vec![("path", file.display().to_string())],
                ),
                None => Caption::Key("settings.not_saved"),
            },
        },
    })
}

/// A form row: the label in a column of fixed width, then the controls in a row.
fn form_row(
    panel: &mut ChildSpawnerCommands,
    label: &'static str,
    controls: impl FnOnce(&mut ChildSpawnerCommands),
) {
    panel.spawn(widgets::hrow(0.0)).with_children(|r| {
        r.spawn((
            Node {
                width: px(LABEL_WIDTH),
                ..default()
            },
            children![widgets::label(label)],
        ));
        r.spawn(widgets::hrow(size::GAP)).with_children(controls);
    });
}

/// A choice button, marked when it is the current value.
fn choice<B: Bundle, M: Send + Sync + 'static, I>(
    c: &mut ChildSpawnerCommands,
    caption: impl Into<Caption>,
    key: &str,
    chosen: bool,
    action: I,
) -> Entity
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
{
    let mut b = c.spawn((widgets::menu_choice(caption, action), FocusKey(key.into())));
    if chosen {
        b.insert(Selected);
    }
    b.id()
}

fn build_form(f: &Form, panel: &mut ChildSpawnerCommands, first: bool) {
    panel.spawn(widgets::header("settings.title"));
    panel.spawn(widgets::rule(64.0));
    form_row(panel, "settings.language", |c| {
        let zh = choice(
            c,
            Caption::Text("中文".into()),
            "lang_zh",
            f.lang == Lang::Zh,
            set_lang(Lang::Zh),
        );
        if first {
            c.commands().entity(zh).insert(AutoFocus);
        }
        choice(
            c,
            Caption::Text("English".into()),
            "lang_en",
            f.lang == Lang::En,
            set_lang(Lang::En),
        );
    });
    form_row(panel, "settings.ui_scale", |c| {
        c.spawn((
            widgets::icon_button("−", step_scale(-1)),
            FocusKey("scale_down".into()),
        ));
        c.spawn((
            Node {
                width: px(88),
                justify_content: JustifyContent::Center,
                ..default()
            },
            children![widgets::label(Caption::Text(f.scale.clone()))],
        ));
        c.spawn((
            widgets::icon_button("+", step_scale(1)),
            FocusKey("scale_up".into()),
        ));
        c.spawn((
            widgets::hint(f.scale_hint.clone()),
            Node {
                margin: UiRect::left(px(size::GAP)),
                ..default()
            },
        ));
    });
    form_row(panel, "settings.palette", |c| {
        choice(
            c,
            "settings.palette_standard",
            "palette_standard",
            f.palette == PaletteKind::Standard,
            set_palette(PaletteKind::Standard),
        );
        choice(
            c,
            "settings.palette_cb",
            "palette_cb",
            f.palette == PaletteKind::ColourBlindSafe,
            set_palette(PaletteKind::ColourBlindSafe),
        );
    });
    form_row(panel, "settings.preview", |c| {
        c.spawn((
            Node {
                column_gap: px(size::GAP_LARGE),
                ..default()
            },
            children![
                widgets::tagged("settings.preview_good", Role::Good),
                widgets::tagged("settings.preview_warn", Role::Warn),
                widgets::tagged("settings.preview_bad", Role::Bad),
            ],
        ));
    });
    panel.spawn((
        Name::new("Actions"),
        Node {
            margin: UiRect::top(px(size::GAP_LARGE)),
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Center,
            justify_content: JustifyContent::SpaceBetween,
            ..default()
        },
        children![
            (
                widgets::primary_menu_button("settings.back", back),
                FocusKey("back".into())
            ),
            (
                widgets::hint(f.saved_at.clone()),
                // A definite width: with only a maximum, a wrapped path is measured one line
                // tall and its second line overlaps what follows.
                Node {
                    width: px(360),
                    flex_shrink: 1.0,
                    ..default()
                }
            ),
        ],
    ));
}

fn set_lang(lang: Lang) -> impl FnMut(On<Activate>, ResMut<Settings>) {
    move |_, mut settings| {
        if settings.lang != lang {
            settings.lang = lang;
        }
    }
}

fn set_palette(kind: PaletteKind) -> impl FnMut(On<Activate>, ResMut<Settings>) {
    move |_, mut settings| {
        if settings.palette != kind {
            settings.palette = kind;
        }
    }
}

fn step_scale(direction: i32) -> impl FnMut(On<Activate>, ResMut<Settings>) {
    move |_, mut settings| {
        let mut s = settings.clone();
        s.step_ui_scale(direction);
        if s.ui_scale != settings.ui_scale {
            settings.ui_scale = s.ui_scale;
        }
    }
}

fn back(_: On<Activate>, ret: Res<SettingsReturn>, mut next: ResMut<NextState<Screen>>) {
    next.set(ret.0);
}
