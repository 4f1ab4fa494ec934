//! Building blocks shared by the end-game screens (tender, result, negotiation, debrief):
//! dense text, compact buttons, scroll areas, keyboard scrolling, focus kept across the
//! rebuilds that follow every change of the game, and the words for refusals.

use bevy::ecs::system::IntoObserverSystem;
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::input_focus::{FocusCause, InputFocus};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, Button, ScrollArea, observe};

use crate::game::screens::Screen;
use crate::game::theme::interaction::FocusMark;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr};
use crate::sim::Illegal;

/// How far PageUp / PageDown scroll, in logical pixels.
const PAGE: f32 = 320.0;

pub(in crate::game::screens) fn plugin(app: &mut App) {
    app.init_resource::<EndFocus>();
    app.add_systems(
        Update,
        // Focusing a control scrolls it into view: `kit`'s system does that on every screen.
        (restore_focus, scroll_with_keys)
            .run_if(in_end_game)
            .after(crate::game::theme::ThemeSystems),
    );
}

fn in_end_game(screen: Option<Res<State<Screen>>>) -> bool {
    screen.is_some_and(|s| {
        matches!(
            s.get(),
            Screen::Tender | Screen::Result | Screen::Negotiation | Screen::Debrief
        )
    })
}

/// Names a button so the keyboard focus returns to it after the screen is rebuilt.
#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub struct Key(pub String);

/// The focus to restore once the rebuilt screen has spawned the button with this key.
#[derive(Resource, Debug, Default)]
pub struct EndFocus(pub Option<String>);

/// Remember the focused button's key before a rebuild.
pub fn remember_focus(focus: &InputFocus, keys: &Query<&Key>, pending: &mut EndFocus) {
    pending.0 = focus
        .get()
        .and_then(|e| keys.get(e).ok())
        .map(|k| k.0.clone());
}

fn restore_focus(
    mut pending: ResMut<EndFocus>,
    keys: Query<(Entity, &Key), Added<Key>>,
    mut focus: ResMut<InputFocus>,
) {
    if let Some(want) = &pending.0
        && let Some((e, _)) = keys.iter().find(|(_, k)| &k.0 == want)
    {
        focus.set(e, FocusCause::Navigated);
        pending.0 = None;
    }
}

/// PageUp / PageDown / Home / End scroll every visible scroll area of the screen.
fn scroll_with_keys(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    mut areas: Query<(&ComputedNode, &mut ScrollPosition), With<ScrollArea>>,
) {
    let Some(keys) = keys else { return };
    let delta = if keys.just_pressed(KeyCode::PageDown) {
        PAGE
    } else if keys.just_pressed(KeyCode::PageUp) {
        -PAGE
    } else if keys.just_pressed(KeyCode::Home) {
        -1e9
    } else if keys.just_pressed(KeyCode::End) {
        1e9
    } else {
        return;
    };
    for (node, mut pos) in &mut areas {
        let visible = node.size().y * node.inverse_scale_factor;
        let content = node.content_size().y * node.inverse_scale_factor;
        let max = (content - visible).max(0.0);
        pos.y = (pos.y + delta).clamp(0.0, max);
    }
}

/// Small and body-size text and rows: the same widgets as the play screens.
pub use crate::game::screens::kit::{body, hrow, small};

/// A section heading inside a panel.
pub fn heading(caption: impl Into<Caption>) -> impl Bundle {
    (
        Name::new("Section"),
        widgets::text(caption, size::TEXT + 2.0, Role::Heading),
    )
}

/// Literal text (already in the player's language).
pub fn lit(s: impl Into<String>) -> Caption {
    Caption::Text(s.into())
}

/// A compact button with a [`Key`] for focus restoration; `action` observes [`Activate`].
pub fn button<B: Bundle, M, I>(
    caption: impl Into<Caption>,
    key: &str,
    kind: ButtonKind,
    action: I,
) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    (
        Name::new("Compact Button"),
        Button,
        ThemeButton(kind),
        Hovered::default(),
        TabIndex(0),
        Key(key.to_string()),
        Node {
            min_height: px(34),
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Center,
            justify_content: JustifyContent::Center,
            column_gap: px(4),
            padding: UiRect::axes(px(12), px(4)),
            border: UiRect::all(px(size::BORDER * 2.0)),
            border_radius: BorderRadius::all(px(size::RADIUS * 0.75)),
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Outline::default(),
        Fill(Role::Raised),
        Stroke(Role::Border),
        observe(action),
        children![
            (
                Name::new("Focus Mark"),
                FocusMark,
                small(Caption::Text(String::new()), Role::Focus)
            ),
            body(caption, Role::Text),
        ],
    )
}

/// A compact choice (●/○ marker); add [`Selected`] to the chosen one.
pub fn choice<B: Bundle, M, I>(caption: impl Into<Caption>, key: &str, action: I) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    (
        Name::new("Compact Choice"),
        Button,
        ThemeButton(ButtonKind::Choice),
        Hovered::default(),
        TabIndex(0),
        Key(key.to_string()),
        Node {
            min_height: px(34),
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Center,
            column_gap: px(6),
            padding: UiRect::axes(px(12), px(4)),
            border: UiRect::all(px(size::BORDER * 2.0)),
            border_radius: BorderRadius::all(px(size::RADIUS * 0.75)),
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Outline::default(),
        Fill(Role::Raised),
        Stroke(Role::Border),
        observe(action),
        children![
            (
                Name::new("Focus Mark"),
                FocusMark,
                small(Caption::Text(String::new()), Role::Focus)
            ),
            (
                crate::game::theme::interaction::ChoiceMark,
                body(Caption::Text("○".into()), Role::Text)
            ),
            body(caption, Role::Text),
        ],
    )
}

/// A box with a hairline border, in a column.
pub fn boxed(width: Val) -> impl Bundle {
    (
        Name::new("Box"),
        Node {
            width,
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(14)),
            row_gap: px(6),
            border: UiRect::all(px(size::BORDER)),
            border_radius: BorderRadius::all(px(size::RADIUS)),
            min_height: px(0),
            ..default()
        },
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Fill(Role::Surface),
        Stroke(Role::Border),
    )
}

/// The full-window root of a dense screen: a column with padding, no fill (the window's
/// clear colour is the background).
pub fn screen_root(name: &'static str) -> impl Bundle {
    (
        Name::new(name),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(20), px(14)),
            row_gap: px(10),
            ..default()
        },
        bevy::input_focus::tab_navigation::TabGroup::new(0),
    )
}

/// Why the engine refused an action, in the player's language.
pub fn illegal(lang: Lang, why: &Illegal) -> String {
    let key = format!("end.illegal.{}", crate::sim::describe::snake(why));
    let s = tr(lang, &key);
    if s == key {
        why.to_string()
    } else {
        s.to_string()
    }
}

/// A 0..=max count as filled and empty dots and the number: "●●●○○○ 3/6".
pub fn dots(n: u32, max: u32) -> String {
    let n = n.min(max) as usize;
    format!(
        "{}{} {n}/{max}",
        "●".repeat(n),
        "○".repeat(max as usize - n)
    )
}
