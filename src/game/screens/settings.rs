//! The Settings screen: language, UI scale, palette. Changes apply at once and are saved.

use bevy::input_focus::AutoFocus;
use bevy::prelude::*;

use super::{Screen, SettingsReturn};
use crate::game::paths::GamePaths;
use crate::game::settings::{PaletteKind, Settings, SettingsSystems};
use crate::game::theme::ThemeSystems;
use crate::game::theme::prelude::*;
use crate::i18n::Lang;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        OnEnter(Screen::Settings),
        (spawn_settings_screen, sync_setting_controls).chain(),
    );
    app.add_systems(
        Update,
        sync_setting_controls
            .run_if(
                in_state(Screen::Settings)
                    .and_then(resource_changed::<Settings>.or_eager(resource_changed::<UiScale>)),
            )
            .after(SettingsSystems)
            .before(ThemeSystems),
    );
}

/// Which value a choice button stands for.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
enum SettingChoice {
    Lang(Lang),
    Palette(PaletteKind),
}

/// The text that shows the current UI scale.
#[derive(Component)]
struct ScaleValue;

/// The hint beside the scale: its range, or that the window limits it.
#[derive(Component)]
struct ScaleHint;

const LABEL_WIDTH: f32 = 180.0;

fn spawn_settings_screen(mut commands: Commands, paths: Res<GamePaths>) {
    let where_saved = match &paths.settings_file {
        Some(file) => Caption::Fmt(
            "settings.saved_at",
            vec![("path", file.display().to_string())],
        ),
        None => Caption::Key("settings.not_saved"),
    };
    commands.spawn((
        widgets::ui_root("Settings Screen"),
        DespawnOnExit(Screen::Settings),
        children![(
            widgets::panel(780.0),
            children![
                widgets::header("settings.title"),
                widgets::rule(64.0),
                widgets::row(
                    "settings.language",
                    LABEL_WIDTH,
                    children![
                        (
                            widgets::menu_choice(Caption::Text("中文".into()), set_lang(Lang::Zh)),
                            SettingChoice::Lang(Lang::Zh),
                            AutoFocus,
                        ),
                        (
                            widgets::menu_choice(
                                Caption::Text("English".into()),
                                set_lang(Lang::En)
                            ),
                            SettingChoice::Lang(Lang::En),
                        ),
                    ],
                ),
                widgets::row(
                    "settings.ui_scale",
                    LABEL_WIDTH,
                    children![
                        widgets::icon_button("−", step_scale(-1)),
                        (
                            Node {
                                width: px(88),
                                justify_content: JustifyContent::Center,
                                ..default()
                            },
                            children![(ScaleValue, widgets::label(Caption::Text(String::new())))],
                        ),
                        widgets::icon_button("+", step_scale(1)),
                        (
                            ScaleHint,
                            widgets::hint("settings.scale_range"),
                            Node {
                                margin: UiRect::left(px(size::GAP)),
                                ..default()
                            }
                        ),
                    ],
                ),
                widgets::row(
                    "settings.palette",
                    LABEL_WIDTH,
                    children![
                        (
                            widgets::menu_choice(
                                "settings.palette_standard",
                                set_palette(PaletteKind::Standard)
                            ),
                            SettingChoice::Palette(PaletteKind::Standard),
                        ),
                        (
                            widgets::menu_choice(
                                "settings.palette_cb",
                                set_palette(PaletteKind::ColourBlindSafe)
                            ),
                            SettingChoice::Palette(PaletteKind::ColourBlindSafe),
                        ),
                    ],
                ),
                widgets::row(
                    "settings.preview",
                    LABEL_WIDTH,
                    children![(
                        Node {
                            column_gap: px(size::GAP_LARGE),
                            ..default()
                        },
                        children![
                            widgets::tagged("settings.preview_good", Role::Good),
                            widgets::tagged("settings.preview_warn", Role::Warn),
                            widgets::tagged("settings.preview_bad", Role::Bad),
                        ],
                    )],
                ),
                (
                    Name::new("Actions"),
                    Node {
                        margin: UiRect::top(px(size::GAP_LARGE)),
                        flex_direction: FlexDirection::Row,
                        align_items: AlignItems::Center,
                        justify_content: JustifyContent::SpaceBetween,
                        ..default()
                    },
                    children![
                        widgets::primary_menu_button("settings.back", back),
                        (
                            widgets::hint(where_saved),
                            Node {
                                max_width: px(360),
                                ..default()
                            }
                        ),
                    ],
                ),
            ],
        )],
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

/// Mark the chosen options and show the scale, from the settings.
fn sync_setting_controls(
    mut commands: Commands,
    settings: Res<Settings>,
    effective: Res<UiScale>,
    choices: Query<(Entity, &SettingChoice, Has<Selected>)>,
    mut scale: Query<&mut Caption, (With<ScaleValue>, Without<ScaleHint>)>,
    mut hint: Query<&mut Caption, With<ScaleHint>>,
) {
    for (entity, choice, selected) in &choices {
        let want = match choice {
            SettingChoice::Lang(l) => *l == settings.lang,
            SettingChoice::Palette(p) => *p == settings.palette,
        };
        if want && !selected {
            commands.entity(entity).insert(Selected);
        } else if !want && selected {
            commands.entity(entity).remove::<Selected>();
        }
    }
    let shown = Caption::Text(format!("{:.0}%", settings.ui_scale * 100.0));
    for mut caption in &mut scale {
        caption.set_if_neq(shown.clone());
    }
    let note = if effective.0 < settings.ui_scale {
        Caption::Fmt(
            "settings.scale_limited",
            vec![("percent", format!("{:.0}", effective.0 * 100.0))],
        )
    } else {
        Caption::Key("settings.scale_range")
    };
    for mut caption in &mut hint {
        caption.set_if_neq(note.clone());
    }
}
